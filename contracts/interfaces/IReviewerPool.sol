// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Cairn reviewer pool
/// @notice Review at community scale, beside the registry. A dataset's steward names this contract as a
/// curator of the dataset with quorum 1 and configures a pool: who may join (anyone, an allowlist, holders
/// of an ERC-721 or ERC-1155 badge, a minimum accepted weight in the dataset, an optional stake in the reward
/// token), how many reviewers `k` see each contribution, and the rule (majority of `k`, or unanimity).
///
/// Each pending contribution is *assigned*: anyone commits it in block N, and its reviewers are drawn from
/// `blockhash(N + 1)` and the contribution, over the members who had joined by block N. Nobody can choose the
/// seed by retrying (it is fixed by a block that did not exist at commit time) and nobody can steer the pool
/// after seeing it (the members drawn from are fixed at commit, and indices never move). Seats whose reviewer
/// did not vote within the timeout, left, made the contribution, or was drawn twice are re-drawn. The
/// outcome is decided by agreement; the accepted weight is the mean accepting score; disagreement escalates
/// to extra reviewers, then to the dataset's named curators in the registry.
///
/// Reviewers are paid: sponsors fund through the pool, which forwards the contributors' part to the reward
/// vault and shares the reviewers' part pro rata over *agreeing reviews* (an O(1) accumulator, as the
/// vault's). A review is credited when its contribution is settled (permissionless, batched); settlement also
/// records every reviewer's agreement (public, in events and views) and slashes the optional stake of a
/// reviewer whose agreement over a window fell below the threshold, into the reviewers' pool.
interface IReviewerPool {
    /// @notice How a panel decides.
    enum Rule {
        Majority,
        Unanimity
    }

    /// @notice Who may join. `minWeight` and `minStake` apply on top of any mode.
    enum Membership {
        Open,
        Allowlist,
        ERC721,
        ERC1155
    }

    /// @notice Where a contribution's review is in the pool. `Escalated` is decided by the registry's curators.
    enum ReviewState {
        None,
        Open,
        Accepted,
        Rejected,
        Escalated
    }

    /// @notice A dataset's pool settings, set by its steward.
    /// @param k Reviewers per contribution (1..8).
    /// @param rule Majority of the panel, or unanimity.
    /// @param extraSeats Reviewers added once when the panel disagrees (0 = escalate straight to the curators).
    /// @param membership Who may join.
    /// @param timeout Seconds after which seats that have not voted may be re-drawn (> 0).
    /// @param reviewerShareBps Share of every funding through the pool paid to reviewers (basis points, <= 5,000).
    /// @param slashThresholdPct Agreement (percent) below which a window's stake is slashed; 0 = never.
    /// @param slashWindow Settled votes per agreement window (0 = no slashing).
    /// @param unbonding Seconds after leaving before the stake can be withdrawn (settlements can still slash it).
    /// The three stake terms above bind a staked member as they were when it joined (see `termsOf`).
    /// @param credential Allowlist: unused; ERC-721/ERC-1155: the badge contract.
    /// @param credentialId ERC-1155: the badge's token id.
    /// @param minWeight Accepted weight in the dataset (the vault's `weightOf`) needed to join.
    /// @param minStake Stake in the dataset's reward token needed to join (0 = none).
    /// @param goldPenalty Reward shares (agreeing reviews) a reviewer forfeits per wrong answer on a gold-standard
    /// item (0..20); they also leave its public agreement count.
    struct Policy {
        uint8 k;
        Rule rule;
        uint8 extraSeats;
        Membership membership;
        uint32 timeout;
        uint16 reviewerShareBps;
        uint8 slashThresholdPct;
        uint16 slashWindow;
        uint32 unbonding;
        address credential;
        uint256 credentialId;
        uint64 minWeight;
        uint96 minStake;
        uint8 goldPenalty;
    }

    /// @notice The stake terms a staked member bonded under, copied from the policy at its (last) join.
    struct StakeTerms {
        uint32 unbonding;
        uint8 slashThresholdPct;
        uint16 slashWindow;
    }

    /// @notice One vote, for batches.
    struct Vote {
        uint256 datasetId;
        bytes32 contentHash;
        uint8 seat;
        bool accept;
        uint8 score;
    }

    /// @notice One settlement, for batches: `voters` are the accounts of the voted seats, in seat order.
    struct Settlement {
        uint256 datasetId;
        bytes32 contentHash;
        address[] voters;
    }

