import type { Address, Hex } from "viem";
import { merkleTree } from "#sdk-deferred";
import { cidToHex } from "../../internal/cid.js";
import { encodeAbiParameters, keccak256 } from "../../internal/evm.js";

/**
 * The leaf encoding of every release tree: OpenZeppelin's standard Merkle tree (`@openzeppelin/merkle-tree`)
 * over `(bytes32 contentHash, bytes cid, uint64 size, address owner, uint8 score)`, leaf hash
 * `keccak256(bytes.concat(keccak256(abi.encode(…))))`, leaves sorted by hash (docs/releases.md).
 */
export const releaseLeafEncoding = ["bytes32", "bytes", "uint64", "address", "uint8"] as const;

/** One leaf of a release: a contribution as it stood at the release's snapshot block. */
export type ReleaseLeaf = {
  contentHash: Hex;
  /** CID string; encoded in the leaf as its binary bytes, as registered. */
  cid: string;
  size: bigint;
  /** Who owned the contribution at the snapshot: the one its data dividends pay. */
  owner: Address;
  score: number;
};

/** A leaf plus what the export needs but the tree does not hold. */
export type ReleaseItem = ReleaseLeaf & { contributor: Address; metadataCid: string | undefined };

/** The leaf as the contracts take it (`IReleaseRegistry.Leaf`). */
export type LeafStruct = { contentHash: Hex; cid: Hex; size: bigint; owner: Address; score: number };

type LeafValue = [Hex, Hex, string, Address, number];

/** The tuple a leaf is encoded from. */
function leafValue(leaf: ReleaseLeaf): LeafValue {
  return [leaf.contentHash.toLowerCase() as Hex, cidToHex(leaf.cid), leaf.size.toString(), leaf.owner, leaf.score];
}

/** A leaf as the contracts take it. */
export function toLeafStruct(leaf: ReleaseLeaf): LeafStruct {
  return {
    contentHash: leaf.contentHash,
    cid: cidToHex(leaf.cid),
    size: leaf.size,
    owner: leaf.owner,
    score: leaf.score,
  };
}

/** A release's tree, with lookups by content hash. */
export type ReleaseTree = {
  root: Hex;
  itemCount: number;
  totalScore: bigint;
  /** Leaves sorted by content hash. */
  leaves: ReleaseLeaf[];
  proof(contentHash: Hex): { leaf: ReleaseLeaf; proof: Hex[]; leafHash: Hex } | undefined;
};

/**
 * Builds a release's standard Merkle tree. The root does not depend on the leaves' order (the standard tree
 * sorts leaf hashes), so anyone who finds the same leaves finds the same root.
 *
 * @example
 * ```ts
 * const tree = buildReleaseTree(leaves);
 * const { proof } = tree.proof("0x9f86…")!;
 * ```
 */
export function buildReleaseTree(leaves: readonly ReleaseLeaf[]): ReleaseTree {
  const sorted = [...leaves].sort((a, b) => compareHex(a.contentHash, b.contentHash));
  // The standard tree over pre-hashed leaves: the same tree (leaf hashes sorted, the same node hash) as
  // `StandardMerkleTree.of(values, releaseLeafEncoding)`, whose ABI encoder costs about 1 ms a leaf.
  const hashes = sorted.map(releaseLeafHash);
  const tree = standardTree(hashes);
  const index = new Map<string, number>();
  for (const [i, leaf] of sorted.entries()) index.set(leaf.contentHash.toLowerCase(), i);
  return {
    root: tree.root,
    itemCount: sorted.length,
    totalScore: sorted.reduce((sum, leaf) => sum + BigInt(leaf.score), 0n),
    leaves: sorted,
    proof(contentHash) {
      const i = index.get(contentHash.toLowerCase());
      if (i === undefined) return undefined;
      const leaf = sorted[i] as ReleaseLeaf;
      return { leaf, proof: tree.getProof(i) as Hex[], leafHash: hashes[i] as Hex };
    },
  };
}

/**
 * OpenZeppelin's `SimpleMerkleTree.of(hashes)` (leaf hashes sorted; node = keccak256 of the sorted pair; the tree
 * as an array, leaves at its end in reverse order), without its per-value ABI checks and hex round trips, which
 * cost ~0.15 ms a leaf: the same root and the same proofs (`test/release-tree.test.ts` compares them).
 * `getProof(i)` is the proof of `hashes[i]`.
 */
export function standardTree(hashes: readonly Hex[]): { root: Hex; getProof(i: number): Hex[] } {
  if (hashes.length === 0) throw new Error("Expected non-zero number of leaves");
  const lower = hashes.map((h) => h.toLowerCase() as Hex);
  // Same-length lower-case hex: string order is byte order.
  const order = lower.map((_, i) => i).sort((a, b) => ((lower[a] as Hex) < (lower[b] as Hex) ? -1 : 1));
  const tree = new Array<Hex>(2 * lower.length - 1);
  const position = new Array<number>(lower.length);
  order.forEach((i, k) => {
    position[i] = tree.length - 1 - k;
    tree[tree.length - 1 - k] = lower[i] as Hex;
  });
  for (let i = tree.length - 1 - lower.length; i >= 0; i--) {
    const a = tree[2 * i + 1] as Hex;
    const b = tree[2 * i + 2] as Hex;
    tree[i] = keccak256(a < b ? `${a}${b.slice(2)}` : `${b}${a.slice(2)}`);
  }
  return {
    root: tree[0] as Hex,
    getProof(i) {
      const proof: Hex[] = [];
      for (let node = position[i] as number; node > 0; node = Math.floor((node - 1) / 2))
        proof.push(tree[node % 2 === 1 ? node + 1 : node - 1] as Hex);
      return proof;
    },
  };
}

/** Checks a leaf and proof against a root, offline. */
export function verifyLeaf(root: Hex, leaf: ReleaseLeaf, proof: readonly Hex[]): boolean {
  return merkleTree().StandardMerkleTree.verify(root, [...releaseLeafEncoding], leafValue(leaf), [...proof]);
}

/** The standard leaf hash of `leaf`, as `ReleaseRegistry.leafHash` computes it: `keccak256(keccak256(abi.encode(…)))`. */
export function releaseLeafHash(leaf: ReleaseLeaf): Hex {
  const [contentHash, cid, size, owner, score] = leafValue(leaf);
  // A lower-case address: encoded as it is (a mixed-case one would have its checksum checked, a keccak each).
  const account = owner.toLowerCase() as Address;
  return keccak256(keccak256(encodeAbiParameters(leafParameters, [contentHash, cid, BigInt(size), account, score])));
}

const leafParameters = releaseLeafEncoding.map((type) => ({ type }));

function compareHex(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}
