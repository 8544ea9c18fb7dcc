// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {IDatasetRegistry} from "../interfaces/IDatasetRegistry.sol";
import {IReleaseRegistry} from "../interfaces/IReleaseRegistry.sol";
import {ReleaseLeaf} from "./ReleaseLeaf.sol";

/// @title Cairn release registry
/// @notice Immutable, versioned snapshots of datasets, beside the registry (see `IReleaseRegistry`).
contract ReleaseRegistry is IReleaseRegistry {
    IDatasetRegistry private immutable _registry;

    uint256 private _releaseCount;
    mapping(uint256 releaseId => Release) private _releases;
    mapping(uint256 datasetId => uint256 releaseId) private _latest;

    constructor(IDatasetRegistry registry_) {
        _registry = registry_;
    }

    /// @inheritdoc IReleaseRegistry
    function cutRelease(ReleaseInput calldata input) external returns (uint256 releaseId) {
        uint256 datasetId = input.datasetId;
        // Reverts with the registry's `DatasetNotFound` for an unknown dataset.
        if (_registry.getDataset(datasetId).steward != msg.sender) revert ReleaseNotSteward(datasetId, msg.sender);
        if (datasetId > type(uint64).max) revert DatasetIdTooLarge(datasetId);
        uint256 latestId = _latest[datasetId];
        if (input.parentId != latestId) revert StaleParent(datasetId, latestId, input.parentId);
        if (input.root == bytes32(0) || input.itemCount == 0) revert EmptyRelease(datasetId);
        uint256 count = input.itemCount;
        if (input.totalScore < count || input.totalScore > count * 100) {
            revert InvalidTotalScore(count, input.totalScore);
        }
        // The release number follows the parent's (the chain is the count: no counter of its own).
        uint256 minBlock;
        uint32 number = 1;
        if (latestId != 0) {
            Release storage parent = _releases[latestId];
            minBlock = parent.snapshotBlock;
            // Cannot overflow: one release per transaction, and 2^32 transactions is out of reach.
            unchecked {
                number = parent.number + 1;
            }
        }
        if (input.snapshotBlock < minBlock || input.snapshotBlock > block.number) {
            revert InvalidSnapshotBlock(input.snapshotBlock, minBlock, block.number);
        }

        // Cannot overflow: one release per transaction.
        unchecked {
            releaseId = ++_releaseCount;
        }
        _latest[datasetId] = releaseId;
        _releases[releaseId] = Release({
            root: input.root,
            datasetId: uint64(datasetId),
            snapshotBlock: input.snapshotBlock,
            itemCount: input.itemCount,
            number: number,
            totalScore: input.totalScore,
            parentId: uint64(latestId),
            cutAt: uint64(block.timestamp)
        });
        emit ReleaseCut(
            releaseId,
            datasetId,
            latestId,
            number,
            input.root,
            input.itemCount,
            input.totalScore,
            input.snapshotBlock,
            input.manifestCid,
            input.fileListCid,
            input.license
        );
    }

    /// @inheritdoc IReleaseRegistry
    function getRelease(uint256 releaseId) external view returns (Release memory) {
        Release memory release = _releases[releaseId];
        if (release.root == bytes32(0)) revert ReleaseNotFound(releaseId);
        return release;
    }

    /// @inheritdoc IReleaseRegistry
    function latestRelease(uint256 datasetId) external view returns (uint256) {
        return _latest[datasetId];
    }

    /// @inheritdoc IReleaseRegistry
    function releaseCount() external view returns (uint256) {
        return _releaseCount;
    }

    /// @inheritdoc IReleaseRegistry
    function leafHash(Leaf calldata leaf) public pure returns (bytes32) {
        return ReleaseLeaf.hash(leaf);
    }

    /// @inheritdoc IReleaseRegistry
    function isIncluded(uint256 releaseId, Leaf calldata leaf, bytes32[] calldata proof) external view returns (bool) {
        bytes32 root = _releases[releaseId].root;
        if (root == bytes32(0)) revert ReleaseNotFound(releaseId);
        return MerkleProof.verifyCalldata(proof, root, leafHash(leaf));
    }

    /// @inheritdoc IReleaseRegistry
    function registry() external view returns (address) {
        return address(_registry);
    }

    /// @inheritdoc IReleaseRegistry
    function version() external pure returns (string memory) {
        return "cairn-releases-1";
    }
}
