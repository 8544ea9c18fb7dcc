import type { CidProfile } from "@cairn/sdk/browser";

// Messages between the page and hash.worker.ts (apart, so the page never imports the worker's code).
/** `both` in one pass; or the CID and the sha256 in two workers side by side (each reads the file itself). */
export type HashTask = "both" | "cid" | "sha256";
export type HashRequest = { file: Blob; profile?: CidProfile | undefined; task?: HashTask | undefined };
export type HashMessage =
  | { type: "progress"; bytes: number; total: number }
  | { type: "done"; sha256?: `0x${string}`; cid?: string; size: string; ms: number; engine: "wasm" | "sdk" }
  | { type: "error"; name: string; message: string };

/**
 * Up to this size a file is read whole, once, and both hashes are taken from memory by one worker (WebCrypto's
 * thread and WebAssembly on the worker's); larger files stream through two workers (CID | sha256).
 */
export const oneShotLimit = 256 * 1024 * 1024;