    /// @notice A member as clients read it. `agreed / votes` is the public agreement rate.
    struct ReviewerView {
        uint32 index;
        bool joined;
        bool active;
        uint32 votes;
        uint32 agreed;
        uint16 windowVotes;
        uint16 windowAgreed;
        uint32 leftAt;
        uint96 stake;
    }

    /// @notice A contribution's review as clients read it. Seat `s` is held by the member whose index is
    /// `seatIndex(datasetId, contentHash, s)`; seats are bits of the 16-bit maps.
    struct AssignmentView {
        ReviewState state;
        uint64 seed;
        uint40 commitBlock;
        uint32 poolSize;
        uint32 drawnAt;
        uint16 activeSeats;
        uint16 votedSeats;
        uint16 acceptSeats;
        uint16 scoreSum;
        uint8 nextSeat;
        uint8 panel;
        Rule rule;
        uint8 extraSeats;
        bool settled;
    }

    /// @notice A dataset's pool counters and reviewer rewards.
    struct PoolView {
        uint32 members;
        uint32 activeMembers;
        uint64 totalShares;
        uint256 rewardPerShare;
        uint128 funded;
        uint128 held;
        bytes32 goldRoot;
    }

    /// @notice Emitted when the steward sets the pool's policy.
    event PoolConfigured(uint256 indexed datasetId, Policy policy);
    /// @notice Emitted when the steward allows or disallows an account (allowlist pools).
    event MemberAllowed(uint256 indexed datasetId, address indexed account, bool allowed);
    /// @notice Emitted when an account joins (or rejoins at its old index).
    event ReviewerJoined(uint256 indexed datasetId, address indexed account, uint32 index, uint96 stake);
    /// @notice Emitted when a member leaves, is removed by the steward, or is slashed out.
    event ReviewerLeft(uint256 indexed datasetId, address indexed account, address indexed by);
    /// @notice Emitted when a contribution's review is committed; its seats come from `blockhash(commitBlock + 1)`.
    event ReviewCommitted(uint256 indexed datasetId, bytes32 indexed contentHash, uint40 commitBlock, uint32 poolSize);
    /// @notice Emitted when the seed is read from the chain and stored (within 256 blocks of the commit).
    event SeatsDrawn(uint256 indexed datasetId, bytes32 indexed contentHash, uint64 seed);
    /// @notice Emitted when a seat that cannot or did not vote is replaced by `newSeat`.
    event SeatRedrawn(uint256 indexed datasetId, bytes32 indexed contentHash, uint8 seat, uint8 newSeat);
    /// @notice Emitted for every counted vote: an accept with its score (1..100), or a reject (score 0).
    event ReviewCast(
        uint256 indexed datasetId,
        bytes32 indexed contentHash,
        address indexed reviewer,
        uint8 seat,
        uint8 score
    );
    /// @notice Emitted when the panel disagrees: `panel` is its new size, or 0 when the curators decide.
    event ReviewEscalated(uint256 indexed datasetId, bytes32 indexed contentHash, uint8 panel);
    /// @notice Emitted for each batched vote that was not counted; `reason` is the ABI-encoded custom error.
    event VoteSkipped(uint256 indexed datasetId, bytes32 indexed contentHash, address indexed reviewer, bytes reason);
    /// @notice Emitted per voter when a decided contribution is settled: the agreement record, public.
    event ReviewerScored(
        uint256 indexed datasetId,
        bytes32 indexed contentHash,
        address indexed reviewer,
        bool agreed,
        uint32 votes,
        uint32 agreedTotal
    );
    /// @notice Emitted when a reviewer's window closes below the threshold; `amount` goes to the reviewers' pool.
    event ReviewerSlashed(
        uint256 indexed datasetId,
        address indexed reviewer,
        uint96 amount,
        uint16 windowVotes,
        uint16 windowAgreed
    );
    /// @notice Emitted for each funding through the pool; amounts are what arrived and where it went.
    event PoolFunded(
        uint256 indexed datasetId,
        address indexed funder,
        uint256 reviewersPart,
        uint256 contributorsCredited
    );
    /// @notice Emitted when reviewer rewards are paid to `account`.
    event ReviewerRewardsClaimed(uint256 indexed datasetId, address indexed account, uint256 amount);
    /// @notice Emitted when a former member takes back its stake.
    event StakeWithdrawn(uint256 indexed datasetId, address indexed account, uint96 amount);
    /// @notice Emitted when the steward commits to gold-standard answers (a Merkle root of (contentHash, accept)).
    event GoldRootSet(uint256 indexed datasetId, bytes32 root);
    /// @notice Emitted per voter when a gold-standard item's true answer is revealed.
    event GoldScored(uint256 indexed datasetId, bytes32 indexed contentHash, address indexed reviewer, bool correct);
    /// @notice Emitted when a wrong answer on a gold-standard item costs `reviewer` reward shares; `agreedTotal` is
    /// its agreement count after the loss.
    event SharesForfeited(
        uint256 indexed datasetId,
        bytes32 indexed contentHash,
        address indexed reviewer,
        uint32 shares,
        uint32 agreedTotal
    );

