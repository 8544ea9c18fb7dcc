/** The SDK's standard tree against OpenZeppelin's `SimpleMerkleTree`: the same root and proofs, for every size. */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { SimpleMerkleTree } from "@openzeppelin/merkle-tree";
import type { Hex } from "viem";
import { standardTree } from "../src/actions/releases/tree.js";

describe("standardTree", () => {
  it("matches OpenZeppelin's SimpleMerkleTree: root and every proof, 1 to 70 leaves", () => {
    for (let n = 1; n <= 70; n++) {
      const hashes = Array.from({ length: n }, () => `0x${randomBytes(32).toString("hex")}` as Hex);
      // Mixed case on some: the tree reads bytes, not spelling.
      if (n % 3 === 0) hashes[0] = hashes[0]?.toUpperCase().replace("0X", "0x") as Hex;
      const ours = standardTree(hashes);
      const theirs = SimpleMerkleTree.of(hashes);
      assert.equal(ours.root, theirs.root, `${n} leaves: root`);
      for (let i = 0; i < n; i++) {
        assert.deepEqual(ours.getProof(i), theirs.getProof(i), `${n} leaves: proof of ${i}`);
        assert.ok(SimpleMerkleTree.verify(ours.root, hashes[i] as Hex, ours.getProof(i)));
      }
    }
    assert.throws(() => standardTree([]), /non-zero number of leaves/);
  });
});
