import type { Platform } from "./types.js";

/** The browser side of `#sdk-platform` (see {@link Platform}): no Node module anywhere in its graph. */
export const platform: Platform = {
  async loadSha256() {
    // WebCrypto cannot hash incrementally; @noble/hashes can.
    const { sha256 } = await import("@noble/hashes/sha2.js");
    return () => sha256.create();
  },
  openWorkerSha256: undefined,
  async openPath(path) {
    throw Object.assign(new Error(`cannot read ${path} here: file paths need Node; pass the bytes or a stream`), {
      code: "ENOTSUP",
    });
  },
};
