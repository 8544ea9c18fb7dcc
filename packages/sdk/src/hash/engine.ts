import { bytesToHex } from "../internal/evm.js";
import { resolveCidProfile } from "./profiles.js";
import { loadSha256 } from "./sha256.js";
import type { WorkerSha256 } from "./sha256-worker.js";
import type { ContentHash, HashOptions } from "./types.js";

/**
 * Bytes per read, and per pool buffer handed to the sha256 worker: small enough to stay in
 * the CPU's caches, so bytes are hashed while still hot (reading 1-4 MiB at a time into
 * larger buffers measured 3-7x slower, mostly in the kernel's copy to user memory).
 */
export const readSize = 256 * 1024;
const slotSize = readSize;
/**
 * Pool: 16 x 256 KiB = 4 MiB in flight between this thread and the worker. Separate
 * SharedArrayBuffers: reading into one 4 MiB shared ring measured ~5x more kernel time.
 */
const slotCount = 16;
/** Slots handed to the worker per message (1 MiB), to keep messaging overhead low. */
const slotsPerMessage = 4;
/** Give the event loop a turn after this many bytes. */
const yieldEvery = 4 * 1024 * 1024;
/** Below this size (when known) everything is hashed on the calling thread. */
const workerThreshold = 8 * 1024 * 1024;

/** Reads up to `length` bytes into `buffer` at `offset`; returns how many were read, 0 at the end. */
export type ReadInto = (buffer: Uint8Array, offset: number, length: number) => number;

/**
 * One hashing run: the whole-content sha256 and the UnixFS CID over the same bytes, fed from
 * a small fixed pool of buffers so memory does not grow with the input. With a worker, the
 * whole-content sha256 runs on a worker thread while this thread hashes the CID's leaves.
 * Shared by `hashBytes`, `hashStream` and `hashFile`.
 */
export type HashRun = {
  /** Hashes `bytes` (copied into the pool when a worker is used, read in place otherwise). */
  write(bytes: Uint8Array): Promise<void>;
  /** Fills one pool buffer by calling `read` (in cache-sized pieces), hashing each piece as it lands. Returns the bytes read; 0 at the end. */
  fill(read: ReadInto): Promise<number>;
  /** Waits for the worker and returns the result. */
  finish(): Promise<ContentHash>;
  /** Stops the run and frees the worker job. */
  abort(): void;
};

/** Options of {@link startHashRun}. */
export type StartHashRunOptions = HashOptions & {
  /** Input size when known: small inputs skip the worker, and progress reports it. */
  totalBytes?: number | undefined;
  /** `totalBytes` is exact (a file's or array's size): hashes dag-pb leaves without copying, and checks the size. */
  exactSize?: boolean | undefined;
};

/**
 * Starts a hashing run.
 *
 * @example
 * ```ts
 * const run = await startHashRun({ profile: "unixfs-v0-2015", totalBytes: bytes.length, exactSize: true });
 * await run.write(bytes);
 * const { sha256, cid, size } = await run.finish(); // cid: "Qm…"
 * ```
 */
