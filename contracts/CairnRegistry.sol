// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ICairnRegistry} from "./interfaces/ICairnRegistry.sol";
import {TakedownRegistry} from "./registry/TakedownRegistry.sol";

/// @title CairnRegistry
/// @notice The Cairn protocol: datasets, signed contributions, curation, takedown; rewards through `rewardVault()`.
/// @dev Immutable, no proxy: a new version is a new deployment that clients select by address, so what a
/// contributor signed (domain: chain id + this address) can never be reinterpreted by an upgrade.
contract CairnRegistry is ICairnRegistry, TakedownRegistry {
    constructor() EIP712("Cairn", "1") {}

    /// @inheritdoc ICairnRegistry
    function rewardVault() external view returns (address) {
        return address(_vault);
    }

    /// @inheritdoc ICairnRegistry
    function CONTRIBUTION_TYPEHASH() external pure returns (bytes32) {
        return _CONTRIBUTION_TYPEHASH;
    }

    /// @inheritdoc ICairnRegistry
    function MAX_CURATORS() external pure returns (uint8) {
        return _MAX_CURATORS;
    }

    /// @inheritdoc ICairnRegistry
    function ERC1271_GAS() external pure returns (uint256) {
        return _ERC1271_GAS;
    }

    /// @inheritdoc ICairnRegistry
    function DEFAULT_CHALLENGE_PERIOD() external pure returns (uint32) {
        return _DEFAULT_CHALLENGE_PERIOD;
    }

    /// @inheritdoc ICairnRegistry
    function version() external pure returns (string memory) {
        return "1.2.0";
    }
}
