import * as dagPb from "@ipld/dag-pb";
import { UnixFS } from "ipfs-unixfs";
import { CID } from "multiformats/cid";
import * as Digest from "multiformats/hashes/digest";
import { ContentSizeMismatchError } from "../errors/hash.js";
import type { ResolvedCidProfile } from "./profiles.js";
import type { Sha256, Sha256Factory } from "./sha256.js";

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
};

/**
 * Computes a file's UnixFS CID from its bytes in one pass, with memory bounded by
 * one chunk plus at most `maxLinks` pending links per tree level (levels grow as log(size)). It reproduces
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
  /** Declared total size, if exact: lets dag-pb leaves be hashed piece by piece without copying. */
  readonly #totalBytes: number | undefined;
  /** Bytes fed so far. */
  #consumed = 0;
  /** The leaf being hashed incrementally, and its expected length. */
  #leaf: { hash: Sha256; length: number; filled: number } | undefined;
  /** Partial chunk copied between `update` calls (dag-pb leaves of unknown length only). */
  #staging: Uint8Array | undefined;
  #stagingLength = 0;
  readonly #fullFraming: [Uint8Array, Uint8Array] | undefined;

  /**
   * @param totalBytes - The exact size, when known up front (files, byte arrays). Optional; with it,
   *   dag-pb leaves are hashed as bytes arrive instead of being copied into a chunk buffer. Feeding a
   *   different number of bytes then throws a {@link ContentSizeMismatchError}.
   */
  constructor(profile: ResolvedCidProfile, sha256: Sha256Factory, totalBytes?: number) {
    this.#profile = profile;
    this.#sha256 = sha256;
    this.#totalBytes = totalBytes;
    if (!profile.rawLeaves) this.#fullFraming = leafFraming(profile.chunkSize);
  }

  /** Bytes fed so far. */
  get bytes(): number {
    return this.#consumed;
  }

  /** Feeds the next bytes of the file. The bytes are read synchronously and not retained. */
  update(bytes: Uint8Array): void {
    const { chunkSize, rawLeaves } = this.#profile;
    if (this.#totalBytes !== undefined && this.#consumed + bytes.length > this.#totalBytes) {
      throw new ContentSizeMismatchError({ expected: this.#totalBytes, actual: this.#consumed + bytes.length });
    }
    this.#consumed += bytes.length;
    let offset = 0;
    if (!rawLeaves && this.#totalBytes === undefined) {
      // dag-pb leaf of unknown length: its header holds the length, so collect the chunk first.
      if (this.#stagingLength > 0) {
        offset = this.#fillStaging(bytes, 0);
        if (this.#stagingLength < chunkSize) return;
        this.#addFramedLeaf(this.#staging as Uint8Array);
        this.#stagingLength = 0;
      }
      while (bytes.length - offset >= chunkSize) {
        this.#addFramedLeaf(bytes.subarray(offset, offset + chunkSize));
        offset += chunkSize;
      }
      if (offset < bytes.length) this.#fillStaging(bytes, offset);
      return;
    }
    // Raw leaves, or dag-pb leaves of known length: hash each leaf incrementally, no copy.
    while (offset < bytes.length) {
      if (!this.#leaf) {
        const start = this.#consumed - (bytes.length - offset);
        const length = rawLeaves ? chunkSize : Math.min(chunkSize, (this.#totalBytes as number) - start);
        const hash = this.#sha256();
        if (!rawLeaves) hash.update(this.#framing(length)[0]);
        this.#leaf = { hash, length, filled: 0 };
      }
      const leaf = this.#leaf;
      const n = Math.min(leaf.length - leaf.filled, bytes.length - offset);
      leaf.hash.update(offset === 0 && n === bytes.length ? bytes : bytes.subarray(offset, offset + n));
      leaf.filled += n;
      offset += n;
      if (leaf.filled === leaf.length) this.#endLeaf();
    }
  }

  /** Flushes the last chunk and the partial nodes of every level, and returns the root CID. */
  finish(): CID {
    if (this.#totalBytes !== undefined && this.#consumed !== this.#totalBytes) {
      throw new ContentSizeMismatchError({ expected: this.#totalBytes, actual: this.#consumed });
    }
    if (this.#leaf) this.#endLeaf();
    if (this.#stagingLength > 0) {
      this.#addFramedLeaf(this.#staging?.subarray(0, this.#stagingLength) as Uint8Array);
      this.#stagingLength = 0;
    }
    if (this.#counts[0] === 0) this.#addEmptyLeaf();
    for (let level = 0; ; level++) {
      const pending = this.#levels[level] as DagNode[];
      // A level that produced exactly one node is the root (balanced layout: `roots.length === 1`);
      // so a lone chunk is its own root.
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

  #endLeaf(): void {
    const leaf = this.#leaf as { hash: Sha256; length: number; filled: number };
    this.#leaf = undefined;
    if (this.#profile.rawLeaves) {
      const cid = CID.createV1(rawCode, Digest.create(sha256Code, leaf.hash.digest()));
      this.#push(0, { cid, tsize: leaf.filled, fileSize: leaf.filled });
      return;
    }
    const [prefix, suffix] = this.#framing(leaf.length);
    const digest = leaf.hash.update(suffix).digest();
    this.#push(0, {
      cid: this.#dagPbCid(digest),
      tsize: prefix.length + leaf.length + suffix.length,
      fileSize: leaf.length,
    });
  }

  /** dag-pb leaf: PBNode{ Data: UnixFS{ Type: file, Data: chunk, filesize } }, hashed without copying the chunk. */
  #addFramedLeaf(chunk: Uint8Array): void {
    const [prefix, suffix] = this.#framing(chunk.length);
    const digest = this.#sha256().update(prefix).update(chunk).update(suffix).digest();
    this.#push(0, {
      cid: this.#dagPbCid(digest),
      tsize: prefix.length + chunk.length + suffix.length,
      fileSize: chunk.length,
    });
  }

  /** The leaf of an empty file: an empty raw block, or an empty UnixFS file node (Kubo's `QmbFMke1…`). */
  #addEmptyLeaf(): void {
    if (this.#profile.rawLeaves) {
      const digest = this.#sha256().digest();
      this.#push(0, { cid: CID.createV1(rawCode, Digest.create(sha256Code, digest)), tsize: 0, fileSize: 0 });
      return;
    }
    const block = dagPb.encode({ Data: new UnixFS({ type: "file", data: new Uint8Array(0) }).marshal(), Links: [] });
    this.#push(0, { cid: this.#dagPbCid(this.#sha256().update(block).digest()), tsize: block.length, fileSize: 0 });
  }

  #framing(length: number): [Uint8Array, Uint8Array] {
    return length === this.#profile.chunkSize && this.#fullFraming ? this.#fullFraming : leafFraming(length);
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

/** Bytes before and after a non-empty chunk in its dag-pb leaf block: `0a L 08 02 12 n <chunk> 18 n`. */
function leafFraming(length: number): [Uint8Array, Uint8Array] {
  const n = varint(length);
  const unixfsLength = 2 + 1 + n.length + length + 1 + n.length;
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
