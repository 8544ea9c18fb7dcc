import { FileReadError } from "../errors/hash.js";
import type { ContentSource } from "../stores/types.js";

/** A file path, or content already in hand. */
export type ContributionContent = string | ContentSource;

/**
 * Opens a path as a stream (after checking it is a readable regular file, for a clear error), or passes
 * content through. Node's file system is reached through `#sdk-platform`, which a browser bundle maps to a version without it.
 */
export async function openContent(
  content: ContributionContent,
): Promise<{ source: ContentSource; size?: number; label?: string }> {
  if (typeof content !== "string") {
    return { source: content, size: content instanceof Uint8Array ? content.length : undefined };
  }
  const { platform } = await import("#sdk-platform");
  try {
    return { ...(await platform.openPath(content)), label: content };
  } catch (cause) {
    throw new FileReadError({ path: content, cause });
  }
}
