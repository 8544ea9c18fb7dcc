/// <reference lib="webworker" />
/**
 * The two tasks of the split (hash-split.ts), in a worker of their own that loads only what they need (~50 KB,
 * not the importer and WebAssembly of hash.worker.ts): both workers of a split start, and the file's read with
 * them, sooner.
 */
import { serveHashing } from "./hash-serve.js";
import { sharedLeavesCid, wholeSha256 } from "./hash-split.js";

serveHashing(async ({ file, profile, task, port }, report) => {
  if (!port) throw new Error("The split's tasks need the port between its two workers.");
  const size = BigInt(file.size);
  if (task === "whole") {
    const sha256 = await wholeSha256(file, port);
    report(file.size);
    return { sha256, size, engine: "wasm" };
  }
  if (task === "leaves") return { cid: await sharedLeavesCid(port, file.size, profile, report), size, engine: "wasm" };
  throw new Error(`Unknown task ${task} for the split worker.`);
});