    /// @notice Only the dataset's steward (read from the registry) may do this.
    error NotSteward(uint256 datasetId, address account);
    /// @notice The dataset has no pool policy yet.
    error PoolNotConfigured(uint256 datasetId);
    /// @notice A policy value is out of range.
    error InvalidPolicy(uint256 datasetId, string field);
    /// @notice The account does not meet the pool's membership rule.
    error NotEligible(uint256 datasetId, address account, Membership membership);
    /// @notice The account's accepted weight is below the pool's minimum.
    error WeightTooLow(uint256 datasetId, address account, uint64 weight, uint64 minWeight);
    /// @notice The account is already an active member.
    error AlreadyMember(uint256 datasetId, address account);
    /// @notice The account is not an active member.
    error NotMember(uint256 datasetId, address account);
    /// @notice Fewer members are active than a panel has seats: no review is committed until more join.
    error PoolTooSmall(uint256 datasetId, uint32 activeMembers, uint8 k);
    /// @notice The contribution is not pending in the registry.
    error ContributionNotPending(uint256 datasetId, bytes32 contentHash, uint8 registryStatus);
    /// @notice The contribution has no open review in the pool.
    error ReviewNotOpen(uint256 datasetId, bytes32 contentHash, ReviewState state);
    /// @notice The seed block is not mined yet; try in a later block.
    error SeedNotReady(uint256 datasetId, bytes32 contentHash, uint256 seedBlock);
    /// @notice The seed block is older than 256 blocks and was never read; `assign` commits the review again.
    error SeedExpired(uint256 datasetId, bytes32 contentHash, uint256 seedBlock);
    /// @notice The seat is not an active seat of the panel.
    error SeatNotActive(uint256 datasetId, bytes32 contentHash, uint8 seat);
    /// @notice The seat has voted already.
    error SeatAlreadyVoted(uint256 datasetId, bytes32 contentHash, uint8 seat);
    /// @notice `account` is not the member drawn for this seat.
    error NotAssigned(uint256 datasetId, bytes32 contentHash, uint8 seat, address account);
    /// @notice The reviewer voted on this contribution already (from another seat).
    error AlreadyVoted(uint256 datasetId, bytes32 contentHash, address reviewer);
    /// @notice A reviewer cannot review a contribution they made.
    error SelfReview(uint256 datasetId, bytes32 contentHash, address reviewer);
    /// @notice Scores go from 1 to 100.
    error InvalidScore(uint256 score);
    /// @notice The seat can vote still: no timeout, and the holder given is not proven unable to vote.
    error SeatNotRedrawable(uint256 datasetId, bytes32 contentHash, uint8 seat);
    /// @notice The contribution has no outcome yet (in the pool or in the registry).
    error NotDecided(uint256 datasetId, bytes32 contentHash);
    /// @notice The contribution was settled already.
    error AlreadySettled(uint256 datasetId, bytes32 contentHash);
    /// @notice `voters` does not list the accounts of the voted seats, in seat order.
    error WrongVoters(uint256 datasetId, bytes32 contentHash, uint256 position);
    /// @notice The dataset has no reward token.
    error NoRewardToken(uint256 datasetId);
    /// @notice Amounts must be positive.
    error ZeroAmount();
    /// @notice The account has nothing to claim.
    error NothingToClaim(uint256 datasetId, address account);
    /// @notice The stake is still bonded (member, or leaving less than `unbonding` ago).
    error StakeBonded(uint256 datasetId, address account, uint256 availableAt);
    /// @notice The Merkle proof does not show this answer under the gold root.
    error InvalidGoldProof(uint256 datasetId, bytes32 contentHash);
    /// @notice The registry refused the pool's vote (the pool is not a curator, or the quorum is not 1).
    error RegistryReviewFailed(uint256 datasetId, bytes32 contentHash, bytes reason);

