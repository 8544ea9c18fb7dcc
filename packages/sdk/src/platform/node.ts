import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { access, constants, stat } from "node:fs/promises";
import { openWorkerSha256 } from "../hash/sha256-worker.js";
import type { Platform } from "./types.js";

/** The Node side of `#sdk-platform` (see {@link Platform}). */
export const platform: Platform = {
  loadSha256: async () => () => createHash("sha256"),
  openWorkerSha256,
  async openPath(path) {
    const info = await stat(path);
    if (!info.isFile()) throw Object.assign(new Error(`${path} is not a regular file`), { code: "EISDIR" });
    await access(path, constants.R_OK);
    return { source: createReadStream(path, { highWaterMark: 1024 * 1024 }), size: info.size };
  },
};
