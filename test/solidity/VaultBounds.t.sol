// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RewardVault} from "../../contracts/RewardVault.sol";
import {IRewardVault} from "../../contracts/interfaces/IRewardVault.sol";
import {TestToken} from "../../contracts/test/TestToken.sol";
import {CairnTest} from "./utils/CairnTest.sol";

/// @notice The vault's arithmetic holds for every amount a pool admits (funded < 2^128) and every weight an
/// account can hold (uint64), whatever the order: the largest funding over the smallest weight, then the
/// largest weights. This test contract deploys the vault itself, so it is the vault's registry and sets
/// weights directly, far beyond what scores of 1..100 would reach.
contract VaultBoundsTest is CairnTest {
    uint256 private constant DATASET = 1;
    uint256 private constant MAX_FUNDED = type(uint128).max;
    address private constant FIRST = address(0xF1);
    address private constant LATE = address(0x1A7E);
    address private constant MOVED = address(0x30FE);

    RewardVault private vault;
    TestToken private token;

    function setUp() public {
        vault = new RewardVault();
        token = new TestToken("Reward", "RWD");
        vault.setRewardToken(DATASET, address(token));
        token.approve(address(vault), type(uint256).max);
    }

    /// @notice The historical failure: 2^128 - 1 funded over weight 1, then weight added by another account.
    /// With a signed int192 debt the acceptance reverted (2^20 * 2^188 > 2^191).
    function test_addWeight_afterMaximalFundingOverMinimalWeight() public {
        vault.addWeight(DATASET, FIRST, 1);
        _fund(MAX_FUNDED);
        vault.addWeight(DATASET, LATE, type(uint64).max - 1);
        assertEq(vault.claimable(DATASET, LATE), 0, "late weight earns nothing of earlier funding");
        assertEq(vault.claimable(DATASET, FIRST), MAX_FUNDED, "the first account earned everything");
        vault.claim(DATASET, FIRST);
        assertEq(token.balanceOf(FIRST), MAX_FUNDED, "and is paid everything");
    }

    /// @notice Any funding up to the cap over any weight, then any weight added, moved and removed, then
    /// a second funding up to the cap: nothing reverts, nobody is owed more than was funded, and the late
    /// account earns exactly its share of the second funding.
    function testFuzz_extremeFundingsAndWeights(
        uint64 firstWeight,
        uint64 lateWeight,
        uint64 moved,
        uint128 amount1,
        uint128 amount2,
        bool remove
    ) public {
        firstWeight = uint64(bound(firstWeight, 1, type(uint64).max / 2));
        lateWeight = uint64(bound(lateWeight, 1, type(uint64).max / 2));
        amount1 = uint128(bound(amount1, 1, MAX_FUNDED - 1));
        amount2 = uint128(bound(amount2, 1, MAX_FUNDED - amount1));
        moved = uint64(bound(moved, 0, lateWeight));

        vault.addWeight(DATASET, FIRST, firstWeight);
        _fund(amount1);
        vault.addWeight(DATASET, LATE, lateWeight);
        assertEq(vault.claimable(DATASET, LATE), 0, "late weight earns nothing of earlier funding");
        if (moved != 0) vault.moveWeight(DATASET, LATE, MOVED, moved);
        if (remove) vault.removeWeight(DATASET, FIRST, firstWeight);
        _fund(amount2);

        uint256 total = vault.getPool(DATASET).totalWeight;
        uint256 first = vault.claimable(DATASET, FIRST);
        uint256 late = vault.claimable(DATASET, LATE);
        uint256 other = vault.claimable(DATASET, MOVED);
        assertLe(first + late + other, uint256(amount1) + amount2, "owed exceeds funded");
        // Each account's share of the second funding, floored at most twice (the step and the claim).
        uint256 lateShare = (uint256(amount2) * (lateWeight - moved)) / total;
        assertApproxEq(late, lateShare, 2 + uint256(lateWeight) / 1e18, "late account's share of the second funding");
        uint256 paid;
        if (first != 0) paid += vault.claim(DATASET, FIRST);
        if (late != 0) paid += vault.claim(DATASET, LATE);
        if (other != 0) paid += vault.claim(DATASET, MOVED);
        assertLe(paid, uint256(amount1) + amount2, "paid exceeds funded");
        assertEq(token.balanceOf(address(vault)), uint256(amount1) + amount2 - paid, "the vault keeps the rest");
    }

    /// @notice A funding that would take a pool past 2^128 - 1 fails at the entrance, with a clear error.
    function test_fund_revertsPastTheCap() public {
        vault.addWeight(DATASET, FIRST, 1);
        _fund(MAX_FUNDED);
        token.mint(address(this), 1);
        vm.expectRevert(abi.encodeWithSelector(IRewardVault.FundingCapExceeded.selector, DATASET, MAX_FUNDED, 1));
        vault.fund(DATASET, 1);
    }

    function _fund(uint256 amount) private {
        token.mint(address(this), amount);
        vault.fund(DATASET, amount);
    }
}
