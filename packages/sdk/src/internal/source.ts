import { FileReadError } from "../errors/hash.js";
import type { ContentSource } from "../stores/types.js";

/** A file path, or content already in hand. */
export type ContributionContent = string | ContentSource;

/**
 * Opens a path as a stream (after checking it is a readable regular file, for a clear error), or passes
 * content through. `node:fs` is imported only when a path is given, so browsers never load it.
 */
export async function openContent(
  content: ContributionContent,
): Promise<{ source: ContentSource; size?: number; label?: string }> {
  if (typeof content !== "string") {
    return { source: content, size: content instanceof Uint8Array ? content.length : undefined };
  }
  const { stat, access, constants } = await import("node:fs/promises");
  const { createReadStream } = await import("node:fs");
  try {
    const info = await stat(content);
    if (!info.isFile()) throw Object.assign(new Error(`${content} is not a regular file`), { code: "EISDIR" });
    await access(content, constants.R_OK);
    return { source: createReadStream(content, { highWaterMark: 1024 * 1024 }), size: info.size, label: content };
  } catch (cause) {
    throw new FileReadError({ path: content, cause });
  }
}
