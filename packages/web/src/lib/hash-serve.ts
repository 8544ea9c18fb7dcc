/// <reference lib="webworker" />
import type { HashMessage, HashRequest } from "./hash-protocol.js";

export type Hashed = {
  sha256?: `0x${string}` | undefined;
  cid?: string | undefined;
  size: bigint;
  engine: "wasm" | "sdk";
};

/**
 * A hashing worker's side of hash-protocol.ts: answers each request with progress messages, then `done` with
 * what `hash` returned (and how long it took) or `error`.
 */
export function serveHashing(hash: (request: HashRequest, report: (bytes: number) => void) => Promise<Hashed>) {
  const scope = self as unknown as DedicatedWorkerGlobalScope;
  scope.onmessage = async (event: MessageEvent<HashRequest>) => {
    const started = performance.now();
    const report = (bytes: number) =>
      scope.postMessage({ type: "progress", bytes, total: event.data.file.size } satisfies HashMessage);
    try {
      const result = await hash(event.data, report);
      scope.postMessage({
        type: "done",
        sha256: result.sha256,
        cid: result.cid,
        size: result.size.toString(),
        ms: performance.now() - started,
        engine: result.engine,
      } satisfies HashMessage);
    } catch (error) {
      const e = error as Error;
      scope.postMessage({ type: "error", name: e.name, message: e.message } satisfies HashMessage);
    }
  };
}
