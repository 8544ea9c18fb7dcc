import type * as Sdk from "@cairn/sdk";
import { type Command, keyOptions, networkOptions, str } from "../lib/command.js";
import { connect } from "../lib/context.js";
import { UsageError } from "../lib/errors.js";
import { formatAmount, print } from "../lib/output.js";
import { addressOf, datasetIdOf } from "../lib/parse.js";
import { tokenInfo } from "../lib/token.js";

/** The SDK, loaded when the command runs (so `--help` stays fast). */
let sdk: typeof Sdk;

export const claimCommand: Command = {
  name: "claim",
  summary: "claim rewards from one or several datasets, in one transaction",
  usage: "cairn claim <dataset>... [--account <address>]",
  description: "Anyone can trigger a claim for an account; the tokens always go to that account.",
  options: {
    account: {
      type: "string",
      value: "<address>",
      description: "Whose rewards (default: your account); they receive the tokens.",
    },
    ...networkOptions,
    ...keyOptions,
  },
  examples: ["cairn claim 1", "cairn claim 1 2 3 --json", "cairn claim 1 --account 0x7099…79C8"],
  async run(args) {
    sdk = await import("@cairn/sdk");
    if (args.positionals.length === 0) throw new UsageError("Give the dataset id(s) to claim from.", "claim");
    const datasetIds = [...new Set(args.positionals.map((p) => datasetIdOf(p, "claim")))];
    const account = str(args, "account") ? addressOf(str(args, "account") as string, "--account", "claim") : undefined;
    const ctx = await connect(args, { wallet: "required", action: "Claiming" });
    for (const datasetId of datasetIds) await sdk.getDataset(ctx.client, { datasetId });
    const { claimed, hash } = await sdk.claim(ctx.client, { datasetIds, account });
    const rows: Array<{
      datasetId: bigint;
      amount: bigint;
      token: string | undefined;
      symbol: string | undefined;
      decimals: number;
    }> = [];
    for (const c of claimed) {
      const { rewardToken } = await sdk.getDataset(ctx.client, { datasetId: c.datasetId });
      const token = rewardToken ? await tokenInfo(ctx.publicClient, rewardToken) : undefined;
      rows.push({ ...c, token: token?.address, symbol: token?.symbol, decimals: token?.decimals ?? 18 });
    }
    const who = account ?? ctx.account?.address;
    print(
      () =>
        rows.length === 0
          ? `Nothing to claim for ${who} in dataset(s) ${datasetIds.join(", ")}; no transaction sent.`
          : [
              `Claimed for ${who} (transaction ${hash}):`,
              ...rows.map((r) => `  dataset ${r.datasetId}: ${formatAmount(r.amount, r.decimals, r.symbol)}`),
            ],
      { account: who, claimed: rows, transactionHash: hash },
    );
  },
};
