// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IReleaseRegistry} from "../interfaces/IReleaseRegistry.sol";

/// @title The hash of a release leaf, in one place
/// @notice OpenZeppelin's standard Merkle tree leaf over (contentHash, cid, size, owner, score): the hash of the
/// hash of the ABI encoding. `ReleaseRegistry` proves inclusion with it and `ModelRegistry` pays dividends by it;
/// the SDK builds the same leaves with OpenZeppelin's JavaScript merkle-tree package.
library ReleaseLeaf {
    /// @notice The leaf's hash, as it appears in a release's tree.
    function hash(IReleaseRegistry.Leaf calldata leaf) internal pure returns (bytes32) {
        return
            keccak256(
                bytes.concat(keccak256(abi.encode(leaf.contentHash, leaf.cid, leaf.size, leaf.owner, leaf.score)))
            );
    }
}
