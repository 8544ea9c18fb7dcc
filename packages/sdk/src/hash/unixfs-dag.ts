import * as dagPb from "@ipld/dag-pb";
import { UnixFS } from "ipfs-unixfs";
import { CID } from "multiformats/cid";
import * as Digest from "multiformats/hashes/digest";
import type { ResolvedCidProfile } from "./profiles.js";
import type { Sha256Factory } from "./sha256.js";

const rawCode = 0x55;
const dagPbCode = 0x70;
const sha256Code = 0x12;

/** A finished node of the DAG: its CID, the bytes of its subtree (`Tsize`) and the file bytes it holds. */
type DagNode = {
  cid: CID;
  /** Encoded size of the node plus all its descendants (the link's `Tsize`). */
  tsize: number;
  /** File bytes under this node (UnixFS `blocksizes` entry of its parent). */
  fileSize: number;
  /** True for a leaf that is the only chunk of the file. */
  single?: boolean;
};

/**
 * Computes a file's UnixFS CID from its bytes in one pass, with memory bounded by
 * one chunk plus one pending link list per tree level. It reproduces
 * `ipfs-unixfs-importer`'s fixed-size chunker and balanced layout, and Kubo's `ipfs add`:
 * leaves are grouped `maxLinks` at a time into parent nodes, level by level, a lone
 * chunk is its own root, and an empty file is one empty leaf.
 *
 * Feed bytes with {@link UnixfsDagBuilder.update}; read the root with {@link UnixfsDagBuilder.finish}.
 * Blocks are hashed, not kept.
 *
 * @example
 * ```ts
 * const builder = new UnixfsDagBuilder(resolveCidProfile(), await loadSha256());
 * builder.update(bytes);
 * builder.finish().toString(); // "bafkrei…"
 * ```
 */
export class UnixfsDagBuilder {
  readonly #profile: ResolvedCidProfile;
  readonly #sha256: Sha256Factory;
  /** Pending links per level; level 0 holds leaves. */
  readonly #levels: DagNode[][] = [[]];
  /** How many nodes each level has produced in total. */
  readonly #counts: number[] = [0];
  /** Partial chunk carried between `update` calls (only when a chunk spans two inputs). */
  #staging: Uint8Array | undefined;
  #stagingLength = 0;
  #leafPrefix: Uint8Array | undefined;
  #leafSuffix: Uint8Array | undefined;

  constructor(profile: ResolvedCidProfile, sha256: Sha256Factory) {
    this.#profile = profile;
    this.#sha256 = sha256;
    if (!profile.rawLeaves) {
      const [prefix, suffix] = leafFraming(profile.chunkSize);
      this.#leafPrefix = prefix;
      this.#leafSuffix = suffix;
    }
  }

