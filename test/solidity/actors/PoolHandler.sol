// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CairnRegistry} from "../../../contracts/CairnRegistry.sol";
import {RewardVault} from "../../../contracts/RewardVault.sol";
import {IDatasetRegistry} from "../../../contracts/interfaces/IDatasetRegistry.sol";
import {IReviewerPool} from "../../../contracts/interfaces/IReviewerPool.sol";
import {TestToken} from "../../../contracts/test/TestToken.sol";
import {CairnTest} from "../utils/CairnTest.sol";

/// @notice The reviewer-pool invariant suite's actor: joins and leaves, contributions (actors contribute and
/// review, so self-review is tried), commits and seeds, votes by the drawn member and by anyone, re-draws,
/// settlements, fundings through the pool, claims and stake withdrawals, and time passing. It keeps ghosts of
/// every counted vote and every token that moved.
contract PoolHandler is CairnTest {
    uint256 public constant ACTORS = 8;
    uint256 public constant CONTENT_SPACE = 12;
    uint88 public constant STAKE = 100;

    CairnRegistry public immutable registry;
    RewardVault public immutable vault;
    IReviewerPool public immutable pool;
    TestToken public immutable token;
    uint256 public immutable datasetId;

    address[ACTORS] private _actors;
    /// @notice The actor holding each member index (indices are given once), and how many were given.
    mapping(uint32 index => address) public memberAt;
    uint32 public members;

    // ---------------------------------------------------------------- ghosts

    /// @notice Counted votes per contribution and reviewer (must stay <= 1).
    mapping(bytes32 contentHash => mapping(address reviewer => uint256)) public ghostVotes;
    uint256 public doubleVotes;
    uint256 public selfReviews;
    uint256 public votesByNonMembers;
    mapping(bytes32 contentHash => address) public contributorOf;

    uint256 public ghostFunded;
    uint256 public ghostReviewersPart;
    uint256 public ghostContributorsCredited;
    uint256 public ghostReviewerClaimed;
    uint256 public ghostContributorClaimed;
    uint256 public fundings;
    uint256 public settlements;

    mapping(string operation => uint256) public calls;

    /// @dev The contracts are deployed by the test, and the pool is known by its interface only: the fuzzer
    /// must identify this handler's code, which it cannot when it embeds the pool (compiled with other settings).
    constructor(CairnRegistry registry_, IReviewerPool pool_, TestToken token_) {
        registry = registry_;
        vault = RewardVault(registry_.rewardVault());
        pool = pool_;
        token = token_;
        for (uint256 i; i < ACTORS; ++i) _actors[i] = address(uint160(0xA0000 + i));
        address[] memory curators = new address[](1);
        curators[0] = address(pool);
        datasetId = registry.createDataset(
            IDatasetRegistry.DatasetConfig({
                steward: address(this),
                manifestCid: hex"0155",
                termsHash: keccak256("terms"),
                curators: curators,
                quorum: 1,
                defaultScore: 50,
                rewardToken: address(token),
                weightObserver: address(0)
            })
        );
        pool.configure(
            datasetId,
            IReviewerPool.Policy({
                k: 3,
                rule: IReviewerPool.Rule.Majority,
                extraSeats: 2,
                membership: IReviewerPool.Membership.Open,
                timeout: 1 hours,
                reviewerShareBps: 2_000,
                slashThresholdPct: 60,
                slashWindow: 3,
                unbonding: 1 days,
                credential: address(0),
                credentialId: 0,
                minWeight: 0,
                minStake: STAKE,
                goldPenalty: 3
            })
        );
        // One gold-standard item: content 0, known bad (a one-leaf tree: the root is the leaf, the proof empty).
        pool.setGoldRoot(datasetId, keccak256(bytes.concat(keccak256(abi.encode(contentHash(0), false)))));
        token.approve(address(pool), type(uint256).max);
    }

    function actor(uint256 i) external view returns (address) {
        return _actors[i];
    }

    function contentHash(uint256 i) public pure returns (bytes32) {
        return keccak256(abi.encode("pool content", i));
    }

    // ---------------------------------------------------------------- membership

    function join(uint256 actorSeed) external {
        address a = _actors[actorSeed % ACTORS];
        token.mint(a, STAKE);
        vm.prank(a);
        token.approve(address(pool), type(uint256).max);
        bool first = !pool.reviewerOf(datasetId, a).joined;
        vm.prank(a);
        try pool.join(datasetId) {
            if (first) memberAt[members++] = a;
            ++calls["join"];
        } catch {}
    }

    function leave(uint256 actorSeed) external {
        vm.prank(_actors[actorSeed % ACTORS]);
        try pool.leave(datasetId) {
            ++calls["leave"];
        } catch {}
    }

    function withdrawStake(uint256 actorSeed) external {
        vm.prank(_actors[actorSeed % ACTORS]);
        try pool.withdrawStake(datasetId) returns (uint96 amount) {
            // A stake slashed at withdrawal (amount 0) is shared like a funding: it may leave rounding dust.
            if (amount == 0) ++fundings;
            ++calls["withdrawStake"];
        } catch {}
    }

    // ---------------------------------------------------------------- contributions and assignment

    function contribute(uint256 actorSeed, uint256 contentSeed) external {
        address a = _actors[actorSeed % ACTORS];
        bytes32 h = contentHash(contentSeed % CONTENT_SPACE);
        vm.prank(a);
        try registry.contribute(datasetId, h, 64, abi.encodePacked(hex"01551220", h), "") {
            contributorOf[h] = a;
            ++calls["contribute"];
        } catch {}
    }

    /// @notice Commits, or (a block later) seeds, a contribution's review.
    function assign(uint256 contentSeed) external {
        bytes32[] memory hashes = new bytes32[](1);
        hashes[0] = contentHash(contentSeed % CONTENT_SPACE);
        if (pool.assign(datasetId, hashes)[0] == bytes4(0)) ++calls["assign"];
    }

    /// @notice Mines a block: its hash seeds the reviews committed in the block before.
    function roll() external {
        uint256 n = block.number;
        if (blockhash(n) == 0) vm.setBlockhash(n, keccak256(abi.encode("block", n)));
        vm.roll(n + 1);
        ++calls["roll"];
    }

    function warp(uint256 secondsSeed) external {
        vm.warp(block.timestamp + bound(secondsSeed, 1, 2 hours));
        ++calls["warp"];
    }

    // ---------------------------------------------------------------- votes

    /// @notice The drawn member of a random active seat votes (most of the time), or a random actor tries.
    function vote(uint256 contentSeed, uint256 seatSeed, uint256 voterSeed, bool accept, uint8 scoreSeed) external {
        bytes32 h = contentHash(contentSeed % CONTENT_SPACE);
        IReviewerPool.AssignmentView memory a = pool.assignmentOf(datasetId, h);
        if (a.state != IReviewerPool.ReviewState.Open) return;
        uint8 seat = uint8(seatSeed % 16);
        address voter = _actors[voterSeed % ACTORS];
        if (voterSeed % 4 != 0) {
            try pool.seatIndex(datasetId, h, seat) returns (uint32 index) {
                if (index < members) voter = memberAt[index];
            } catch {}
        }
        uint8 score = accept ? uint8(bound(scoreSeed, 1, 100)) : 0;
        vm.prank(voter);
        try pool.vote(datasetId, h, seat, accept, score) {
            ++calls["vote"];
            if (++ghostVotes[h][voter] > 1) ++doubleVotes;
            if (voter == contributorOf[h]) ++selfReviews;
            IReviewerPool.ReviewerView memory r = pool.reviewerOf(datasetId, voter);
            a = pool.assignmentOf(datasetId, h);
            if (!r.joined || r.index >= a.poolSize) ++votesByNonMembers;
        } catch {}
    }

    function redraw(uint256 contentSeed, uint256 seatSeed, uint256 holderSeed) external {
        bytes32 h = contentHash(contentSeed % CONTENT_SPACE);
        try pool.redraw(datasetId, h, uint8(seatSeed % 16), _actors[holderSeed % ACTORS]) {
            ++calls["redraw"];
        } catch {}
    }

    // ---------------------------------------------------------------- settlement and money

    function settle(uint256 contentSeed) external {
        bytes32 h = contentHash(contentSeed % CONTENT_SPACE);
        IReviewerPool.AssignmentView memory a = pool.assignmentOf(datasetId, h);
        if (a.seed == 0) return;
        IReviewerPool.Settlement[] memory batch = new IReviewerPool.Settlement[](1);
        batch[0] = IReviewerPool.Settlement(datasetId, h, _voters(h, a));
        if (pool.settleBatch(batch)[0] == bytes4(0)) {
            ++settlements;
            ++calls["settle"];
        }
    }

    /// @notice Reveals the gold item's answer (content 0, known bad), settling it if needed; wrong voters forfeit shares.
    function revealGold() external {
        bytes32 h = contentHash(0);
        IReviewerPool.AssignmentView memory a = pool.assignmentOf(datasetId, h);
        if (a.seed == 0) return;
        try pool.revealGold(datasetId, h, false, new bytes32[](0), _voters(h, a)) {
            if (!a.settled) ++settlements;
            ++calls["revealGold"];
        } catch {}
    }

    /// @dev The members of the voted seats, in seat order.
    function _voters(bytes32 h, IReviewerPool.AssignmentView memory a) private view returns (address[] memory voters) {
        voters = new address[](16);
        uint256 n;
        for (uint8 s; s < 16; ++s) {
            if (a.votedSeats & (uint16(1) << s) == 0) continue;
            voters[n++] = memberAt[pool.seatIndex(datasetId, h, s)];
        }
        assembly ("memory-safe") {
            mstore(voters, n)
        }
    }

    function fund(uint256 amountSeed) external {
        uint256 amount = bound(amountSeed, 1, 1e24);
        token.mint(address(this), amount);
        (uint256 reviewersPart, uint256 credited) = pool.fund(datasetId, amount);
        ghostFunded += amount;
        ghostReviewersPart += reviewersPart;
        ghostContributorsCredited += credited;
        ++fundings;
        ++calls["fund"];
    }

    function claim(uint256 actorSeed) external {
        address a = _actors[actorSeed % ACTORS];
        try pool.claim(datasetId, a) returns (uint256 amount) {
            ghostReviewerClaimed += amount;
            ++calls["claimReviewer"];
        } catch {}
        try vault.claim(datasetId, a) returns (uint256 amount) {
            ghostContributorClaimed += amount;
            ++calls["claimContributor"];
        } catch {}
    }
}
