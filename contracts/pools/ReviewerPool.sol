// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IERC1155} from "@openzeppelin/contracts/token/ERC1155/IERC1155.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IReviewerPool} from "../interfaces/IReviewerPool.sol";
import {ICairnRegistry} from "../interfaces/ICairnRegistry.sol";
import {IContributionRegistry} from "../interfaces/IContributionRegistry.sol";
import {IRewardVault} from "../interfaces/IRewardVault.sol";

/// @title ReviewerPool
/// @notice Open, paid and accountable review for any number of Cairn datasets (keyed by dataset id). The
/// pool is one curator of each dataset that uses it (quorum 1): it runs membership, draws `k` reviewers per
/// contribution, decides by agreement and casts the registry vote; see `IReviewerPool`.
/// @dev Immutable, no proxy, like the registry. It trusts the registry (its views and `review`) and the vault
/// (`fund`, `weightOf`, `getPool`); everything a steward chooses (a badge contract, a token) can only break
/// that steward's own dataset: batches isolate each item, and the registry vote is made in a try/catch.
contract ReviewerPool is IReviewerPool, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;
    using SafeCast for int256;

    /// @dev Scale of `rewardPerShare`, as the vault's `rewardPerWeight`.
    uint256 private constant PRECISION = 1e18;
    uint8 private constant MAX_K = 8;
    /// @dev Seats are bits of 16-bit maps: `k` first, then extra seats on escalation and re-draws.
    uint8 private constant SEATS = 16;
    uint8 private constant MAX_SCORE = 100;
    uint16 private constant MAX_REVIEWER_SHARE_BPS = 5_000;
    /// @dev Reward shares a wrong answer on a gold-standard item can cost, at most (see `revealGold`).
    uint8 private constant MAX_GOLD_PENALTY = 20;
    uint8 private constant PENDING = uint8(IContributionRegistry.ContributionStatus.Pending);
    uint8 private constant ACCEPTED = uint8(IContributionRegistry.ContributionStatus.Accepted);
    uint8 private constant REJECTED = uint8(IContributionRegistry.ContributionStatus.Rejected);

    /// @dev `Review.flags` bits.
    uint8 private constant UNANIMITY = 1;
    uint8 private constant SETTLED = 2;
    uint8 private constant ESCALATED = 4;
    uint8 private constant GOLD = 8;

    /// @dev `_access` values.
    uint8 private constant ALLOWED = 1;
    uint8 private constant BLOCKED = 2;

    /// @dev Slot 0, read by every join and redraw: members (32) | activeMembers (32) | k (8) | rule (8) |
    /// extraSeats (8) | membership (8) | timeout (32) | reviewerShareBps (16) | slashThresholdPct (8) |
    /// slashWindow (16) | unbonding (32) | minWeight (56) = 256 bits.
    /// Slot 1: credential (160) | minStake (88) | goldPenalty (8). Slot 2: credentialId.
    /// `activeMembers` gates `assign`: no review is committed while fewer than `k` members could sit on its panel.
    struct Config {
        uint32 members;
        uint32 activeMembers;
        uint8 k;
        Rule rule;
        uint8 extraSeats;
        Membership membership;
        uint32 timeout;
        uint16 reviewerShareBps;
        uint8 slashThresholdPct;
        uint16 slashWindow;
        uint32 unbonding;
        uint56 minWeight;
        address credential;
        uint88 minStake;
        uint8 goldPenalty;
        uint256 credentialId;
    }

    /// @dev A staked member's terms, copied from the policy at its join (one slot, written only when it stakes):
    /// the steward's later changes to unbonding and slashing never apply to stake already bonded under them.
    /// A member accepts the current terms by joining again.
    struct Terms {
        uint32 unbonding;
        uint8 slashThresholdPct;
        uint16 slashWindow;
    }

    /// @dev A contribution's whole review in one slot, read and written once per vote:
    /// seed (32) | excluded (32) | commitBlock (32) | poolSize (32) | drawnAt (32) | activeSeats (16) |
    /// votedSeats (16) | acceptSeats (16) | scoreSum (16) | nextSeat (8) | panel (8) | state (8) | flags (8).
    /// No per-vote slot: who voted is the drawn member of each voted seat, which never changes (see `_index`).
    /// `excluded` is the contributor's member index + 1 (0 if not a member when the review was committed;
    /// a later join gets an index >= poolSize, which is never drawn). 32 bits of seed are plenty: it is only
    /// hashed with the seat number, and nobody can choose it.
    struct Review {
        uint32 seed;
        uint32 excluded;
        uint32 commitBlock;
        uint32 poolSize;
        uint32 drawnAt;
        uint16 activeSeats;
        uint16 votedSeats;
        uint16 acceptSeats;
        uint16 scoreSum;
        uint8 nextSeat;
        uint8 panel;
        ReviewState state;
        uint8 flags;
    }

    /// @dev One slot per member and dataset: indexPlusOne (32, 0 = never joined) | active (8) | votes (32) |
    /// agreed (32, also the reviewer's reward shares) | windowVotes (16) | windowAgreed (16) | leftAt (32) |
    /// stake (88) = 256 bits. Indices are given once and never move, so a seat's member is fixed.
    struct Reviewer {
        uint32 indexPlusOne;
        bool active;
        uint32 votes;
        uint32 agreed;
        uint16 windowVotes;
        uint16 windowAgreed;
        uint32 leftAt;
        uint88 stake;
    }

    /// @dev Slot 0: totalShares (64) | held (128), rewards that wait for the first agreeing review.
    /// Slot 1: rewardPerShare. Slot 2: funded (128). Slot 3: goldRoot.
    struct Rewards {
        uint64 totalShares;
        uint128 held;
        uint256 rewardPerShare;
        uint128 funded;
        bytes32 goldRoot;
    }

    ICairnRegistry private immutable _registry;
    IRewardVault private immutable _vault;

    mapping(uint256 datasetId => Config) private _configs;
    mapping(uint256 datasetId => Rewards) private _rewards;
    mapping(uint256 datasetId => mapping(bytes32 contentHash => Review)) private _reviews;
    mapping(uint256 datasetId => mapping(address account => Reviewer)) private _reviewers;
    /// @dev Reward debt of each reviewer, scaled by PRECISION: owed = agreed * rewardPerShare - debt.
    mapping(uint256 datasetId => mapping(address account => int256)) private _debts;
    mapping(uint256 datasetId => mapping(address account => uint8)) private _access;
    mapping(uint256 datasetId => mapping(address account => Terms)) private _terms;

    constructor(ICairnRegistry registry_) {
        _registry = registry_;
        _vault = IRewardVault(registry_.rewardVault());
    }

    modifier onlySteward(uint256 datasetId) {
        if (_registry.getDataset(datasetId).steward != msg.sender) revert NotSteward(datasetId, msg.sender);
        _;
    }

    // ---------------------------------------------------------------- steward

    /// @inheritdoc IReviewerPool
    function configure(uint256 datasetId, Policy calldata p) external onlySteward(datasetId) {
        if (p.k == 0 || p.k > MAX_K) revert InvalidPolicy(datasetId, "k");
        if (uint256(p.k) + p.extraSeats > SEATS) revert InvalidPolicy(datasetId, "extraSeats");
        if (p.reviewerShareBps > MAX_REVIEWER_SHARE_BPS) revert InvalidPolicy(datasetId, "reviewerShareBps");
        // A zero timeout would let anyone re-draw every unvoted seat at once, before its member could vote.
        if (p.timeout == 0) revert InvalidPolicy(datasetId, "timeout");
        if (p.slashThresholdPct > 100) revert InvalidPolicy(datasetId, "slashThresholdPct");
        if (p.goldPenalty > MAX_GOLD_PENALTY) revert InvalidPolicy(datasetId, "goldPenalty");
        if (p.minWeight > type(uint56).max) revert InvalidPolicy(datasetId, "minWeight");
        if (p.minStake > type(uint88).max) revert InvalidPolicy(datasetId, "minStake");
        if (p.membership >= Membership.ERC721 && p.credential == address(0)) {
            revert InvalidPolicy(datasetId, "credential");
        }
        Config storage c = _configs[datasetId];
        c.k = p.k;
        c.rule = p.rule;
        c.extraSeats = p.extraSeats;
        c.membership = p.membership;
        c.timeout = p.timeout;
        c.reviewerShareBps = p.reviewerShareBps;
        c.slashThresholdPct = p.slashThresholdPct;
        c.slashWindow = p.slashWindow;
        c.unbonding = p.unbonding;
        c.minWeight = uint56(p.minWeight);
        c.credential = p.credential;
        c.minStake = uint88(p.minStake);
        c.goldPenalty = p.goldPenalty;
        c.credentialId = p.credentialId;
        emit PoolConfigured(datasetId, p);
    }

    /// @inheritdoc IReviewerPool
    function setAllowed(uint256 datasetId, address[] calldata accounts, bool allowed) external onlySteward(datasetId) {
        for (uint256 i; i < accounts.length; ++i) {
            mapping(address => uint8) storage access = _access[datasetId];
            // Disallowing never lifts a removal (`BLOCKED` stays); only an explicit allow re-admits.
            if (allowed) access[accounts[i]] = ALLOWED;
            else if (access[accounts[i]] != BLOCKED) access[accounts[i]] = 0;
            emit MemberAllowed(datasetId, accounts[i], allowed);
        }
    }

    /// @inheritdoc IReviewerPool
    function removeMember(uint256 datasetId, address account) external onlySteward(datasetId) {
        // Blocked so that an open pool's member cannot simply join again.
        _access[datasetId][account] = BLOCKED;
        emit MemberAllowed(datasetId, account, false);
        Reviewer storage rv = _reviewers[datasetId][account];
        if (rv.active) _deactivate(datasetId, rv, account);
    }

    /// @inheritdoc IReviewerPool
    function setGoldRoot(uint256 datasetId, bytes32 root) external onlySteward(datasetId) {
        _rewards[datasetId].goldRoot = root;
        emit GoldRootSet(datasetId, root);
    }

    // ---------------------------------------------------------------- membership

    /// @inheritdoc IReviewerPool
    function join(uint256 datasetId) external nonReentrant {
        Config storage c = _configs[datasetId];
        if (c.k == 0) revert PoolNotConfigured(datasetId);
        _checkEligible(datasetId, c, msg.sender);

        Reviewer storage rv = _reviewers[datasetId][msg.sender];
        if (rv.active) revert AlreadyMember(datasetId, msg.sender);
        uint32 indexPlusOne = rv.indexPlusOne;
        if (indexPlusOne == 0) {
            // A first join takes the next index; a former member returns to its own (seats never move).
            indexPlusOne = ++c.members;
            rv.indexPlusOne = indexPlusOne;
        }
        ++c.activeMembers;
        rv.active = true;
        rv.leftAt = 0;

        uint88 minStake = c.minStake;
        uint88 stake = rv.stake;
        if (minStake > stake) {
            IERC20 token = _token(datasetId);
            uint256 before = token.balanceOf(address(this));
            token.safeTransferFrom(msg.sender, address(this), minStake - stake);
            // Credit what arrived; a fee-on-transfer token leaves the stake below the minimum, which is refused.
            stake += uint88(token.balanceOf(address(this)) - before);
            if (stake < minStake) revert NotEligible(datasetId, msg.sender, c.membership);
            rv.stake = stake;
        }
        // Bonded stake is held to the terms it was bonded under (see `Terms`); an unstaked member risks nothing.
        if (stake != 0) _terms[datasetId][msg.sender] = Terms(c.unbonding, c.slashThresholdPct, c.slashWindow);
        emit ReviewerJoined(datasetId, msg.sender, indexPlusOne - 1, stake);
    }

    /// @inheritdoc IReviewerPool
    function leave(uint256 datasetId) external {
        Reviewer storage rv = _reviewers[datasetId][msg.sender];
        if (!rv.active) revert NotMember(datasetId, msg.sender);
        _deactivate(datasetId, rv, msg.sender);
    }

    /// @inheritdoc IReviewerPool
    /// @dev A member who left in the middle of an agreement window it has already lost (it would stay below the
    /// threshold even if every remaining vote of the window agreed) is slashed here rather than paid: leaving
    /// stops its window from ever closing, so without this a member about to be slashed could walk away.
    function withdrawStake(uint256 datasetId) external nonReentrant returns (uint96 amount) {
        Reviewer storage rv = _reviewers[datasetId][msg.sender];
        Terms memory t = _terms[datasetId][msg.sender];
        uint256 availableAt = uint256(rv.leftAt) + t.unbonding;
        if (rv.active || rv.leftAt == 0 || block.timestamp < availableAt) {
            revert StakeBonded(datasetId, msg.sender, rv.active ? type(uint256).max : availableAt);
        }
        uint88 stake = rv.stake;
        if (stake == 0) revert ZeroAmount();
        rv.stake = 0;
        uint16 votes = rv.windowVotes;
        uint16 agreed = rv.windowAgreed;
        // The remaining votes of the window (a window changed by a re-join may already be over: none remain).
        uint256 remaining = votes < t.slashWindow ? t.slashWindow - votes : 0;
        if (t.slashWindow != 0 && (uint256(agreed) + remaining) * 100 < uint256(t.slashThresholdPct) * t.slashWindow) {
            rv.windowVotes = 0;
            rv.windowAgreed = 0;
            _share(_rewards[datasetId], stake);
            emit ReviewerSlashed(datasetId, msg.sender, stake, votes, agreed);
            return 0;
        }
        amount = stake;
        _token(datasetId).safeTransfer(msg.sender, amount);
        emit StakeWithdrawn(datasetId, msg.sender, amount);
    }

    function _deactivate(uint256 datasetId, Reviewer storage rv, address account) private {
        rv.active = false;
        rv.leftAt = uint32(block.timestamp);
        --_configs[datasetId].activeMembers;
        emit ReviewerLeft(datasetId, account, msg.sender);
    }

    function _checkEligible(uint256 datasetId, Config storage c, address account) private view {
        uint8 access = _access[datasetId][account];
        Membership membership = c.membership;
        bool eligible;
        if (access == BLOCKED) eligible = false;
        else if (membership == Membership.Open) eligible = true;
        else if (membership == Membership.Allowlist) eligible = access == ALLOWED;
        else if (membership == Membership.ERC721) eligible = IERC721(c.credential).balanceOf(account) != 0;
        else eligible = IERC1155(c.credential).balanceOf(account, c.credentialId) != 0;
        if (!eligible) revert NotEligible(datasetId, account, membership);
        uint56 minWeight = c.minWeight;
        if (minWeight != 0) {
            uint64 weight = _vault.weightOf(datasetId, account);
            if (weight < minWeight) revert WeightTooLow(datasetId, account, weight, minWeight);
        }
    }

    // ---------------------------------------------------------------- assignment

    /// @inheritdoc IReviewerPool
    function assign(uint256 datasetId, bytes32[] calldata contentHashes) external returns (bytes4[] memory results) {
        results = new bytes4[](contentHashes.length);
        for (uint256 i; i < contentHashes.length; ++i) {
            bytes memory err = _tryAssign(datasetId, contentHashes[i]);
            if (err.length != 0) results[i] = bytes4(err);
        }
    }

    function _tryAssign(uint256 datasetId, bytes32 contentHash) private returns (bytes memory) {
        Review storage r = _reviews[datasetId][contentHash];
        ReviewState state = r.state;
        if (state == ReviewState.None) {
            Config storage c = _configs[datasetId];
            uint8 k = c.k;
            if (k == 0) return abi.encodeWithSelector(PoolNotConfigured.selector, datasetId);
            uint32 members = c.members;
            // Fewer active members than seats: no panel could ever be filled (seats would be re-drawn in vain).
            uint32 active = c.activeMembers;
            if (active < k) return abi.encodeWithSelector(PoolTooSmall.selector, datasetId, active, k);
            // An unknown contribution makes the registry revert: reported for this item only.
            IContributionRegistry.ContributionView memory view_;
            try _registry.getContribution(datasetId, contentHash) returns (
                IContributionRegistry.ContributionView memory v
            ) {
                view_ = v;
            } catch (bytes memory reason) {
                return reason;
            }
            if (uint8(view_.status) != PENDING) {
                return
                    abi.encodeWithSelector(
                        ContributionNotPending.selector,
                        datasetId,
                        contentHash,
                        uint8(view_.status)
                    );
            }
            r.excluded = _reviewers[datasetId][view_.contributor].indexPlusOne;
            r.activeSeats = uint16((1 << k) - 1);
            r.nextSeat = k;
            r.panel = k;
            r.state = ReviewState.Open;
            r.flags = c.rule == Rule.Unanimity ? UNANIMITY : 0;
            return _commit(datasetId, contentHash, r, members);
        }
        if (state != ReviewState.Open) {
            return abi.encodeWithSelector(ReviewNotOpen.selector, datasetId, contentHash, state);
        }
        if (r.seed != 0) return ""; // drawn already: nothing to do
        (uint32 seed, bytes memory err) = _readSeed(datasetId, contentHash, r.commitBlock);
        if (err.length != 0) {
            // The seed block left the 256-block window unread: commit again from now (see the docs on bias),
            // over the same members: `excluded` was read at the first commit, so a contributor who joined since
            // (index >= poolSize) must stay out of the draw.
            if (bytes4(err) == SeedExpired.selector) return _commit(datasetId, contentHash, r, r.poolSize);
            return err;
        }
        r.seed = seed;
        emit SeatsDrawn(datasetId, contentHash, seed);
        return "";
    }

    /// @dev Fixes the members drawn from (indices below `members`) and the block whose successor seeds the draw.
    function _commit(
        uint256 datasetId,
        bytes32 contentHash,
        Review storage r,
        uint32 members
    ) private returns (bytes memory) {
        // members > 0: checked before the first commit, and members never decrease.
        r.commitBlock = uint32(block.number);
        r.poolSize = members;
        r.drawnAt = uint32(block.timestamp);
        emit ReviewCommitted(datasetId, contentHash, uint32(block.number), members);
        return "";
    }

    /// @dev The seed: the hash of the block after the commit, bound to the contribution. Readable from the
    /// next block on, for 256 blocks.
    function _readSeed(
        uint256 datasetId,
        bytes32 contentHash,
        uint32 commitBlock
    ) private view returns (uint32 seed, bytes memory err) {
        uint256 seedBlock = uint256(commitBlock) + 1;
        if (block.number <= seedBlock) {
            return (0, abi.encodeWithSelector(SeedNotReady.selector, datasetId, contentHash, seedBlock));
        }
        bytes32 hash = blockhash(seedBlock);
        if (hash == 0) return (0, abi.encodeWithSelector(SeedExpired.selector, datasetId, contentHash, seedBlock));
        seed = uint32(uint256(keccak256(abi.encode(hash, datasetId, contentHash))));
        if (seed == 0) seed = 1; // 0 means "not drawn"
    }

    /// @dev The member index of `seat`: keccak256(abi.encode(seed, seat)) mod poolSize. Indices are given once
    /// and never reused, so this names the same account for the life of the review.
    function _index(uint32 seed, uint256 seat, uint32 poolSize) private pure returns (uint32 index) {
        uint256 h;
        assembly ("memory-safe") {
            mstore(0, seed)
            mstore(32, seat)
            h := keccak256(0, 64)
        }
        index = uint32(h % poolSize);
    }

    // ---------------------------------------------------------------- votes

    /// @inheritdoc IReviewerPool
    /// @dev No reentrancy guard on votes: the review is written before the registry is called, so a reentrant
    /// vote sees the decision; the registry is the immutable one this pool was built for.
    function vote(uint256 datasetId, bytes32 contentHash, uint8 seat, bool accept, uint8 score) external {
        bytes memory err = _tryVote(datasetId, contentHash, seat, accept, score);
        if (err.length != 0) _revert(err);
    }

    /// @inheritdoc IReviewerPool
    function voteBatch(Vote[] calldata votes) external returns (bytes4[] memory results) {
        results = new bytes4[](votes.length);
        for (uint256 i; i < votes.length; ++i) {
            Vote calldata v = votes[i];
            bytes memory err = _tryVote(v.datasetId, v.contentHash, v.seat, v.accept, v.score);
            if (err.length != 0) {
                results[i] = bytes4(err);
                emit VoteSkipped(v.datasetId, v.contentHash, msg.sender, err);
            }
        }
    }

    function _tryVote(
        uint256 datasetId,
        bytes32 contentHash,
        uint8 seat,
        bool accept,
        uint8 score
    ) private returns (bytes memory) {
        if (accept ? (score == 0 || score > MAX_SCORE) : score != 0) {
            return abi.encodeWithSelector(InvalidScore.selector, score);
        }
        Review storage stored = _reviews[datasetId][contentHash];
        uint256 before = _loadWord(stored); // restored if the registry refuses
        Review memory r = _unpack(before);
        if (r.state != ReviewState.Open) {
            return abi.encodeWithSelector(ReviewNotOpen.selector, datasetId, contentHash, r.state);
        }
        bool drawnNow = r.seed == 0;
        if (drawnNow) {
            bytes memory err;
            (r.seed, err) = _readSeed(datasetId, contentHash, r.commitBlock);
            if (err.length != 0) return err;
        }
        if (seat >= SEATS || r.activeSeats & (1 << seat) == 0) {
            return abi.encodeWithSelector(SeatNotActive.selector, datasetId, contentHash, seat);
        }
        if (r.votedSeats & (1 << seat) != 0) {
            return abi.encodeWithSelector(SeatAlreadyVoted.selector, datasetId, contentHash, seat);
        }
        uint32 index = _index(r.seed, seat, r.poolSize);
        Reviewer storage rv = _reviewers[datasetId][msg.sender];
        if (rv.indexPlusOne != index + 1 || !rv.active) {
            return abi.encodeWithSelector(NotAssigned.selector, datasetId, contentHash, seat, msg.sender);
        }
        // One vote per member: a member drawn for two seats votes in the first only.
        for (uint256 voted = r.votedSeats; voted != 0; voted &= voted - 1) {
            if (_index(r.seed, _lowestBit(voted), r.poolSize) == index) {
                return abi.encodeWithSelector(AlreadyVoted.selector, datasetId, contentHash, msg.sender);
            }
        }
        // Never the contributor. (A contribution withdrawn meanwhile is refused by the registry at the decision.)
        if (index + 1 == r.excluded) {
            return abi.encodeWithSelector(SelfReview.selector, datasetId, contentHash, msg.sender);
        }

        uint16 bit = uint16(1 << seat);
        r.votedSeats |= bit;
        if (accept) {
            r.acceptSeats |= bit;
            // At most 16 seats of at most 100 each: 1,600 fits.
            r.scoreSum += score;
        }
        (bool decided, bool outcome) = _decide(r);
        if (!decided && _disagrees(r)) {
            _escalate(datasetId, contentHash, r);
            if (r.state == ReviewState.Open) (decided, outcome) = _decide(r);
        }
        if (decided) r.state = outcome ? ReviewState.Accepted : ReviewState.Rejected;
        _storeWord(stored, _pack(r));

        uint8 weight;
        if (decided) {
            // Weight is the mean accepting score: 1..100 because every accepting score is.
            if (outcome) weight = uint8(r.scoreSum / _popcount(r.acceptSeats));
            // The registry is called after the review is written (its weight observer may call anyone); a
            // refusal undoes this vote and is reported, so one dataset's settings cannot break another's batch.
            try _registry.review(datasetId, contentHash, outcome, weight) {} catch (bytes memory reason) {
                _storeWord(stored, before);
                return abi.encodeWithSelector(RegistryReviewFailed.selector, datasetId, contentHash, reason);
            }
        }
        if (drawnNow) emit SeatsDrawn(datasetId, contentHash, r.seed);
        // The decision itself is the registry's ContributionAccepted / ContributionRejected, in the same transaction.
        emit ReviewCast(datasetId, contentHash, msg.sender, seat, score);
        return "";
    }

    /// @dev Decided once the whole panel has voted: by majority, more than half agrees; by unanimity, all of it.
    /// Waiting for every seat (rather than stopping at the first majority) counts every drawn reviewer's
    /// vote, so agreement measures every reviewer, and no seat ever votes once the outcome is known.
    function _decide(Review memory r) private pure returns (bool decided, bool outcome) {
        uint256 votes = _popcount(r.votedSeats);
        if (votes < r.panel) return (false, false);
        uint256 accepts = _popcount(r.acceptSeats);
        uint256 needed = r.flags & UNANIMITY != 0 ? r.panel : r.panel / 2 + 1;
        if (accepts >= needed) return (true, true);
        if (votes - accepts >= needed) return (true, false);
    }

    /// @dev Under unanimity any split is a disagreement; under majority, a full panel without a majority (a tie).
    function _disagrees(Review memory r) private pure returns (bool) {
        uint256 votes = _popcount(r.votedSeats);
        uint256 accepts = _popcount(r.acceptSeats);
        if (r.flags & UNANIMITY != 0) return accepts != 0 && accepts != votes;
        return votes >= r.panel;
    }

    /// @dev Adds the dataset's extra seats once (the enlarged panel decides by majority), else hands the
    /// contribution to the registry's named curators.
    function _escalate(uint256 datasetId, bytes32 contentHash, Review memory r) private {
        uint8 extra = _configs[datasetId].extraSeats;
        if (r.flags & ESCALATED == 0 && extra != 0 && uint256(r.nextSeat) + extra <= SEATS) {
            r.activeSeats |= uint16(((1 << extra) - 1) << r.nextSeat);
            r.nextSeat += extra;
            r.panel += extra;
            r.flags = (r.flags | ESCALATED) & ~UNANIMITY;
            r.drawnAt = uint32(block.timestamp);
            emit ReviewEscalated(datasetId, contentHash, r.panel);
        } else {
            r.state = ReviewState.Escalated;
            emit ReviewEscalated(datasetId, contentHash, 0);
        }
    }

    // ---------------------------------------------------------------- re-draws

    /// @inheritdoc IReviewerPool
    function redraw(uint256 datasetId, bytes32 contentHash, uint8 seat, address holder) external {
        Review storage stored = _reviews[datasetId][contentHash];
        Review memory r = _unpack(_loadWord(stored));
        if (r.state != ReviewState.Open) revert ReviewNotOpen(datasetId, contentHash, r.state);
        if (r.seed == 0) {
            bytes memory err;
            (r.seed, err) = _readSeed(datasetId, contentHash, r.commitBlock);
            if (err.length != 0) _revert(err);
            emit SeatsDrawn(datasetId, contentHash, r.seed);
        }
        if (seat >= SEATS || r.activeSeats & (1 << seat) == 0) revert SeatNotActive(datasetId, contentHash, seat);
        if (r.votedSeats & (1 << seat) != 0) revert SeatAlreadyVoted(datasetId, contentHash, seat);

        uint16 replace;
        if (block.timestamp >= uint256(r.drawnAt) + _configs[datasetId].timeout) {
            replace = r.activeSeats & ~r.votedSeats; // every seat that did not vote in time
        } else if (_cannotVote(datasetId, r, seat, holder)) {
            replace = uint16(1 << seat);
        } else {
            revert SeatNotRedrawable(datasetId, contentHash, seat);
        }
        for (; replace != 0; replace &= replace - 1) {
            uint8 old = _lowestBit(replace);
            if (r.nextSeat >= SEATS) {
                // Sixteen seats drawn and still no panel: the named curators decide.
                r.state = ReviewState.Escalated;
                emit ReviewEscalated(datasetId, contentHash, 0);
                break;
            }
            r.activeSeats = (r.activeSeats & ~uint16(1 << old)) | uint16(1 << r.nextSeat);
            emit SeatRedrawn(datasetId, contentHash, old, r.nextSeat);
            ++r.nextSeat;
        }
        r.drawnAt = uint32(block.timestamp);
        _storeWord(stored, _pack(r));
    }

    /// @dev The seat names the contributor, or repeats the member of a voted or lower active seat, or `holder` is
    /// its member and has left.
    function _cannotVote(uint256 datasetId, Review memory r, uint8 seat, address holder) private view returns (bool) {
        uint32 index = _index(r.seed, seat, r.poolSize);
        if (index + 1 == r.excluded) return true;
        uint256 others = r.votedSeats | (r.activeSeats & ((1 << seat) - 1));
        for (; others != 0; others &= others - 1) {
            if (_index(r.seed, _lowestBit(others), r.poolSize) == index) return true;
        }
        if (holder == address(0)) return false;
        Reviewer storage rv = _reviewers[datasetId][holder];
        return rv.indexPlusOne == index + 1 && !rv.active;
    }

    // ---------------------------------------------------------------- settlement

    /// @inheritdoc IReviewerPool
    function settleBatch(Settlement[] calldata settlements) external returns (bytes4[] memory results) {
        results = new bytes4[](settlements.length);
        for (uint256 i; i < settlements.length; ++i) {
            Settlement calldata s = settlements[i];
            bytes memory err = _trySettle(s.datasetId, s.contentHash, s.voters);
            if (err.length != 0) results[i] = bytes4(err);
        }
    }

    function _trySettle(
        uint256 datasetId,
        bytes32 contentHash,
        address[] calldata voters
    ) private returns (bytes memory) {
        Review storage rs = _reviews[datasetId][contentHash];
        Review memory r = rs;
        if (r.flags & SETTLED != 0) return abi.encodeWithSelector(AlreadySettled.selector, datasetId, contentHash);
        (bool known, bool outcome) = _outcome(datasetId, contentHash, r);
        if (!known || r.seed == 0) return abi.encodeWithSelector(NotDecided.selector, datasetId, contentHash);
        bytes memory err = _checkVoters(datasetId, contentHash, r, voters);
        if (err.length != 0) return err;
        rs.flags = r.flags | SETTLED;

        Config storage c = _configs[datasetId];
        Rewards storage rw = _rewards[datasetId];
        uint256 rewardPerShare = rw.rewardPerShare;
        uint64 shares;
        uint256 slashed;
        uint256 j;
        for (uint256 voted = r.votedSeats; voted != 0; voted &= voted - 1) {
            uint8 seat = _lowestBit(voted);
            address voter = voters[j++];
            bool agreed = (r.acceptSeats & (1 << seat) != 0) == outcome;
            Reviewer storage rv = _reviewers[datasetId][voter];
            // Counters are uint32/uint16: 4 billion votes per reviewer, and windows reset below 65,536.
            Reviewer memory m = rv;
            ++m.votes;
            ++m.windowVotes;
            if (agreed) {
                ++m.agreed;
                ++m.windowAgreed;
                ++shares;
                // The new share starts earning now: it owes nothing of what was paid per share so far.
                _debts[datasetId][voter] += rewardPerShare.toInt256();
            }
            emit ReviewerScored(datasetId, contentHash, voter, agreed, m.votes, m.agreed);
            // A staked member is judged by the terms it bonded under; for an unstaked one the window only counts.
            uint16 window;
            uint8 threshold;
            if (m.stake != 0) {
                Terms memory t = _terms[datasetId][voter];
                (window, threshold) = (t.slashWindow, t.slashThresholdPct);
            } else {
                window = c.slashWindow;
            }
            if (window != 0 && m.windowVotes >= window) {
                if (uint256(m.windowAgreed) * 100 < uint256(threshold) * m.windowVotes && m.stake != 0) {
                    emit ReviewerSlashed(datasetId, voter, m.stake, m.windowVotes, m.windowAgreed);
                    slashed += m.stake;
                    m.stake = 0;
                    if (m.active) {
                        m.active = false;
                        m.leftAt = uint32(block.timestamp);
                        --c.activeMembers;
                        emit ReviewerLeft(datasetId, voter, address(this));
                    }
                }
                m.windowVotes = 0;
                m.windowAgreed = 0;
            }
            _reviewers[datasetId][voter] = m;
        }
        if (shares != 0) {
            uint64 totalShares = rw.totalShares + shares;
            rw.totalShares = totalShares;
            // Rewards that waited for the first agreeing review go to it, after its debt was set above.
            if (totalShares == shares) {
                uint128 held = rw.held;
                if (held != 0) {
                    rw.held = 0;
                    rw.rewardPerShare = rewardPerShare + (uint256(held) * PRECISION) / totalShares;
                }
            }
        }
        if (slashed != 0) _share(rw, slashed);
        return "";
    }

    /// @dev The outcome: the pool's decision, or the registry's when the pool escalated to its curators.
    function _outcome(
        uint256 datasetId,
        bytes32 contentHash,
        Review memory r
    ) private view returns (bool known, bool outcome) {
        if (r.state == ReviewState.Accepted) return (true, true);
        if (r.state == ReviewState.Rejected) return (true, false);
        // Only a review the pool escalated follows the curators' decision: its seats stopped voting when it was
        // escalated. A review still open when curators decided it directly is never settled, or seats could
        // vote after seeing the outcome and be credited for agreeing with it.
        if (r.state != ReviewState.Escalated) return (false, false);
        uint8 status = uint8(_registry.getContribution(datasetId, contentHash).status);
        if (status == ACCEPTED) return (true, true);
        if (status == REJECTED) return (true, false);
    }

    /// @dev `voters` must be the members of the voted seats in seat order (each index names one account).
    function _checkVoters(
        uint256 datasetId,
        bytes32 contentHash,
        Review memory r,
        address[] calldata voters
    ) private view returns (bytes memory) {
        uint256 j;
        for (uint256 voted = r.votedSeats; voted != 0; voted &= voted - 1) {
            if (j == voters.length) return abi.encodeWithSelector(WrongVoters.selector, datasetId, contentHash, j);
            uint32 index = _index(r.seed, _lowestBit(voted), r.poolSize);
            if (_reviewers[datasetId][voters[j]].indexPlusOne != index + 1) {
                return abi.encodeWithSelector(WrongVoters.selector, datasetId, contentHash, j);
            }
            ++j;
        }
        if (j != voters.length) return abi.encodeWithSelector(WrongVoters.selector, datasetId, contentHash, j);
        return "";
    }

    /// @inheritdoc IReviewerPool
    /// @dev The item is settled first if it was not (crediting agreement with the outcome), so what a wrong answer
    /// costs never depends on who calls first. The forfeited shares stop earning from now on; what they earned
    /// so far stays owed (their debt moves with them), so reviewer payouts + dust still equal what was funded.
    function revealGold(
        uint256 datasetId,
        bytes32 contentHash,
        bool accept,
        bytes32[] calldata proof,
        address[] calldata voters
    ) external {
        Review storage rs = _reviews[datasetId][contentHash];
        Review memory r = rs;
        if (r.flags & GOLD != 0) revert AlreadySettled(datasetId, contentHash);
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(contentHash, accept))));
        if (!MerkleProof.verifyCalldata(proof, _rewards[datasetId].goldRoot, leaf)) {
            revert InvalidGoldProof(datasetId, contentHash);
        }
        bytes memory err =
            r.flags & SETTLED == 0
                ? _trySettle(datasetId, contentHash, voters)
                : _checkVoters(datasetId, contentHash, r, voters);
        if (err.length != 0) _revert(err);
        rs.flags = r.flags | SETTLED | GOLD;

        uint32 penalty = _configs[datasetId].goldPenalty;
        uint256 rewardPerShare = _rewards[datasetId].rewardPerShare;
        uint64 forfeited;
        uint256 j;
        for (uint256 voted = r.votedSeats; voted != 0; voted &= voted - 1) {
            address voter = voters[j++];
            bool correct = (r.acceptSeats & (1 << _lowestBit(voted)) != 0) == accept;
            emit GoldScored(datasetId, contentHash, voter, correct);
            if (correct || penalty == 0) continue;
            Reviewer storage rv = _reviewers[datasetId][voter];
            uint32 agreed = rv.agreed;
            uint32 lost = agreed < penalty ? agreed : penalty;
            if (lost == 0) continue;
            rv.agreed = agreed - lost;
            forfeited += lost;
            _debts[datasetId][voter] -= (uint256(lost) * rewardPerShare).toInt256();
            emit SharesForfeited(datasetId, contentHash, voter, lost, agreed - lost);
        }
        if (forfeited != 0) _rewards[datasetId].totalShares -= forfeited;
    }

    // ---------------------------------------------------------------- rewards

    /// @inheritdoc IReviewerPool
    function fund(
        uint256 datasetId,
        uint256 amount
    ) external nonReentrant returns (uint256 reviewersPart, uint256 contributorsCredited) {
        if (amount == 0) revert ZeroAmount();
        IERC20 token = _token(datasetId);
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), amount);
        uint256 arrived = token.balanceOf(address(this)) - before;
        if (arrived == 0) revert ZeroAmount();

        reviewersPart = (arrived * _configs[datasetId].reviewerShareBps) / 10_000;
        uint256 contributorsPart = arrived - reviewersPart;
        if (reviewersPart != 0) _share(_rewards[datasetId], reviewersPart);
        if (contributorsPart != 0) {
            token.forceApprove(address(_vault), contributorsPart);
            contributorsCredited = _vault.fund(datasetId, contributorsPart);
        }
        emit PoolFunded(datasetId, msg.sender, reviewersPart, contributorsCredited);
    }

    /// @dev Shares `amount` over the agreeing reviews, or holds it until the first one.
    function _share(Rewards storage rw, uint256 amount) private {
        rw.funded = (uint256(rw.funded) + amount).toUint128();
        uint64 totalShares = rw.totalShares;
        if (totalShares == 0) rw.held = (uint256(rw.held) + amount).toUint128();
        else rw.rewardPerShare += (amount * PRECISION) / totalShares;
    }

    /// @inheritdoc IReviewerPool
    function claim(uint256 datasetId, address account) external nonReentrant returns (uint256 amount) {
        amount = _claimable(datasetId, account);
        if (amount == 0) revert NothingToClaim(datasetId, account);
        // The sub-unit remainder stays in the debt, so rounding never loses an account's dust.
        _debts[datasetId][account] += (amount * PRECISION).toInt256();
        _token(datasetId).safeTransfer(account, amount);
        emit ReviewerRewardsClaimed(datasetId, account, amount);
    }

    function _claimable(uint256 datasetId, address account) private view returns (uint256) {
        uint256 accrued = uint256(_reviewers[datasetId][account].agreed) * _rewards[datasetId].rewardPerShare;
        // accrued >= debt: each share's debt is the rewardPerShare when it was credited, and claims add what was paid.
        return uint256(accrued.toInt256() - _debts[datasetId][account]) / PRECISION;
    }

    function _token(uint256 datasetId) private view returns (IERC20 token) {
        token = IERC20(_vault.getPool(datasetId).token);
        if (address(token) == address(0)) revert NoRewardToken(datasetId);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IReviewerPool
    function policyOf(uint256 datasetId) external view returns (Policy memory) {
        Config storage c = _configs[datasetId];
        return
            Policy({
                k: c.k,
                rule: c.rule,
                extraSeats: c.extraSeats,
                membership: c.membership,
                timeout: c.timeout,
                reviewerShareBps: c.reviewerShareBps,
                slashThresholdPct: c.slashThresholdPct,
                slashWindow: c.slashWindow,
                unbonding: c.unbonding,
                credential: c.credential,
                credentialId: c.credentialId,
                minWeight: c.minWeight,
                minStake: c.minStake,
                goldPenalty: c.goldPenalty
            });
    }

    /// @inheritdoc IReviewerPool
    function reviewerOf(uint256 datasetId, address account) external view returns (ReviewerView memory) {
        Reviewer memory m = _reviewers[datasetId][account];
        return
            ReviewerView({
                index: m.indexPlusOne == 0 ? 0 : m.indexPlusOne - 1,
                joined: m.indexPlusOne != 0,
                active: m.active,
                votes: m.votes,
                agreed: m.agreed,
                windowVotes: m.windowVotes,
                windowAgreed: m.windowAgreed,
                leftAt: m.leftAt,
                stake: m.stake
            });
    }

    /// @inheritdoc IReviewerPool
    function termsOf(uint256 datasetId, address account) external view returns (StakeTerms memory) {
        Terms memory t = _terms[datasetId][account];
        return StakeTerms(t.unbonding, t.slashThresholdPct, t.slashWindow);
    }

    /// @inheritdoc IReviewerPool
    function assignmentOf(uint256 datasetId, bytes32 contentHash) external view returns (AssignmentView memory) {
        Review memory r = _reviews[datasetId][contentHash];
        return
            AssignmentView({
                state: r.state,
                seed: r.seed,
                commitBlock: r.commitBlock,
                poolSize: r.poolSize,
                drawnAt: r.drawnAt,
                activeSeats: r.activeSeats,
                votedSeats: r.votedSeats,
                acceptSeats: r.acceptSeats,
                scoreSum: r.scoreSum,
                nextSeat: r.nextSeat,
                panel: r.panel,
                rule: r.flags & UNANIMITY != 0 ? Rule.Unanimity : Rule.Majority,
                extraSeats: r.flags & ESCALATED != 0 ? 0 : _configs[datasetId].extraSeats,
                settled: r.flags & SETTLED != 0
            });
    }

    /// @inheritdoc IReviewerPool
    function seatIndex(uint256 datasetId, bytes32 contentHash, uint8 seat) external view returns (uint32) {
        Review memory r = _reviews[datasetId][contentHash];
        if (r.state == ReviewState.None) revert ReviewNotOpen(datasetId, contentHash, r.state);
        uint32 seed = r.seed;
        if (seed == 0) {
            bytes memory err;
            (seed, err) = _readSeed(datasetId, contentHash, r.commitBlock);
            if (err.length != 0) _revert(err);
        }
        return _index(seed, seat, r.poolSize);
    }

    /// @inheritdoc IReviewerPool
    function poolOf(uint256 datasetId) external view returns (PoolView memory) {
        Config storage c = _configs[datasetId];
        Rewards storage rw = _rewards[datasetId];
        return PoolView(c.members, c.activeMembers, rw.totalShares, rw.rewardPerShare, rw.funded, rw.held, rw.goldRoot);
    }

    /// @inheritdoc IReviewerPool
    function claimable(uint256 datasetId, address account) external view returns (uint256) {
        return _claimable(datasetId, account);
    }

    /// @inheritdoc IReviewerPool
    function registry() external view returns (address) {
        return address(_registry);
    }

    /// @inheritdoc IReviewerPool
    function version() external pure returns (string memory) {
        return "1.0.0";
    }

    // ---------------------------------------------------------------- bits

    /// @dev Reverts with an ABI-encoded custom error, as a `_try*` function returned it.
    function _revert(bytes memory err) private pure {
        assembly ("memory-safe") {
            revert(add(err, 32), mload(err))
        }
    }

    /// @dev A review's slot as one word (one SLOAD), unpacked by `_unpack` along the `Review` layout.
    function _loadWord(Review storage stored) private view returns (uint256 word) {
        assembly ("memory-safe") {
            word := sload(stored.slot)
        }
    }

    function _storeWord(Review storage stored, uint256 word) private {
        assembly ("memory-safe") {
            sstore(stored.slot, word)
        }
    }

    /// @dev The `Review` layout, lowest bits first, as Solidity packs it (so storage field access agrees).
    function _unpack(uint256 w) private pure returns (Review memory r) {
        r.seed = uint32(w);
        r.excluded = uint32(w >> 32);
        r.commitBlock = uint32(w >> 64);
        r.poolSize = uint32(w >> 96);
        r.drawnAt = uint32(w >> 128);
        r.activeSeats = uint16(w >> 160);
        r.votedSeats = uint16(w >> 176);
        r.acceptSeats = uint16(w >> 192);
        r.scoreSum = uint16(w >> 208);
        r.nextSeat = uint8(w >> 224);
        r.panel = uint8(w >> 232);
        r.state = ReviewState(uint8(w >> 240));
        r.flags = uint8(w >> 248);
    }

    function _pack(Review memory r) private pure returns (uint256) {
        return
            uint256(r.seed) |
            (uint256(r.excluded) << 32) |
            (uint256(r.commitBlock) << 64) |
            (uint256(r.poolSize) << 96) |
            (uint256(r.drawnAt) << 128) |
            (uint256(r.activeSeats) << 160) |
            (uint256(r.votedSeats) << 176) |
            (uint256(r.acceptSeats) << 192) |
            (uint256(r.scoreSum) << 208) |
            (uint256(r.nextSeat) << 224) |
            (uint256(r.panel) << 232) |
            (uint256(r.state) << 240) |
            (uint256(r.flags) << 248);
    }

    /// @dev Bits set in a 16-bit map (SWAR count).
    function _popcount(uint256 x) private pure returns (uint256) {
        x = x - ((x >> 1) & 0x5555);
        x = (x & 0x3333) + ((x >> 2) & 0x3333);
        x = (x + (x >> 4)) & 0x0f0f;
        return (x + (x >> 8)) & 0x1f;
    }

    /// @dev Number of the lowest set bit of a non-zero 16-bit map: 2^i mod 37 is distinct for i < 36, and a nibble
    /// table maps it back to i.
    function _lowestBit(uint256 x) private pure returns (uint8) {
        unchecked {
            return uint8((_MOD37_TO_BIT >> (((x & (~x + 1)) % 37) * 4)) & 0xf);
        }
    }

    /// @dev Nibble `2^i % 37` holds i, for i < 16.
    uint256 private constant _MOD37_TO_BIT = 0x8059e006ca0f0000074d0b0000300020100;
}
