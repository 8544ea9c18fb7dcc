// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CairnRegistry} from "../../contracts/CairnRegistry.sol";
import {RewardVault} from "../../contracts/RewardVault.sol";
import {TestToken} from "../../contracts/test/TestToken.sol";
import {IReviewerPool} from "../../contracts/interfaces/IReviewerPool.sol";
import {IRewardVault} from "../../contracts/interfaces/IRewardVault.sol";
import {CairnTest} from "./utils/CairnTest.sol";
import {PoolHandler} from "./actors/PoolHandler.sol";

/// @notice Reviewer-pool invariants under random sequences of `PoolHandler` operations.
/// @dev 32 runs x 100 calls per campaign, as the core suite, to keep `hardhat test solidity` short.
contract ReviewerPoolInvariantsTest is CairnTest {
    PoolHandler private handler;
    IReviewerPool private pool;
    RewardVault private vault;
    uint256 private datasetId;

    function setUp() public {
        CairnRegistry registry = new CairnRegistry();
        // Deployed from its own build (2,000 optimizer runs, see hardhat.config.ts), as in production: a suite
        // that imports the pool compiles it with this file's settings instead, and the fuzzer then cannot
        // identify the handler.
        bytes memory code = abi.encodePacked(vm.getCode("ReviewerPool.sol:ReviewerPool"), abi.encode(registry));
        address deployed;
        assembly ("memory-safe") {
            deployed := create(0, add(code, 32), mload(code))
        }
        assertTrue(deployed != address(0), "pool deployed");
        handler = new PoolHandler(registry, IReviewerPool(deployed), new TestToken("Reward", "RWD"));
        pool = handler.pool();
        vault = handler.vault();
        datasetId = handler.datasetId();

        bytes4[] memory selectors = new bytes4[](17);
        selectors[0] = PoolHandler.join.selector;
        selectors[1] = PoolHandler.join.selector;
        selectors[2] = PoolHandler.leave.selector;
        selectors[3] = PoolHandler.withdrawStake.selector;
        selectors[4] = PoolHandler.contribute.selector;
        selectors[5] = PoolHandler.assign.selector;
        selectors[6] = PoolHandler.roll.selector;
        selectors[7] = PoolHandler.warp.selector;
        selectors[8] = PoolHandler.vote.selector;
        selectors[9] = PoolHandler.vote.selector; // votes weigh triple: they drive most state changes
        selectors[10] = PoolHandler.vote.selector;
        selectors[11] = PoolHandler.redraw.selector;
        selectors[12] = PoolHandler.settle.selector;
        selectors[13] = PoolHandler.fund.selector;
        selectors[14] = PoolHandler.claim.selector;
        selectors[15] = PoolHandler.assign.selector;
        selectors[16] = PoolHandler.revealGold.selector;
        targetContract(address(handler));
        targetSelector(address(handler), selectors);
    }

    function test_setUpDeploysThePool() public view {
        assertTrue(address(handler).code.length != 0, "handler deployed");
        assertTrue(address(pool).code.length != 0, "pool deployed");
    }

    /// @notice No reviewer's vote is counted twice on a contribution, nor on a contribution they made.
    /// hardhat-config: invariant.runs = 32
    /// hardhat-config: invariant.depth = 100
    function invariant_oneVotePerReviewerAndNeverOwn() public view {
        assertEq(handler.doubleVotes(), 0, "a reviewer voted twice on a contribution");
        assertEq(handler.selfReviews(), 0, "a contributor reviewed their own contribution");
    }

    /// @notice Votes come only from members drawn from the review's pool snapshot, and every seat of every
    /// review names a member index that was given before its commit.
    /// hardhat-config: invariant.runs = 32
    /// hardhat-config: invariant.depth = 100
    function invariant_assignmentsOnlyToMembers() public view {
        assertEq(handler.votesByNonMembers(), 0, "a vote from outside the review's pool");
        for (uint256 i; i < handler.CONTENT_SPACE(); ++i) {
            bytes32 h = handler.contentHash(i);
            IReviewerPool.AssignmentView memory a = pool.assignmentOf(datasetId, h);
            if (a.state == IReviewerPool.ReviewState.None || a.seed == 0) continue;
            assertLe(a.poolSize, handler.members(), "a review drawn over more members than joined");
            for (uint8 s; s < 16; ++s) {
                if ((a.activeSeats | a.votedSeats) & (uint16(1) << s) == 0) continue;
                uint32 index = pool.seatIndex(datasetId, h, s);
                assertTrue(index < a.poolSize, "a seat outside the pool snapshot");
                assertTrue(handler.memberAt(index) != address(0), "a seat with no member");
            }
        }
    }

    /// @notice Every token funded through the pool is paid or payable to a reviewer or a contributor, or is
    /// rounding dust: reviewer payouts + contributor payouts + dust = funded; and the pool holds exactly the
    /// stakes plus the reviewers' unpaid part.
    /// hardhat-config: invariant.runs = 32
    /// hardhat-config: invariant.depth = 100
    function invariant_payoutsConserveFunding() public view {
        uint256 funded = handler.ghostFunded();
        assertEq(
            handler.ghostReviewersPart() + handler.ghostContributorsCredited(),
            funded,
            "reviewers' part + contributors' part = funded"
        );
        IReviewerPool.PoolView memory p = pool.poolOf(datasetId);
        IRewardVault.PoolView memory v = vault.getPool(datasetId);
        assertEq(v.funded, handler.ghostContributorsCredited(), "the vault got the contributors' part");

        uint256 stakes;
        uint256 shares;
        uint256 reviewersOwed = handler.ghostReviewerClaimed() + p.held;
        uint256 contributorsOwed = handler.ghostContributorClaimed() + v.held;
        for (uint256 a; a < handler.ACTORS(); ++a) {
            address account = handler.actor(a);
            IReviewerPool.ReviewerView memory r = pool.reviewerOf(datasetId, account);
            stakes += r.stake;
            shares += r.agreed;
            reviewersOwed += pool.claimable(datasetId, account);
            contributorsOwed += vault.claimable(datasetId, account);
        }
        // Every reward share is a reviewer's agreeing review not forfeited on a gold item.
        assertEq(p.totalShares, shares, "total shares = the reviewers' agreeing reviews");
        // The reviewers' pool is their part of each funding plus slashed stakes.
        assertGe(p.funded, handler.ghostReviewersPart(), "reviewers' pool below their part");
        assertLe(reviewersOwed, p.funded, "reviewer payouts exceed the reviewers' pool");
        assertLe(contributorsOwed, v.funded, "contributor payouts exceed the contributors' part");
        // Dust: under one token unit per account and per funding or settlement, on each side.
        uint256 dustBound = (handler.fundings() + handler.settlements() + 1) * handler.ACTORS();
        assertLe(p.funded - reviewersOwed, dustBound, "reviewer-side dust");
        assertLe(v.funded - contributorsOwed, dustBound, "contributor-side dust");
        assertEq(
            handler.token().balanceOf(address(pool)),
            stakes + p.funded - handler.ghostReviewerClaimed(),
            "pool balance = stakes + reviewers' unpaid part"
        );
    }
}
