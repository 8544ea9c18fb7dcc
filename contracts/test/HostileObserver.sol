// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IWeightObserver} from "../interfaces/IWeightObserver.sol";

/// @notice A dataset creator's hostile weight observer. It can also act as an account (a contribution's owner,
/// the dataset's steward) through `execute`, so that its callback re-enters as that account.
/// Modes: `Record` counts calls; `Revert` refuses every change; `BurnGas` loops until its gas runs out;
/// `ReturnBomb` returns 64 KiB of data; `Reenter` makes `payload` call to `target` once from the callback
/// and records what happened.
contract HostileObserver is IWeightObserver {
    enum Mode {
        Record,
        Revert,
        BurnGas,
        ReturnBomb,
        Reenter
    }

    /// @notice Raised in `Revert` mode.
    error Refused();

    Mode public mode;
    uint256 public calls;
    address public target;
    bytes public payload;
    bool public reentered;
    bool public reentrySucceeded;
    bytes public reentryError;

    /// @notice Chooses how the next callbacks behave.
    function setMode(Mode mode_) external {
        mode = mode_;
    }

    /// @notice In `Reenter` mode, the callback sends `payload_` to `target_` (once).
    function arm(address target_, bytes calldata payload_) external {
        target = target_;
        payload = payload_;
        mode = Mode.Reenter;
    }

    /// @notice Calls `to` with `data` as this contract (to own contributions or steward a dataset).
    function execute(address to, bytes calldata data) external returns (bytes memory) {
        (bool ok, bytes memory ret) = to.call(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(ret, 0x20), mload(ret))
            }
        }
        return ret;
    }

    /// @inheritdoc IWeightObserver
    function onWeightMoved(uint256, address, address, uint64) external {
        ++calls;
        Mode m = mode;
        if (m == Mode.Revert) revert Refused();
        if (m == Mode.BurnGas) {
            uint256 x;
            while (true) ++x;
        }
        if (m == Mode.ReturnBomb) {
            assembly ("memory-safe") {
                return(0, 0x10000)
            }
        }
        if (m == Mode.Reenter && !reentered) {
            reentered = true;
            (bool ok, bytes memory ret) = target.call(payload);
            reentrySucceeded = ok;
            reentryError = ret;
        }
    }
}
