import type { Worker } from "node:worker_threads";
import { CID } from "multiformats/cid";
import type { Hex } from "viem";
import { BlockVerificationError, ContentNotFoundError } from "../errors/store.js";
import { bytesToHex } from "../internal/evm.js";

const rawCode = 0x55;
const dagPbCode = 0x70;
const sha256Code = 0x12;

/** What {@link ContentStore.readVerified} found: content whose every block hashed to its CID; its sha256 and size. */
export type VerifiedRead = {
  sha256: Hex;
  size: bigint;
  /** The content, when `into` was given (the same array). */
  bytes?: Uint8Array | undefined;
};

/** Options of {@link ContentStore.readVerified}. */
export type ReadVerifiedOptions = {
  /**
   * Where to put the bytes: an array of exactly the content's size (a `SharedArrayBuffer`'s, to be filled off the
   * main thread); or a function that makes one, given the size the store holds (the sum of the DAG's leaf block
   * files, read before any byte: a caller sizes its buffer by what is there, not by what someone claimed). What it
   * throws is thrown.
   */
  into?: Uint8Array | ((size: number) => Uint8Array) | undefined;
  signal?: AbortSignal | undefined;
};

/**
 * One file's leaves, read from their block files and checked in order: each leaf's sha256 against its CID, and the
 * sha256 of the whole. The same function runs on this thread (small files) and in the pool's workers (its source is
 * sent to them), so it uses nothing but its arguments.
 */
type LeafJob = {
  /** Block file of each leaf, in file order. */
  paths: string[];
  /** Expected sha256 digest of each leaf (32 bytes each, concatenated). */
  digests: Uint8Array;
  /** Where the bytes go; without it they are read into a scratch buffer and dropped. */
  into?: Uint8Array | undefined;
};
type LeafResult = {
  /** Index of the first leaf whose block file is missing. */
  missing?: number;
  /** Every leaf hashed to its digest (and fitted `into`). */
  leavesMatch: boolean;
  sha256: Uint8Array;
  size: number;
};
type FsLike = typeof import("node:fs");
type CreateHash = typeof import("node:crypto").createHash;

/** Kept for the scratch buffer, per thread. */
type LeafState = { scratch?: Uint8Array };

function runLeafJob(job: LeafJob, fs: FsLike, createHash: CreateHash, state: LeafState): LeafResult {
  const whole = createHash("sha256");
  let size = 0;
  let leavesMatch = true;
  for (let i = 0; i < job.paths.length; i++) {
    let fd: number;
    try {
      fd = fs.openSync(job.paths[i] as string, "r");
    } catch {
      return { missing: i, leavesMatch: false, sha256: whole.digest(), size };
    }
    try {
      const length = fs.fstatSync(fd).size;
      let view: Uint8Array;
      if (job.into) {
        if (size + length > job.into.length) {
          // more bytes than the content should have: a wrong copy
          leavesMatch = false;
          break;
        }
        view = job.into.subarray(size, size + length);
      } else {
        if (!state.scratch || state.scratch.length < length) state.scratch = new Uint8Array(Math.max(length, 1 << 20));
        view = state.scratch.subarray(0, length);
      }
      let filled = 0;
      while (filled < length) {
        const n = fs.readSync(fd, view, filled, length - filled, filled);
        if (n === 0) break;
        filled += n;
      }
      view = view.subarray(0, filled);
      const digest = createHash("sha256").update(view).digest();
      const expected = job.digests.subarray(i * 32, i * 32 + 32);
      for (let b = 0; b < 32; b++) if (digest[b] !== expected[b]) leavesMatch = false;
      size += filled;
      // A file of one raw leaf: its CID's digest is the sha256 of the content, hashed once.
      if (job.paths.length === 1) return { leavesMatch, sha256: digest, size };
      whole.update(view);
    } finally {
      fs.closeSync(fd);
    }
    if (!leavesMatch) break;
  }
  return { leavesMatch, sha256: whole.digest(), size };
}

/** Content at least this large is read and hashed on a worker thread. */
const workerThreshold = 4 * 1024 * 1024;

type PoolWorker = { worker: Worker; busy: number };
type Pending = { resolve: (r: LeafResult) => void; reject: (e: Error) => void; worker: PoolWorker };

/** Worker threads that run leaf jobs, one per core; referenced only while they have work. */
class LeafPool {
  readonly #workers: PoolWorker[] = [];
  readonly #pending = new Map<number, Pending>();
  #next = 1;

  constructor(workers: Worker[]) {
    for (const worker of workers) {
      const entry = { worker, busy: 0 };
      worker.on("message", (m: { id: number; result?: LeafResult; error?: string }) => {
        const pending = this.#pending.get(m.id);
        if (!pending) return;
        this.#settle(m.id, pending);
        if (m.result) pending.resolve(m.result);
        else pending.reject(new Error(m.error));
      });
      const fail = (error: Error) => {
        pool = undefined;
        for (const [id, p] of this.#pending) {
          if (p.worker !== entry) continue;
          this.#settle(id, p);
          p.reject(error);
        }
      };
      worker.on("error", fail);
      worker.on("exit", (code) => fail(new Error(`leaf worker exited with code ${code}`)));
      // After the listeners: adding a "message" listener refs the worker's port again.
      worker.unref();
      this.#workers.push(entry);
    }
  }

  run(job: LeafJob): Promise<LeafResult> {
    const entry = this.#workers.reduce((a, b) => (b.busy < a.busy ? b : a));
    const id = this.#next++;
    if (entry.busy++ === 0) entry.worker.ref();
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, worker: entry });
      entry.worker.postMessage({ id, job });
    });
  }

  #settle(id: number, p: Pending) {
    this.#pending.delete(id);
    if (--p.worker.busy === 0) p.worker.worker.unref();
  }
}

