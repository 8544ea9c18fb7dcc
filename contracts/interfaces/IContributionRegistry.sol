// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IDatasetRegistry} from "./IDatasetRegistry.sol";

/// @title Cairn contribution registry
/// @notice A contribution is a file added to a dataset, named by the sha256 of its raw bytes
/// (`contentHash`, checkable with `sha256sum`) and stored on IPFS under `cid`. The first registration
/// of a content hash in a dataset wins, which is also a proof of prior art. Contributors either send
/// their own transaction or sign an EIP-712 `Contribution` that anyone (a relayer) submits in a batch.
/// @dev The CID, size and metadata CID live in the `ContributionRegistered` and `MetadataAttached` events, which is part of the
/// chain's permanent record; state keeps only what the rules need (who, status, votes, score).
interface IContributionRegistry is IDatasetRegistry {
    /// @notice Where a contribution is in its life. `None` means it was never registered. `Provisional`: registered
    /// in a dataset that accepts without review (quorum 0) and has a challenge period; it earns and votes only
    /// once confirmed after the period (`confirmContributions`), and a curator can reject it until then. `Removed`: taken
    /// down by the dataset's curators or steward (`ITakedownRegistry`), final.
    enum ContributionStatus {
        None,
        Pending,
        Accepted,
        Rejected,
        Withdrawn,
        Provisional,
        Removed
    }

    /// @notice A contribution submitted by its own contributor.
    struct ContributionInput {
        uint256 datasetId;
        bytes32 contentHash;
        uint64 size;
        bytes cid;
        bytes metadataCid;
    }

    /// @notice A contribution signed by `contributor` and submitted by anyone.
    /// @dev `contributor` may be left zero for an ECDSA signature (65 bytes, or 64 in EIP-2098 compact form):
    /// the signer is then recovered, which saves calldata. Smart-contract wallets (ERC-1271) must name
    /// themselves. The signature covers the EIP-712 struct
    /// `Contribution(uint256 datasetId,bytes32 contentHash,bytes cid,uint64 size,bytes metadataCid,bytes32 termsHash,uint64 deadline)`
    /// where `termsHash` is the dataset's current terms: the signature is the contributor's consent to them.
    struct SignedContribution {
        uint256 datasetId;
        bytes32 contentHash;
        uint64 size;
        uint64 deadline;
        address contributor;
        bytes cid;
        bytes metadataCid;
        bytes signature;
    }

    /// @notice A contribution as clients read it.
    struct ContributionView {
        address contributor;
        address owner;
        ContributionStatus status;
        uint8 score;
        uint8 accepts;
        uint8 rejects;
    }

    /// @notice Emitted when a contribution is registered; its CID and size are recorded here.
    event ContributionRegistered(
        uint256 indexed datasetId,
        bytes32 indexed contentHash,
        address indexed contributor,
        uint64 size,
        bytes cid
    );
    /// @notice Emitted right after `ContributionRegistered` when the dataset's challenge period holds the
    /// contribution provisional: it is accepted with `score` from `acceptableAt` on unless a curator rejects it.
    event ContributionProvisional(
        uint256 indexed datasetId,
        bytes32 indexed contentHash,
        address indexed contributor,
        uint8 score,
        uint64 acceptableAt
    );
    /// @notice Emitted right after `ContributionRegistered` when the item has a per-item metadata document.
    event MetadataAttached(uint256 indexed datasetId, bytes32 indexed contentHash, bytes metadataCid);
    /// @notice Emitted for each batch item that was not registered; `reason` is the ABI-encoded custom error.
    event ContributionSkipped(
        uint256 indexed datasetId,
        bytes32 indexed contentHash,
        address indexed contributor,
        bytes reason
    );
    /// @notice Emitted when a contribution's owner (who is paid) changes.
    event ContributionTransferred(
        uint256 indexed datasetId,
        bytes32 indexed contentHash,
        address indexed from,
        address to
    );
    /// @notice Emitted when an owner withdraws a contribution; what it already earned stays claimable.
    event ContributionWithdrawn(uint256 indexed datasetId, bytes32 indexed contentHash, address indexed owner);

    /// @notice This content is already in the dataset.
    error DuplicateContribution(uint256 datasetId, bytes32 contentHash, address existingContributor);
    /// @notice No contribution with this content hash in the dataset.
    error ContributionNotFound(uint256 datasetId, bytes32 contentHash);
    /// @notice The content hash must not be zero and the CID must not be empty.
    error InvalidContent(uint256 datasetId, bytes32 contentHash);
    /// @notice The signature's deadline has passed.
    error SignatureExpired(uint256 deadline, uint256 timestamp);
    /// @notice The signature is not `contributor`'s over this contribution, chain, registry and terms.
    error InvalidSignature(address contributor);
    /// @notice Only the contribution's owner may do this.
    error NotContributionOwner(uint256 datasetId, bytes32 contentHash, address account);
    /// @notice The transaction did not leave enough gas to hand an ERC-1271 wallet its whole budget
    /// (`ERC1271_GAS`): send more gas.
    error InsufficientGasForSignatureCheck(address wallet, uint256 gasLeft, uint256 required);
    /// @notice The contribution was withdrawn and can no longer change hands.
    error ContributionWithdrawnAlready(uint256 datasetId, bytes32 contentHash);
    /// @notice The contribution was removed by the dataset's curators or steward: it can no longer change hands.
    error ContributionIsRemoved(uint256 datasetId, bytes32 contentHash);

    /// @notice Registers the caller's contribution; reverts on any problem.
    function contribute(
        uint256 datasetId,
        bytes32 contentHash,
        uint64 size,
        bytes calldata cid,
        bytes calldata metadataCid
    ) external;

    /// @notice Registers many of the caller's contributions; bad items are skipped and reported.
    /// @return results One entry per item: `bytes4(0)` if registered, else the selector of the error that skipped it.
    function contributeBatch(ContributionInput[] calldata items) external returns (bytes4[] memory results);

    /// @notice Registers one signed contribution; reverts on any problem.
    function contributeBySig(SignedContribution calldata item) external;

    /// @notice Registers many signed contributions; bad items are skipped and reported, never reverting the rest.
    /// @return results One entry per item: `bytes4(0)` if registered, else the selector of the error that skipped it.
    function contributeBatchBySig(SignedContribution[] calldata items) external returns (bytes4[] memory results);

    /// @notice Makes `to` the owner who is paid for the contribution (and holds its voting weight).
    function transferContribution(uint256 datasetId, bytes32 contentHash, address to) external;

    /// @notice Takes the contribution out of the dataset: it stops earning; what it earned stays claimable.
    function withdrawContribution(uint256 datasetId, bytes32 contentHash) external;

    /// @notice Reads a contribution.
    function getContribution(uint256 datasetId, bytes32 contentHash) external view returns (ContributionView memory);

    /// @notice EIP-712 digest a contributor signs for `item` (its `signature` field is ignored).
    function contributionDigest(SignedContribution calldata item) external view returns (bytes32);
}
