/// <reference lib="webworker" />
/**
 * Hashes one file off the page's thread, in one streaming pass with memory that does not grow with
 * the file: the IPFS CID with the same UnixFS importer and import settings as the SDK
 * (`importerOptions(profile)`: its leaves hashed by WebCrypto, natively), and the whole-content sha256
 * incrementally in WebAssembly (WebCrypto cannot hash incrementally; the SDK's portable JavaScript
 * sha256 is its fallback here). A sha256-only task on a file up to 256 MiB reads it whole and hashes
 * it with WebCrypto in one call (native, several times faster; memory bounded by that limit). A CID task
 * whose tree is one root over raw leaves (files up to 1 GiB with the default profile) skips the importer:
 * its leaves are hashed by WebCrypto 16 at a time and the root built as the importer builds it (cid-fast.ts).
 * Reports progress about every 4 MiB (16 MiB on the fast CID path).
 */
import { type CidProfile, hashStream, importerOptions } from "@cairn/sdk/browser";
import { createSHA256 } from "hash-wasm";
import { importFile } from "ipfs-unixfs-importer";
import { rawLeavesCid } from "./cid-fast.js";
import type { HashMessage, HashRequest, HashTask } from "./hash-protocol.js";

const scope = self as unknown as DedicatedWorkerGlobalScope;
const progressEvery = 4 * 1024 * 1024;
const sliceBytes = 4 * 1024 * 1024;

/** Blocks are only hashed here, never kept (storing is a separate step, checked against this CID). */
const discard = { put: async (cid: unknown) => cid } as Parameters<typeof importFile>[1];

/** Up to this size the sha256 worker reads the whole file and lets WebCrypto hash it natively in one call. */
export const oneShotLimit = 256 * 1024 * 1024;

async function sha256OneShot(file: Blob, report: (bytes: number) => void) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", await file.arrayBuffer()));
  report(file.size);
  const hex = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
  return { sha256: `0x${hex}` as `0x${string}`, cid: undefined, size: BigInt(file.size) };
}

async function hashFast(file: Blob, profile: CidProfile | undefined, task: HashTask, report: (bytes: number) => void) {
  const sha256 = task === "cid" ? undefined : await createSHA256();
  sha256?.init();
  let bytes = 0;
  let reported = 0;
  async function* content() {
    // Large slices (not the stream's 64 KiB chunks): far fewer hand-offs to the importer and to WebAssembly.
    for (let offset = 0; offset < file.size; offset += sliceBytes) {
      const value = new Uint8Array(await file.slice(offset, offset + sliceBytes).arrayBuffer());
      sha256?.update(value);
      bytes += value.length;
      if (bytes - reported >= progressEvery) {
        reported = bytes;
        report(bytes);
      }
      yield value;
    }
  }
  let cid: string | undefined;
  if (task === "sha256") for await (const _ of content());
  else cid = (await importFile({ content: content() }, discard, importerOptions({ profile }))).cid.toString();
  report(bytes);
  const digest = sha256 ? (`0x${sha256.digest("hex")}` as `0x${string}`) : undefined;
  return { sha256: digest, cid, size: BigInt(bytes) };
}

/**
 * WebCrypto where it can do the whole job: the sha256 in one call (up to `oneShotLimit`), the CID from its
 * leaves' digests when the file is one root over raw leaves (cid-fast.ts); else the streaming path.
 */
async function hashNative(
  file: Blob,
  profile: CidProfile | undefined,
  task: HashTask,
  report: (bytes: number) => void,
): Promise<{ sha256?: `0x${string}` | undefined; cid?: string | undefined; size: bigint }> {
  const size = BigInt(file.size);
  if (task === "sha256" && file.size <= oneShotLimit) return sha256OneShot(file, report);
  if (task === "cid") {
    const cid = await rawLeavesCid(file, profile, report);
    return cid ? { cid, size } : hashFast(file, profile, task, report);
  }
  if (task === "both" && file.size <= oneShotLimit) {
    const [{ sha256 }, cid] = await Promise.all([sha256OneShot(file, () => {}), rawLeavesCid(file, profile, report)]);
    if (cid) return { sha256, cid, size };
  }
  return hashFast(file, profile, task, report);
}

scope.onmessage = async (event: MessageEvent<HashRequest>) => {
  const { file, profile, task = "both" } = event.data;
  const started = performance.now();
  const report = (bytes: number) =>
    scope.postMessage({ type: "progress", bytes, total: file.size } satisfies HashMessage);
  try {
    let engine: "wasm" | "sdk" = "wasm";
    let result: { sha256?: `0x${string}` | undefined; cid?: string | undefined; size: bigint };
    try {
      result = await hashNative(file, profile, task, report);
    } catch (error) {
      if (!(error instanceof WebAssembly.CompileError || (error as Error).name === "CompileError")) throw error;
      engine = "sdk";
      result = await hashStream(file.stream(), {
        profile,
        totalBytes: file.size,
        worker: false,
        onProgress: ({ bytes }) => report(bytes),
      });
    }
    scope.postMessage({
      type: "done",
      sha256: result.sha256,
      cid: result.cid,
      size: result.size.toString(),
      ms: performance.now() - started,
      engine,
    } satisfies HashMessage);
  } catch (error) {
    const e = error as Error;
    scope.postMessage({ type: "error", name: e.name, message: e.message } satisfies HashMessage);
  }
};
