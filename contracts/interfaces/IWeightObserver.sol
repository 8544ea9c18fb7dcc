// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Weight observer
/// @notice Told by the reward vault of every change of accepted weight in one dataset, in the order they
/// happen, so it can keep checkpointed voting power (see ContributionVotes). `from` is zero when weight
/// is credited (acceptance), `to` is zero when it is removed (withdrawal); both are set on a transfer.
/// @dev `datasetId` is the dataset whose weight moved. Anyone can create a dataset that names an existing
/// observer, so an observer that serves one dataset must check it: otherwise a stranger's dataset could
/// credit weight (votes) to whoever they like.
interface IWeightObserver {
    /// @notice `weight` of accepted weight in dataset `datasetId` moved from `from` to `to`. Reward vault only.
    function onWeightMoved(uint256 datasetId, address from, address to, uint64 weight) external;
}
