import type { CidProfile } from "@cairn/sdk/browser";

// Messages between the page and hash.worker.ts (apart, so the page never imports the worker's code).
/** `both` in one pass; or the CID and the sha256 in two workers side by side (each reads the file itself). */
export type HashTask = "both" | "cid" | "sha256";
export type HashRequest = { file: Blob; profile?: CidProfile | undefined; task?: HashTask | undefined };
export type HashMessage =
  | { type: "progress"; bytes: number; total: number }
  | { type: "done"; sha256?: `0x${string}`; cid?: string; size: string; ms: number; engine: "wasm" | "sdk" }
  | { type: "error"; name: string; message: string };
