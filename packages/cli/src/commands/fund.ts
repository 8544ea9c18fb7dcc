import type * as Sdk from "@cairn/sdk";
import { bool, type Command, keyOptions, networkOptions } from "../lib/command.js";
import { connect } from "../lib/context.js";
import { CliError } from "../lib/errors.js";
import { formatAmount, print } from "../lib/output.js";
import { amountOf, datasetIdOf } from "../lib/parse.js";
import { tokenInfo } from "../lib/token.js";

/** The SDK, loaded when the command runs (so `--help` stays fast). */
let sdk: typeof Sdk;

export const fundCommand: Command = {
  name: "fund",
  summary: "fund a dataset's reward pool in its reward token",
  usage: "cairn fund <dataset> <amount>",
  description:
    "The amount is in whole tokens (decimals allowed, e.g. 12.5). Approval uses an ERC-2612 permit when the token supports it.",
  options: {
    "no-permit": { type: "boolean", description: "Send an approve transaction instead of signing a permit." },
    ...networkOptions,
    ...keyOptions,
  },
  examples: ["cairn fund 1 1000", "cairn fund 1 12.5 --json"],
  async run(args) {
    sdk = await import("@cairn/sdk");
    const datasetId = datasetIdOf(args.positionals[0], "fund");
    if (args.positionals[1] === undefined) amountOf(undefined, 18, "fund");
    const ctx = await connect(args, { wallet: "required", action: `Funding dataset ${datasetId}` });
    const { rewardToken } = await sdk.getDataset(ctx.client, { datasetId });
    if (!rewardToken)
      throw new CliError(`Dataset ${datasetId} has no reward token.`, {
        meta: ["Its steward sets one: `cairn dataset update <id> --reward-token <address>`."],
      });
    const token = await tokenInfo(ctx.publicClient, rewardToken);
    const amount = amountOf(args.positionals[1], token.decimals, "fund");
    const { credited, hash } = await sdk.fund(ctx.client, {
      datasetId,
      amount,
      permit: bool(args, "no-permit") ? false : undefined,
    });
    const pool = await sdk.getPool(ctx.client, { datasetId });
    print(
      `Funded dataset ${datasetId} with ${formatAmount(credited, token.decimals, token.symbol)} (transaction ${hash}).`,
      {
        datasetId,
        token: token.address,
        symbol: token.symbol,
        amount,
        credited,
        transactionHash: hash,
        pool,
      },
    );
  },
};
