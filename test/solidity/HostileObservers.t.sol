// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IContributionRegistry} from "../../contracts/interfaces/IContributionRegistry.sol";
import {ICurationRegistry} from "../../contracts/interfaces/ICurationRegistry.sol";
import {IDatasetRegistry} from "../../contracts/interfaces/IDatasetRegistry.sol";
import {IRewardVault} from "../../contracts/interfaces/IRewardVault.sol";
import {HostileObserver} from "../../contracts/test/HostileObserver.sol";
import {CairnFixture} from "./utils/CairnFixture.sol";

/// @notice Nothing a dataset's creator chooses as its weight observer can revert another dataset's items, lock a
/// contributor in, brick acceptances or re-enter the registry: hostile observers that revert, burn gas, return
/// a bomb, have no code, or re-enter as the contribution's owner or the dataset's steward.
contract HostileObserversTest is CairnFixture {
    address private constant ALICE = address(0xA11CE);
    address private constant BOB = address(0xB0B);
    address private constant CURATOR = address(0xC0);

    HostileObserver private observer;
    uint256 private hostile; // quorum 0, observed by `observer`
    uint256 private plain; // quorum 0, no observer
    uint256 private nonce;

    function setUp() public override {
        super.setUp();
        observer = new HostileObserver();
        hostile = _createObserved(address(observer), new address[](0), 0);
        plain = _createDataset(new address[](0), 0, 50);
    }

    // ---------------------------------------------------------------- batches of several datasets

    function test_contributeBatch_hostileObserverCannotRevertOtherDatasetsItems() public {
        for (uint256 m = uint256(HostileObserver.Mode.Revert); m <= uint256(HostileObserver.Mode.ReturnBomb); ++m) {
            setUp();
            observer.setMode(HostileObserver.Mode(m));
            IContributionRegistry.ContributionInput[] memory items = new IContributionRegistry.ContributionInput[](4);
            items[0] = _item(hostile);
            items[1] = _item(plain);
            items[2] = _item(hostile);
            items[3] = _item(plain);
            vm.prank(ALICE);
            bytes4[] memory results = registry.contributeBatch(items);
            for (uint256 i; i < 4; ++i) assertEq(results[i], bytes4(0), "every item registered");
            assertEq(vault.weightOf(hostile, ALICE), 100, "the hostile dataset's items are accepted");
            assertEq(vault.weightOf(plain, ALICE), 100, "the other dataset's items are accepted");
            bool fails = m != uint256(HostileObserver.Mode.ReturnBomb);
            assertEq(vault.weightObserverFailedAt(hostile) == block.number, fails, "a failing observer is marked");
            // Once failed, the observer is never called again: a failure costs its budget once, ever.
            if (fails) {
                observer.setMode(HostileObserver.Mode.BurnGas);
                IContributionRegistry.ContributionInput memory next = _item(hostile);
                uint256 gasBefore = gasleft();
                vm.prank(ALICE);
                registry.contribute(hostile, next.contentHash, 1, next.cid, "");
                assertLe(gasBefore - gasleft(), 100_000, "a failed observer is not called again");
            }
        }
    }

    function test_contributeBatchBySig_hostileObserverCannotRevertOtherDatasetsItems() public {
        observer.setMode(HostileObserver.Mode.BurnGas);
        IContributionRegistry.SignedContribution[] memory items = new IContributionRegistry.SignedContribution[](2);
        items[0] = _signed(0xA1, hostile);
        items[1] = _signed(0xA2, plain);
        uint256 gasBefore = gasleft();
        bytes4[] memory results = registry.contributeBatchBySig(items);
        uint256 used = gasBefore - gasleft();
        assertEq(results[0], bytes4(0), "hostile dataset's item registered");
        assertEq(results[1], bytes4(0), "other dataset's item registered");
        assertEq(vault.weightOf(plain, vm.addr(0xA2)), 50, "other dataset's weight credited");
        // The whole budget is burned once, and only once.
        assertLe(used, vault.OBSERVER_GAS() + 200_000, "a gas-burning observer costs at most its budget");
    }

    function test_reviewBatch_hostileObserverCannotRevertOtherDatasetsVotes() public {
        address[] memory curators = new address[](1);
        curators[0] = CURATOR;
        uint256 curatedHostile = _createObserved(address(observer), curators, 1);
        uint256 curatedPlain = _createDataset(curators, 1, 50);
        observer.setMode(HostileObserver.Mode.Revert);
        bytes32 a = _contribute(ALICE, curatedHostile);
        bytes32 b = _contribute(ALICE, curatedPlain);
        ICurationRegistry.Review[] memory reviews = new ICurationRegistry.Review[](2);
        reviews[0] = ICurationRegistry.Review(curatedHostile, a, true, 70);
        reviews[1] = ICurationRegistry.Review(curatedPlain, b, true, 80);
        vm.prank(CURATOR);
        bytes4[] memory results = registry.reviewBatch(reviews);
        assertEq(results[0], bytes4(0), "vote in the hostile dataset counted");
        assertEq(results[1], bytes4(0), "vote in the other dataset counted");
        assertEq(vault.weightOf(curatedHostile, ALICE), 70, "acceptance stands in the hostile dataset");
        assertEq(vault.weightOf(curatedPlain, ALICE), 80, "acceptance stands in the other dataset");
    }

    // ---------------------------------------------------------------- no lock-in

    function test_transferAndWithdraw_succeedWhateverTheObserverDoes() public {
        bytes32 a = _contribute(ALICE, hostile);
        bytes32 b = _contribute(ALICE, hostile);
        observer.setMode(HostileObserver.Mode.BurnGas);
        vm.prank(ALICE);
        registry.transferContribution(hostile, a, BOB);
        vm.prank(ALICE);
        registry.withdrawContribution(hostile, b);
        vm.prank(BOB);
        registry.withdrawContribution(hostile, a);
        assertEq(vault.weightOf(hostile, ALICE), 0, "alice's weight left with her contributions");
        assertEq(vault.weightOf(hostile, BOB), 0, "bob's weight left with his withdrawal");
        assertEq(vault.getPool(hostile).totalWeight, 0, "no weight without a contribution");
    }

    function test_createDataset_revertsWhenObserverHasNoCode() public {
        address noCode = address(0xDEAD0B5);
        vm.expectRevert(abi.encodeWithSelector(IRewardVault.ObserverWithoutCode.selector, noCode));
        _createObserved(noCode, new address[](0), 0);
    }

    /// @notice The sender cannot hand the observer too little gas to make it fail on purpose.
    function test_observer_cannotBeStarvedToFail() public {
        IContributionRegistry.ContributionInput[] memory items = new IContributionRegistry.ContributionInput[](1);
        items[0] = _item(hostile);
        vm.prank(ALICE);
        (bool ok, bytes memory ret) = address(registry).call{gas: 200_000}(
            abi.encodeCall(IContributionRegistry.contributeBatch, (items))
        );
        assertFalse(ok, "too little gas for the observer reverts the transaction");
        assertEq(bytes4(ret), IRewardVault.InsufficientGasForObserver.selector, "with a clear error");
        assertEq(vault.weightObserverFailedAt(hostile), 0, "the observer is not marked failed");
        assertEq(observer.calls(), 0, "nor called");
    }

    // ---------------------------------------------------------------- re-entry (checks, effects, interactions)

    /// @notice An owner that is also the observer re-enters `withdrawContribution` from the vault's callback:
    /// the same contribution must not be withdrawn twice (which would remove weight another contribution backs).
    function test_withdraw_reenteringOwnerCannotWithdrawTwice() public {
        bytes32 a = _contributeAs(hostile);
        _contributeAs(hostile);
        observer.arm(address(registry), abi.encodeCall(IContributionRegistry.withdrawContribution, (hostile, a)));
        observer.execute(address(registry), abi.encodeCall(IContributionRegistry.withdrawContribution, (hostile, a)));

        assertTrue(observer.reentered(), "the observer tried");
        assertFalse(observer.reentrySucceeded(), "the re-entry is refused");
        assertEq(
            bytes4(observer.reentryError()),
            ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector,
            "by the guard"
        );
        assertEq(vault.weightOf(hostile, address(observer)), 50, "the other contribution's weight stays");
        assertEq(vault.getPool(hostile).totalWeight, 50, "total weight is what accepted contributions back");
    }

    /// @notice The same owner re-enters `transferContribution` to a second recipient: one contribution's weight
    /// must not be moved twice.
    function test_transfer_reenteringOwnerCannotTransferTwice() public {
        bytes32 a = _contributeAs(hostile);
        _contributeAs(hostile);
        observer.arm(address(registry), abi.encodeCall(IContributionRegistry.transferContribution, (hostile, a, BOB)));
        observer.execute(
            address(registry),
            abi.encodeCall(IContributionRegistry.transferContribution, (hostile, a, ALICE))
        );

        assertFalse(observer.reentrySucceeded(), "the re-entry is refused");
        assertEq(registry.getContribution(hostile, a).owner, ALICE, "one transfer, to alice");
        assertEq(vault.weightOf(hostile, ALICE), 50, "alice holds the contribution's weight");
        assertEq(vault.weightOf(hostile, BOB), 0, "bob holds nothing");
        assertEq(vault.weightOf(hostile, address(observer)), 50, "the owner keeps its other contribution's weight");
    }

    // ---------------------------------------------------------------- rules read once per batch

    /// @notice A steward that is also the observer closes its dataset from the callback of the batch's first
    /// acceptance. Whatever happens, no item may be registered while the dataset is not open: the rules a
    /// batch read once must hold for every following item.
    function test_contributeBatch_statusChangeDuringBatchCannotBeBypassed() public {
        uint256 id = _createObservedBy(address(observer), address(observer));
        observer.arm(
            address(registry),
            abi.encodeCall(IDatasetRegistry.setStatus, (id, IDatasetRegistry.DatasetStatus.Closed))
        );
        IContributionRegistry.ContributionInput[] memory items = new IContributionRegistry.ContributionInput[](3);
        for (uint256 i; i < 3; ++i) items[i] = _item(id);
        vm.prank(ALICE);
        bytes4[] memory results = registry.contributeBatch(items);

        bool closed = registry.getDataset(id).status == IDatasetRegistry.DatasetStatus.Closed;
        if (closed) {
            assertTrue(results[1] != bytes4(0) && results[2] != bytes4(0), "items after the close were registered");
        } else {
            assertFalse(observer.reentrySucceeded(), "the close from inside the batch was refused");
            for (uint256 i; i < 3; ++i) assertEq(results[i], bytes4(0), "every item registered in the open dataset");
        }
    }

    // ---------------------------------------------------------------- helpers

    function _createObserved(address observer_, address[] memory curators, uint8 quorum) private returns (uint256) {
        return registry.createDataset(_config(steward, observer_, curators, quorum));
    }

    function _createObservedBy(address steward_, address observer_) private returns (uint256) {
        return registry.createDataset(_config(steward_, observer_, new address[](0), 0));
    }

    function _config(
        address steward_,
        address observer_,
        address[] memory curators,
        uint8 quorum
    ) private view returns (IDatasetRegistry.DatasetConfig memory) {
        return
            IDatasetRegistry.DatasetConfig({
                steward: steward_,
                manifestCid: hex"0170",
                termsHash: TERMS,
                curators: curators,
                quorum: quorum,
                defaultScore: 50,
                rewardToken: address(token),
                weightObserver: observer_
            });
    }

    function _item(uint256 datasetId) private returns (IContributionRegistry.ContributionInput memory) {
        bytes32 h = keccak256(abi.encode("hostile observer item", ++nonce));
        return IContributionRegistry.ContributionInput(datasetId, h, 1, _cid(h), "");
    }

    function _contribute(address who, uint256 datasetId) private returns (bytes32 h) {
        IContributionRegistry.ContributionInput memory item = _item(datasetId);
        h = item.contentHash;
        vm.prank(who);
        registry.contribute(datasetId, h, 1, item.cid, "");
    }

    /// @notice The observer registers a contribution as its own (it becomes the owner).
    function _contributeAs(uint256 datasetId) private returns (bytes32 h) {
        IContributionRegistry.ContributionInput memory item = _item(datasetId);
        h = item.contentHash;
        observer.execute(
            address(registry),
            abi.encodeCall(IContributionRegistry.contribute, (datasetId, h, 1, item.cid, bytes("")))
        );
    }

    function _signed(
        uint256 key,
        uint256 datasetId
    ) private returns (IContributionRegistry.SignedContribution memory item) {
        bytes32 h = keccak256(abi.encode("hostile observer signed", ++nonce));
        item = IContributionRegistry.SignedContribution({
            datasetId: datasetId,
            contentHash: h,
            size: 1,
            deadline: uint64(block.timestamp + 1 days),
            contributor: address(0),
            cid: _cid(h),
            metadataCid: "",
            signature: ""
        });
        item.signature = _sign(key, item, TERMS);
    }
}
