// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC5805} from "@openzeppelin/contracts/interfaces/IERC5805.sol";
import {IWeightObserver} from "./IWeightObserver.sol";

/// @title Cairn contribution votes
/// @notice Voting power in one dataset = the accepted contribution weight an account holds there (the reward
/// vault's `weightOf`), checkpointed (IERC5805) so that a Governor counts each vote at the proposal's snapshot.
/// The contract is the dataset's weight observer: the vault tells it of every acceptance, transfer and
/// withdrawal, and it moves the voting units accordingly.
/// @dev Delegation works as in ERC20Votes (`delegate`, `delegateBySig`), with one difference: an account is
/// delegated to itself the first time it receives weight, unless it has chosen a delegate (or none) before.
/// Contributors are credited by a curator's review, usually never send a transaction themselves (a relayer
/// submits their signed contributions), and expect the work that was accepted to give them a say; requiring
/// a delegation first would leave most of the weight silent and the quorum (a fraction of all accepted
/// weight) out of reach. Anyone who prefers otherwise delegates elsewhere, or to address(0) to opt out; that
/// choice is never overridden.
interface IContributionVotes is IERC5805, IWeightObserver {
    /// @notice Only the reward vault reports weight changes.
    error NotVault(address caller);
    /// @notice The vault reported a weight change of another dataset that names this contract as its observer.
    error WrongDataset(uint256 expected, uint256 actual);
    /// @notice The vault's call to this contract failed in block `failedAt`, so voting power from that block
    /// on is not exact and is not reported.
    error VotesOutOfSync(uint256 datasetId, uint256 failedAt);
    /// @notice The dataset already exists, so this contract could not have observed its weight from the start.
    error DatasetAlreadyCreated(uint256 datasetId);

    /// @notice The registry of the dataset.
    function registry() external view returns (address);

    /// @notice The reward vault that reports the dataset's weight changes.
    function vault() external view returns (address);

    /// @notice The dataset whose accepted weight is the voting power.
    function datasetId() external view returns (uint256);

    /// @notice Whether `account` has chosen a delegate itself (then it is never delegated automatically).
    function hasChosenDelegate(address account) external view returns (bool);

    /// @notice All accepted weight in the dataset now: the total supply of voting units.
    function totalVotingUnits() external view returns (uint256);

    /// @notice Version of this contract's rules, for clients.
    function version() external pure returns (string memory);
}
