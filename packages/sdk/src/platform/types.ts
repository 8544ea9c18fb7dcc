import type { Sha256Factory } from "../hash/sha256.js";
import type { WorkerSha256 } from "../hash/sha256-worker.js";
import type { ContentSource } from "../stores/types.js";

/**
 * What the SDK does differently in Node and in browsers. `package.json` `imports` maps `#sdk-platform`
 * to `./node.ts` under the `node` condition and to `./browser.ts` otherwise, so a browser bundle's
 * import graph holds no `node:` module at all (no `external` setting needed).
 */
export type Platform = {
  /** The fastest incremental sha256 here: OpenSSL in Node, `@noble/hashes` in browsers. */
  loadSha256(): Promise<Sha256Factory>;
  /** A sha256 on a worker thread fed from shared memory, where there is one (Node); otherwise undefined. */
  openWorkerSha256:
    | ((release: (slot: number) => void, onFailure: (error: Error) => void) => Promise<WorkerSha256>)
    | undefined;
  /** Opens a file path as a stream, after checking it is a readable regular file (Node only). */
  openPath(path: string): Promise<{ source: ContentSource; size: number }>;
};
