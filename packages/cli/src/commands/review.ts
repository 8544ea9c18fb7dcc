import { stat } from "node:fs/promises";
import type * as Sdk from "@cairn/sdk";
import type { Review } from "@cairn/sdk";
import { bool, type Command, keyOptions, networkOptions, str } from "../lib/command.js";
import { connect } from "../lib/context.js";
import { CliError, UsageError } from "../lib/errors.js";
import { print } from "../lib/output.js";
import { contentHashOf, datasetIdOf, integerOf } from "../lib/parse.js";
import { queue } from "./pool.js";

/** The SDK, loaded when the command runs (so `--help` stays fast). */
let sdk: typeof Sdk;

export const reviewCommand: Command = {
  name: "review",
  summary: "accept (with a score) or reject pending contributions, as a curator",
  usage:
    "cairn review <dataset> <contentHash|file>... (--accept --score <1..100> | --reject) | cairn review queue <dataset>",
  description:
    "Several contributions are reviewed in one transaction. Votes that cannot count (already decided, already voted) are reported.\nA file is named by its content hash (the sha256 of its bytes): give the file itself, or the hash `cairn contributions` lists.",
  options: {
    accept: { type: "boolean", description: "Accept the contributions." },
    score: {
      type: "string",
      value: "<1..100>",
      description: "Quality score of accepted contributions (required with --accept).",
    },
    reject: { type: "boolean", description: "Reject the contributions." },
    pool: { type: "string", value: "<address>", description: "With `queue`: the ReviewerPool contract." },
    ...networkOptions,
    ...keyOptions,
  },
  examples: [
    "cairn review 1 0x9f86d081…0a08 --accept --score 80",
    "cairn review 1 ./proverbs/haba.txt --accept --score 90",
    "cairn review queue 1 --pool 0x5FbD…0aa3",
    "cairn review 1 0xaaa… 0xbbb… --reject --json",
  ],
  async run(args) {
    // `cairn review queue <dataset> --pool <address>`: a pool reviewer's assignments.
    if (args.positionals[0] === "queue") return queue.run?.({ ...args, positionals: args.positionals.slice(1) });
    sdk = await import("@cairn/sdk");
    const [id, ...hashes] = args.positionals;
    const datasetId = datasetIdOf(id, "review");
    if (hashes.length === 0) throw new UsageError("Give the content hash(es) or files to review.", "review");
    const contentHashes = await Promise.all(hashes.map((h) => contentHashOrFile(h)));
    const accept = bool(args, "accept");
    const reject = bool(args, "reject");
    if (accept === reject) throw new UsageError("Choose one: --accept --score <1..100>, or --reject.", "review");
    const score = integerOf(str(args, "score"), "--score", "review", 1, 100);
    if (accept && score === undefined) throw new UsageError("--accept needs --score <1..100>.", "review");
    if (reject && score !== undefined) throw new UsageError("--score goes with --accept only.", "review");
    const reviews: Review[] = contentHashes.map((contentHash) =>
      accept
        ? { datasetId, contentHash, accept: true, score: score as number }
        : { datasetId, contentHash, accept: false },
    );
    const ctx = await connect(args, { wallet: "required", action: "Reviewing" });
    const { outcomes } = await sdk.review(ctx.client, { reviews });
    print(
      () =>
        outcomes.map(
          (o) =>
            `${o.contentHash}: ${o.status === "skipped" ? `not counted: ${o.reason?.message ?? "skipped"}` : `vote counted${o.decision ? ` — contribution ${o.decision}` : ""}`}`,
        ),
      { datasetId, outcomes },
    );
    const skipped = outcomes.filter((o) => o.status === "skipped").length;
    if (skipped > 0) throw new CliError(`${skipped} of ${outcomes.length} vote(s) did not count.`);
  },
};

/** A content hash as given, or the sha256 of a file's bytes when the argument is a file. */
export async function contentHashOrFile(value: string, command = "review"): Promise<`0x${string}`> {
  if (/^(0x)?[0-9a-fA-F]{64}$/.test(value)) return contentHashOf(value, command);
  const isFile = await stat(value).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!isFile) throw new UsageError(`"${value}" is neither a content hash (64 hex digits) nor a file.`, command);
  sdk ??= await import("@cairn/sdk");
  return (await sdk.hashFile(value)).sha256;
}