  /** Feeds the next bytes of the file. The bytes are read synchronously and not retained. */
  update(bytes: Uint8Array): void {
    const { chunkSize } = this.#profile;
    let offset = 0;
    if (this.#stagingLength > 0) {
      offset = this.#fillStaging(bytes, 0);
      if (this.#stagingLength < chunkSize) return;
      this.#addLeaf(this.#staging as Uint8Array, true);
      this.#stagingLength = 0;
    }
    while (bytes.length - offset >= chunkSize) {
      this.#addLeaf(bytes.subarray(offset, offset + chunkSize), true);
      offset += chunkSize;
    }
    if (offset < bytes.length) this.#fillStaging(bytes, offset);
  }

  /** Flushes the last chunk and the partial nodes of every level, and returns the root CID. */
  finish(): CID {
    const leaves = this.#counts[0] as number;
    if (this.#stagingLength > 0 || leaves === 0) {
      this.#addLeaf((this.#staging ?? new Uint8Array(0)).subarray(0, this.#stagingLength), false);
      this.#stagingLength = 0;
    }
    if (this.#counts[0] === 1 && this.#levels[0]?.length === 1) return (this.#levels[0][0] as DagNode).cid;
    for (let level = 0; ; level++) {
      const pending = this.#levels[level] as DagNode[];
      // A level that produced exactly one node is the root (balanced layout: `roots.length === 1`).
      if (this.#counts[level] === 1 && pending.length === 1) return (pending[0] as DagNode).cid;
      if (pending.length > 0) this.#push(level + 1, this.#parent(pending.splice(0)));
    }
  }

  #fillStaging(bytes: Uint8Array, offset: number): number {
    this.#staging ??= new Uint8Array(this.#profile.chunkSize);
    const n = Math.min(this.#profile.chunkSize - this.#stagingLength, bytes.length - offset);
    this.#staging.set(bytes.subarray(offset, offset + n), this.#stagingLength);
    this.#stagingLength += n;
    return offset + n;
  }

  #addLeaf(chunk: Uint8Array, full: boolean): void {
    let leaf: DagNode;
    if (this.#profile.rawLeaves) {
      const digest = this.#sha256().update(chunk).digest();
      leaf = { cid: CID.createV1(rawCode, Digest.create(sha256Code, digest)), tsize: chunk.length, fileSize: chunk.length };
    } else if (full && chunk.length > 0) {
      // dag-pb leaf: PBNode{ Data: UnixFS{ Type: file, Data: chunk, filesize } }, hashed without copying the chunk.
      const prefix = this.#leafPrefix as Uint8Array;
      const suffix = this.#leafSuffix as Uint8Array;
      const digest = this.#sha256().update(prefix).update(chunk).update(suffix).digest();
      leaf = { cid: this.#dagPbCid(digest), tsize: prefix.length + chunk.length + suffix.length, fileSize: chunk.length };
    } else {
      const block = dagPb.encode({ Data: new UnixFS({ type: "file", data: chunk }).marshal(), Links: [] });
      leaf = { cid: this.#dagPbCid(this.#sha256().update(block).digest()), tsize: block.length, fileSize: chunk.length };
    }
    this.#push(0, leaf);
  }

  #push(level: number, node: DagNode): void {
    this.#levels[level] ??= [];
    this.#counts[level] = (this.#counts[level] ?? 0) + 1;
    const pending = this.#levels[level] as DagNode[];
    pending.push(node);
    if (pending.length === this.#profile.maxLinks) this.#push(level + 1, this.#parent(pending.splice(0)));
  }

  #parent(children: DagNode[]): DagNode {
    const unixfs = new UnixFS({ type: "file" });
    const links: dagPb.PBLink[] = [];
    let tsize = 0;
    let fileSize = 0;
    for (const child of children) {
      // As ipfs-unixfs-importer: empty children are not linked (only an empty file has one, and it is a lone root).
      if (child.fileSize === 0) continue;
      unixfs.addBlockSize(BigInt(child.fileSize));
      links.push({ Name: "", Tsize: child.tsize, Hash: child.cid });
      tsize += child.tsize;
      fileSize += child.fileSize;
    }
    const block = dagPb.encode(dagPb.prepare({ Data: unixfs.marshal(), Links: links }));
    return { cid: this.#dagPbCid(this.#sha256().update(block).digest()), tsize: tsize + block.length, fileSize };
  }

  #dagPbCid(digest: Uint8Array): CID {
    const multihash = Digest.create(sha256Code, digest);
    return this.#profile.cidVersion === 0 ? CID.createV0(multihash) : CID.createV1(dagPbCode, multihash);
  }
}

/** Bytes before and after a full chunk in its dag-pb leaf block: `0a L 08 02 12 n <chunk> 18 n`. */
function leafFraming(chunkSize: number): [Uint8Array, Uint8Array] {
  const n = varint(chunkSize);
  const unixfsLength = 2 + 1 + n.length + chunkSize + 1 + n.length;
  const prefix = Uint8Array.from([0x0a, ...varint(unixfsLength), 0x08, 0x02, 0x12, ...n]);
  const suffix = Uint8Array.from([0x18, ...n]);
  return [prefix, suffix];
}

function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}
