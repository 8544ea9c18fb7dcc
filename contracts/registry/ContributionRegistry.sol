// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {IContributionRegistry} from "../interfaces/IContributionRegistry.sol";
import {DatasetRegistry} from "./DatasetRegistry.sol";
import {ContributionRecord, ContributionRecordLib} from "../types/ContributionRecord.sol";

/// @title ContributionRegistry
/// @notice Registration of contributions (own, signed, batched), their ownership and withdrawal.
/// @dev Every registration path goes through `_tryRegister*`, which returns the ABI-encoded custom error
/// instead of reverting so that batches can skip one bad item and keep the rest. Batches read each
/// dataset's rules once per run of items for the same dataset (`DatasetRules`), and hash signed items
/// in scratch memory: registration stays close to its floor of one new slot plus one event.
abstract contract ContributionRegistry is IContributionRegistry, DatasetRegistry, EIP712 {
    bytes32 internal constant _CONTRIBUTION_TYPEHASH = keccak256(
        "Contribution(uint256 datasetId,bytes32 contentHash,bytes cid,uint64 size,bytes metadataCid,bytes32 termsHash,uint64 deadline)"
    );

    /// @dev Gas handed to an ERC-1271 wallet's `isValidSignature`: a Safe with several owners needs a few tens
    /// of thousands; a wallet that needs more signs its contributions in its own transaction (`contribute`).
    uint256 internal constant _ERC1271_GAS = 100_000;
    /// @dev Gas kept on top of 64/63 of a budget for the call itself (a cold account access is 2,600).
    uint256 internal constant _CALL_RESERVE = 10_000;

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
    ) external nonReentrant {
        DatasetRules memory rules;
        _loadRules(rules, datasetId, false);
        _revertIfError(_tryRegister(rules, contentHash, size, cid, metadataCid, msg.sender));
    }

    /// @inheritdoc IContributionRegistry
    function contributeBatch(
        ContributionInput[] calldata items
    ) external nonReentrant returns (bytes4[] memory results) {
        results = new bytes4[](items.length);
        // Starts as dataset 0, which never exists: its rules (status None) are already the right ones.
        DatasetRules memory rules;
        for (uint256 i; i < items.length; ++i) {
            ContributionInput calldata item = items[i];
            uint256 datasetId = item.datasetId;
            if (datasetId != rules.id) _loadRules(rules, datasetId, false);
            bytes memory err = _tryRegister(rules, item.contentHash, item.size, item.cid, item.metadataCid, msg.sender);
            if (err.length != 0) {
                results[i] = bytes4(err);
                emit ContributionSkipped(datasetId, item.contentHash, msg.sender, err);
            }
        }
    }

    /// @inheritdoc IContributionRegistry
    function contributeBySig(SignedContribution calldata item) external nonReentrant {
        DatasetRules memory rules;
        _loadRules(rules, item.datasetId, true);
        (address contributor, bytes memory err) = _tryRegisterSigned(rules, _domainSeparatorV4(), item);
        contributor;
        _revertIfError(err);
    }

    /// @inheritdoc IContributionRegistry
    function contributeBatchBySig(
        SignedContribution[] calldata items
    ) external nonReentrant returns (bytes4[] memory results) {
        results = new bytes4[](items.length);
        // Starts as dataset 0, which never exists: its rules (status None) are already the right ones.
        DatasetRules memory rules;
        bytes32 domainSeparator = _domainSeparatorV4();
        for (uint256 i; i < items.length; ++i) {
            SignedContribution calldata item = items[i];
            uint256 datasetId = item.datasetId;
            if (datasetId != rules.id) _loadRules(rules, datasetId, true);
            (address contributor, bytes memory err) = _tryRegisterSigned(rules, domainSeparator, item);
            if (err.length != 0) {
                results[i] = bytes4(err);
                emit ContributionSkipped(datasetId, item.contentHash, contributor, err);
            }
        }
    }

    // ---------------------------------------------------------------- ownership

    /// @inheritdoc IContributionRegistry
    /// @dev Checks, effects, interactions: the new owner is written before the vault moves the weight (and
    /// tells the dataset's observer), and the guard refuses any re-entry while it does.
    function transferContribution(uint256 datasetId, bytes32 contentHash, address to) external nonReentrant {
        if (to == address(0)) revert ZeroAddress();
        (ContributionRecord c, address owner) = _ownedBySender(datasetId, contentHash);
        _transferredTo[datasetId][contentHash] = to;
        emit ContributionTransferred(datasetId, contentHash, owner, to);
        if (c.status() == ContributionStatus.Accepted) _vault.moveWeight(datasetId, owner, to, c.score());
    }

    /// @inheritdoc IContributionRegistry
    /// @dev Checks, effects, interactions: the contribution is marked withdrawn before the vault removes its
    /// weight, and the guard refuses any re-entry while it does.
    function withdrawContribution(uint256 datasetId, bytes32 contentHash) external nonReentrant {
        (ContributionRecord c, address owner) = _ownedBySender(datasetId, contentHash);
        _contributions[datasetId][contentHash] = c.withStatus(ContributionStatus.Withdrawn);
        emit ContributionWithdrawn(datasetId, contentHash, owner);
        if (c.status() == ContributionStatus.Accepted) _vault.removeWeight(datasetId, owner, c.score());
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
    function contributionDigest(SignedContribution calldata item) external view returns (bytes32) {
        return _digest(_domainSeparatorV4(), _dataset(item.datasetId).termsHash, item, item.cid, item.metadataCid);
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
    /// domain binds chain and registry), signature, then effects. Returns the contributor it settled on
    /// (the recovered signer when the item leaves `contributor` zero) for the skip report.
    function _tryRegisterSigned(
        DatasetRules memory rules,
        bytes32 domainSeparator,
        SignedContribution calldata item
    ) private returns (address contributor, bytes memory err) {
        contributor = item.contributor;
        if (block.timestamp > item.deadline) {
            return (contributor, abi.encodeWithSelector(SignatureExpired.selector, item.deadline, block.timestamp));
        }
        bytes32 contentHash = item.contentHash;
        bytes calldata cid = item.cid;
        err = _checkRegistrable(rules, contentHash, cid);
        if (err.length != 0) return (contributor, err);

        bytes calldata metadataCid = item.metadataCid;
        bytes32 digest = _digest(domainSeparator, rules.termsHash, item, cid, metadataCid);
        (bool valid, address signer) = _verify(contributor, digest, item.signature);
        if (!valid) return (contributor, abi.encodeWithSelector(InvalidSignature.selector, contributor));
        _record(rules, contentHash, item.size, cid, metadataCid, signer);
        return (signer, err);
    }

    function _tryRegister(
        DatasetRules memory rules,
        bytes32 contentHash,
        uint64 size,
        bytes calldata cid,
        bytes calldata metadataCid,
        address contributor
    ) private returns (bytes memory err) {
        err = _checkRegistrable(rules, contentHash, cid);
        if (err.length == 0) _record(rules, contentHash, size, cid, metadataCid, contributor);
    }

    /// @dev Returns empty bytes (no allocation) when the item can be registered.
    function _checkRegistrable(
        DatasetRules memory rules,
        bytes32 contentHash,
        bytes calldata cid
    ) private view returns (bytes memory err) {
        DatasetStatus status = rules.status;
        if (status != DatasetStatus.Open) {
            return
                status == DatasetStatus.None
                    ? abi.encodeWithSelector(DatasetNotFound.selector, rules.id)
                    : abi.encodeWithSelector(DatasetNotOpen.selector, rules.id, status);
        }
        if (contentHash == bytes32(0) || cid.length == 0) {
            return abi.encodeWithSelector(InvalidContent.selector, rules.id, contentHash);
        }
        address existing = _contributions[rules.id][contentHash].contributor();
        if (existing != address(0)) {
            return abi.encodeWithSelector(DuplicateContribution.selector, rules.id, contentHash, existing);
        }
    }

    function _record(
        DatasetRules memory rules,
        bytes32 contentHash,
        uint64 size,
        bytes calldata cid,
        bytes calldata metadataCid,
        address contributor
    ) private {
        uint256 datasetId = rules.id;
        if (rules.quorum != 0) {
            _contributions[datasetId][contentHash] = ContributionRecordLib.create(
                contributor,
                ContributionStatus.Pending,
                0
            );
            emit ContributionRegistered(datasetId, contentHash, contributor, size, cid);
            if (metadataCid.length != 0) emit MetadataAttached(datasetId, contentHash, metadataCid);
        } else {
            // Quorum 0: accepted on arrival at the dataset's default score or, with a challenge period,
            // provisional until the period is over (a curator may reject it; until then it neither earns nor votes).
            uint8 score = rules.defaultScore;
            uint32 period = rules.challengePeriod;
            // block.timestamp + a uint32 period fits a uint64 for the next 500 billion years.
            uint64 acceptableAt = uint64(block.timestamp) + period;
            _contributions[datasetId][contentHash] =
                period == 0
                    ? ContributionRecordLib.create(contributor, ContributionStatus.Accepted, score)
                    : ContributionRecordLib.createProvisional(contributor, score, acceptableAt);
            emit ContributionRegistered(datasetId, contentHash, contributor, size, cid);
            if (metadataCid.length != 0) emit MetadataAttached(datasetId, contentHash, metadataCid);
            if (period == 0) {
                _vault.addWeight(datasetId, contributor, score);
                _emitAccepted(datasetId, contentHash, contributor, score);
            } else {
                emit ContributionProvisional(datasetId, contentHash, contributor, score, acceptableAt);
            }
        }
    }

    /// @dev Lets CurationRegistry emit `ContributionAccepted` (declared in its interface) from here.
    function _emitAccepted(uint256 datasetId, bytes32 contentHash, address owner, uint8 score) internal virtual;

    /// @dev The EIP-712 digest of `item` under `termsHash`, hashed in scratch memory (nothing allocated).
    function _digest(
        bytes32 domainSeparator,
        bytes32 termsHash,
        SignedContribution calldata item,
        bytes calldata cid,
        bytes calldata metadataCid
    ) private pure returns (bytes32 digest) {
        bytes32 typehash = _CONTRIBUTION_TYPEHASH;
        uint256 datasetId = item.datasetId;
        bytes32 contentHash = item.contentHash;
        uint64 size = item.size;
        uint64 deadline = item.deadline;
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            calldatacopy(ptr, cid.offset, cid.length)
            let cidHash := keccak256(ptr, cid.length)
            calldatacopy(ptr, metadataCid.offset, metadataCid.length)
            let metadataHash := keccak256(ptr, metadataCid.length)
            mstore(ptr, typehash)
            mstore(add(ptr, 0x20), datasetId)
            mstore(add(ptr, 0x40), contentHash)
            mstore(add(ptr, 0x60), cidHash)
            mstore(add(ptr, 0x80), size)
            mstore(add(ptr, 0xa0), metadataHash)
            mstore(add(ptr, 0xc0), termsHash)
            mstore(add(ptr, 0xe0), deadline)
            let structHash := keccak256(ptr, 0x100)
            // "\x19\x01" ‖ domainSeparator ‖ structHash, as MessageHashUtils.toTypedDataHash.
            mstore(ptr, hex"1901")
            mstore(add(ptr, 0x02), domainSeparator)
            mstore(add(ptr, 0x22), structHash)
            digest := keccak256(ptr, 0x42)
        }
    }

    /// @dev ecrecover first: it answers for EOAs without touching the signer's account (EXTCODESIZE on a
    /// cold account costs 2,600 gas). Only if that fails and the claimed signer has code is ERC-1271 asked.
    /// A zero `claimed` signer means "whoever signed" and accepts only ECDSA signatures (65 or 64 bytes).
    function _verify(
        address claimed,
        bytes32 digest,
        bytes calldata signature
    ) private view returns (bool valid, address signer) {
        address recovered;
        ECDSA.RecoverError error;
        if (signature.length == 64) {
            (recovered, error, ) = ECDSA.tryRecover(digest, bytes32(signature[0:32]), bytes32(signature[32:64]));
        } else {
            (recovered, error, ) = ECDSA.tryRecoverCalldata(digest, signature);
        }
        bool recoveredOk = error == ECDSA.RecoverError.NoError && recovered != address(0);
        if (claimed == address(0)) return (recoveredOk, recovered);
        if (recoveredOk && recovered == claimed) return (true, claimed);
        valid = claimed.code.length != 0 && _isValidERC1271(claimed, digest, signature);
        return (valid, claimed);
    }

    /// @dev ERC-1271 `isValidSignature`, as OpenZeppelin's SignatureChecker asks it, but with a fixed gas
    /// budget (`_ERC1271_GAS`) and only 32 bytes of the answer copied: a wallet that burns gas or returns a
    /// huge answer costs a batch at most the budget, and its item is skipped as `InvalidSignature`. The
    /// transaction reverts instead if it cannot hand the wallet its whole budget, so that the sender cannot
    /// make a valid signature fail by sending too little gas.
    function _isValidERC1271(
        address wallet,
        bytes32 digest,
        bytes calldata signature
    ) private view returns (bool valid) {
        uint256 required = (_ERC1271_GAS * 64) / 63 + _CALL_RESERVE;
        if (gasleft() < required) revert InsufficientGasForSignatureCheck(wallet, gasleft(), required);
        bytes4 selector = IERC1271.isValidSignature.selector;
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, selector)
            mstore(add(ptr, 0x04), digest)
            mstore(add(ptr, 0x24), 0x40)
            mstore(add(ptr, 0x44), signature.length)
            calldatacopy(add(ptr, 0x64), signature.offset, signature.length)
            let ok := staticcall(_ERC1271_GAS, wallet, ptr, add(0x64, signature.length), 0x00, 0x20)
            valid := and(ok, and(gt(returndatasize(), 0x1f), eq(mload(0x00), selector)))
        }
    }

    function _ownedBySender(
        uint256 datasetId,
        bytes32 contentHash
    ) private view returns (ContributionRecord c, address owner) {
        c = _contributions[datasetId][contentHash];
        ContributionStatus status = c.status();
        if (status == ContributionStatus.None) revert ContributionNotFound(datasetId, contentHash);
        if (status == ContributionStatus.Withdrawn) revert ContributionWithdrawnAlready(datasetId, contentHash);
        if (status == ContributionStatus.Removed) revert ContributionIsRemoved(datasetId, contentHash);
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
