import { open } from "node:fs/promises";
import { FileReadError } from "../errors/hash.js";
import { startHashRun } from "./engine.js";
import type { ContentHash, HashOptions } from "./types.js";

/** Parameters of {@link hashFile}. */
export type HashFileOptions = HashOptions;
/** Return type of {@link hashFile}. */
export type HashFileReturnType = ContentHash;
/** Errors {@link hashFile} may throw. */
export type HashFileErrorType = FileReadError;

/**
 * Hashes a file (Node only): sha256 of its bytes (what `sha256sum` prints) and its IPFS CID
 * under a profile (what `ipfs add` prints), in one streaming pass with memory that does not
 * grow with the file (a 16 MiB buffer pool). Reads go straight into shared buffers; the
 * whole-file sha256 runs on a worker thread while this thread hashes the CID's chunks.
 *
 * @throws {FileReadError} when the file is missing, a directory or unreadable.
 * @example
 * ```ts
 * import { hashFile } from "@cairn/sdk";
 * const { sha256, cid, size } = await hashFile("corpus/part-0001.jsonl", {
 *   profile: "unixfs-v1-2025",
 *   onProgress: ({ bytes, totalBytes }) => console.log(`${bytes}/${totalBytes}`),
 * });
 * ```
 */
export async function hashFile(path: string, options: HashFileOptions = {}): Promise<HashFileReturnType> {
  let file: Awaited<ReturnType<typeof open>>;
  let size: number;
  try {
    file = await open(path, "r");
  } catch (cause) {
    throw new FileReadError({ path, cause });
  }
  try {
    try {
      const stat = await file.stat();
      if (stat.isDirectory()) throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read '${path}'`), { code: "EISDIR" });
      size = stat.size;
    } catch (cause) {
      throw new FileReadError({ path, cause });
    }
    const run = await startHashRun(options, size);
    try {
      // Pipeline: while this thread hashes one buffer, the next read is already in flight.
      let slot = await run.acquire();
      let reading = readFull(file, slot.bytes, path);
      reading.catch(() => {}); // awaited below; avoid an unhandled rejection if hashing fails first
      for (;;) {
        const length = await reading;
        if (length === 0) {
          run.discard(slot);
          break;
        }
        const next = await run.acquire();
        reading = length < slot.bytes.length ? Promise.resolve(0) : readFull(file, next.bytes, path);
        reading.catch(() => {});
        run.commit(slot, length);
        slot = next;
      }
      return await run.finish();
    } catch (error) {
      run.abort();
      throw error;
    }
  } finally {
    await file.close();
  }
}

/** Reads until `buffer` is full or the file ends; returns the bytes read. */
async function readFull(file: Awaited<ReturnType<typeof open>>, buffer: Uint8Array, path: string): Promise<number> {
  let filled = 0;
  try {
    while (filled < buffer.length) {
      const { bytesRead } = await file.read(buffer, filled, buffer.length - filled, null);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
  } catch (cause) {
    throw new FileReadError({ path, cause });
  }
  return filled;
}
