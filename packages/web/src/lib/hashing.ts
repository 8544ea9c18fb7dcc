import type { CidProfile, ContentHash } from "@cairn/sdk/browser";
import { type HashMessage, type HashTask, oneShotLimit } from "./hash-protocol.js";

type Done = Extract<HashMessage, { type: "done" }>;

function runWorker(
  file: Blob,
  task: HashTask,
  profile: CidProfile | undefined,
  onBytes: (bytes: number) => void,
  signal?: AbortSignal,
): Promise<Done> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./hash.worker.ts", import.meta.url), { type: "module", name: `cairn-${task}` });
    const stop = () => worker.terminate();
    signal?.addEventListener(
      "abort",
      () => {
        stop();
        reject(new DOMException("Hashing stopped", "AbortError"));
      },
      { once: true },
    );
    worker.onmessage = (event: MessageEvent<HashMessage>) => {
      const m = event.data;
      if (m.type === "progress") onBytes(m.bytes);
      else if (m.type === "done") {
        stop();
        resolve(m);
      } else {
        stop();
        reject(Object.assign(new Error(m.message), { name: m.name }));
      }
    };
    worker.onerror = (event) => {
      stop();
      reject(new Error(`The hashing worker failed: ${event.message}`));
    };
    worker.postMessage({ file, profile, task });
  });
}

/**
 * Hashes a file off the page's thread (see hash.worker.ts): sha256 and CID. Up to `oneShotLimit` one worker
 * reads the file once and keeps two cores busy (WebCrypto's thread and WebAssembly); larger files use two
 * workers, one per hash, each streaming the file, so memory does not grow with it. `signal` stops them.
 */
export async function hashInWorker(
  file: Blob,
  options: { profile?: CidProfile; onProgress?: (bytes: number, total: number) => void; signal?: AbortSignal } = {},
): Promise<ContentHash & { ms: number }> {
  const started = performance.now();
  const report = (bytes: number) => options.onProgress?.(bytes, file.size);
  if (file.size <= oneShotLimit) {
    const m = await runWorker(file, "both", options.profile, report, options.signal);
    return { sha256: m.sha256 as `0x${string}`, cid: m.cid as string, size: BigInt(m.size), ms: m.ms };
  }
  const done = { cid: 0, sha256: 0 };
  const progress = (task: "cid" | "sha256") => (bytes: number) => {
    done[task] = bytes;
    report(Math.floor((done.cid + done.sha256) / 2)); // the share of the work done by both
  };
  const [cid, sha256] = await Promise.all([
    runWorker(file, "cid", options.profile, progress("cid"), options.signal),
    runWorker(file, "sha256", options.profile, progress("sha256"), options.signal),
  ]);
  if (cid.size !== sha256.size) throw new Error("The file changed while it was being hashed: hash it again.");
  return {
    sha256: sha256.sha256 as `0x${string}`,
    cid: cid.cid as string,
    size: BigInt(cid.size),
    ms: performance.now() - started,
  };
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
