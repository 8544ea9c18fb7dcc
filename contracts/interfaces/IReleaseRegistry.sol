// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Cairn dataset releases
/// @notice A release is an immutable snapshot of a dataset's accepted contributions at a block: the root of a
/// Merkle tree in OpenZeppelin's standard format (the npm package merkle-tree's `StandardMerkleTree`, leaf types
/// `(bytes32 contentHash, bytes cid, uint64 size, address owner, uint8 score)`), its number of items and total score,
/// and the CIDs of the dataset's manifest and of the release's file list. A dataset's releases form a chain: each
/// names its parent. Cutting one costs the same for ten items or a million (one root). Anyone rebuilds the tree
/// from the registry's events and compares the root; any contribution gets an inclusion proof, checkable here.
/// @dev Only the dataset's steward (a wallet, a multisig, or the timelock of the dataset's Governor) cuts releases.
/// The contract cannot check that the root matches the chain: that is what `verifyRelease` does off-chain, and
/// what a community checks before relying on a release. The format is documented in docs/releases.md.
interface IReleaseRegistry {
    /// @notice Everything needed to cut a release.
    /// @param datasetId The dataset in the registry.
    /// @param parentId The dataset's latest release (0 for its first): guards against two cuts racing.
    /// @param root Root of the standard Merkle tree over the release's leaves.
    /// @param itemCount Number of leaves (at least 1).
    /// @param totalScore Sum of the leaves' scores: what data dividends are shared over.
    /// @param snapshotBlock The block whose state (at its end) the release captures: a mined block, in practice the
    /// latest (the current block is accepted too, as `eth_call` simulates on the latest block's number).
    /// @param manifestCid IPFS CID (binary form) of the dataset's manifest at the snapshot.
    /// @param fileListCid IPFS CID (binary form) of the release's file list (JSON: the leaves and the changelog).
    /// @param license SPDX identifier (or name) of the release's license.
    struct ReleaseInput {
        uint256 datasetId;
        uint256 parentId;
        bytes32 root;
        uint64 itemCount;
        uint96 totalScore;
        uint64 snapshotBlock;
        bytes manifestCid;
        bytes fileListCid;
        string license;
    }

    /// @notice A release as stored and read. CIDs and the license live in the `ReleaseCut` event.
    /// @dev Three slots: [root] [datasetId 64 | snapshotBlock 64 | itemCount 64 | number 32 | unused 32]
    /// [totalScore 96 | parentId 64 | cutAt 64 | unused 32].
    struct Release {
        bytes32 root;
        uint64 datasetId;
        uint64 snapshotBlock;
        uint64 itemCount;
        uint32 number;
        uint96 totalScore;
        uint64 parentId;
        uint64 cutAt;
    }

    /// @notice One leaf of a release's tree: a contribution as it stood at the snapshot.
    /// @param contentHash sha256 of the raw bytes.
    /// @param cid IPFS CID (binary form) as registered.
    /// @param size Size in bytes as registered.
    /// @param owner Who owned the contribution at the snapshot: the one paid its data dividends.
    /// @param score Its accepted weight (1..100).
    struct Leaf {
        bytes32 contentHash;
        bytes cid;
        uint64 size;
        address owner;
        uint8 score;
    }

    /// @notice Emitted when a release is cut; `number` counts the dataset's releases from 1.
    event ReleaseCut(
        uint256 indexed releaseId,
        uint256 indexed datasetId,
        uint256 indexed parentId,
        uint32 number,
        bytes32 root,
        uint64 itemCount,
        uint96 totalScore,
        uint64 snapshotBlock,
        bytes manifestCid,
        bytes fileListCid,
        string license
    );

    /// @notice Only the dataset's steward may cut its releases.
    error ReleaseNotSteward(uint256 datasetId, address account);
    /// @notice `parentId` is not the dataset's latest release (another release was cut in between).
    error StaleParent(uint256 datasetId, uint256 latestId, uint256 parentId);
    /// @notice A release needs a non-zero root and at least one item.
    error EmptyRelease(uint256 datasetId);
    /// @notice Scores go from 1 to 100, so the total lies between `itemCount` and 100 x `itemCount`.
    error InvalidTotalScore(uint256 itemCount, uint256 totalScore);
    /// @notice The snapshot block must not be in the future, nor before the parent's snapshot.
    error InvalidSnapshotBlock(uint256 snapshotBlock, uint256 minBlock, uint256 currentBlock);
    /// @notice The dataset id does not fit the release record (more than 2^64 datasets).
    error DatasetIdTooLarge(uint256 datasetId);
    /// @notice No release has this id.
    error ReleaseNotFound(uint256 releaseId);

    /// @notice Records a release of the caller's dataset. Steward only.
    /// @return releaseId The new release's id (ids start at 1 and are global to this contract).
    function cutRelease(ReleaseInput calldata input) external returns (uint256 releaseId);

    /// @notice Reads a release; reverts with `ReleaseNotFound` if there is none.
    function getRelease(uint256 releaseId) external view returns (Release memory);

    /// @notice The dataset's latest release id, or 0 if it has none.
    function latestRelease(uint256 datasetId) external view returns (uint256);

    /// @notice Number of releases cut; ids run from 1 to this number.
    function releaseCount() external view returns (uint256);

    /// @notice The standard-tree hash of `leaf`: `keccak256(bytes.concat(keccak256(abi.encode(...fields))))`.
    function leafHash(Leaf calldata leaf) external pure returns (bytes32);

    /// @notice Whether `leaf` is in the release, given its Merkle `proof` (siblings, from the leaf up).
    function isIncluded(uint256 releaseId, Leaf calldata leaf, bytes32[] calldata proof) external view returns (bool);

    /// @notice The registry whose datasets these releases snapshot.
    function registry() external view returns (address);

    /// @notice Version of this deployment's rules, for clients.
    function version() external pure returns (string memory);
}
