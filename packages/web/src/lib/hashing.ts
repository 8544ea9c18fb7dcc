import type { CidProfile, ContentHash } from "@cairn/sdk/browser";
import { type HashMessage, type HashTask, isOneRootOverRawLeaves, oneShotLimit, splitFrom } from "./hash-protocol.js";

type Done = Extract<HashMessage, { type: "done" }>;

function runWorker(
  file: Blob,
  task: HashTask,
  profile: CidProfile | undefined,
  onBytes: (bytes: number) => void,
  signal?: AbortSignal,
  port?: MessagePort,
): Promise<Done> {
  return new Promise((resolve, reject) => {
    // Options written out in each: Vite bundles a worker from a literal `new Worker(new URL(...), {...})`.
    const worker =
      task === "whole" || task === "leaves"
        ? new Worker(new URL("./hash-split.worker.ts", import.meta.url), { type: "module", name: `cairn-${task}` })
        : new Worker(new URL("./hash.worker.ts", import.meta.url), { type: "module", name: `cairn-${task}` });
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
    worker.postMessage({ file, profile, task, port }, port ? [port] : []);
  });
}

/**
 * Hashes a file off the page's thread (see hash.worker.ts): sha256 and CID. WebCrypto computes on the thread
 * that calls it, so two cores need two workers. From `splitFrom` to `oneShotLimit` (one root over raw leaves),
 * one worker reads the file once and takes the whole-file sha256 while the other hashes the leaves of a copy
 * (hash-split.ts); smaller files, one worker for both; larger files, two workers, one per hash, each streaming
 * the file, so memory does not grow with it. `signal` stops them, and a failure of one stops the other.
 */
export async function hashInWorker(
  file: Blob,
  options: { profile?: CidProfile; onProgress?: (bytes: number, total: number) => void; signal?: AbortSignal } = {},
): Promise<ContentHash & { ms: number }> {
  const started = performance.now();
  const report = (bytes: number) => options.onProgress?.(bytes, file.size);
  const split = file.size >= splitFrom && isOneRootOverRawLeaves(file.size, options.profile);
  if (file.size <= oneShotLimit && !split) {
    const m = await runWorker(file, "both", options.profile, report, options.signal);
    return { sha256: m.sha256 as `0x${string}`, cid: m.cid as string, size: BigInt(m.size), ms: m.ms };
  }
  const done = { cid: 0, sha256: 0 };
  const progress = (task: "cid" | "sha256") => (bytes: number) => {
    done[task] = bytes;
    report(Math.floor((done.cid + done.sha256) / 2)); // the share of the work done by both
  };
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  const run = (task: HashTask, hash: "cid" | "sha256", port?: MessagePort) =>
    runWorker(file, task, options.profile, progress(hash), stop.signal, port).catch((error) => {
      stop.abort(); // the other worker (waiting for the bytes, perhaps) stops too
      throw error;
    });
  const channel = file.size <= oneShotLimit ? new MessageChannel() : undefined;
  const [cid, sha256] = await Promise.all(
    channel
      ? [run("leaves", "cid", channel.port2), run("whole", "sha256", channel.port1)]
      : [run("cid", "cid"), run("sha256", "sha256")],
  ).finally(() => options.signal?.removeEventListener("abort", onAbort));
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