export async function startHashRun(options: StartHashRunOptions = {}): Promise<HashRun> {
  options.signal?.throwIfAborted();
  const { totalBytes } = options;
  const createSha256 = await loadSha256();
  // The DAG builder's codecs (ipfs-unixfs, protobuf) load with the first hash, not with the SDK.
  const { UnixfsDagBuilder } = await import("./unixfs-dag.js");
  const dag = new UnixfsDagBuilder(
    resolveCidProfile(options),
    createSha256,
    options.exactSize ? totalBytes : undefined,
  );
  const mode = options.worker ?? "auto";
  const { platform } = await import("#sdk-platform");
  const openWorkerSha256 = typeof SharedArrayBuffer === "function" ? platform.openWorkerSha256 : undefined;
  const canUseWorker = openWorkerSha256 !== undefined;
  const useWorker =
    canUseWorker && (mode === true || (mode === "auto" && (totalBytes === undefined || totalBytes >= workerThreshold)));

  const slots: Uint8Array[] = [];
  const free: number[] = [];
  /** Filled slots not yet sent to the worker, in order. */
  let batch: { slots: number[]; lengths: number[] } | undefined;
  const waiters: { resolve: (index: number) => void; reject: (error: Error) => void }[] = [];
  let failure: Error | undefined;
  let current: { index: number; filled: number } | undefined;
  let reported = -1;
  let sinceYield = 0;
  /** setImmediate, not setTimeout(0): the latter waits >= 1 ms. */
  const maybeYield = async (bytes: number) => {
    sinceYield += bytes;
    if (sinceYield < yieldEvery) return;
    sinceYield = 0;
    await new Promise<void>((resolve) => (globalThis.setImmediate ?? globalThis.setTimeout)(() => resolve()));
  };

  const release = (index: number) => {
    const waiter = waiters.shift();
    if (waiter) waiter.resolve(index);
    else free.push(index);
  };
  const fail = (error: Error) => {
    failure ??= error;
    for (const waiter of waiters.splice(0)) waiter.reject(error);
  };

  let worker: WorkerSha256 | undefined;
  const inline = useWorker ? undefined : createSha256();
  if (useWorker && openWorkerSha256) {
    worker = await openWorkerSha256(release, fail);
  }

  /** Progress about every 4 MiB, and always at the end. */
  const report = (final = false) => {
    const bytes = dag.bytes;
    if (!options.onProgress || bytes === reported || (!final && bytes - reported < yieldEvery)) return;
    reported = bytes;
    options.onProgress(totalBytes === undefined ? { bytes } : { bytes, totalBytes });
  };
  const check = () => {
    if (failure) throw failure;
    options.signal?.throwIfAborted();
  };
  const flush = () => {
    if (!batch) return;
    const { slots: sent, lengths } = batch;
    batch = undefined;
    worker?.submit(
      sent,
      sent.map((index) => (slots[index] as Uint8Array).buffer as SharedArrayBuffer),
      lengths,
    );
  };
  const acquire = async (): Promise<number> => {
    check();
    const index = free.pop();
    if (index !== undefined) return index;
    if (slots.length < slotCount) {
      slots.push(new Uint8Array(new SharedArrayBuffer(slotSize)));
      return slots.length - 1;
    }
    flush(); // the worker must have every filled slot before we wait for one to come back
    return new Promise<number>((resolve, reject) => waiters.push({ resolve, reject }));
  };
  /** Queues a filled slot for the worker (which releases it when done), sending runs of slots together. */
  const submit = (index: number, length: number) => {
    if (length === 0) {
      release(index);
    } else {
      batch ??= { slots: [], lengths: [] };
      batch.slots.push(index);
      batch.lengths.push(length);
      if (batch.slots.length === slotsPerMessage) flush();
    }
    report();
  };
  /** Hashes bytes on this thread: the CID's leaves, and the whole-content sha256 unless a worker does it. */
  const hashHere = (bytes: Uint8Array) => {
    inline?.update(bytes);
    dag.update(bytes);
  };
  const inlineBuffer = useWorker ? undefined : new Uint8Array(readSize);

  return {
    async write(input) {
      check();
      if (!worker) {
        hashHere(input);
        report();
        await maybeYield(input.length);
        return;
      }
      let offset = 0;
      while (offset < input.length) {
        current ??= { index: await acquire(), filled: 0 };
        const slot = slots[current.index] as Uint8Array;
        const n = Math.min(slotSize - current.filled, input.length - offset);
        const piece = input.subarray(offset, offset + n);
        slot.set(piece, current.filled);
        dag.update(piece);
        current.filled += n;
        offset += n;
        if (current.filled === slotSize) {
          const full = current;
          current = undefined;
          submit(full.index, full.filled);
        }
      }
    },
    async fill(read) {
      check();
      if (!worker) {
        // One cache-sized buffer, reused: read a piece, hash it twice while hot.
        const buffer = inlineBuffer as Uint8Array;
        let total = 0;
        while (total < slotSize) {
          const n = read(buffer, 0, buffer.length);
          if (n === 0) break;
          hashHere(buffer.subarray(0, n));
          total += n;
        }
        report();
        await maybeYield(total);
        return total;
      }
      const index = await acquire();
      const slot = slots[index] as Uint8Array;
      let filled = 0;
      try {
        while (filled < slotSize) {
          const n = read(slot, filled, Math.min(readSize, slotSize - filled));
          if (n === 0) break;
          dag.update(slot.subarray(filled, filled + n));
          filled += n;
        }
      } catch (error) {
        release(index);
        throw error;
      }
      submit(index, filled);
      await maybeYield(filled);
      return filled;
    },
    async finish() {
      check();
      if (current) {
        const last = current;
        current = undefined;
        submit(last.index, last.filled);
      }
      flush();
      const cid = dag.finish();
      const digest = worker ? await worker.digest() : (inline?.digest() as Uint8Array);
      report(true);
      return { sha256: bytesToHex(digest), cid: cid.toString(), size: BigInt(dag.bytes) };
    },
    abort() {
      worker?.abort();
      fail(new Error("Hashing was aborted."));
    },
  };
}
