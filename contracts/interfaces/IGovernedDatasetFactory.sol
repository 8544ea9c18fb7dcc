// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IDatasetRegistry} from "./IDatasetRegistry.sol";

/// @title Cairn governed-dataset factory
/// @notice Creates, in one transaction, a dataset governed by its community: the votes (accepted contribution
/// weight in the dataset, unless another IVotes token is given), a TimelockController that is the dataset's
/// steward and holds its treasury, and a Governor whose passed proposals the timelock executes.
interface IGovernedDatasetFactory {
    /// @notice How the dataset is governed.
    /// @param name Governor name, also its EIP-712 domain name for signed votes.
    /// @param votes Source of voting power, or address(0) to deploy ContributionVotes over the dataset's weight.
    /// @param votingDelay Clock units (blocks for ContributionVotes) from a proposal to its snapshot.
    /// @param votingPeriod Clock units during which votes are cast.
    /// @param proposalThreshold Votes needed to propose (weight units for ContributionVotes).
    /// @param quorumNumerator Quorum, in percent of the total votes at the snapshot.
    /// @param timelockDelay Seconds between a proposal's queueing and its execution.
    /// @param openExecution Whether anyone may execute a queued proposal once ready (else only the governor).
    struct GovernanceConfig {
        string name;
        IVotes votes;
        uint48 votingDelay;
        uint32 votingPeriod;
        uint256 proposalThreshold;
        uint256 quorumNumerator;
        uint256 timelockDelay;
        bool openExecution;
    }

    /// @notice The contracts that govern a dataset.
    struct Governance {
        address votes;
        address timelock;
        address governor;
    }

    /// @notice Emitted when a governed dataset is created; `votes` is the ContributionVotes deployed for it or
    /// the IVotes token given.
    event GovernedDatasetCreated(
        uint256 indexed datasetId,
        address indexed governor,
        address indexed timelock,
        address votes,
        address creator
    );

    /// @notice The registry gave the dataset another id than the one its votes were deployed for.
    error DatasetIdMismatch(uint256 expected, uint256 actual);

    /// @notice Creates the dataset described by `dataset`, governed as `governance` says. The dataset's
    /// `steward` is set to the new timelock and, when the factory deploys the votes, its `weightObserver` to
    /// them (both fields of `dataset` are then ignored). The timelock keeps no admin: only proposals change it.
    function createGovernedDataset(
        IDatasetRegistry.DatasetConfig calldata dataset,
        GovernanceConfig calldata governance
    ) external returns (uint256 datasetId, Governance memory contracts);

    /// @notice The contracts this factory created for a dataset (all zero for other datasets).
    function governanceOf(uint256 datasetId) external view returns (Governance memory);

    /// @notice The registry in which datasets are created.
    function registry() external view returns (address);

    /// @notice The contracts that deploy the votes, the timelock and the governor for this factory.
    function deployers() external view returns (address votes, address timelock, address governor);

    /// @notice Version of this factory, for clients.
    function version() external pure returns (string memory);
}
