import { type Command, keyOptions, networkOptions } from "../lib/command.js";
import { connect } from "../lib/context.js";
import { print } from "../lib/output.js";
import { datasetIdOf } from "../lib/parse.js";

export const confirmCommand: Command = {
  name: "confirm",
  summary: "confirm a dataset's provisional contributions whose challenge period is over (anyone may)",
  usage: "cairn confirm <dataset>",
  description: [
    "In a dataset that accepts without review (quorum 0) and has a challenge period, each contribution stays",
    "provisional — it neither earns nor votes, and any curator can reject it — until the period is over and",
    "someone confirms it. This confirms every one that is due, in batches, and lists those still waiting.",
  ].join("\n"),
  options: { ...networkOptions, ...keyOptions },
  examples: ["cairn confirm 1", "cairn confirm 1 --json"],
  async run(args) {
    const sdk = await import("@cairn/sdk");
    const datasetId = datasetIdOf(args.positionals[0], "confirm");
    const ctx = await connect(args, { wallet: "required", action: "Confirming contributions" });
    const result = await sdk.confirmDueContributions(ctx.client, { datasetId });
    print(
      () => [
        `Dataset ${datasetId}: ${result.confirmed.length} contribution(s) confirmed, ${result.waiting.length} still in their challenge period.`,
        ...result.waiting.map(
          (w) => `  ${w.contentHash}  confirmable from ${new Date(Number(w.acceptableAt) * 1000).toISOString()}`,
        ),
        ...result.hashes.map((h) => `transaction ${h}`),
      ],
      { datasetId, ...result },
    );
  },
};
