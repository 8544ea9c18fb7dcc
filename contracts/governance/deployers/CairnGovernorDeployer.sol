// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {CairnGovernor} from "../CairnGovernor.sol";

/// @title CairnGovernorDeployer
/// @notice Deploys CairnGovernor for GovernedDatasetFactory (see ContributionVotesDeployer).
/// @dev Stateless and open to anyone: a contract it deploys has only the powers its arguments give it.
contract CairnGovernorDeployer {
    /// @notice Deploys a CairnGovernor; the arguments are its constructor's.
    function deploy(
        string calldata name,
        IVotes token,
        TimelockController timelock,
        uint48 votingDelay,
        uint32 votingPeriod,
        uint256 proposalThreshold,
        uint256 quorumNumerator
    ) external returns (CairnGovernor) {
        return new CairnGovernor(name, token, timelock, votingDelay, votingPeriod, proposalThreshold, quorumNumerator);
    }
}
