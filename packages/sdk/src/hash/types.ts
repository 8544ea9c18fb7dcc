import type { Hex } from "viem";
import type { CidProfileOptions } from "./profiles.js";

/** What hashing a piece of content returns. */
export type ContentHash = {
  /** sha256 of the raw bytes, as `0x`-prefixed hex: what `sha256sum` prints, and the on-chain `contentHash`. */
  sha256: Hex;
  /** The content's IPFS CID under the chosen profile, as a string (`bafy…`/`bafk…` for v1, `Qm…` for v0). */
  cid: string;
  /** Size in bytes. A bigint, like every on-chain integer in viem. */
  size: bigint;
};

/** Progress of a hashing run. */
export type HashProgress = {
  /** Bytes hashed so far. */
  bytes: number;
  /** Total bytes, when known in advance (files, byte arrays). */
  totalBytes?: number | undefined;
};

/** Options of `hashBytes`, `hashStream` and `hashFile`. */
export type HashOptions = CidProfileOptions & {
  /** Called as bytes are hashed (about every 4 MiB) and once at the end with `bytes === size`. */
  onProgress?: ((progress: HashProgress) => void) | undefined;
  /**
   * Compute the whole-content sha256 on a worker thread while the CID is computed on
   * this one. `"auto"` (default) uses a worker in Node for inputs of 8 MiB or more
   * (or of unknown size); `false` hashes everything on the calling thread.
   */
  worker?: boolean | "auto" | undefined;
  /** Abort the hashing run. */
  signal?: AbortSignal | undefined;
};
