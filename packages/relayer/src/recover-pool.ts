/**
 * Signer recovery off the main thread. ECDSA recovery is the largest CPU cost of accepting an item (about
 * 0.2 ms with libsecp256k1), and the main thread also parses, answers HTTP and builds batches: worker threads
 * recover each request's signers while it goes on. With `threads: 0` (or when no worker can start) recovery
 * runs inline, with the same code (`recoverSigner`).
 */
import { Worker } from "node:worker_threads";
import type { Address } from "viem";
import { recoverSigner } from "./crypto.js";
import type { Logger } from "./log.js";

export type RecoverRequest = { id: number; digests: Uint8Array; signatures: Uint8Array[] };
export type RecoverResponse = { id: number; signers: (Address | undefined)[] };

type Pending = { resolve: (signers: (Address | undefined)[]) => void; reject: (error: Error) => void };
type Slot = { worker: Worker; pending: Map<number, Pending> };

// Under tsx (tests, benchmarks from source) the worker is the TypeScript file; built, it is the JavaScript one.
const workerUrl = new URL(
  import.meta.url.endsWith(".ts") ? "./recover-worker.ts" : "./recover-worker.js",
  import.meta.url,
);

export class RecoverPool {
  private slots: Slot[] = [];
  private nextId = 0;

  constructor(
    threads: number,
    private readonly log?: Logger,
  ) {
    for (let i = 0; i < threads; i++) this.spawn();
  }

  get threads() {
    return this.slots.length;
  }

  private spawn() {
    const slot: Slot = { worker: new Worker(workerUrl), pending: new Map() };
    slot.worker.unref();
    slot.worker.on("message", ({ id, signers }: RecoverResponse) => {
      const p = slot.pending.get(id);
      slot.pending.delete(id);
      p?.resolve(signers);
    });
    const fail = (error: Error) => {
      // A worker that dies takes its requests with it: they are answered inline; the pool goes on without it.
      this.slots = this.slots.filter((s) => s !== slot);
      this.log?.warn("a signature recovery thread stopped; recovering on the main thread instead", {
        error: error.message,
      });
      for (const p of slot.pending.values()) p.reject(error);
      slot.pending.clear();
    };
    slot.worker.on("error", fail);
    slot.worker.on("exit", (code) => {
      if (slot.pending.size > 0 || this.slots.includes(slot)) fail(new Error(`recovery thread exited with ${code}`));
    });
    this.slots.push(slot);
  }

  /** The signer of each `(digest, signature)`, or undefined where the signature is malformed or high-s. */
  async recover(items: readonly { digest: Uint8Array; signature: Uint8Array }[]): Promise<(Address | undefined)[]> {
    const inline = () => items.map((x) => recoverSigner(x.digest, x.signature));
    if (this.slots.length === 0 || items.length === 0) return inline();
    const slot = this.slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const digests = new Uint8Array(items.length * 32);
    items.forEach((x, i) => {
      digests.set(x.digest, i * 32);
    });
    const id = this.nextId++;
    try {
      return await new Promise<(Address | undefined)[]>((resolve, reject) => {
        slot.pending.set(id, { resolve, reject });
        slot.worker.postMessage({ id, digests, signatures: items.map((x) => x.signature) } satisfies RecoverRequest);
      });
    } catch {
      return inline();
    }
  }

  async close() {
    const slots = this.slots;
    this.slots = [];
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}
