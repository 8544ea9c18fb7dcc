// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ICurationRegistry} from "../interfaces/ICurationRegistry.sol";
import {ContributionRegistry} from "./ContributionRegistry.sol";
import {ContributionRecord, ContributionRecordLib} from "../types/ContributionRecord.sol";

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
        if (status == ContributionStatus.Provisional) return _challenge(datasetId, contentHash, c, accept, score);
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

    /// @inheritdoc ICurationRegistry
    function confirmContributions(
        uint256 datasetId,
        bytes32[] calldata contentHashes
    ) external nonReentrant returns (bytes4[] memory results) {
        results = new bytes4[](contentHashes.length);
        for (uint256 i; i < contentHashes.length; ++i) {
            bytes32 contentHash = contentHashes[i];
            ContributionRecord c = _contribution(datasetId, contentHash);
            bytes memory err;
            if (c.status() != ContributionStatus.Provisional) {
                err = abi.encodeWithSelector(ContributionNotPending.selector, datasetId, contentHash, c.status());
            } else if (block.timestamp < c.acceptableAt()) {
                err = abi.encodeWithSelector(ChallengePeriodNotOver.selector, datasetId, contentHash, c.acceptableAt());
            }
            if (err.length != 0) {
                results[i] = bytes4(err);
                continue;
            }
            _accept(datasetId, contentHash, c.contributor(), c.score());
        }
    }

    /// @dev One curator decides on a provisional contribution: it was accepted without review, so a single
    /// rejection takes it out and a single acceptance confirms it early with that curator's score.
    function _challenge(
        uint256 datasetId,
        bytes32 contentHash,
        ContributionRecord c,
        bool accept,
        uint8 score
    ) private returns (bytes memory) {
        emit ContributionReviewed(datasetId, contentHash, msg.sender, accept, accept ? score : 0);
        if (accept) {
            _accept(datasetId, contentHash, c.contributor(), score);
        } else {
            _storeContribution(datasetId, contentHash, c.withStatus(ContributionStatus.Rejected));
            emit ContributionRejected(datasetId, contentHash);
        }
        return "";
    }

    /// @dev Accepts with `score` (state first), then credits the owner's weight in the vault.
    function _accept(uint256 datasetId, bytes32 contentHash, address contributor, uint8 score) private {
        _storeContribution(
            datasetId,
            contentHash,
            ContributionRecordLib.create(contributor, ContributionStatus.Accepted, score)
        );
        address owner = _ownerOf(datasetId, contentHash, contributor);
        _vault.addWeight(datasetId, owner, score);
        emit ContributionAccepted(datasetId, contentHash, owner, score);
    }

    function _emitAccepted(uint256 datasetId, bytes32 contentHash, address owner, uint8 score) internal override {
        emit ContributionAccepted(datasetId, contentHash, owner, score);
    }
}
