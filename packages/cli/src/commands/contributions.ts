import type * as Sdk from "@cairn/sdk";
import type { Contribution, ContributionStatus } from "@cairn/sdk";
import { type Command, networkOptions, str } from "../lib/command.js";
import { connect } from "../lib/context.js";
import { UsageError } from "../lib/errors.js";
import { indexerOf, indexerOptions } from "../lib/indexer.js";
import { localFiles } from "../lib/journal.js";
import { print } from "../lib/output.js";
import { addressOf, datasetIdOf } from "../lib/parse.js";

/** The SDK, loaded when the command runs (so `--help` stays fast). */
let sdk: typeof Sdk;

export const contributionsCommand: Command = {
  name: "contributions",
  summary: "list a dataset's contributions (e.g. the pending ones, for curators)",
  usage:
    "cairn contributions <dataset> [--status pending|accepted|rejected|withdrawn|provisional|removed] [--contributor <address>]",
  options: {
    status: { type: "string", value: "<status>", description: "Only contributions with this status." },
    contributor: { type: "string", value: "<address>", description: "Only this contributor's." },
    ...networkOptions,
    ...indexerOptions,
  },
  examples: [
    "cairn contributions 1 --status pending",
    "cairn contributions 1 --indexer http://127.0.0.1:42069",
    "cairn contributions 1 --contributor 0x3C44…93BC --json",
  ],
  async run(args) {
    sdk = await import("@cairn/sdk");
    const datasetId = datasetIdOf(args.positionals[0], "contributions");
    const status = str(args, "status");
    // The SDK's status names (one definition); removed contributions are listed only when asked for.
    const statuses: readonly string[] = sdk.contributionStatuses.slice(1);
    if (status !== undefined && !statuses.includes(status))
      throw new UsageError(`--status must be one of ${statuses.join(", ")}.`, "contributions");
    const contributor = str(args, "contributor")
      ? addressOf(str(args, "contributor") as string, "--contributor", "contributions")
      : undefined;
    const ctx = await connect(args);
    await sdk.getDataset(ctx.client, { datasetId });
    const indexer = await indexerOf(args, ctx, "contributions");
    const all: Contribution[] = [];
    let cursor: string | undefined;
    if (indexer) {
      // Each listed contribution is checked against the chain (registration log and registry view).
      all.push(
        ...(await indexer.listAllContributions({
          datasetId,
          status: status as ContributionStatus | undefined,
          contributor,
        })),
      );
    } else
      do {
        const page = await sdk.listContributions(ctx.client, {
          datasetId,
          status: status as ContributionStatus | undefined,
          contributor,
          cursor,
          limit: 500,
        });
        all.push(...page.contributions);
        cursor = page.nextCursor;
      } while (cursor);
    // Where this machine contributed each one from (the journals of `cairn contribute`), to find your own files.
    const files = await localFiles(ctx.config.dataDir, datasetId);
    const fileOf = (c: Contribution) => files.get(c.contentHash.toLowerCase());
    print(
      () =>
        all.length === 0
          ? "No contributions match."
          : [
              `${all.length} contribution(s) in dataset ${datasetId}:`,
              ...all.map(
                (c) =>
                  `  ${c.contentHash}  ${c.status.padEnd(8)} ${c.score ? `score ${c.score}  ` : ""}${c.size} B  ${c.cid}  by ${c.contributor}${fileOf(c) ? `  file ${fileOf(c)}` : ""}`,
              ),
            ],
      { datasetId, count: all.length, contributions: all.map((c) => ({ ...c, file: fileOf(c) })) },
    );
  },
};
