// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @title TimelockDeployer
/// @notice Deploys OpenZeppelin's TimelockController for GovernedDatasetFactory (see ContributionVotesDeployer).
/// @dev Stateless and open to anyone: a contract it deploys has only the powers its arguments give it.
contract TimelockDeployer {
    /// @notice Deploys a TimelockController; the arguments are its constructor's.
    function deploy(
        uint256 minDelay,
        address[] calldata proposers,
        address[] calldata executors,
        address admin
    ) external returns (TimelockController) {
        return new TimelockController(minDelay, proposers, executors, admin);
    }
}
