// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IContributionRegistry} from "./IContributionRegistry.sol";

/// @title Cairn takedown
/// @notice A dataset's curators or its steward (a wallet, a multisig or the dataset's own Governor through its
/// timelock) can remove a contribution: illegal content, personal data, a withdrawn consent. A removed
/// contribution's status is `Removed` for good: its accepted weight leaves the reward vault and the dataset's
/// votes at once, it can no longer be reviewed, confirmed, transferred or withdrawn, and its content hash stays
/// registered so the same bytes cannot be registered again in the dataset. Clients leave it out of exports,
/// releases, previews and lists, and unpin it from the stores they control. What it earned before its removal
/// stays claimable by its owner (as after a withdrawal): the removal stops future earnings, it confiscates
/// nothing, so no curator can seize what the dataset's rules already paid.
interface ITakedownRegistry is IContributionRegistry {
    /// @notice Emitted when a contribution is removed: who removed it, the reason code and the CID of the
    /// justification (a document anyone can fetch and read).
    /// @param reason 1 illegal content, 2 personal data, 3 withdrawn consent, 4 copyright, 5 spam or junk,
    /// 255 other (see docs/takedown.md); 0 is refused.
    event ContributionRemoved(
        uint256 indexed datasetId,
        bytes32 indexed contentHash,
        address indexed by,
        uint8 reason,
        bytes justificationCid
    );

    /// @notice Only the dataset's curators and its steward can remove a contribution.
    error NotCuratorOrSteward(uint256 datasetId, address caller);
    /// @notice A removal needs a reason code (non-zero) and the CID of its justification.
    error InvalidTakedown(uint256 datasetId, bytes32 contentHash, uint8 reason);
    /// @notice The contribution was already removed.
    error ContributionRemovedAlready(uint256 datasetId, bytes32 contentHash);

    /// @notice Removes a contribution (any status but `Removed`): status `Removed`, its accepted weight (if any)
    /// leaves the vault and the votes, and `ContributionRemoved` records who and why. Earnings before stay claimable.
    function takedownContribution(
        uint256 datasetId,
        bytes32 contentHash,
        uint8 reason,
        bytes calldata justificationCid
    ) external;
}
