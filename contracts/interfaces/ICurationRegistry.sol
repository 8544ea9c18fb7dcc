// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IContributionRegistry} from "./IContributionRegistry.sol";

/// @title Cairn curation
/// @notice Curators vote once each on a pending contribution: accept with a score (1..100) or reject.
/// When accepts reach the quorum the contribution is accepted with weight = the mean accepting score,
/// and that weight starts earning from the reward vault; when rejects reach the quorum it is rejected.
interface ICurationRegistry is IContributionRegistry {
    /// @notice One vote, for batched reviews.
    struct Review {
        uint256 datasetId;
        bytes32 contentHash;
        bool accept;
        uint8 score;
    }

    /// @notice Emitted for every vote.
    event ContributionReviewed(
        uint256 indexed datasetId,
        bytes32 indexed contentHash,
        address indexed curator,
        bool accepted,
        uint8 score
    );
    /// @notice Emitted when a contribution is accepted; `score` is its weight.
    event ContributionAccepted(
        uint256 indexed datasetId,
        bytes32 indexed contentHash,
        address indexed owner,
        uint8 score
    );
    /// @notice Emitted when a contribution is rejected.
    event ContributionRejected(uint256 indexed datasetId, bytes32 indexed contentHash);
    /// @notice Emitted for each batched vote that was not counted; `reason` is the ABI-encoded custom error.
    event ReviewSkipped(uint256 indexed datasetId, bytes32 indexed contentHash, address indexed curator, bytes reason);

    /// @notice The contribution's challenge period runs until `acceptableAt`.
    error ChallengePeriodNotOver(uint256 datasetId, bytes32 contentHash, uint64 acceptableAt);
    /// @notice This curator seat already voted on the contribution.
    error AlreadyVoted(uint256 datasetId, bytes32 contentHash, address curator);
    /// @notice Only pending contributions can be reviewed.
    error ContributionNotPending(uint256 datasetId, bytes32 contentHash, ContributionStatus status);

    /// @notice Accepts provisional contributions whose challenge period is over, at the score they were registered
    /// with: their weight starts earning and voting. Anyone may call it.
    /// @return results One entry per contribution: `bytes4(0)` if accepted, else the selector of the error that
    /// skipped it (`ContributionNotPending` with the status, `ChallengePeriodNotOver`).
    function confirmContributions(
        uint256 datasetId,
        bytes32[] calldata contentHashes
    ) external returns (bytes4[] memory results);

    /// @notice Casts the caller's vote; reverts on any problem. On a provisional contribution one curator's vote
    /// decides: a rejection rejects it, an acceptance accepts it at once with that curator's score.
    function review(uint256 datasetId, bytes32 contentHash, bool accept, uint8 score) external;

    /// @notice Casts many votes; a vote that cannot count is skipped and reported.
    /// @return results One entry per vote: `bytes4(0)` if counted, else the selector of the error that skipped it.
    function reviewBatch(Review[] calldata reviews) external returns (bytes4[] memory results);
}
