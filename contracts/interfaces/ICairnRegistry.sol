// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ICurationRegistry} from "./ICurationRegistry.sol";
import {ITakedownRegistry} from "./ITakedownRegistry.sol";

/// @title Cairn registry
/// @notice The whole on-chain protocol but rewards: datasets, contributions, curation, takedown. Rewards are paid
/// by the `rewardVault()` the registry deployed and feeds with accepted weight.
interface ICairnRegistry is ICurationRegistry, ITakedownRegistry {
    /// @notice The vault that pays this registry's contributors.
    function rewardVault() external view returns (address);

    /// @notice EIP-712 type hash of `Contribution`.
    // solhint-disable-next-line func-name-mixedcase
    function CONTRIBUTION_TYPEHASH() external view returns (bytes32);

    /// @notice Curator seats per dataset: the bound of the per-contribution vote bitmap.
    // solhint-disable-next-line func-name-mixedcase
    function MAX_CURATORS() external view returns (uint8);

    /// @notice Gas handed to an ERC-1271 wallet's `isValidSignature`; a check that needs more fails and its
    /// batch item is skipped as `InvalidSignature` (the wallet can still contribute in its own transaction).
    // solhint-disable-next-line func-name-mixedcase
    function ERC1271_GAS() external pure returns (uint256);

    /// @notice Challenge period a dataset created with a weight observer starts with (seconds).
    // solhint-disable-next-line func-name-mixedcase
    function DEFAULT_CHALLENGE_PERIOD() external pure returns (uint32);

    /// @notice Version of this deployment's rules, for clients.
    function version() external pure returns (string memory);
}
