import { bytesToHex } from "viem";
import { resolveCidProfile } from "./profiles.js";
import { loadSha256 } from "./sha256.js";
import type { WorkerSha256 } from "./sha256-worker.js";
import type { ContentHash, HashOptions } from "./types.js";
import { UnixfsDagBuilder } from "./unixfs-dag.js";

/** Bytes per buffer handed between the reader, this thread and the sha256 worker. */
export const slotSize = 4 * 1024 * 1024;
const slotCount = 4;
/** Below this size (when known) everything is hashed on the calling thread. */
const workerThreshold = 8 * 1024 * 1024;

/** One buffer of the pool: fill `bytes`, then `commit` it with the number of bytes written. */
export type Slot = { index: number; bytes: Uint8Array };

/**
 * One hashing run: the whole-content sha256 (on a worker thread when worthwhile) and
 * the UnixFS CID (on this thread), fed from a small fixed pool of buffers so memory
 * does not grow with the input. Shared by `hashBytes`, `hashStream` and `hashFile`.
 */
export type HashRun = {
  /** Hashes `bytes` (copied into the pool when a worker is used, read in place otherwise). */
  write(bytes: Uint8Array): Promise<void>;
  /** Takes a free pool buffer to fill directly (zero-copy file reads). Waits while all are in use. */
  acquire(): Promise<Slot>;
  /** Hashes the first `length` bytes of an acquired buffer and hands it to the worker. */
  commit(slot: Slot, length: number): void;
  /** Gives back an acquired buffer unused. */
  discard(slot: Slot): void;
  /** Waits for the worker and returns the result. */
  finish(): Promise<ContentHash>;
  /** Stops the run and frees the worker job. */
  abort(): void;
};

/**
 * Starts a hashing run.
 *
 * @param totalBytes - Input size when known: small inputs skip the worker, and progress reports it.
 * @example
 * ```ts
 * const run = await startHashRun({ profile: "unixfs-v0-2015" }, bytes.length);
 * await run.write(bytes);
 * const { sha256, cid, size } = await run.finish(); // cid: "Qm…"
 * ```
 */
export async function startHashRun(options: HashOptions, totalBytes?: number): Promise<HashRun> {
  options.signal?.throwIfAborted();
  const createSha256 = await loadSha256();
  const dag = new UnixfsDagBuilder(resolveCidProfile(options), createSha256);
  const mode = options.worker ?? "auto";
  const canUseWorker = typeof globalThis.process?.versions?.node === "string" && typeof SharedArrayBuffer === "function";
  const useWorker = canUseWorker && (mode === true || (mode === "auto" && (totalBytes === undefined || totalBytes >= workerThreshold)));

  const slots: Uint8Array[] = [];
  const free: number[] = [];
  const waiters: { resolve: (index: number) => void; reject: (error: Error) => void }[] = [];
  let failure: Error | undefined;
  let current: { slot: Slot; filled: number } | undefined;
  let bytes = 0;
  let reported = -1;

  const release = (index: number) => {
    const waiter = waiters.shift();
    if (waiter) waiter.resolve(index);
    else free.push(index);
  };
  const fail = (error: Error) => {
    failure = error;
    for (const waiter of waiters.splice(0)) waiter.reject(error);
  };

  let worker: WorkerSha256 | undefined;
  const inline = useWorker ? undefined : createSha256();
  if (useWorker) {
    const { openWorkerSha256 } = await import("./sha256-worker.js");
    worker = await openWorkerSha256(release, fail);
  }

  const report = () => {
    if (!options.onProgress || bytes === reported) return;
    reported = bytes;
    options.onProgress(totalBytes === undefined ? { bytes } : { bytes, totalBytes });
  };

  const acquire = async (): Promise<Slot> => {
    if (failure) throw failure;
    options.signal?.throwIfAborted();
    let index = free.pop();
    if (index === undefined) {
      if (slots.length < slotCount) {
        index = slots.length;
        slots.push(new Uint8Array(useWorker ? new SharedArrayBuffer(slotSize) : new ArrayBuffer(slotSize)));
      } else {
        index = await new Promise<number>((resolve, reject) => waiters.push({ resolve, reject }));
      }
    }
    return { index, bytes: slots[index] as Uint8Array };
  };

  const commit = (slot: Slot, length: number) => {
    if (failure) throw failure;
    options.signal?.throwIfAborted();
    if (length === 0) return release(slot.index);
    const view = slot.bytes.subarray(0, length);
    if (worker) worker.submit(slot.index, slot.bytes.buffer as SharedArrayBuffer, length);
    else inline?.update(view);
    dag.update(view);
    bytes += length;
    if (!worker) release(slot.index);
    report();
  };

  return {
    acquire,
    commit,
    discard: (slot) => release(slot.index),
    async write(input) {
      if (!worker) {
        // Same thread: hash in place, no copy.
        options.signal?.throwIfAborted();
        inline?.update(input);
        dag.update(input);
        bytes += input.length;
        report();
        return;
      }
      let offset = 0;
      while (offset < input.length) {
        current ??= { slot: await acquire(), filled: 0 };
        const n = Math.min(slotSize - current.filled, input.length - offset);
        current.slot.bytes.set(input.subarray(offset, offset + n), current.filled);
        current.filled += n;
        offset += n;
        if (current.filled === slotSize) {
          const full = current;
          current = undefined;
          commit(full.slot, full.filled);
        }
      }
    },
    async finish() {
      if (current) {
        const last = current;
        current = undefined;
        commit(last.slot, last.filled);
      }
      const digest = worker ? await worker.digest() : (inline?.digest() as Uint8Array);
      const cid = dag.finish();
      report();
      return { sha256: bytesToHex(digest), cid: cid.toString(), size: BigInt(bytes) };
    },
    abort() {
      worker?.abort();
      fail(new Error("Hashing was aborted."));
    },
  };
}
