import type { IndexerClient } from "@cairn/sdk";
import { type OptionSpec, type ParsedArgs, str } from "./command.js";
import type { Context } from "./context.js";
import { UsageError } from "./errors.js";

/** `--indexer <url>`: read lists from a Cairn indexer instead of scanning the chain's logs. */
export const indexerOptions: Record<string, OptionSpec> = {
  indexer: {
    type: "string",
    value: "<url>",
    description:
      "Read lists from this Cairn indexer (e.g. dev.json's `indexer`) instead of scanning the chain's logs; what matters is checked against the chain.",
  },
};

/** The indexer client `--indexer` names, checking against the chain through `ctx`; undefined without the flag. */
export async function indexerOf(args: ParsedArgs, ctx: Context, command: string): Promise<IndexerClient | undefined> {
  const url = str(args, "indexer");
  if (url === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--indexer must be a URL, not "${url}".`, command);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    throw new UsageError(`--indexer must be an http(s) URL, not "${url}".`, command);
  const { createIndexerClient } = await import("@cairn/sdk");
  return createIndexerClient({ url, verifyWith: ctx.client });
}
