// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CairnRegistry} from "../../contracts/CairnRegistry.sol";
import {IModelRegistry} from "../../contracts/interfaces/IModelRegistry.sol";
import {IReleaseRegistry} from "../../contracts/interfaces/IReleaseRegistry.sol";
import {CairnTest} from "./utils/CairnTest.sol";
import {DividendHandler} from "./actors/DividendHandler.sol";
import {ReleaseTree} from "./utils/ReleaseTree.sol";

interface IBalanceOf {
    function balanceOf(address account) external view returns (uint256);
}

/// @notice Data-dividend invariants under random sequences of registrations, payments and claims.
contract DividendInvariantsTest is CairnTest {
    DividendHandler private handler;
    IModelRegistry private models;

    function setUp() public {
        handler = new DividendHandler(new CairnRegistry());
        models = handler.models();
        bytes4[] memory selectors = new bytes4[](5);
        selectors[0] = DividendHandler.registerModel.selector;
        selectors[1] = DividendHandler.pay.selector;
        selectors[2] = DividendHandler.claim.selector;
        selectors[3] = DividendHandler.claim.selector; // claims weigh double
        selectors[4] = DividendHandler.claimForged.selector;
        targetContract(address(handler));
        targetSelector(address(handler), selectors);
    }

    /// @notice Per release and token: paid = claimable + claimed + dust, dust below one unit per payment and leaf,
    /// and the contract's books equal what the payments credited and the claims paid.
    /// hardhat-config: invariant.runs = 32
    /// hardhat-config: invariant.depth = 60
    function invariant_paidIsClaimablePlusClaimedPlusDust() public view {
        address[2] memory tokens = handler.tokens();
        for (uint256 r; r < handler.RELEASES(); ++r) {
            uint256 releaseId = handler.releaseIds(r);
            IReleaseRegistry.Leaf[] memory leaves = handler.leaves(r);
            for (uint256 t; t < tokens.length; ++t) {
                IModelRegistry.ReleaseDividend memory d = models.getReleaseDividend(releaseId, tokens[t]);
                assertEq(d.paid, handler.ghostPaid(releaseId, tokens[t]), "paid is what the payments credited");
                assertEq(d.claimed, handler.ghostClaimed(releaseId, tokens[t]), "claimed is what the claims paid");
                uint256 claimable;
                for (uint256 i; i < leaves.length; ++i) {
                    (, bytes32[] memory proof) = ReleaseTree.build(leaves, i);
                    claimable += models.claimableDividend(releaseId, tokens[t], leaves[i], proof);
                }
                assertLe(claimable + d.claimed, d.paid, "claimable + claimed exceeds paid");
                uint256 dust = d.paid - claimable - d.claimed;
                assertLe(dust, handler.ghostPayments(releaseId, tokens[t]) + leaves.length, "dust too large");
            }
        }
    }

    /// @notice No leaf ever claims beyond its share: score / totalScore of what its release was paid.
    /// hardhat-config: invariant.runs = 32
    /// hardhat-config: invariant.depth = 60
    function invariant_noLeafClaimsBeyondItsShare() public view {
        address[2] memory tokens = handler.tokens();
        for (uint256 r; r < handler.RELEASES(); ++r) {
            uint256 releaseId = handler.releaseIds(r);
            uint256 total = handler.totalScore(r);
            for (uint256 i; i < handler.leafCount(r); ++i) {
                IReleaseRegistry.Leaf memory leaf = handler.leaf(r, i);
                bytes32 hash = ReleaseTree.leafHash(leaf);
                for (uint256 t; t < tokens.length; ++t) {
                    uint256 claimed = models.claimedDividend(releaseId, tokens[t], hash);
                    assertEq(claimed, handler.ghostLeafClaimed(releaseId, tokens[t], hash), "leaf books");
                    assertLe(claimed, (handler.ghostPaid(releaseId, tokens[t]) * leaf.score) / total, "beyond share");
                }
            }
        }
    }

    /// @notice Forged leaves, changed owners and other releases' leaves are never paid, and every claim paid
    /// exactly what was claimable; the contract holds exactly paid - claimed per token.
    /// hardhat-config: invariant.runs = 32
    /// hardhat-config: invariant.depth = 60
    function invariant_nonMembersNeverClaimAndBalancesMatch() public view {
        assertEq(handler.unexpectedOutcomes(), 0, handler.lastUnexpectedOutcome());
        address[2] memory tokens = handler.tokens();
        for (uint256 t; t < tokens.length; ++t) {
            uint256 unpaid;
            for (uint256 r; r < handler.RELEASES(); ++r) {
                uint256 releaseId = handler.releaseIds(r);
                unpaid += handler.ghostPaid(releaseId, tokens[t]) - handler.ghostClaimed(releaseId, tokens[t]);
            }
            assertEq(IBalanceOf(tokens[t]).balanceOf(address(models)), unpaid, "balance is paid - claimed");
        }
    }
}
