// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IContributionRegistry} from "../../contracts/interfaces/IContributionRegistry.sol";
import {ERC1271Wallet} from "../../contracts/test/ERC1271Wallet.sol";
import {CairnFixture} from "./utils/CairnFixture.sol";

/// @notice Fuzzed registration: first registration wins for any content, and a signed contribution is
/// valid exactly as signed — any changed field, other terms or a late submission make it fail.
contract ContributionsTest is CairnFixture {
    uint256 private datasetId;
    uint256 private twinDatasetId;

    function setUp() public override {
        super.setUp();
        address[] memory curators = _curators(0xC0, 1);
        datasetId = _createDataset(curators, 1, 50);
        twinDatasetId = _createDataset(curators, 1, 50);
    }

    // ---------------------------------------------------------------- duplicates

    function test_contribute_revertsWhenDuplicate(
        bytes32 contentHash,
        address first,
        address second,
        uint64 size
    ) public {
        vm.assume(contentHash != bytes32(0) && first != address(0) && second != address(0));
        vm.prank(first);
        registry.contribute(datasetId, contentHash, size, _cid(contentHash), "");

        vm.expectRevert(
            abi.encodeWithSelector(IContributionRegistry.DuplicateContribution.selector, datasetId, contentHash, first)
        );
        vm.prank(second);
        registry.contribute(datasetId, contentHash, size, _cid(bytes32(uint256(contentHash) ^ 1)), "");

        IContributionRegistry.ContributionView memory c = registry.getContribution(datasetId, contentHash);
        assertEq(c.contributor, first, "the first registration wins");
    }

    function test_contributeBatch_skipsDuplicateAndRegistersTheRest(
        bytes32 contentHash,
        bytes32 otherHash,
        address contributor
    ) public {
        vm.assume(contentHash != bytes32(0) && otherHash != bytes32(0) && otherHash != contentHash);
        vm.assume(contributor != address(0));
        IContributionRegistry.ContributionInput[] memory items = new IContributionRegistry.ContributionInput[](3);
        items[0] = IContributionRegistry.ContributionInput(datasetId, contentHash, 1, _cid(contentHash), "");
        items[1] = IContributionRegistry.ContributionInput(datasetId, contentHash, 2, _cid(otherHash), "");
        items[2] = IContributionRegistry.ContributionInput(datasetId, otherHash, 3, _cid(otherHash), "");
        vm.prank(contributor);
        bytes4[] memory results = registry.contributeBatch(items);

        assertEq(results[0], bytes4(0), "first item registered");
        assertEq(results[1], IContributionRegistry.DuplicateContribution.selector, "duplicate skipped");
        assertEq(results[2], bytes4(0), "item after the duplicate registered");
        assertEq(registry.getContribution(datasetId, otherHash).contributor, contributor, "later item stored");
    }

    function test_contribute_sameContentInAnotherDatasetIsIndependent(
        bytes32 contentHash,
        address a,
        address b
    ) public {
        vm.assume(contentHash != bytes32(0) && a != address(0) && b != address(0));
        vm.prank(a);
        registry.contribute(datasetId, contentHash, 1, _cid(contentHash), "");
        vm.prank(b);
        registry.contribute(twinDatasetId, contentHash, 1, _cid(contentHash), "");
        assertEq(registry.getContribution(twinDatasetId, contentHash).contributor, b, "other dataset");
    }

    function test_contributeBySig_revertsWhenDuplicateOfAnySubmission(uint256 keySeed, bytes32 contentHash) public {
        vm.assume(contentHash != bytes32(0));
        uint256 key = boundKey(keySeed);
        address signer = vm.addr(key);
        vm.prank(signer);
        registry.contribute(datasetId, contentHash, 1, _cid(contentHash), "");

        IContributionRegistry.SignedContribution memory item = _item(datasetId, contentHash, signer);
        item.signature = _sign(key, item, TERMS);
        vm.expectRevert(
            abi.encodeWithSelector(IContributionRegistry.DuplicateContribution.selector, datasetId, contentHash, signer)
        );
        registry.contributeBySig(item);
    }

    // ---------------------------------------------------------------- signatures

    function test_contributionDigest_matchesAnIndependentEip712Hash(
        uint256 keySeed,
        bytes32 contentHash,
        uint64 size,
        uint64 deadline,
        bytes memory cid,
        bytes memory metadataCid
    ) public view {
        IContributionRegistry.SignedContribution memory item = _item(
            datasetId,
            contentHash,
            vm.addr(boundKey(keySeed))
        );
        item.size = size;
        item.deadline = deadline;
        item.cid = cid;
        item.metadataCid = metadataCid;
        assertEq(registry.contributionDigest(item), _digest(item, TERMS), "digest");
    }

    function test_contributeBySig_registersForAnyKey(
        uint256 keySeed,
        bytes32 contentHash,
        uint64 size,
        bytes memory metadataCid,
        uint8 form
    ) public {
        vm.assume(contentHash != bytes32(0));
        uint256 key = boundKey(keySeed);
        address signer = vm.addr(key);
        IContributionRegistry.SignedContribution memory item = _item(datasetId, contentHash, signer);
        item.size = size;
        item.metadataCid = metadataCid;
        item.signature = _sign(key, item, TERMS);
        // Forms: named signer + 65 bytes, recovered signer + 65 bytes, recovered signer + 64 bytes (EIP-2098).
        form %= 3;
        if (form != 0) item.contributor = address(0);
        if (form == 2) item.signature = _compact(item.signature);

        vm.prank(address(0x4E1A7)); // a relayer
        registry.contributeBySig(item);
        IContributionRegistry.ContributionView memory c = registry.getContribution(datasetId, contentHash);
        assertEq(c.contributor, signer, "contributor is the signer");
        assertEq(c.owner, signer, "owner is the signer");
        assertEq(uint256(c.status), uint256(IContributionRegistry.ContributionStatus.Pending), "pending");
    }

    /// @notice Changing any one signed field after signing invalidates the signature of a named contributor.
    function test_contributeBySig_revertsWhenAnyFieldChanged(
        uint256 keySeed,
        bytes32 contentHash,
        uint8 field,
        uint256 change
    ) public {
        vm.assume(contentHash != bytes32(0));
        uint256 key = boundKey(keySeed);
        address signer = vm.addr(key);
        IContributionRegistry.SignedContribution memory item = _item(datasetId, contentHash, signer);
        item.signature = _sign(key, item, TERMS);
        field = _mutate(item, field, change);

        vm.expectRevert(abi.encodeWithSelector(IContributionRegistry.InvalidSignature.selector, item.contributor));
        registry.contributeBySig(item);

        // In a batch the same item is skipped, not registered.
        IContributionRegistry.SignedContribution[] memory items = new IContributionRegistry.SignedContribution[](1);
        items[0] = item;
        bytes4[] memory results = registry.contributeBatchBySig(items);
        assertEq(results[0], IContributionRegistry.InvalidSignature.selector, "skipped as InvalidSignature");
        vm.expectRevert(
            abi.encodeWithSelector(
                IContributionRegistry.ContributionNotFound.selector,
                item.datasetId,
                item.contentHash
            )
        );
        registry.getContribution(item.datasetId, item.contentHash);
    }

    /// @notice With a recovered (unnamed) signer, a changed field can never be attributed to the real signer.
    function test_contributeBySig_changedFieldIsNeverAttributedToSigner(
        uint256 keySeed,
        bytes32 contentHash,
        uint8 field,
        uint256 change
    ) public {
        vm.assume(contentHash != bytes32(0));
        uint256 key = boundKey(keySeed);
        address signer = vm.addr(key);
        IContributionRegistry.SignedContribution memory item = _item(datasetId, contentHash, address(0));
        item.signature = _sign(key, item, TERMS);
        // Field 6 (the named contributor) does not apply to an unnamed signer.
        field = uint8(bound(field, 0, 5));
        _mutate(item, field, change);

        IContributionRegistry.SignedContribution[] memory items = new IContributionRegistry.SignedContribution[](1);
        items[0] = item;
        bytes4[] memory results = registry.contributeBatchBySig(items);
        if (results[0] == bytes4(0)) {
            IContributionRegistry.ContributionView memory c = registry.getContribution(
                item.datasetId,
                item.contentHash
            );
            assertTrue(c.contributor != signer, "a changed item was attributed to the signer");
        }
    }

    function test_contributeBySig_revertsWhenTermsChanged(
        uint256 keySeed,
        bytes32 contentHash,
        bytes32 newTerms
    ) public {
        vm.assume(contentHash != bytes32(0) && newTerms != TERMS);
        uint256 key = boundKey(keySeed);
        IContributionRegistry.SignedContribution memory item = _item(datasetId, contentHash, vm.addr(key));
        item.signature = _sign(key, item, TERMS);
        vm.prank(steward);
        registry.setTerms(datasetId, newTerms);

        vm.expectRevert(abi.encodeWithSelector(IContributionRegistry.InvalidSignature.selector, item.contributor));
        registry.contributeBySig(item);
    }

    function test_contributeBySig_revertsWhenExpired(
        uint256 keySeed,
        bytes32 contentHash,
        uint64 deadline,
        uint64 late
    ) public {
        vm.assume(contentHash != bytes32(0));
        deadline = uint64(bound(deadline, 0, type(uint64).max - 1));
        uint256 nowTs = bound(late, uint256(deadline) + 1, type(uint64).max);
        uint256 key = boundKey(keySeed);
        IContributionRegistry.SignedContribution memory item = _item(datasetId, contentHash, vm.addr(key));
        item.deadline = deadline;
        item.signature = _sign(key, item, TERMS);
        vm.warp(nowTs);

        vm.expectRevert(abi.encodeWithSelector(IContributionRegistry.SignatureExpired.selector, deadline, nowTs));
        registry.contributeBySig(item);
    }

    function test_contributeBySig_acceptsErc1271WalletOfAnyOwnerKey(uint256 keySeed, bytes32 contentHash) public {
        vm.assume(contentHash != bytes32(0));
        uint256 key = boundKey(keySeed);
        ERC1271Wallet wallet = new ERC1271Wallet(vm.addr(key), false);
        ERC1271Wallet refusing = new ERC1271Wallet(vm.addr(key), true);

        IContributionRegistry.SignedContribution memory item = _item(datasetId, contentHash, address(refusing));
        item.signature = _sign(key, item, TERMS);
        vm.expectRevert(abi.encodeWithSelector(IContributionRegistry.InvalidSignature.selector, address(refusing)));
        registry.contributeBySig(item);

        item.contributor = address(wallet);
        registry.contributeBySig(item);
        assertEq(registry.getContribution(datasetId, contentHash).contributor, address(wallet), "wallet");
    }

    // ---------------------------------------------------------------- helpers

    function _item(
        uint256 dataset,
        bytes32 contentHash,
        address contributor
    ) private view returns (IContributionRegistry.SignedContribution memory item) {
        item.datasetId = dataset;
        item.contentHash = contentHash;
        item.size = 1024;
        item.deadline = uint64(block.timestamp + 1 days);
        item.contributor = contributor;
        item.cid = _cid(contentHash);
        item.metadataCid = "";
    }

    /// @dev Changes signed field `field % 7` of `item` (keeping it registrable) and returns the field changed.
    function _mutate(
        IContributionRegistry.SignedContribution memory item,
        uint8 field,
        uint256 change
    ) private view returns (uint8) {
        field %= 7;
        uint256 delta = bound(change, 1, type(uint64).max - 1);
        if (field == 0) {
            item.datasetId = item.datasetId == datasetId ? twinDatasetId : datasetId;
        } else if (field == 1) {
            bytes32 changed = bytes32(uint256(item.contentHash) ^ delta);
            item.contentHash = changed == bytes32(0) ? bytes32(uint256(1) << 200) : changed;
        } else if (field == 2) {
            unchecked {
                item.size = item.size + uint64(delta);
            }
        } else if (field == 3) {
            // A later deadline, so the item is not refused as expired before its signature is checked.
            item.deadline = uint64(bound(uint256(item.deadline) + delta, uint256(item.deadline) + 1, type(uint64).max));
        } else if (field == 4) {
            item.cid = abi.encodePacked(item.cid, bytes1(uint8(delta)));
        } else if (field == 5) {
            item.metadataCid = abi.encodePacked(item.metadataCid, bytes32(delta));
        } else {
            address other = address(uint160(item.contributor) ^ uint160(delta));
            item.contributor = other == address(0) ? address(1) : other;
        }
        return field;
    }
}