let pool: Promise<LeafPool> | undefined;

function leafPool(): Promise<LeafPool> {
  pool ??= Promise.all([import("node:worker_threads"), import("node:os")]).then(([{ Worker }, os]) => {
    const source = `
const { parentPort } = require("node:worker_threads");
const fs = require("node:fs");
const { createHash } = require("node:crypto");
const runLeafJob = ${runLeafJob.toString()};
const state = {};
parentPort.on("message", ({ id, job }) => {
  try { parentPort.postMessage({ id, result: runLeafJob(job, fs, createHash, state) }); }
  catch (error) { parentPort.postMessage({ id, error: String(error && error.message || error) }); }
});`;
    const count = Math.max(1, Math.min(os.availableParallelism(), 8));
    return new LeafPool(Array.from({ length: count }, () => new Worker(source, { eval: true })));
  });
  return pool;
}

/**
 * Reads content from a blockstore whose blocks are files (`blockPath` maps a CID to its file) and checks it in one
 * pass over each byte: the DAG's inner nodes are read and checked here, the leaves by {@link runLeafJob} (on a
 * worker thread when the content is large, so several files are checked on several cores at once). Returns
 * `undefined` for DAG shapes it does not handle (dag-pb leaves, hashes other than sha2-256): use `get` then.
 * Throws {@link ContentNotFoundError} when a block is missing, {@link BlockVerificationError} when one does not match.
 */
export async function readVerifiedFromFiles(
  store: string,
  blockPath: (cid: CID) => string,
  cid: CID,
  options: ReadVerifiedOptions = {},
): Promise<VerifiedRead | undefined> {
  const [fs, { createHash }] = await Promise.all([import("node:fs"), import("node:crypto")]);
  options.signal?.throwIfAborted();
  const walk = await leavesOf(fs, createHash, blockPath, cid);
  if (walk === "unsupported") return undefined;
  const notFound = () => new ContentNotFoundError({ cid: cid.toString(), store });
  if (walk === "missing") throw notFound();
  const corrupt = (reason: string) => new BlockVerificationError({ cid: cid.toString(), source: store, reason });
  if (walk === "corrupt") throw corrupt("a node of the DAG does not hash to its CID, or does not decode");
  const digests = new Uint8Array(walk.length * 32);
  walk.forEach((leaf, i) => {
    digests.set(leaf.multihash.digest, i * 32);
  });
  const paths = walk.map(blockPath);
  let into: Uint8Array | undefined;
  if (typeof options.into === "function") {
    let stored = 0;
    for (const path of paths) {
      try {
        stored += fs.statSync(path).size;
      } catch {
        throw notFound();
      }
    }
    into = options.into(stored);
  } else into = options.into;
  const job: LeafJob = { paths, digests, into };
  const shared = into?.buffer instanceof SharedArrayBuffer;
  const large = (into?.length ?? walk.length * 2 ** 20) >= workerThreshold;
  const result =
    large && (shared || !into) ? await (await leafPool()).run(job) : runLeafJob(job, fs, createHash, mainState);
  if (result.missing !== undefined) throw notFound();
  if (!result.leavesMatch) throw corrupt("a block does not hash to its CID, or the content is longer than expected");
  const { size } = result;
  return {
    sha256: bytesToHex(result.sha256),
    size: BigInt(size),
    bytes: into && size !== into.length ? into.subarray(0, size) : into,
  };
}

const mainState: LeafState = {};

/**
 * The leaf CIDs of a UnixFS file in order, its inner nodes read from their files and checked against their CIDs.
 * Only raw leaves under dag-pb nodes that hold no data of their own (as every profile with raw leaves makes).
 */
async function leavesOf(
  fs: FsLike,
  createHash: CreateHash,
  blockPath: (cid: CID) => string,
  root: CID,
): Promise<CID[] | "unsupported" | "missing" | "corrupt"> {
  if (root.multihash.code !== sha256Code) return "unsupported";
  if (root.code === rawCode) return [root];
  if (root.code !== dagPbCode) return "unsupported";
  const [dagPb, { UnixFS }] = await Promise.all([import("@ipld/dag-pb"), import("ipfs-unixfs")]);
  const leaves: CID[] = [];
  // Depth first, in link order.
  const stack: CID[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as CID;
    if (node.code === rawCode && node.multihash.code === sha256Code) {
      leaves.push(node);
      continue;
    }
    if (node.code !== dagPbCode || node.multihash.code !== sha256Code) return "unsupported";
    let block: Uint8Array;
    try {
      block = await fs.promises.readFile(blockPath(node));
    } catch {
      return "missing";
    }
    const digest = createHash("sha256").update(block).digest();
    if (!equal(digest, node.multihash.digest)) return "corrupt";
    let links: CID[];
    try {
      const decoded = dagPb.decode(block);
      const unixfs = UnixFS.unmarshal(decoded.Data ?? new Uint8Array(0));
      if (unixfs.type !== "file" && unixfs.type !== "raw") return "unsupported";
      if (unixfs.data && unixfs.data.length > 0) return "unsupported";
      if (decoded.Links.length === 0) return "unsupported";
      links = decoded.Links.map((l) => CID.asCID(l.Hash) ?? CID.decode(l.Hash.bytes));
    } catch {
      return "corrupt";
    }
    for (let i = links.length - 1; i >= 0; i--) stack.push(links[i] as CID);
  }
  return leaves;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
