// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Vm, VM_ADDRESS} from "./Vm.sol";

/// @notice Base of Cairn's Solidity tests: the cheatcodes, assertions that revert with a message naming
/// both values, `bound` for fuzz inputs, and the target lists that Hardhat's (EDR's) invariant fuzzer reads
/// through `targetContracts()` / `targetSelectors()` / `targetSenders()`, as forge-std's `StdInvariant`.
abstract contract CairnTest {
    /// @notice A target contract and the selectors the invariant fuzzer may call on it (forge-std's ABI).
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    /// @notice Raised by every failed assertion.
    error AssertionFailed(string message);

    Vm internal constant vm = Vm(VM_ADDRESS);

    uint256 internal constant SECP256K1_ORDER = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;

    address[] private _targetContracts;
    FuzzSelector[] private _targetSelectors;
    address[] private _targetSenders;

    // ---------------------------------------------------------------- invariant targets

    /// @notice Lets the invariant fuzzer call `target` (any of its functions unless selectors are given).
    function targetContract(address target) internal {
        _targetContracts.push(target);
    }

    /// @notice Restricts the invariant fuzzer to `selectors` of `target`.
    function targetSelector(address target, bytes4[] memory selectors) internal {
        _targetSelectors.push(FuzzSelector(target, selectors));
    }

    /// @notice Makes the invariant fuzzer send its calls from `sender` (and the other added senders only).
    function targetSender(address sender) internal {
        _targetSenders.push(sender);
    }

    /// @notice Read by the invariant fuzzer.
    function targetContracts() public view returns (address[] memory) {
        return _targetContracts;
    }

    /// @notice Read by the invariant fuzzer.
    function targetSelectors() public view returns (FuzzSelector[] memory) {
        return _targetSelectors;
    }

    /// @notice Read by the invariant fuzzer.
    function targetSenders() public view returns (address[] memory) {
        return _targetSenders;
    }

    // ---------------------------------------------------------------- fuzz helpers

    /// @notice Maps any `x` into `[min, max]`, keeping small values as they are where possible, as forge-std's `bound`.
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        if (min > max) revert AssertionFailed("bound: min > max");
        if (x >= min && x <= max) return x;
        uint256 size = max - min + 1;
        if (size == 0) return x; // [0, 2^256 - 1]
        return min + (x % size);
    }

    /// @notice A valid secp256k1 private key derived from any fuzzed `seed`.
    function boundKey(uint256 seed) internal pure returns (uint256) {
        return bound(seed, 1, SECP256K1_ORDER - 1);
    }

    // ---------------------------------------------------------------- assertions

    function fail(string memory message) internal pure {
        revert AssertionFailed(message);
    }

    function assertTrue(bool condition, string memory message) internal pure {
        if (!condition) fail(message);
    }

    function assertFalse(bool condition, string memory message) internal pure {
        if (condition) fail(message);
    }

    function assertEq(uint256 a, uint256 b, string memory message) internal pure {
        if (a != b) fail(string.concat(message, ": ", _str(a), " != ", _str(b)));
    }

    function assertEq(address a, address b, string memory message) internal pure {
        if (a != b) fail(string.concat(message, ": ", _hex(uint160(a), 20), " != ", _hex(uint160(b), 20)));
    }

    /// @dev Also compares `bytes4` selectors, which convert to `bytes32` implicitly.
    function assertEq(bytes32 a, bytes32 b, string memory message) internal pure {
        if (a != b) fail(string.concat(message, ": ", _hex(uint256(a), 32), " != ", _hex(uint256(b), 32)));
    }

    function assertEq(bool a, bool b, string memory message) internal pure {
        if (a != b) fail(string.concat(message, ": ", a ? "true" : "false", " != ", b ? "true" : "false"));
    }

    function assertLe(uint256 a, uint256 b, string memory message) internal pure {
        if (a > b) fail(string.concat(message, ": ", _str(a), " > ", _str(b)));
    }

    function assertGe(uint256 a, uint256 b, string memory message) internal pure {
        if (a < b) fail(string.concat(message, ": ", _str(a), " < ", _str(b)));
    }

    /// @notice `a` and `b` differ by at most `maxDelta`.
    function assertApproxEq(uint256 a, uint256 b, uint256 maxDelta, string memory message) internal pure {
        uint256 delta = a > b ? a - b : b - a;
        if (delta > maxDelta) {
            fail(string.concat(message, ": ", _str(a), " vs ", _str(b), ", off by more than ", _str(maxDelta)));
        }
    }

    // ---------------------------------------------------------------- formatting

    function _str(uint256 value) private pure returns (string memory) {
        if (value == 0) return "0";
        uint256 digits;
        for (uint256 v = value; v != 0; v /= 10) ++digits;
        bytes memory out = new bytes(digits);
        for (; value != 0; value /= 10) out[--digits] = bytes1(uint8(48 + (value % 10)));
        return string(out);
    }

    function _hex(uint256 value, uint256 length) private pure returns (string memory) {
        bytes memory digits = "0123456789abcdef";
        bytes memory out = new bytes(2 + 2 * length);
        out[0] = "0";
        out[1] = "x";
        for (uint256 i = 2 * length + 1; i > 1; --i) {
            out[i] = digits[value & 0xf];
            value >>= 4;
        }
        return string(out);
    }
}
