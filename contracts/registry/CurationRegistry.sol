// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ICurationRegistry} from "../interfaces/ICurationRegistry.sol";
import {ContributionRegistry} from "./ContributionRegistry.sol";
import {ContributionRecord} from "../types/ContributionRecord.sol";

/// @title CurationRegistry
/// @notice Curators' votes, the quorum decision, and crediting accepted weight to the reward vault.
abstract contract CurationRegistry is ICurationRegistry, ContributionRegistry {
    /// @inheritdoc ICurationRegistry
    function review(uint256 datasetId, bytes32 contentHash, bool accept, uint8 score) external nonReentrant {
        _revertIfError(_tryReview(datasetId, contentHash, accept, score));
    }

    /// @inheritdoc ICurationRegistry
    function reviewBatch(Review[] calldata reviews) external nonReentrant returns (bytes4[] memory results) {
        results = new bytes4[](reviews.length);
        for (uint256 i; i < reviews.length; ++i) {
            Review calldata r = reviews[i];
            bytes memory err = _tryReview(r.datasetId, r.contentHash, r.accept, r.score);
            if (err.length != 0) {
                results[i] = bytes4(err);
                emit ReviewSkipped(r.datasetId, r.contentHash, msg.sender, err);
            }
        }
    }

    function _tryReview(
        uint256 datasetId,
        bytes32 contentHash,
        bool accept,
        uint8 score
    ) private returns (bytes memory) {
        (uint8 seat, bool isCurator_) = _seatOf(datasetId, msg.sender);
        if (!isCurator_) return abi.encodeWithSelector(NotCurator.selector, datasetId, msg.sender);
        if (accept && (score == 0 || score > _MAX_SCORE)) return abi.encodeWithSelector(InvalidScore.selector, score);

        ContributionRecord c = _contribution(datasetId, contentHash);
        ContributionStatus status = c.status();
        if (status != ContributionStatus.Pending) {
            return
                status == ContributionStatus.None
                    ? abi.encodeWithSelector(ContributionNotFound.selector, datasetId, contentHash)
                    : abi.encodeWithSelector(ContributionNotPending.selector, datasetId, contentHash, status);
        }
        if (c.votedSeats() & (uint48(1) << seat) != 0) {
            return abi.encodeWithSelector(AlreadyVoted.selector, datasetId, contentHash, msg.sender);
        }

        uint8 quorum = _dataset(datasetId).quorum;
        c = c.withVote(seat, accept, score);
        if (accept && c.accepts() >= quorum) {
            // Weight is the mean accepting score: between 1 and 100 because every score is.
            c = c.withAcceptance(uint8(c.scoreSum() / c.accepts()));
        } else if (!accept && c.rejects() >= quorum) {
            c = c.withStatus(ContributionStatus.Rejected);
        }
        _storeContribution(datasetId, contentHash, c);
        emit ContributionReviewed(datasetId, contentHash, msg.sender, accept, accept ? score : 0);

        status = c.status();
        if (status == ContributionStatus.Accepted) {
            address owner = _ownerOf(datasetId, contentHash, c.contributor());
            _vault.addWeight(datasetId, owner, c.score());
            _emitAccepted(datasetId, contentHash, owner, c.score());
        } else if (status == ContributionStatus.Rejected) {
            emit ContributionRejected(datasetId, contentHash);
        }
        return "";
    }

    function _emitAccepted(uint256 datasetId, bytes32 contentHash, address owner, uint8 score) internal override {
        emit ContributionAccepted(datasetId, contentHash, owner, score);
    }
}
