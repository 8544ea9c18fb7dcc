import { startHashRun } from "./engine.js";
import type { ContentHash, HashOptions } from "./types.js";

/** Parameters of {@link hashBytes}. */
export type HashBytesOptions = HashOptions;
/** Return type of {@link hashBytes}. */
export type HashBytesReturnType = ContentHash;

/**
 * Hashes bytes held in memory: sha256 of the raw bytes and the IPFS CID under a profile
 * (same CID as `ipfs add`), in one pass. Works in Node and browsers.
 *
 * @example
 * ```ts
 * import { hashBytes } from "@cairn/sdk";
 * const { sha256, cid, size } = await hashBytes(new TextEncoder().encode("hello\n"));
 * // cid: "bafkreicysg23kiwv34eg2d7qweipxwosdo2py4ldv42nbauguluen5v6am", size: 6n
 * const v0 = await hashBytes(bytes, { profile: "unixfs-v0-2015" }); // "Qm…"
 * ```
 */
export async function hashBytes(bytes: Uint8Array, options: HashBytesOptions = {}): Promise<HashBytesReturnType> {
  const run = await startHashRun({ ...options, totalBytes: bytes.length, exactSize: true });
  try {
    await run.write(bytes);
    return await run.finish();
  } catch (error) {
    run.abort();
    throw error;
  }
}
