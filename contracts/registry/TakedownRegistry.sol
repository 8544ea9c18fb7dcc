// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ITakedownRegistry} from "../interfaces/ITakedownRegistry.sol";
import {CurationRegistry} from "./CurationRegistry.sol";
import {ContributionRecord} from "../types/ContributionRecord.sol";

/// @title TakedownRegistry
/// @notice Removal of a contribution by the dataset's curators or steward, with the reason on the record.
abstract contract TakedownRegistry is CurationRegistry, ITakedownRegistry {
    /// @inheritdoc ITakedownRegistry
    /// @dev Checks, effects, interactions: the status is written before the vault removes the weight (and tells
    /// the dataset's observer), and the guard refuses any re-entry while it does.
    function takedownContribution(
        uint256 datasetId,
        bytes32 contentHash,
        uint8 reason,
        bytes calldata justificationCid
    ) external nonReentrant {
        address steward = _dataset(datasetId).steward;
        if (steward == address(0)) revert DatasetNotFound(datasetId);
        if (msg.sender != steward) {
            (, bool isCurator_) = _seatOf(datasetId, msg.sender);
            if (!isCurator_) revert NotCuratorOrSteward(datasetId, msg.sender);
        }
        if (reason == 0 || justificationCid.length == 0) revert InvalidTakedown(datasetId, contentHash, reason);
        ContributionRecord c = _contribution(datasetId, contentHash);
        ContributionStatus status = c.status();
        if (status == ContributionStatus.None) revert ContributionNotFound(datasetId, contentHash);
        if (status == ContributionStatus.Removed) revert ContributionRemovedAlready(datasetId, contentHash);

        _storeContribution(datasetId, contentHash, c.withStatus(ContributionStatus.Removed));
        emit ContributionRemoved(datasetId, contentHash, msg.sender, reason, justificationCid);
        if (status == ContributionStatus.Accepted) {
            _vault.removeWeight(datasetId, _ownerOf(datasetId, contentHash, c.contributor()), c.score());
        }
    }
}
