import type { CidProfile, ContentHash } from "@cairn/sdk/browser";
import type { HashMessage } from "./hash.worker.js";

/** Hashes a file in a Web Worker (see hash.worker.ts); `signal` terminates the worker. */
export function hashInWorker(
  file: Blob,
  options: { profile?: CidProfile; onProgress?: (bytes: number, total: number) => void; signal?: AbortSignal } = {},
): Promise<ContentHash & { ms: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./hash.worker.ts", import.meta.url), { type: "module", name: "cairn-hash" });
    const stop = () => worker.terminate();
    options.signal?.addEventListener(
      "abort",
      () => {
        stop();
        reject(new DOMException("Hashing stopped", "AbortError"));
      },
      { once: true },
    );
    worker.onmessage = (event: MessageEvent<HashMessage>) => {
      const m = event.data;
      if (m.type === "progress") options.onProgress?.(m.bytes, m.total);
      else if (m.type === "done") {
        stop();
        resolve({ sha256: m.sha256, cid: m.cid, size: BigInt(m.size), ms: m.ms });
      } else {
        stop();
        reject(Object.assign(new Error(m.message), { name: m.name }));
      }
    };
    worker.onerror = (event) => {
      stop();
      reject(new Error(`The hashing worker failed: ${event.message}`));
    };
    worker.postMessage({ file, profile: options.profile });
  });
}

/** Runs `tasks` with at most `limit` at a time (hash two files at once on two cores, not two hundred). */
export async function pool<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<PromiseSettledResult<T>[]> {
  const results: PromiseSettledResult<T>[] = new Array(tasks.length);
  let next = 0;
  const run = async () => {
    while (next < tasks.length) {
      const i = next++;
      try {
        results[i] = { status: "fulfilled", value: await tasks[i]() };
      } catch (reason) {
        results[i] = { status: "rejected", reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, run));
  return results;
}