    /// @notice Sets the dataset's pool policy. Steward only. Applies to reviews committed from now on.
    function configure(uint256 datasetId, Policy calldata policy) external;
    /// @notice Allows or disallows accounts to join an allowlist pool. Steward only. Disallowing keeps a removed
    /// member blocked; allowing re-admits it.
    function setAllowed(uint256 datasetId, address[] calldata accounts, bool allowed) external;
    /// @notice Takes a member out of the pool (its seats are re-drawn). Steward only.
    function removeMember(uint256 datasetId, address account) external;
    /// @notice Commits to gold-standard answers: a Merkle root (OpenZeppelin standard tree) of (bytes32, bool).
    function setGoldRoot(uint256 datasetId, bytes32 root) external;

    /// @notice Joins the pool (pulling `minStake` of the reward token if set); a former member rejoins at its index.
    function join(uint256 datasetId) external;
    /// @notice Leaves the pool; seats it holds are re-drawn; the stake unbonds.
    function leave(uint256 datasetId) external;
    /// @notice Returns a former member's stake once unbonded; a member that left with its agreement window already
    /// lost (below the threshold even if every remaining vote agreed) is slashed instead, and gets 0.
    function withdrawStake(uint256 datasetId) external returns (uint96 amount);

    /// @notice For each contribution: commits its review, or stores its seed once the seed block is mined, or
    /// commits again if the seed block was never read in time. Anyone may call; nothing else is decided here.
    /// @return results One entry per item: `bytes4(0)` if something was done, else the selector of the reason.
    function assign(uint256 datasetId, bytes32[] calldata contentHashes) external returns (bytes4[] memory results);
    /// @notice Casts the caller's vote in `seat`; the deciding vote casts the pool's vote in the registry, whose
    /// `ContributionAccepted` (weight = mean accepting score) or `ContributionRejected` records the decision.
    function vote(uint256 datasetId, bytes32 contentHash, uint8 seat, bool accept, uint8 score) external;
    /// @notice Casts many votes; a vote that cannot count is skipped and reported.
    function voteBatch(Vote[] calldata votes) external returns (bytes4[] memory results);
    /// @notice Replaces `seat` when the timeout passed (then every unvoted seat is replaced), or at once when
    /// `holder` is shown to hold it and has left, or the seat names the contributor or repeats another seat's member.
    function redraw(uint256 datasetId, bytes32 contentHash, uint8 seat, address holder) external;
    /// @notice Settles decided contributions: records each voter's agreement, credits agreeing reviews. The outcome
    /// is the panel's, or the named curators' for an escalated review; a review the curators decided while it
    /// was still open in the pool is never settled (its seats could have voted knowing the outcome).
    function settleBatch(Settlement[] calldata settlements) external returns (bytes4[] memory results);
    /// @notice Reveals a gold-standard item's answer after its decision (settling it first if needed), scoring each
    /// voter against it: a wrong answer forfeits `goldPenalty` reward shares (at most the reviewer's), which stop
    /// earning from then on, and lowers its public agreement count. Anyone holding the proof may call.
    function revealGold(
        uint256 datasetId,
        bytes32 contentHash,
        bool accept,
        bytes32[] calldata proof,
        address[] calldata voters
    ) external;

    /// @notice Funds the dataset: `reviewerShareBps` of what arrives stays for reviewers, the rest goes to the vault.
    function fund(
        uint256 datasetId,
        uint256 amount
    ) external returns (uint256 reviewersPart, uint256 contributorsCredited);
    /// @notice Pays `account` its reviewer rewards in the dataset.
    function claim(uint256 datasetId, address account) external returns (uint256 amount);

    /// @notice The pool's policy for a dataset.
    function policyOf(uint256 datasetId) external view returns (Policy memory);
    /// @notice A member's record.
    function reviewerOf(uint256 datasetId, address account) external view returns (ReviewerView memory);
    /// @notice The stake terms `account` bonded under (zero for a member that never staked).
    function termsOf(uint256 datasetId, address account) external view returns (StakeTerms memory);
    /// @notice A contribution's review.
    function assignmentOf(uint256 datasetId, bytes32 contentHash) external view returns (AssignmentView memory);
    /// @notice The member index drawn for `seat` (the seed must be stored, or its block still readable).
    function seatIndex(uint256 datasetId, bytes32 contentHash, uint8 seat) external view returns (uint32);
    /// @notice Counters and reviewer rewards of a dataset's pool.
    function poolOf(uint256 datasetId) external view returns (PoolView memory);
    /// @notice What `account` could claim as a reviewer now.
    function claimable(uint256 datasetId, address account) external view returns (uint256);
    /// @notice The registry this pool votes in.
    function registry() external view returns (address);
    /// @notice Version of this deployment's rules.
    function version() external pure returns (string memory);
}
