// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ICairnRegistry} from "../../interfaces/ICairnRegistry.sol";
import {ContributionVotes} from "../ContributionVotes.sol";

/// @title ContributionVotesDeployer
/// @notice Deploys ContributionVotes for GovernedDatasetFactory, which would exceed the 24 KiB code size limit
/// if it embedded the creation code of the votes, the timelock and the governor itself.
/// @dev Stateless and open to anyone: a contract it deploys has only the powers its arguments give it.
contract ContributionVotesDeployer {
    /// @notice Deploys the votes of dataset `datasetId` (not created yet) of `registry`.
    function deploy(ICairnRegistry registry, uint256 datasetId) external returns (ContributionVotes) {
        return new ContributionVotes(registry, datasetId);
    }
}
