// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @notice A smart-contract wallet (ERC-1271) that approves hashes signed by its owner key, or refuses
/// everything when `refuseAll` is set, like a Safe whose signers did not approve.
contract ERC1271Wallet is IERC1271 {
    address public immutable owner;
    bool public refuseAll;

    constructor(address owner_, bool refuseAll_) {
        owner = owner_;
        refuseAll = refuseAll_;
    }

    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        if (refuseAll) return 0xffffffff;
        (address recovered, ECDSA.RecoverError err, ) = ECDSA.tryRecover(hash, signature);
        return err == ECDSA.RecoverError.NoError && recovered == owner ? IERC1271.isValidSignature.selector : bytes4(0);
    }
}
