// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {Votes} from "@openzeppelin/contracts/governance/utils/Votes.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ICairnRegistry} from "../interfaces/ICairnRegistry.sol";
import {IContributionVotes} from "../interfaces/IContributionVotes.sol";
import {IRewardVault} from "../interfaces/IRewardVault.sol";
import {IWeightObserver} from "../interfaces/IWeightObserver.sol";

/// @title ContributionVotes
/// @notice Voting power in one dataset = accepted contribution weight there, checkpointed by block number
/// (OpenZeppelin `Votes`, IERC5805): plug it into any OpenZeppelin Governor (see CairnGovernor).
/// @dev The contract must be the dataset's weight observer from its creation, so it is deployed first, for
/// the id the dataset will get (`datasetCount() + 1` in the same transaction; GovernedDatasetFactory does
/// this and checks the id it got). Then, for every account, `_getVotingUnits` (the vault's `weightOf`) equals
/// the units moved here, which `Votes` relies on when an account changes delegate. Clock: block numbers,
/// OpenZeppelin's default, which every Governor front end understands.
contract ContributionVotes is IContributionVotes, Votes {
    ICairnRegistry private immutable _registry;
    IRewardVault private immutable _vault;
    uint256 private immutable _datasetId;

    /// @dev Set when an account delegates itself (`delegate`, `delegateBySig`); auto self-delegation then stops.
    mapping(address account => bool) private _chosen;

    /// @notice Votes for dataset `datasetId_` of `registry_`, to be named its weight observer at creation.
    /// @param registry_ The Cairn registry in which the dataset is about to be created.
    /// @param datasetId_ The id the dataset will get; it must not exist yet.
    constructor(ICairnRegistry registry_, uint256 datasetId_) EIP712("Cairn Contribution Votes", "1") {
        if (datasetId_ <= registry_.datasetCount()) revert DatasetAlreadyCreated(datasetId_);
        _registry = registry_;
        _vault = IRewardVault(registry_.rewardVault());
        _datasetId = datasetId_;
    }

    /// @inheritdoc IWeightObserver
    /// @dev Credits (`from` zero) raise the total supply, withdrawals (`to` zero) lower it, and the units move
    /// between the two accounts' delegates. A recipient that has no delegate and never chose one is delegated
    /// to itself, after the move, which then carries its whole weight (the vault has already updated it).
    function onWeightMoved(uint256 datasetId_, address from, address to, uint64 weight) external {
        if (msg.sender != address(_vault)) revert NotVault(msg.sender);
        if (datasetId_ != _datasetId) revert WrongDataset(_datasetId, datasetId_);
        _transferVotingUnits(from, to, weight);
        if (to != address(0) && delegates(to) == address(0) && !_chosen[to]) Votes._delegate(to, to);
    }

    /// @inheritdoc IContributionVotes
    function registry() external view returns (address) {
        return address(_registry);
    }

    /// @inheritdoc IContributionVotes
    function vault() external view returns (address) {
        return address(_vault);
    }

    /// @inheritdoc IContributionVotes
    function datasetId() external view returns (uint256) {
        return _datasetId;
    }

    /// @inheritdoc IContributionVotes
    function hasChosenDelegate(address account) external view returns (bool) {
        return _chosen[account];
    }

    /// @inheritdoc IContributionVotes
    function totalVotingUnits() external view returns (uint256) {
        return _getTotalSupply();
    }

    /// @inheritdoc IContributionVotes
    function version() external pure returns (string memory) {
        return "1.0.0";
    }

    /// @dev Every delegation an account makes itself (including to address(0), to opt out) is final: the
    /// automatic self-delegation never overrides it.
    function _delegate(address account, address delegatee) internal override {
        _chosen[account] = true;
        super._delegate(account, delegatee);
    }

    /// @inheritdoc Votes
    /// @dev Refused once the vault's call to this contract has failed (which the vault's gas budget makes
    /// impossible for this contract; a guard in depth): from then on the checkpoints miss a weight change.
    function getVotes(address account) public view override(IVotes, Votes) returns (uint256) {
        _revertIfOutOfSync(clock());
        return super.getVotes(account);
    }

    /// @inheritdoc Votes
    /// @dev Refused for any timepoint at or after the block in which the vault's call to this contract failed,
    /// so a Governor can neither reach a quorum nor decide a proposal whose snapshot is not exact (its
    /// `state` reverts once voting ends). Earlier timepoints stay exact and readable.
    function getPastTotalSupply(uint256 timepoint) public view override(IVotes, Votes) returns (uint256) {
        _revertIfOutOfSync(timepoint);
        return super.getPastTotalSupply(timepoint);
    }

    function _revertIfOutOfSync(uint256 timepoint) private view {
        uint256 failedAt = _vault.weightObserverFailedAt(_datasetId);
        if (failedAt != 0 && failedAt <= timepoint) revert VotesOutOfSync(_datasetId, failedAt);
    }

    /// @dev An account's voting units are its accepted weight in the dataset.
    function _getVotingUnits(address account) internal view override returns (uint256) {
        return _vault.weightOf(_datasetId, account);
    }
}
