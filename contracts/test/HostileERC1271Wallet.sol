// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice A hostile ERC-1271 wallet: `isValidSignature` burns all the gas it is given, or answers with
/// 64 KiB of data (a "return bomb") that starts with the magic value.
contract HostileERC1271Wallet {
    bool public immutable returnBomb;

    constructor(bool returnBomb_) {
        returnBomb = returnBomb_;
    }

    /// @notice Never returns normally unless in return-bomb mode.
    function isValidSignature(bytes32, bytes calldata) external view returns (bytes4) {
        if (returnBomb) {
            assembly ("memory-safe") {
                mstore(0, 0x1626ba7e00000000000000000000000000000000000000000000000000000000)
                return(0, 0x10000)
            }
        }
        uint256 x;
        while (gasleft() > 0) ++x;
        return bytes4(uint32(x));
    }
}
