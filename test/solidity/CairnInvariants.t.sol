// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CairnRegistry} from "../../contracts/CairnRegistry.sol";
import {RewardVault} from "../../contracts/RewardVault.sol";
import {IContributionRegistry} from "../../contracts/interfaces/IContributionRegistry.sol";
import {IRewardVault} from "../../contracts/interfaces/IRewardVault.sol";
import {CairnTest} from "./utils/CairnTest.sol";
import {CairnHandler} from "./actors/CairnHandler.sol";
import {WeightLedger} from "./actors/WeightLedger.sol";

/// @notice Protocol invariants under random sequences of operations by `CairnHandler`'s actors.
/// @dev Each `invariant_*` function is its own campaign. Runs and depth are set inline (32 x 100 calls each)
/// instead of EDR's 256 x 500 default, so that `npx hardhat test solidity` stays within a few minutes on two
/// cores; raise them in `hardhat.config.ts` (`test.solidity.invariant`) for a long run.
contract CairnInvariantsTest is CairnTest {
    CairnRegistry private registry;
    RewardVault private vault;
    CairnHandler private handler;

    function setUp() public {
        registry = new CairnRegistry();
        vault = RewardVault(registry.rewardVault());
        handler = new CairnHandler(registry);

        bytes4[] memory selectors = new bytes4[](15);
        selectors[0] = CairnHandler.createDataset.selector;
        selectors[1] = CairnHandler.setReviewPolicy.selector;
        selectors[2] = CairnHandler.toggleCurator.selector;
        selectors[3] = CairnHandler.setStatus.selector;
        selectors[4] = CairnHandler.warp.selector;
        selectors[5] = CairnHandler.contribute.selector;
        selectors[6] = CairnHandler.contributeBatch.selector;
        selectors[7] = CairnHandler.contributeBySig.selector;
        selectors[8] = CairnHandler.review.selector;
        selectors[9] = CairnHandler.review.selector; // reviews weigh double: they drive most state changes
        selectors[10] = CairnHandler.transfer.selector;
        selectors[11] = CairnHandler.withdraw.selector;
        selectors[12] = CairnHandler.fund.selector;
        selectors[13] = CairnHandler.claim.selector;
        selectors[14] = CairnHandler.confirm.selector;
        targetContract(address(handler));
        targetSelector(address(handler), selectors);
    }

    /// @notice For every dataset: claimed + claimable (+ funding still held for the first weight) <= funded,
    /// and the vault's `funded` is exactly what the fundings credited.
    /// hardhat-config: invariant.runs = 32
    /// hardhat-config: invariant.depth = 100
    function invariant_claimedPlusClaimableNeverExceedsFunded() public view {
        for (uint256 d; d < handler.datasetCount(); ++d) {
            uint256 datasetId = handler.datasets(d);
            IRewardVault.PoolView memory pool = vault.getPool(datasetId);
            assertEq(pool.funded, handler.ghostFunded(datasetId), "funded is what the fundings credited");
            uint256 owed = handler.ghostClaimed(datasetId) + pool.held;
            for (uint256 a; a < handler.ACTORS(); ++a) owed += vault.claimable(datasetId, handler.actor(a));
            assertLe(owed, pool.funded, "claimed + claimable + held exceeds funded");
        }
    }

    /// @notice For every token: the vault holds exactly funded - claimed over its datasets, which covers
    /// every claimable amount and every held funding.
    /// hardhat-config: invariant.runs = 32
    /// hardhat-config: invariant.depth = 100
    function invariant_vaultBalanceCoversEveryClaim() public view {
        address[2] memory tokens = [address(handler.plainToken()), address(handler.feeToken())];
        for (uint256 t; t < tokens.length; ++t) {
            uint256 unpaid;
            uint256 owed;
            for (uint256 d; d < handler.datasetCount(); ++d) {
                uint256 datasetId = handler.datasets(d);
                if (handler.tokenOf(datasetId) != tokens[t]) continue;
                unpaid += handler.ghostFunded(datasetId) - handler.ghostClaimed(datasetId);
                owed += vault.getPool(datasetId).held;
                for (uint256 a; a < handler.ACTORS(); ++a) owed += vault.claimable(datasetId, handler.actor(a));
            }
            uint256 balance = IBalance(tokens[t]).balanceOf(address(vault));
            assertEq(balance, unpaid, "vault balance is funded - claimed");
            assertGe(balance, owed, "vault balance does not cover what it owes");
        }
    }

    /// @notice For every dataset: total weight = Σ scores of accepted (not withdrawn) contributions
    /// = Σ account weights; each account's weight = Σ scores of the accepted contributions it owns; and the
    /// weight observer, told of every move, agrees.
    /// hardhat-config: invariant.runs = 32
    /// hardhat-config: invariant.depth = 100
    function invariant_weightIsSumOfAcceptedScores() public view {
        uint256 actors = handler.ACTORS();
        for (uint256 d; d < handler.datasetCount(); ++d) {
            uint256 datasetId = handler.datasets(d);
            uint256[] memory owned = new uint256[](actors);
            uint256 acceptedScores;
            for (uint256 i; i < handler.CONTENT_SPACE(); ++i) {
                bytes32 h = handler.contentHash(i);
                if (handler.ghostRegistrations(datasetId, h) == 0) continue;
                IContributionRegistry.ContributionView memory c = registry.getContribution(datasetId, h);
                if (c.status != IContributionRegistry.ContributionStatus.Accepted) continue;
                acceptedScores += c.score;
                owned[_actorIndex(c.owner)] += c.score;
            }
            uint256 accountWeights;
            WeightLedger ledger = handler.ledgerOf(datasetId);
            for (uint256 a; a < actors; ++a) {
                address account = handler.actor(a);
                uint256 weight = vault.weightOf(datasetId, account);
                assertEq(weight, owned[a], "account weight = scores of its accepted contributions");
                if (address(ledger) != address(0)) assertEq(ledger.balanceOf(account), weight, "observer weight");
                accountWeights += weight;
            }
            uint256 totalWeight = vault.getPool(datasetId).totalWeight;
            assertEq(totalWeight, acceptedScores, "total weight = scores of accepted contributions");
            assertEq(totalWeight, accountWeights, "total weight = sum of account weights");
            if (address(ledger) != address(0)) assertEq(ledger.total(), totalWeight, "observer total");
        }
    }

    /// @notice A content hash is registered at most once per dataset, and the first registrant stays its contributor.
    /// hardhat-config: invariant.runs = 32
    /// hardhat-config: invariant.depth = 100
    function invariant_contentRegisteredAtMostOnce() public view {
        for (uint256 d; d < handler.datasetCount(); ++d) {
            uint256 datasetId = handler.datasets(d);
            for (uint256 i; i < handler.CONTENT_SPACE(); ++i) {
                bytes32 h = handler.contentHash(i);
                uint256 registrations = handler.ghostRegistrations(datasetId, h);
                assertLe(registrations, 1, "content registered twice");
                if (registrations == 1) {
                    assertEq(
                        registry.getContribution(datasetId, h).contributor,
                        handler.ghostFirstContributor(datasetId, h),
                        "the first registrant is the contributor"
                    );
                }
            }
        }
    }

    /// @notice Statuses only move None -> Pending | Accepted | Provisional, Pending | Provisional -> Accepted |
    /// Rejected | Withdrawn, Accepted | Rejected -> Withdrawn, never back (checked by the handler after every
    /// operation).
    /// hardhat-config: invariant.runs = 32
    /// hardhat-config: invariant.depth = 100
    function invariant_statusOnlyMovesForward() public view {
        if (handler.illegalTransitions() != 0) fail(handler.lastIllegalTransition());
    }

    /// @notice Every operation had the outcome the rules give it: registered iff open and new, duplicates
    /// refused as duplicates, spoiled signatures refused, claims paid what was claimable, fundings credited
    /// what arrived, withdrawals kept earnings.
    /// hardhat-config: invariant.runs = 32
    /// hardhat-config: invariant.depth = 100
    function invariant_operationsFollowTheRules() public view {
        if (handler.unexpectedOutcomes() != 0) fail(handler.lastUnexpectedOutcome());
    }

    function _actorIndex(address account) private view returns (uint256) {
        for (uint256 a; a < handler.ACTORS(); ++a) if (handler.actor(a) == account) return a;
        fail("an owner outside the actors");
    }
}

/// @notice The one ERC-20 read the suite needs.
interface IBalance {
    function balanceOf(address account) external view returns (uint256);
}
