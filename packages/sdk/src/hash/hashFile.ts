import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { ContentSizeMismatchError, FileReadError } from "../errors/hash.js";
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
 * grow with the file (a 16 MiB buffer pool). The file is read in 256 KiB pieces that are
 * hashed while still in the CPU cache; for files of 8 MiB or more the whole-file sha256
 * runs on a worker thread while this thread hashes the CID's chunks.
 *
 * Reads are synchronous (fast from the page cache); the event loop gets a turn every 4 MiB.
 *
 * @throws {FileReadError} when the file is missing, a directory, unreadable, or changes size while hashed.
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
  let fd: number;
  let size: number;
  try {
    fd = openSync(path, "r");
  } catch (cause) {
    throw new FileReadError({ path, cause });
  }
  try {
    try {
      const stat = fstatSync(fd);
      if (stat.isDirectory()) {
        throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read '${path}'`), { code: "EISDIR" });
      }
      size = stat.size;
    } catch (cause) {
      throw new FileReadError({ path, cause });
    }
    const run = await startHashRun({ ...options, totalBytes: size, exactSize: true });
    const read = (buffer: Uint8Array, offset: number, length: number) => {
      try {
        return readSync(fd, buffer, offset, length, null);
      } catch (cause) {
        throw new FileReadError({ path, cause });
      }
    };
    try {
      while ((await run.fill(read)) > 0) {}
      return await run.finish();
    } catch (error) {
      run.abort();
      if (error instanceof ContentSizeMismatchError) throw new FileReadError({ path, cause: error });
      throw error;
    }
  } finally {
    closeSync(fd);
  }
}
