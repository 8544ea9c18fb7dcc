// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IRewardVault} from "../../contracts/interfaces/IRewardVault.sol";
import {FeeOnTransferToken} from "../../contracts/test/FeeOnTransferToken.sol";
import {IDatasetRegistry} from "../../contracts/interfaces/IDatasetRegistry.sol";
import {CairnFixture} from "./utils/CairnFixture.sol";

/// @notice Fuzzed rewards: each account earns its pro-rata share of every funding, within a wei per funding,
/// and the vault never owes more than it was funded.
contract RewardsTest is CairnFixture {
    uint256 private constant ACCOUNTS = 6;
    uint256 private constant MAX_FUNDING = 1e30;
    address private constant CURATOR = address(0xC0);
    address private constant SPONSOR = address(0x5905);

    uint256 private datasetId;
    uint256 private contentNonce;

    function setUp() public override {
        super.setUp();
        address[] memory curators = new address[](1);
        curators[0] = CURATOR;
        datasetId = _createDataset(curators, 1, 50);
        vm.prank(SPONSOR);
        token.approve(address(vault), type(uint256).max);
    }

    /// @notice Static weights, several fundings: claimable_i ≈ Σ amount * w_i / W.
    function test_claimable_isProRataShareOfEveryFunding(
        uint256[ACCOUNTS] memory scores,
        uint256[4] memory fundings
    ) public {
        uint256 totalWeight;
        uint256[ACCOUNTS] memory weights;
        for (uint256 i; i < ACCOUNTS; ++i) {
            // Score 0 here means "no contribution", so some accounts hold no weight.
            weights[i] = bound(scores[i], 0, 100);
            if (weights[i] != 0) _accept(_account(i), uint8(weights[i]));
            totalWeight += weights[i];
        }
        vm.assume(totalWeight != 0);
        assertEq(vault.getPool(datasetId).totalWeight, totalWeight, "total weight");

        uint256 funded;
        for (uint256 f; f < fundings.length; ++f) {
            uint256 amount = bound(fundings[f], 1, MAX_FUNDING);
            _fund(amount);
            funded += amount;
        }

        uint256 sumClaimable;
        for (uint256 i; i < ACCOUNTS; ++i) {
            uint256 claimable = vault.claimable(datasetId, _account(i));
            uint256 expected = (funded * weights[i]) / totalWeight;
            assertLe(claimable, expected, "claimable exceeds the pro-rata share");
            assertApproxEq(claimable, expected, fundings.length, "claimable is the pro-rata share");
            sumClaimable += claimable;
        }
        assertLe(sumClaimable, funded, "sum of claimables exceeds funded");
        _claimAllAndCheck(funded);
    }

    /// @notice Weights change between fundings (acceptances, withdrawals, transfers); every account earns, per
    /// funding, its share of the weight at that moment, and funding that found no weight waits for the first.
    function test_claimable_followsWeightAtEachFunding(uint256[12] memory steps) public {
        uint256[ACCOUNTS] memory expected;
        uint256[ACCOUNTS] memory weights;
        bytes32[ACCOUNTS] memory lastContent;
        uint256 totalWeight;
        uint256 held;
        uint256 funded;
        uint256 fundings;

        for (uint256 s; s < steps.length; ++s) {
            uint256 seed = steps[s];
            uint256 i = (seed >> 8) % ACCOUNTS;
            uint256 action = seed % 4;
            if (action == 0) {
                uint256 amount = bound(seed >> 16, 1, MAX_FUNDING);
                _fund(amount);
                funded += amount;
                ++fundings;
                if (totalWeight == 0) {
                    held += amount;
                } else {
                    for (uint256 j; j < ACCOUNTS; ++j) expected[j] += (amount * weights[j]) / totalWeight;
                }
            } else if (action == 1 || lastContent[i] == bytes32(0)) {
                uint8 score = uint8(bound(seed >> 16, 1, 100));
                lastContent[i] = _accept(_account(i), score);
                // Funding held while no weight existed is released over time, and no time passes here: the
                // first weight after a weightless period takes none of it at once.
                weights[i] += score;
                totalWeight += score;
            } else if (action == 2) {
                uint256 score = registry.getContribution(datasetId, lastContent[i]).score;
                vm.prank(_account(i));
                registry.withdrawContribution(datasetId, lastContent[i]);
                lastContent[i] = bytes32(0);
                weights[i] -= score;
                totalWeight -= score;
            } else {
                uint256 to = (seed >> 16) % ACCOUNTS;
                uint256 score = registry.getContribution(datasetId, lastContent[i]).score;
                vm.prank(_account(i));
                registry.transferContribution(datasetId, lastContent[i], _account(to));
                (lastContent[to], lastContent[i]) = (lastContent[i], bytes32(0));
                weights[i] -= score;
                weights[to] += score;
            }
        }

        uint256 sumClaimable;
        for (uint256 i; i < ACCOUNTS; ++i) {
            uint256 claimable = vault.claimable(datasetId, _account(i));
            // Per-funding floors on both sides: within a wei per funding of each other (and one for the held pool).
            assertApproxEq(claimable, expected[i], fundings + 1, "claimable is the share");
            assertEq(vault.weightOf(datasetId, _account(i)), weights[i], "weight");
            sumClaimable += claimable;
        }
        assertEq(vault.getPool(datasetId).held, held, "held");
        assertLe(sumClaimable + held, funded, "claimables and held exceed funded");
        _claimAllAndCheck(funded);
    }

    /// @notice Funding that arrived before any weight is released over `HELD_RELEASE_PERIOD` to whoever holds
    /// weight meanwhile: the first registrant earns it alone only until the second arrives, then pro rata, so it
    /// never takes the pre-funded pool when someone joins before the period ends.
    function test_heldFunding_isSharedWithThoseWhoJoinDuringTheRelease(
        uint256 amount,
        uint256 delay,
        uint8 firstScore,
        uint8 secondScore
    ) public {
        amount = bound(amount, 1, MAX_FUNDING);
        uint256 period = vault.HELD_RELEASE_PERIOD();
        delay = bound(delay, 0, period - 1);
        uint256 s1 = bound(firstScore, 1, 100);
        uint256 s2 = bound(secondScore, 1, 100);
        _fund(amount);
        // Time without weight does not count.
        vm.warp(block.timestamp + 5 days);
        _accept(_account(0), uint8(s1));
        assertEq(vault.claimable(datasetId, _account(0)), 0, "nothing is released at once");
        vm.warp(block.timestamp + delay);
        _accept(_account(1), uint8(s2));
        vm.warp(block.timestamp + period);

        uint256 alone = (amount * delay) / period;
        uint256 rest = amount - alone;
        uint256 first = vault.claimable(datasetId, _account(0));
        uint256 second = vault.claimable(datasetId, _account(1));
        assertApproxEq(first, alone + (rest * s1) / (s1 + s2), 2, "first: alone, then pro rata");
        assertApproxEq(second, (rest * s2) / (s1 + s2), 2, "second: its share of what was left");
        assertLe(first + second, amount, "no more than funded");
        assertEq(vault.getPool(datasetId).held, 0, "all released");
        if (rest * s2 >= 2 * (s1 + s2)) assertTrue(first < amount, "the first registrant did not take it all");
        _claimAllAndCheck(amount);
    }

    /// @notice The release pauses while no weight exists: the time left is kept for the next weight.
    function test_heldFunding_releasePausesWithoutWeight(uint256 amount, uint256 half, uint256 gap) public {
        amount = bound(amount, 1, MAX_FUNDING);
        uint256 period = vault.HELD_RELEASE_PERIOD();
        half = bound(half, 1, period - 1);
        gap = bound(gap, 0, 3650 days);
        _fund(amount);
        bytes32 first = _accept(_account(0), 50);
        vm.warp(block.timestamp + half);
        vm.prank(_account(0));
        registry.withdrawContribution(datasetId, first);
        uint256 released = (amount * half) / period;
        assertApproxEq(vault.claimable(datasetId, _account(0)), released, 1, "released while weight existed");
        vm.warp(block.timestamp + gap);
        (uint256 held, uint256 left) = vault.heldRelease(datasetId);
        assertEq(held, amount - released, "held while no weight");
        assertEq(left, period - half, "the clock stopped");
        _accept(_account(1), 30);
        vm.warp(block.timestamp + period - half);
        assertApproxEq(vault.claimable(datasetId, _account(1)), amount - released, 1, "the rest to the next weight");
        _claimAllAndCheck(amount);
    }

    /// @notice A fee-on-transfer token is credited with what arrived, and pays out no more than that.
    function test_fund_feeOnTransferCreditsWhatArrived(uint256 amount, uint256 feeBps, uint8 score) public {
        amount = bound(amount, 1, MAX_FUNDING);
        FeeOnTransferToken fee = new FeeOnTransferToken(bound(feeBps, 0, 5_000));
        address[] memory curators = new address[](1);
        curators[0] = CURATOR;
        uint256 id = registry.createDataset(
            IDatasetRegistry.DatasetConfig({
                steward: steward,
                manifestCid: hex"0170",
                termsHash: TERMS,
                curators: curators,
                quorum: 0,
                defaultScore: uint8(bound(score, 1, 100)),
                rewardToken: address(fee),
                weightObserver: address(0)
            })
        );
        vm.prank(_account(0));
        registry.contribute(id, keccak256("x"), 1, _cid(keccak256("x")), "");

        fee.mint(SPONSOR, amount);
        uint256 arriving = amount - (amount * fee.feeBps()) / 10_000;
        vm.startPrank(SPONSOR);
        fee.approve(address(vault), amount);
        if (arriving == 0) {
            vm.expectRevert(abi.encodeWithSelector(IRewardVault.ZeroAmount.selector));
            vault.fund(id, amount);
            vm.stopPrank();
            return;
        }
        uint256 credited = vault.fund(id, amount);
        vm.stopPrank();
        assertEq(credited, arriving, "credited");
        assertEq(vault.getPool(id).funded, arriving, "funded");
        assertLe(vault.claimable(id, _account(0)), arriving, "claimable");
        assertApproxEq(vault.claimable(id, _account(0)), arriving, 1, "the only account earns it all");
        if (vault.claimable(id, _account(0)) != 0) vault.claim(id, _account(0));
        assertLe(fee.balanceOf(address(vault)), 1, "dust only");
    }

    // ---------------------------------------------------------------- helpers

    function _account(uint256 i) private pure returns (address) {
        return address(uint160(0xA000 + i));
    }

    /// @dev Registers a new contribution from `account` and accepts it with `score`; returns its content hash.
    function _accept(address account, uint8 score) private returns (bytes32 contentHash) {
        contentHash = keccak256(abi.encode("content", ++contentNonce));
        vm.prank(account);
        registry.contribute(datasetId, contentHash, 1, _cid(contentHash), "");
        vm.prank(CURATOR);
        registry.review(datasetId, contentHash, true, score);
    }

    function _fund(uint256 amount) private {
        token.mint(SPONSOR, amount);
        vm.prank(SPONSOR);
        vault.fund(datasetId, amount);
    }

    /// @dev Claims for every account (anyone may trigger it); each receives exactly its claimable, and the
    /// vault keeps only the rounding dust and anything still held.
    function _claimAllAndCheck(uint256 funded) private {
        uint256 paid;
        for (uint256 i; i < ACCOUNTS; ++i) {
            address account = _account(i);
            uint256 claimable = vault.claimable(datasetId, account);
            if (claimable == 0) continue;
            uint256 before = token.balanceOf(account);
            vm.prank(address(0xBEEF));
            vault.claim(datasetId, account);
            assertEq(token.balanceOf(account) - before, claimable, "paid the claimable");
            assertEq(vault.claimable(datasetId, account), 0, "nothing left to claim");
            paid += claimable;
        }
        assertEq(token.balanceOf(address(vault)), funded - paid, "vault keeps the rest");
    }
}
