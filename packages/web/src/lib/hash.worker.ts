/// <reference lib="webworker" />
/**
 * Hashes one file off the page's thread. WebCrypto computes on the thread that calls it (Chromium), so each
 * worker keeps one core busy and the page splits the work (hashing.ts). From 8 MiB up to `oneShotLimit`
 * (256 MiB), a file whose CID is one root over raw leaves goes to two workers of hash-split.worker.ts instead
 * (hash-split.ts). Smaller files: a `both` task here reads the file once and takes both hashes from memory
 * (`hashReadOnce`). Larger files stream, with memory that does not grow with the file, through two workers: a
 * `cid` task (leaves hashed by WebCrypto 16 at a time and the root built as the importer builds it, cid-fast.ts;
 * the SDK's UnixFS importer for other shapes) and a `sha256` task (incremental, WebAssembly; WebCrypto cannot
 * hash incrementally). The SDK's portable JavaScript is the fallback where WebAssembly does not compile. Progress
 * about every 4 MiB.
 */
import { type CidProfile, hashStream, importerOptions } from "@cairn/sdk/browser";
import { createSHA256 } from "hash-wasm";
import { importFile } from "ipfs-unixfs-importer";
import { hashReadOnce, type LeafHasher, rawLeavesCid } from "./cid-fast.js";
import { type HashTask, oneShotLimit } from "./hash-protocol.js";
import { serveHashing } from "./hash-serve.js";

const progressEvery = 4 * 1024 * 1024;
const sliceBytes = 4 * 1024 * 1024;

/** Blocks are only hashed here, never kept (storing is a separate step, checked against this CID). */
const discard = { put: async (cid: unknown) => cid } as Parameters<typeof importFile>[1];

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
  if (task === "cid") {
    const cid = await rawLeavesCid(file, profile, report);
    return cid ? { cid, size } : hashFast(file, profile, task, report);
  }
  if (task === "both" && file.size <= oneShotLimit) {
    // WebAssembly hashes leaves on this thread beside WebCrypto's; without it (no WebAssembly) WebCrypto alone.
    const leafHasher = (await createSHA256().catch(() => undefined)) as LeafHasher | undefined;
    const hashed = await hashReadOnce(file, profile, report, leafHasher);
    if (hashed) return { ...hashed, size };
  }
  return hashFast(file, profile, task, report);
}

serveHashing(async ({ file, profile, task = "both" }, report) => {
  try {
    return { ...(await hashNative(file, profile, task, report)), engine: "wasm" };
  } catch (error) {
    if (!(error instanceof WebAssembly.CompileError || (error as Error).name === "CompileError")) throw error;
    const result = await hashStream(file.stream(), {
      profile,
      totalBytes: file.size,
      worker: false,
      onProgress: ({ bytes }) => report(bytes),
    });
    return { ...result, engine: "sdk" };
  }
});
