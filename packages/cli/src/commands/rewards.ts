import type * as Sdk from "@cairn/sdk";
import type { Address } from "viem";
import { type Command, keyOptions, networkOptions, str } from "../lib/command.js";
import { connect } from "../lib/context.js";
import { CliError } from "../lib/errors.js";
import { indexerOf, indexerOptions } from "../lib/indexer.js";
import { formatAmount, print } from "../lib/output.js";
import { addressOf, datasetIdOf } from "../lib/parse.js";
import { tokenInfo } from "../lib/token.js";

/** The SDK, loaded when the command runs (so `--help` stays fast). */
let sdk: typeof Sdk;

export const rewardsCommand: Command = {
  name: "rewards",
  summary: "show what an account can claim, per dataset",
  usage: "cairn rewards [--dataset <id>] [--account <address>]",
  options: {
    dataset: {
      type: "string",
      value: "<id>",
      description: "Only this dataset (default: every dataset with something to claim).",
    },
    account: { type: "string", value: "<address>", description: "Whose rewards (default: your key's account)." },
    ...networkOptions,
    ...keyOptions,
    ...indexerOptions,
  },
  examples: [
    "cairn rewards",
    "cairn rewards --indexer http://127.0.0.1:42069 --account 0x7099…79C8",
    "cairn rewards --dataset 1 --account 0x7099…79C8 --json",
  ],
  async run(args) {
    sdk = await import("@cairn/sdk");
    const only = str(args, "dataset") !== undefined ? datasetIdOf(str(args, "dataset"), "rewards") : undefined;
    const given = str(args, "account") ? addressOf(str(args, "account") as string, "--account", "rewards") : undefined;
    const ctx = await connect(args, { wallet: given ? "none" : "optional" });
    const account = (given ?? ctx.account?.address) as Address | undefined;
    if (!account)
      throw new CliError("Whose rewards? Pass --account <address>, or a key (--keystore or CAIRN_PRIVATE_KEY).");
    const indexer = await indexerOf(args, ctx, "rewards");
    let ids: bigint[];
    if (only !== undefined) ids = [only];
    else if (indexer) {
      // The datasets where the account has weight; each amount is checked against the vault (and read again below).
      const indexed = await indexer.getAccount({ address: account });
      ids = indexed.datasets.filter((d) => d.claimable > 0n).map((d) => d.datasetId);
    } else {
      const count = await ctx.publicClient.readContract({
        address: ctx.client.registry,
        abi: sdk.cairnRegistryAbi,
        functionName: "datasetCount",
      });
      ids = Array.from({ length: Number(count) }, (_, i) => BigInt(i + 1));
    }
    const rows: Array<{
      datasetId: bigint;
      claimable: bigint;
      token: string | undefined;
      symbol: string | undefined;
      decimals: number;
    }> = [];
    for (const datasetId of ids) {
      const [dataset, claimable] = await Promise.all([
        sdk.getDataset(ctx.client, { datasetId }),
        sdk.getClaimable(ctx.client, { datasetId, account }),
      ]);
      if (only === undefined && claimable === 0n) continue;
      const token = dataset.rewardToken ? await tokenInfo(ctx.publicClient, dataset.rewardToken) : undefined;
      rows.push({
        datasetId,
        claimable,
        token: token?.address,
        symbol: token?.symbol,
        decimals: token?.decimals ?? 18,
      });
    }
    print(
      () =>
        rows.length === 0
          ? `${account} has nothing to claim.`
          : [
              `Claimable by ${account}:`,
              ...rows.map((r) => `  dataset ${r.datasetId}: ${formatAmount(r.claimable, r.decimals, r.symbol)}`),
            ],
      { account, rewards: rows },
    );
  },
};
