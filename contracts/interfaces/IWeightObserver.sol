// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Weight observer
/// @notice Told by the reward vault of every change of accepted weight in one dataset, in the order they
/// happen, so it can keep checkpointed voting power (see ContributionVotes). `from` is zero when weight
/// is credited (acceptance), `to` is zero when it is removed (withdrawal); both are set on a transfer.
interface IWeightObserver {
    function onWeightMoved(address from, address to, uint64 weight) external;
}
