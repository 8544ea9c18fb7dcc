// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IWeightObserver} from "../../../contracts/interfaces/IWeightObserver.sol";

/// @notice A weight observer that keeps a running balance per account from the vault's notifications, so
/// the invariant suite can check that what the vault tells observers adds up to what it holds.
contract WeightLedger is IWeightObserver {
    /// @notice Raised when anyone but the vault notifies, or for another dataset.
    error UnexpectedNotifier(address caller, uint256 datasetId);

    address public immutable vault;
    uint256 public immutable datasetId;
    mapping(address account => uint256) public balanceOf;
    uint256 public total;

    constructor(address vault_, uint256 datasetId_) {
        vault = vault_;
        datasetId = datasetId_;
    }

    /// @inheritdoc IWeightObserver
    function onWeightMoved(uint256 datasetId_, address from, address to, uint64 weight) external {
        if (msg.sender != vault || datasetId_ != datasetId) revert UnexpectedNotifier(msg.sender, datasetId_);
        if (from == address(0)) total += weight;
        else balanceOf[from] -= weight;
        if (to == address(0)) total -= weight;
        else balanceOf[to] += weight;
    }
}
