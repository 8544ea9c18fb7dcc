// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IContributionRegistry} from "../../contracts/interfaces/IContributionRegistry.sol";
import {HostileERC1271Wallet} from "../../contracts/test/HostileERC1271Wallet.sol";
import {CairnFixture} from "./utils/CairnFixture.sol";

/// @notice An ERC-1271 wallet's `isValidSignature` gets a fixed gas budget: a wallet that burns gas or returns a
/// bomb costs a relayer's batch at most `ERC1271_GAS` (plus the item's own cost), and the rest of the batch
/// is registered. A sender cannot starve a wallet's check to make a valid signature fail.
contract HostileWalletsTest is CairnFixture {
    uint256 private datasetId;
    uint256 private nonce;

    function setUp() public override {
        super.setUp();
        datasetId = _createDataset(new address[](0), 0, 50);
    }

    function test_contributeBatchBySig_gasBurningWalletCostsAtMostItsBudget() public {
        HostileERC1271Wallet burner = new HostileERC1271Wallet(false);
        IContributionRegistry.SignedContribution[] memory items = new IContributionRegistry.SignedContribution[](2);
        items[0] = _named(address(burner));
        items[1] = _signedBy(0xB1);
        uint256 gasBefore = gasleft();
        bytes4[] memory results = registry.contributeBatchBySig(items);
        uint256 used = gasBefore - gasleft();

        assertEq(results[0], IContributionRegistry.InvalidSignature.selector, "the burner's item is skipped");
        assertEq(results[1], bytes4(0), "the next item is registered");
        // Budget + the burner's item (checks, event) + one registered item with its acceptance.
        assertLe(used, registry.ERC1271_GAS() + 150_000, "one wallet costs the batch at most its budget");
    }

    function test_contributeBatchBySig_returnBombCostsLittle() public {
        HostileERC1271Wallet bomb = new HostileERC1271Wallet(true);
        IContributionRegistry.SignedContribution[] memory items = new IContributionRegistry.SignedContribution[](1);
        items[0] = _named(address(bomb));
        uint256 gasBefore = gasleft();
        bytes4[] memory results = registry.contributeBatchBySig(items);
        uint256 used = gasBefore - gasleft();
        // The wallet approves (its answer starts with the magic value): its own contribution is registered.
        assertEq(results[0], bytes4(0), "the wallet's approval is honoured");
        assertLe(used, 150_000, "64 KiB of answer are not copied");
    }

    function test_contributeBatchBySig_revertsWhenTheWalletCannotGetItsBudget() public {
        HostileERC1271Wallet burner = new HostileERC1271Wallet(false);
        IContributionRegistry.SignedContribution[] memory items = new IContributionRegistry.SignedContribution[](1);
        items[0] = _named(address(burner));
        (bool ok, bytes memory ret) = address(registry).call{gas: 90_000}(
            abi.encodeCall(IContributionRegistry.contributeBatchBySig, (items))
        );
        assertFalse(ok, "a starved signature check reverts the transaction, not the item");
        assertEq(bytes4(ret), IContributionRegistry.InsufficientGasForSignatureCheck.selector, "with a clear error");
    }

    function _named(address wallet) private returns (IContributionRegistry.SignedContribution memory item) {
        item = _item();
        item.contributor = wallet;
        item.signature = new bytes(65);
    }

    function _signedBy(uint256 key) private returns (IContributionRegistry.SignedContribution memory item) {
        item = _item();
        item.signature = _sign(key, item, TERMS);
    }

    function _item() private returns (IContributionRegistry.SignedContribution memory) {
        bytes32 h = keccak256(abi.encode("hostile wallet item", ++nonce));
        return
            IContributionRegistry.SignedContribution({
                datasetId: datasetId,
                contentHash: h,
                size: 1,
                deadline: uint64(block.timestamp + 1 days),
                contributor: address(0),
                cid: _cid(h),
                metadataCid: "",
                signature: ""
            });
    }
}
