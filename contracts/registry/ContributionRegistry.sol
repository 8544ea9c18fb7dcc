// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {IContributionRegistry} from "../interfaces/IContributionRegistry.sol";
import {DatasetRegistry} from "./DatasetRegistry.sol";
import {ContributionRecord, ContributionRecordLib} from "../types/ContributionRecord.sol";

/// @title ContributionRegistry
/// @notice Registration of contributions (own, signed, batched), their ownership and withdrawal.
/// @dev Every registration path goes through `_tryRegister`, which returns the ABI-encoded custom error
/// instead of reverting so that batches can skip one bad item and keep the rest.
abstract contract ContributionRegistry is IContributionRegistry, DatasetRegistry, EIP712 {
    bytes32 internal constant _CONTRIBUTION_TYPEHASH = keccak256(
        "Contribution(uint256 datasetId,bytes32 contentHash,bytes cid,uint64 size,bytes metadataCid,bytes32 termsHash,uint64 deadline)"
    );

    mapping(uint256 datasetId => mapping(bytes32 contentHash => ContributionRecord)) private _contributions;
    /// @dev Set only once a contribution is transferred; until then its owner is its contributor.
    mapping(uint256 datasetId => mapping(bytes32 contentHash => address)) private _transferredTo;

    // ---------------------------------------------------------------- registration

    /// @inheritdoc IContributionRegistry
    function contribute(
        uint256 datasetId,
        bytes32 contentHash,
        uint64 size,
        bytes calldata cid,
        bytes calldata metadataCid
    ) external {
        _revertIfError(_tryRegister(datasetId, contentHash, size, cid, metadataCid, msg.sender));
    }

    /// @inheritdoc IContributionRegistry
    function contributeBatch(ContributionInput[] calldata items) external returns (bytes4[] memory results) {
        results = new bytes4[](items.length);
        for (uint256 i; i < items.length; ++i) {
            ContributionInput calldata item = items[i];
            bytes memory err = _tryRegister(
                item.datasetId,
                item.contentHash,
                item.size,
                item.cid,
                item.metadataCid,
                msg.sender
            );
            if (err.length != 0) {
                results[i] = bytes4(err);
                emit ContributionSkipped(item.datasetId, item.contentHash, msg.sender, err);
            }
        }
    }

    /// @inheritdoc IContributionRegistry
    function contributeBySig(SignedContribution calldata item) external {
        _revertIfError(_tryRegisterSigned(item));
    }

    /// @inheritdoc IContributionRegistry
    function contributeBatchBySig(SignedContribution[] calldata items) external returns (bytes4[] memory results) {
        results = new bytes4[](items.length);
        for (uint256 i; i < items.length; ++i) {
            SignedContribution calldata item = items[i];
            bytes memory err = _tryRegisterSigned(item);
            if (err.length != 0) {
                results[i] = bytes4(err);
                emit ContributionSkipped(item.datasetId, item.contentHash, item.contributor, err);
            }
        }
    }

    // ---------------------------------------------------------------- ownership

    /// @inheritdoc IContributionRegistry
    function transferContribution(uint256 datasetId, bytes32 contentHash, address to) external {
        if (to == address(0)) revert ZeroAddress();
        (ContributionRecord c, address owner) = _ownedBySender(datasetId, contentHash);
        if (c.status() == ContributionStatus.Accepted) _vault.moveWeight(datasetId, owner, to, c.score());
        _transferredTo[datasetId][contentHash] = to;
        emit ContributionTransferred(datasetId, contentHash, owner, to);
    }

    /// @inheritdoc IContributionRegistry
    function withdrawContribution(uint256 datasetId, bytes32 contentHash) external {
        (ContributionRecord c, address owner) = _ownedBySender(datasetId, contentHash);
        if (c.status() == ContributionStatus.Accepted) _vault.removeWeight(datasetId, owner, c.score());
        _contributions[datasetId][contentHash] = c.withStatus(ContributionStatus.Withdrawn);
        emit ContributionWithdrawn(datasetId, contentHash, owner);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IContributionRegistry
    function getContribution(uint256 datasetId, bytes32 contentHash) external view returns (ContributionView memory) {
        ContributionRecord c = _contributions[datasetId][contentHash];
        if (c.status() == ContributionStatus.None) revert ContributionNotFound(datasetId, contentHash);
        return
            ContributionView({
                contributor: c.contributor(),
                owner: _ownerOf(datasetId, contentHash, c.contributor()),
                status: c.status(),
                score: c.score(),
                accepts: c.accepts(),
                rejects: c.rejects()
            });
    }

    /// @inheritdoc IContributionRegistry
    function contributionDigest(SignedContribution calldata item) public view returns (bytes32) {
        return _digest(item, _dataset(item.datasetId).termsHash);
    }

    // ---------------------------------------------------------------- internal

    function _contribution(uint256 datasetId, bytes32 contentHash) internal view returns (ContributionRecord) {
        return _contributions[datasetId][contentHash];
    }

    function _storeContribution(uint256 datasetId, bytes32 contentHash, ContributionRecord c) internal {
        _contributions[datasetId][contentHash] = c;
    }

    function _ownerOf(uint256 datasetId, bytes32 contentHash, address contributor) internal view returns (address) {
        address transferredTo = _transferredTo[datasetId][contentHash];
        return transferredTo == address(0) ? contributor : transferredTo;
    }

    /// @dev Permit2's order: deadline, replay guard (the content can be registered once per dataset, and the
    /// domain binds chain and registry), signature, then effects.
    function _tryRegisterSigned(SignedContribution calldata item) private returns (bytes memory err) {
        if (block.timestamp > item.deadline) {
            return abi.encodeWithSelector(SignatureExpired.selector, item.deadline, block.timestamp);
        }
        Dataset storage ds = _dataset(item.datasetId);
        err = _checkRegistrable(item.datasetId, ds, item.contentHash, item.cid);
        if (err.length != 0) return err;
        if (!_isValidSignature(item.contributor, _digest(item, ds.termsHash), item.signature)) {
            return abi.encodeWithSelector(InvalidSignature.selector, item.contributor);
        }
        _record(item.datasetId, ds, item.contentHash, item.size, item.cid, item.metadataCid, item.contributor);
    }

    function _tryRegister(
        uint256 datasetId,
        bytes32 contentHash,
        uint64 size,
        bytes calldata cid,
        bytes calldata metadataCid,
        address contributor
    ) private returns (bytes memory err) {
        Dataset storage ds = _dataset(datasetId);
        err = _checkRegistrable(datasetId, ds, contentHash, cid);
        if (err.length == 0) _record(datasetId, ds, contentHash, size, cid, metadataCid, contributor);
    }

    function _checkRegistrable(
        uint256 datasetId,
        Dataset storage ds,
        bytes32 contentHash,
        bytes calldata cid
    ) private view returns (bytes memory) {
        DatasetStatus status = ds.status;
        if (status != DatasetStatus.Open) {
            return
                status == DatasetStatus.None
                    ? abi.encodeWithSelector(DatasetNotFound.selector, datasetId)
                    : abi.encodeWithSelector(DatasetNotOpen.selector, datasetId, status);
        }
        if (contentHash == bytes32(0) || cid.length == 0) {
            return abi.encodeWithSelector(InvalidContent.selector, datasetId, contentHash);
        }
        address existing = _contributions[datasetId][contentHash].contributor();
        if (existing != address(0)) {
            return abi.encodeWithSelector(DuplicateContribution.selector, datasetId, contentHash, existing);
        }
        return "";
    }

    function _record(
        uint256 datasetId,
        Dataset storage ds,
        bytes32 contentHash,
        uint64 size,
        bytes calldata cid,
        bytes calldata metadataCid,
        address contributor
    ) private {
        if (ds.quorum != 0) {
            _contributions[datasetId][contentHash] = ContributionRecordLib.create(
                contributor,
                ContributionStatus.Pending,
                0
            );
            emit ContributionRegistered(datasetId, contentHash, contributor, size, cid);
            if (metadataCid.length != 0) emit MetadataAttached(datasetId, contentHash, metadataCid);
        } else {
            // Quorum 0: accepted on arrival at the dataset's default score.
            uint8 score = ds.defaultScore;
            _contributions[datasetId][contentHash] = ContributionRecordLib.create(
                contributor,
                ContributionStatus.Accepted,
                score
            );
            emit ContributionRegistered(datasetId, contentHash, contributor, size, cid);
            if (metadataCid.length != 0) emit MetadataAttached(datasetId, contentHash, metadataCid);
            _vault.addWeight(datasetId, contributor, score);
            _emitAccepted(datasetId, contentHash, contributor, score);
        }
    }

    /// @dev Lets CurationRegistry emit `ContributionAccepted` (declared in its interface) from here.
    function _emitAccepted(uint256 datasetId, bytes32 contentHash, address owner, uint8 score) internal virtual;

    function _digest(SignedContribution calldata item, bytes32 termsHash) private view returns (bytes32) {
        return
            _hashTypedDataV4(
                keccak256(
                    abi.encode(
                        _CONTRIBUTION_TYPEHASH,
                        item.datasetId,
                        item.contentHash,
                        keccak256(item.cid),
                        item.size,
                        keccak256(item.metadataCid),
                        termsHash,
                        item.deadline
                    )
                )
            );
    }

    /// @dev ecrecover first: it answers for EOAs without touching the signer's account (EXTCODESIZE on a
    /// cold account costs 2,600 gas). Only if that fails and the signer has code is ERC-1271 asked.
    function _isValidSignature(address signer, bytes32 digest, bytes calldata signature) private view returns (bool) {
        (address recovered, ECDSA.RecoverError error, ) = ECDSA.tryRecoverCalldata(digest, signature);
        if (error == ECDSA.RecoverError.NoError && recovered == signer) return true;
        return
            signer.code.length != 0 && SignatureChecker.isValidERC1271SignatureNowCalldata(signer, digest, signature);
    }

    function _ownedBySender(
        uint256 datasetId,
        bytes32 contentHash
    ) private view returns (ContributionRecord c, address owner) {
        c = _contributions[datasetId][contentHash];
        ContributionStatus status = c.status();
        if (status == ContributionStatus.None) revert ContributionNotFound(datasetId, contentHash);
        if (status == ContributionStatus.Withdrawn) revert ContributionWithdrawnAlready(datasetId, contentHash);
        owner = _ownerOf(datasetId, contentHash, c.contributor());
        if (msg.sender != owner) revert NotContributionOwner(datasetId, contentHash, msg.sender);
    }

    function _revertIfError(bytes memory err) internal pure {
        if (err.length != 0) {
            assembly ("memory-safe") {
                revert(add(err, 0x20), mload(err))
            }
        }
    }
}
