import { type CidProfile, resolveCidProfile } from "@cairn/sdk/browser";

// Messages between the page and hash.worker.ts (apart, so the page never imports the worker's code).
/**
 * `both` in one pass; or the CID and the sha256 in two workers side by side (each reads the file itself); or,
 * up to `oneShotLimit`, `whole` (reads the file, sends a copy over `port`, returns the sha256) beside `leaves`
 * (the CID of the bytes that come over `port`), see hash-split.ts.
 */
export type HashTask = "both" | "cid" | "sha256" | "whole" | "leaves";
export type HashRequest = {
  file: Blob;
  profile?: CidProfile | undefined;
  task?: HashTask | undefined;
  port?: MessagePort | undefined;
};
export type HashMessage =
  | { type: "progress"; bytes: number; total: number }
  | { type: "done"; sha256?: `0x${string}`; cid?: string; size: string; ms: number; engine: "wasm" | "sdk" }
  | { type: "error"; name: string; message: string };

/**
 * Up to this size a file is read whole, once, and both hashes are taken from memory by one worker (WebCrypto's
 * thread and WebAssembly on the worker's); larger files stream through two workers (CID | sha256).
 */
export const oneShotLimit = 256 * 1024 * 1024;

/** From this size (up to `oneShotLimit`) the two hashes are split between two workers (whole | leaves). */
export const splitFrom = 8 * 1024 * 1024;

/** Whether the CID of `size` bytes is one root over raw leaves (or one raw leaf): the shape cid-fast.ts builds. */
export function isOneRootOverRawLeaves(size: number, profile: CidProfile | undefined): boolean {
  const { cidVersion, rawLeaves, chunkSize, maxLinks } = resolveCidProfile({ profile });
  const leafCount = Math.ceil(size / chunkSize);
  return cidVersion === 1 && rawLeaves && leafCount > 0 && leafCount <= maxLinks;
}
