import type { Worker } from "node:worker_threads";

/**
 * Runs in the worker: one `createHash("sha256")` per job, fed from shared memory.
 * Inline source (not a file) so it works the same under tsx, bundlers and plain Node.
 */
const workerSource = `
const { parentPort } = require("node:worker_threads");
const { createHash } = require("node:crypto");
const jobs = new Map();
parentPort.on("message", (m) => {
  if (m.type === "update") {
    let hash = jobs.get(m.job);
    if (!hash) { hash = createHash("sha256"); jobs.set(m.job, hash); }
    for (let i = 0; i < m.buffers.length; i++) hash.update(new Uint8Array(m.buffers[i], 0, m.lengths[i]));
    parentPort.postMessage({ type: "updated", job: m.job, slots: m.slots });
  } else if (m.type === "digest") {
    const hash = jobs.get(m.job) ?? createHash("sha256");
    jobs.delete(m.job);
    parentPort.postMessage({ type: "digest", job: m.job, digest: hash.digest() });
  } else if (m.type === "abort") {
    jobs.delete(m.job);
  }
});
`;

type Job = {
  onUpdated: (slot: number) => void;
  onDigest: (digest: Uint8Array) => void;
  onError: (error: Error) => void;
};

let shared: Promise<Sha256WorkerHost> | undefined;

/** A worker thread shared by all hashing runs; referenced only while a run is active. */
class Sha256WorkerHost {
  readonly #worker: Worker;
  readonly #jobs = new Map<number, Job>();
  #nextJob = 1;

  constructor(worker: Worker) {
    this.#worker = worker;
    worker.unref();
    worker.on("message", (m: { type: string; job: number; slots: number[]; digest: Uint8Array }) => {
      const job = this.#jobs.get(m.job);
      if (!job) return;
      if (m.type === "updated") for (const slot of m.slots) job.onUpdated(slot);
      else if (m.type === "digest") {
        this.#end(m.job);
        job.onDigest(m.digest);
      }
    });
    const fail = (error: Error) => {
      shared = undefined;
      for (const [id, job] of this.#jobs) {
        this.#jobs.delete(id);
        job.onError(error);
      }
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`sha256 worker exited with code ${code}`)));
  }

  open(job: Job): number {
    const id = this.#nextJob++;
    if (this.#jobs.size === 0) this.#worker.ref();
    this.#jobs.set(id, job);
    return id;
  }

  update(job: number, slots: number[], buffers: SharedArrayBuffer[], lengths: number[]): void {
    this.#worker.postMessage({ type: "update", job, slots, buffers, lengths });
  }

  digest(job: number): void {
    this.#worker.postMessage({ type: "digest", job });
  }

  abort(job: number): void {
    if (!this.#jobs.has(job)) return;
    this.#end(job);
    this.#worker.postMessage({ type: "abort", job });
  }

  #end(job: number): void {
    this.#jobs.delete(job);
    if (this.#jobs.size === 0) this.#worker.unref();
  }
}

/**
 * A whole-content sha256 computed on a worker thread, fed with shared-memory buffers,
 * so the calling thread is free to hash the CID's chunks at the same time.
 * Each `submit` hands over pool slots (shared buffers, hashed in order, the first `lengths[i]`
 * bytes of each); `release` is called back for each slot when the worker is done reading it.
 */
export type WorkerSha256 = {
  submit(slots: number[], buffers: SharedArrayBuffer[], lengths: number[]): void;
  digest(): Promise<Uint8Array>;
  abort(): void;
};

/**
 * Opens a job on the shared sha256 worker (starting it on first use).
 *
 * @example
 * ```ts
 * const job = await openWorkerSha256((slot) => pool.release(slot), (error) => pool.fail(error));
 * job.submit([0, 1], [slot0.buffer, slot1.buffer], [slotSize, 100]);
 * const digest = await job.digest();
 * ```
 */
export async function openWorkerSha256(
  release: (slot: number) => void,
  onFailure: (error: Error) => void,
): Promise<WorkerSha256> {
  shared ??= import("node:worker_threads").then(
    ({ Worker }) => new Sha256WorkerHost(new Worker(workerSource, { eval: true })),
  );
  const host = await shared;
  let failure: Error | undefined;
  let settle: { resolve: (d: Uint8Array) => void; reject: (e: Error) => void } | undefined;
  const id = host.open({
    onUpdated: release,
    onDigest: (digest) => settle?.resolve(digest),
    onError: (error) => {
      failure = error;
      settle?.reject(error);
      onFailure(error);
    },
  });
  return {
    submit(slots, buffers, lengths) {
      if (failure) throw failure;
      host.update(id, slots, buffers, lengths);
    },
    digest() {
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        settle = { resolve, reject };
        host.digest(id);
      });
    },
    abort() {
      host.abort(id);
    },
  };
}
