// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {ICairnRegistry} from "../interfaces/ICairnRegistry.sol";
import {IDatasetRegistry} from "../interfaces/IDatasetRegistry.sol";
import {IGovernedDatasetFactory} from "../interfaces/IGovernedDatasetFactory.sol";
import {CairnGovernorDeployer} from "./deployers/CairnGovernorDeployer.sol";
import {ContributionVotesDeployer} from "./deployers/ContributionVotesDeployer.sol";
import {TimelockDeployer} from "./deployers/TimelockDeployer.sol";

/// @title GovernedDatasetFactory
/// @notice One call creates a dataset governed by the people who built it: ContributionVotes (or any IVotes),
/// a TimelockController as steward, and a CairnGovernor, wired together.
/// @dev The three contracts are deployed by three small deployers: embedding their creation code here would
/// exceed the 24 KiB code size limit (EIP-170). The votes are deployed for the id the dataset is about to get
/// (`datasetCount() + 1`), which no other transaction can take in between; the id returned is checked anyway.
contract GovernedDatasetFactory is IGovernedDatasetFactory {
    ICairnRegistry private immutable _registry;
    ContributionVotesDeployer private immutable _votesDeployer;
    TimelockDeployer private immutable _timelockDeployer;
    CairnGovernorDeployer private immutable _governorDeployer;

    mapping(uint256 datasetId => Governance) private _governance;

    constructor(
        ICairnRegistry registry_,
        ContributionVotesDeployer votesDeployer,
        TimelockDeployer timelockDeployer,
        CairnGovernorDeployer governorDeployer
    ) {
        _registry = registry_;
        _votesDeployer = votesDeployer;
        _timelockDeployer = timelockDeployer;
        _governorDeployer = governorDeployer;
    }

    /// @inheritdoc IGovernedDatasetFactory
    function createGovernedDataset(
        IDatasetRegistry.DatasetConfig calldata dataset,
        GovernanceConfig calldata governance
    ) external returns (uint256 datasetId, Governance memory contracts) {
        IDatasetRegistry.DatasetConfig memory config = dataset;
        uint256 expectedId = _registry.datasetCount() + 1;
        IVotes votes = governance.votes;
        if (address(votes) == address(0)) {
            votes = IVotes(address(_votesDeployer.deploy(_registry, expectedId)));
            config.weightObserver = address(votes);
        }

        // The factory is the timelock's admin only until the governor exists and holds its roles.
        TimelockController timelock = _timelockDeployer.deploy(
            governance.timelockDelay,
            new address[](0),
            new address[](0),
            address(this)
        );
        address governor = address(
            _governorDeployer.deploy(
                governance.name,
                votes,
                timelock,
                governance.votingDelay,
                governance.votingPeriod,
                governance.proposalThreshold,
                governance.quorumNumerator
            )
        );
        timelock.grantRole(timelock.PROPOSER_ROLE(), governor);
        timelock.grantRole(timelock.CANCELLER_ROLE(), governor);
        timelock.grantRole(timelock.EXECUTOR_ROLE(), governance.openExecution ? address(0) : governor);
        timelock.renounceRole(timelock.DEFAULT_ADMIN_ROLE(), address(this));

        config.steward = address(timelock);
        datasetId = _registry.createDataset(config);
        if (datasetId != expectedId) revert DatasetIdMismatch(expectedId, datasetId);

        contracts = Governance({votes: address(votes), timelock: address(timelock), governor: governor});
        _governance[datasetId] = contracts;
        emit GovernedDatasetCreated(datasetId, governor, address(timelock), address(votes), msg.sender);
    }

    /// @inheritdoc IGovernedDatasetFactory
    function governanceOf(uint256 datasetId) external view returns (Governance memory) {
        return _governance[datasetId];
    }

    /// @inheritdoc IGovernedDatasetFactory
    function registry() external view returns (address) {
        return address(_registry);
    }

    /// @inheritdoc IGovernedDatasetFactory
    function deployers() external view returns (address votes, address timelock, address governor) {
        return (address(_votesDeployer), address(_timelockDeployer), address(_governorDeployer));
    }

    /// @inheritdoc IGovernedDatasetFactory
    function version() external pure returns (string memory) {
        return "1.0.0";
    }
}
