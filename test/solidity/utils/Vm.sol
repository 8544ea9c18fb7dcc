// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice The Foundry-compatible cheatcodes Cairn's Solidity tests use, and nothing more. Hardhat 3 (EDR)
/// answers them at the usual address, `VM_ADDRESS`; see forge-std's `Vm.sol` for the full set.
// solhint-disable-next-line interface-starts-with-i
interface Vm {
    /// @notice The next call (only) is made with `msg.sender = sender`.
    function prank(address sender) external;

    /// @notice Every call until `stopPrank` is made with `msg.sender = sender`.
    function startPrank(address sender) external;

    /// @notice Ends `startPrank`.
    function stopPrank() external;

    /// @notice Sets `block.timestamp`.
    function warp(uint256 timestamp) external;

    /// @notice Sets `block.number`.
    function roll(uint256 blockNumber) external;

    /// @notice Sets what `blockhash(blockNumber)` returns.
    function setBlockhash(uint256 blockNumber, bytes32 blockHash) external;

    /// @notice The creation bytecode of a compiled contract, e.g. `"ReviewerPool.sol:ReviewerPool"`.
    function getCode(string calldata artifactPath) external view returns (bytes memory creationBytecode);

    /// @notice The next call must revert with exactly `revertData` (a custom error with its arguments).
    function expectRevert(bytes calldata revertData) external;

    /// @notice The next call must revert with this custom error selector, whatever its arguments.
    function expectRevert(bytes4 revertSelector) external;

    /// @notice The next event emitted must match the one emitted right after this call, on the checked
    /// topics and data, and come from `emitter`.
    function expectEmit(bool checkTopic1, bool checkTopic2, bool checkTopic3, bool checkData, address emitter) external;

    /// @notice Discards the current fuzz input when `condition` is false.
    function assume(bool condition) external pure;

    /// @notice ECDSA-signs `digest` with `privateKey`.
    function sign(uint256 privateKey, bytes32 digest) external pure returns (uint8 v, bytes32 r, bytes32 s);

    /// @notice The address of `privateKey`.
    function addr(uint256 privateKey) external pure returns (address);

    /// @notice Names `account` in traces.
    function label(address account, string calldata name) external;
}

// Where the cheatcodes live: `address(bytes20(uint160(uint256(keccak256("hevm cheat code")))))`.
address constant VM_ADDRESS = 0x7109709ECfa91a80626fF3989D68f67F5b1DD12D;
