// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Hashes} from "@openzeppelin/contracts/utils/cryptography/Hashes.sol";
import {IReleaseRegistry} from "../../../contracts/interfaces/IReleaseRegistry.sol";

/// @notice Builds Merkle trees of release leaves in Solidity, for tests: standard leaf hashes, sorted-pair parents,
/// an odd node carried up a level. (OpenZeppelin's JavaScript tree lays nodes out differently, but any tree of
/// sorted pairs verifies with `MerkleProof`; the TypeScript tests check the SDK's trees against the contract.)
library ReleaseTree {
    function leafHash(IReleaseRegistry.Leaf memory leaf) internal pure returns (bytes32) {
        return
            keccak256(
                bytes.concat(keccak256(abi.encode(leaf.contentHash, leaf.cid, leaf.size, leaf.owner, leaf.score)))
            );
    }

    /// @notice The root over `leaves` and the proof of leaf `index`.
    function build(
        IReleaseRegistry.Leaf[] memory leaves,
        uint256 index
    ) internal pure returns (bytes32 root, bytes32[] memory proof) {
        uint256 n = leaves.length;
        bytes32[] memory level = new bytes32[](n);
        for (uint256 i; i < n; ++i) level[i] = leafHash(leaves[i]);
        bytes32[] memory path = new bytes32[](64);
        uint256 depth;
        while (n > 1) {
            uint256 sibling = index ^ 1;
            if (sibling < n) path[depth++] = level[sibling];
            uint256 m = (n + 1) / 2;
            for (uint256 i; i < m; ++i) {
                level[i] = 2 * i + 1 < n ? Hashes.commutativeKeccak256(level[2 * i], level[2 * i + 1]) : level[2 * i];
            }
            n = m;
            index /= 2;
        }
        root = level[0];
        proof = new bytes32[](depth);
        for (uint256 i; i < depth; ++i) proof[i] = path[i];
    }
}
