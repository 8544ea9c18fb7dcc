import type * as Sdk from "@cairn/sdk";
import type { Address, Hex } from "viem";
import { type Command, keyOptions, networkOptions, type ParsedArgs, str } from "../lib/command.js";
import { type Context, connect, type StoreNeed } from "../lib/context.js";
import { CliError, UsageError } from "../lib/errors.js";
import { formatAmount, print, table } from "../lib/output.js";
import { addressOf, amountOf, contentHashOf, datasetIdOf, integerOf } from "../lib/parse.js";
import { tokenInfo } from "../lib/token.js";

/** The SDK, loaded when the command runs (so `--help` stays fast). */
let sdk: typeof Sdk;

export const contractOptions = {
  releases: {
    type: "string",
    value: "<address>",
    description: 'ReleaseRegistry address (default: "releases" in dev.json or the --config file).',
  },
  models: {
    type: "string",
    value: "<address>",
    description: 'ModelRegistry address (default: "models" in dev.json or the --config file).',
  },
} as const;

/** Connects, and adds the release and model registries' addresses (flags over the config file) to the client. */
export async function connectReleases(
  args: ParsedArgs,
  command: string,
  need: { wallet?: "none" | "optional" | "required"; store?: StoreNeed; action?: string } = {},
): Promise<Context> {
  sdk = await import("@cairn/sdk");
  const ctx = await connect(args, need);
  const config = ctx.config as { releases?: string; models?: string };
  const pick = (name: "releases" | "models") => {
    const value = str(args, name) ?? config[name];
    return value ? addressOf(value, `--${name}`, command) : undefined;
  };
  const releases = pick("releases");
  if (!releases)
    throw new CliError("No release registry given.", {
      meta: [
        'Pass --releases <address>, or add "releases" (and "models") to the --config file.',
        "`cairn dev` deploys both; elsewhere `npx hardhat ignition deploy ignition/modules/Releases.ts`.",
      ],
    });
  return { ...ctx, client: sdk.withClient(ctx.client, { releases, models: pick("models") }) };
}

/** `<dataset> <number>` or `--id <release id>` → the release. */
async function releaseOf(ctx: Context, args: ParsedArgs, command: string): Promise<Sdk.Release> {
  const id = str(args, "id");
  if (id !== undefined) {
    const releaseId = integerOf(id, "--id", command, 1, Number.MAX_SAFE_INTEGER) as number;
    return sdk.getRelease(ctx.client, { releaseId: BigInt(releaseId) });
  }
  const datasetId = datasetIdOf(args.positionals[0], command);
  const number = integerOf(args.positionals[1], "the release number", command, 1, 2 ** 32 - 1);
  const release = await sdk.findRelease(ctx.client, { datasetId, number });
  if (!release)
    throw new CliError(
      number === undefined
        ? `Dataset ${datasetId} has no release yet.`
        : `Dataset ${datasetId} has no release ${number}.`,
      { meta: ["`cairn release list <dataset>` shows its releases; its steward cuts one with `cairn release cut`."] },
    );
  return release;
}

const idOption = {
  id: { type: "string", value: "<release id>", description: "Name the release by its global id." },
} as const;

function releaseRows(r: Sdk.Release): Array<[string, string | number | bigint | undefined]> {
  return [
    ["Release", `${r.number} of dataset ${r.datasetId} (id ${r.releaseId})`],
    ["Parent", r.parentId === 0n ? "none" : `id ${r.parentId}`],
    ["Root", r.root],
    ["Items", r.itemCount],
    ["Total score", r.totalScore],
    ["Snapshot block", r.snapshotBlock],
    ["License", r.license || undefined],
    ["File list", r.fileListCid],
    ["Manifest", r.manifestCid],
  ];
}

const cut: Command = {
  name: "cut",
  summary: "cut a release of a dataset's accepted contributions (steward only)",
  usage: "cairn release cut <dataset> [--block <n>] [--license <spdx>]",
  description:
    "Rebuilds the Merkle tree of the accepted contributions at the block from the chain, stores the file list on IPFS and records the root: one transaction, whatever the size.",
  options: {
    block: { type: "string", value: "<n>", description: "Snapshot block (default: the latest)." },
    license: { type: "string", value: "<spdx>", description: "License of the release (default: the manifest's)." },
    ...contractOptions,
    ...networkOptions,
    ...keyOptions,
  },
  examples: ["cairn release cut 1", "cairn release cut 1 --license CC-BY-4.0 --json"],
  async run(args) {
    const command = "release cut";
    const datasetId = datasetIdOf(args.positionals[0], command);
    const block = integerOf(str(args, "block"), "--block", command, 0, Number.MAX_SAFE_INTEGER);
    const ctx = await connectReleases(args, command, {
      wallet: "required",
      store: "write",
      action: `Cutting a release of dataset ${datasetId}`,
    });
    const result = await sdk.cutRelease(ctx.client, {
      datasetId,
      snapshotBlock: block === undefined ? undefined : BigInt(block),
      license: str(args, "license"),
    });
    const { fileList: _, ...summary } = result;
    print(
      () => [
        `Cut release ${result.number} of dataset ${datasetId} (id ${result.releaseId}, transaction ${result.hash}).`,
        ...table([
          ["Root", result.root],
          ["Items", result.itemCount],
          ["Total score", result.totalScore],
          ["Snapshot block", result.snapshotBlock],
          ["File list", result.fileListCid],
          [
            "Changes",
            `+${result.fileList.changelog.added.length} -${result.fileList.changelog.removed.length} ~${result.fileList.changelog.changed.length}`,
          ],
        ]),
      ],
      { datasetId, ...summary, changelog: result.fileList.changelog },
    );
  },
};

const list: Command = {
  name: "list",
  summary: "list a dataset's releases",
  usage: "cairn release list <dataset>",
  options: { ...contractOptions, ...networkOptions },
  examples: ["cairn release list 1", "cairn release list 1 --json"],
  async run(args) {
    const datasetId = datasetIdOf(args.positionals[0], "release list");
    const ctx = await connectReleases(args, "release list");
    const releases = await sdk.listReleases(ctx.client, { datasetId });
    print(
      () =>
        releases.length === 0
          ? `Dataset ${datasetId} has no release yet.`
          : releases.map(
              (r) =>
                `#${r.number}  id ${r.releaseId}  ${r.itemCount} items  score ${r.totalScore}  block ${r.snapshotBlock}  ${r.license}  root ${r.root}`,
            ),
      { datasetId, releases },
    );
  },
};

const verify: Command = {
  name: "verify",
  summary: "rebuild a release's tree from the chain and compare it with the recorded root",
  usage: "cairn release verify <dataset> [<number>] | --id <release id>",
  description: "Exit code 1 if the release does not match the chain. Without a number, the latest release.",
  options: { ...idOption, ...contractOptions, ...networkOptions },
  examples: ["cairn release verify 1 2", "cairn release verify --id 7 --json"],
  async run(args) {
    const command = "release verify";
    const ctx = await connectReleases(args, command);
    const release = await releaseOf(ctx, args, command);
    const report = await sdk.verifyRelease(ctx.client, { releaseId: release.releaseId });
    const { tree: _t, items: _i, ...json } = report;
    print(
      () =>
        report.ok
          ? [
              `Release ${release.number} of dataset ${release.datasetId} matches the chain.`,
              ...table(releaseRows(release)),
            ]
          : [`Release ${release.number} of dataset ${release.datasetId} does NOT match the chain:`, ...report.problems],
      json,
    );
    if (!report.ok) throw new CliError("Release verification failed.", { meta: report.problems });
  },
};

const prove: Command = {
  name: "prove",
  summary: "prove that a contribution is in a release (and check the proof off-chain and on-chain)",
  usage: "cairn release prove <dataset> <number> <contentHash> | --id <release id> <contentHash>",
  options: { ...idOption, ...contractOptions, ...networkOptions },
  examples: ["cairn release prove 1 3 0x9f86…", "cairn release prove --id 7 0x9f86… --json"],
  async run(args) {
    const command = "release prove";
    const hashArg = args.positionals.at(-1);
    if (!hashArg || (str(args, "id") === undefined && args.positionals.length < 3))
      throw new UsageError("Give the release and the contribution's content hash.", command);
    const contentHash = contentHashOf(hashArg, command) as Hex;
    const ctx = await connectReleases(args, command);
    const release = await releaseOf(ctx, { ...args, positionals: args.positionals.slice(0, -1) }, command);
    const proof = await sdk.proveInclusion(ctx.client, { releaseId: release.releaseId, contentHash });
    const { offChain, onChain } = await sdk.verifyInclusion(ctx.client, proof);
    print(
      () => [
        `Contribution ${contentHash} is in release ${release.number} of dataset ${release.datasetId}.`,
        ...table([
          ["Owner", proof.leaf.owner],
          ["Score", proof.leaf.score],
          ["CID", proof.leaf.cid],
          ["Leaf hash", proof.leafHash],
          ["Root", proof.root],
          ["Checked", `off-chain ${offChain ? "yes" : "NO"}, on-chain ${onChain ? "yes" : "NO"}`],
        ]),
        "Proof:",
        ...proof.proof.map((p) => `  ${p}`),
      ],
      { ...proof, offChain, onChain },
    );
    if (!offChain || !onChain) throw new CliError("The proof does not check against the release's root.");
  },
};

export const releaseCommand: Command = {
  name: "release",
  summary: "dataset releases: cut, list, verify, prove inclusion",
  usage: "cairn release <cut|list|verify|prove> [options]",
  description:
    "A release is an immutable snapshot of a dataset's accepted contributions: a Merkle root on-chain (docs/releases.md).",
  subcommands: [cut, list, verify, prove],
  examples: [
    "cairn release cut 1",
    "cairn release list 1",
    "cairn release verify 1",
    "cairn release prove 1 1 0x9f86…",
  ],
};

// ---------------------------------------------------------------- models

const register: Command = {
  name: "register",
  summary: "register a model trained on one or several releases",
  usage:
    "cairn model register --name <name> --release <id>… --weights <cid> [--sha256 <hex>] --license <spdx> [--token <address>] [--card <cid>]",
  options: {
    name: { type: "string", value: "<name>", description: 'The model\'s name, e.g. "methali-small".' },
    release: { type: "string", multiple: true, value: "<id>", description: "A release id it was trained on (repeat)." },
    weights: { type: "string", value: "<cid>", description: "IPFS CID of the weights." },
    sha256: { type: "string", value: "<hex>", description: "sha256 of the weights file." },
    license: { type: "string", value: "<spdx>", description: "The model's license." },
    token: { type: "string", value: "<address>", description: "Dividend token (default: the dev token)." },
    card: { type: "string", value: "<cid>", description: "IPFS CID of the model card." },
    ...contractOptions,
    ...networkOptions,
    ...keyOptions,
  },
  examples: ["cairn model register --name methali-small --release 1 --weights bafy… --license Apache-2.0"],
  async run(args) {
    const command = "model register";
    const name = str(args, "name");
    const weightsCid = str(args, "weights");
    const license = str(args, "license");
    const releaseIds = ((args.values.release as string[] | undefined) ?? []).map((r) =>
      BigInt(integerOf(r, "--release", command, 1, Number.MAX_SAFE_INTEGER) as number),
    );
    if (!name || !weightsCid || !license || releaseIds.length === 0)
      throw new UsageError("Give --name, --release, --weights and --license.", command);
    const sha = str(args, "sha256");
    if (sha !== undefined && !/^(0x)?[0-9a-fA-F]{64}$/.test(sha))
      throw new UsageError("--sha256 must be 64 hex digits.", command);
    const ctx = await connectReleases(args, command, { wallet: "required", action: `Registering model ${name}` });
    const token = str(args, "token") ?? (ctx.config as { token?: string }).token;
    if (!token) throw new UsageError("Give --token, the ERC-20 its dividends are paid in.", command);
    const { modelId, hash } = await sdk.registerModel(ctx.client, {
      name,
      releaseIds,
      dividendToken: addressOf(token, "--token", command),
      weightsCid,
      weightsSha256: sha === undefined ? undefined : ((sha.startsWith("0x") ? sha : `0x${sha}`) as Hex),
      license,
      cardCid: str(args, "card"),
    });
    print(`Registered model ${modelId} "${name}" (transaction ${hash}).`, { modelId, name, transactionHash: hash });
  },
};

function modelIdOf(value: string | undefined, command: string): bigint {
  if (value === undefined) throw new UsageError("Give the model id.", command);
  return BigInt(integerOf(value, "the model id", command, 1, Number.MAX_SAFE_INTEGER) as number);
}

const show: Command = {
  name: "show",
  summary: "show a model: its releases, weights, license, dividends paid, endorsements",
  usage: "cairn model show <model>",
  options: { ...contractOptions, ...networkOptions },
  examples: ["cairn model show 1", "cairn model show 1 --json"],
  async run(args) {
    const modelId = modelIdOf(args.positionals[0], "model show");
    const ctx = await connectReleases(args, "model show");
    const model = await sdk.getModel(ctx.client, { modelId });
    const token = await tokenInfo(ctx.publicClient, model.dividendToken);
    print(
      () => [
        `Model ${modelId} "${model.name}"`,
        ...table([
          ["Registrant", model.registrant],
          ["Releases", model.releaseIds.join(", ")],
          ["Weights", model.weightsCid],
          ["sha256", model.weightsSha256],
          ["License", model.license],
          ["Card", model.cardCid],
          ["Dividends paid", formatAmount(model.paid, token.decimals, token.symbol)],
          ["Standing", model.standings.map((s) => `${s.standing} by dataset ${s.datasetId}`).join(", ") || "none"],
        ]),
      ],
      model,
    );
  },
};

const pay: Command = {
  name: "pay",
  summary: "pay a model's data dividend to the contributors of its releases",
  usage: "cairn model pay <model> <amount>",
  description: "The amount is in whole tokens; it is split equally over the model's releases, then pro rata to score.",
  options: { ...contractOptions, ...networkOptions, ...keyOptions },
  examples: ["cairn model pay 1 100"],
  async run(args) {
    const command = "model pay";
    const modelId = modelIdOf(args.positionals[0], command);
    if (args.positionals[1] === undefined) amountOf(undefined, 18, command);
    const ctx = await connectReleases(args, command, { wallet: "required", action: `Paying model ${modelId}` });
    const model = await sdk.getModel(ctx.client, { modelId });
    const token = await tokenInfo(ctx.publicClient, model.dividendToken);
    const amount = amountOf(args.positionals[1], token.decimals, command);
    const { credited, hash } = await sdk.payDividend(ctx.client, { modelId, amount });
    print(
      `Paid ${formatAmount(credited, token.decimals, token.symbol)} to the data of model ${modelId} (transaction ${hash}).`,
      { modelId, amount, credited, transactionHash: hash },
    );
  },
};

const claimDividends: Command = {
  name: "claim",
  summary: "claim the data dividends an account's contributions earned in the releases models cite",
  usage: "cairn model claim [--account <address>]",
  options: {
    account: { type: "string", value: "<address>", description: "Whose dividends (default: your account)." },
    ...contractOptions,
    ...networkOptions,
    ...keyOptions,
  },
  examples: ["cairn model claim", "cairn model claim --account 0x…"],
  async run(args) {
    const command = "model claim";
    const ctx = await connectReleases(args, command, { wallet: "required", action: "Claiming data dividends" });
    const account = str(args, "account");
    const { claimed, parked, hash } = await sdk.claimDividends(ctx.client, {
      account: account ? (addressOf(account, "--account", command) as Address) : undefined,
    });
    print(
      () =>
        claimed.length === 0
          ? "Nothing to claim."
          : [
              `Claimed ${claimed.length} dividend(s) (transaction ${hash}):`,
              ...claimed.map((c) => `  release ${c.releaseId}  ${c.contentHash}  ${c.amount}`),
              ...(parked.length === 0
                ? []
                : [
                    `${parked.length} of them parked: the token refused to send them to the owner.`,
                    "`cairn model parked` shows them; their owner moves them with `cairn model withdraw-parked --token <address> --to <address>`.",
                  ]),
            ],
      { claimed, parked, transactionHash: hash },
    );
  },
};

const parkedCommand: Command = {
  name: "parked",
  summary: "show data dividends parked for an account: claims its token refused to send (a blocklist, a contract)",
  usage: "cairn model parked [--token <address>] [--account <address>]",
  options: {
    token: {
      type: "string",
      value: "<address>",
      description: "Only this token (default: every token a registered model pays in).",
    },
    account: { type: "string", value: "<address>", description: "Whose (default: your key's account)." },
    ...contractOptions,
    ...networkOptions,
    ...keyOptions,
  },
  examples: ["cairn model parked", "cairn model parked --token 0x5FbD…0aa3 --account 0x3C44…93BC --json"],
  async run(args) {
    const command = "model parked";
    const given = str(args, "account") ? addressOf(str(args, "account") as string, "--account", command) : undefined;
    const only = str(args, "token") ? addressOf(str(args, "token") as string, "--token", command) : undefined;
    const ctx = await connectReleases(args, command, { wallet: given ? "none" : "optional" });
    const account = (given ?? ctx.account?.address) as Address | undefined;
    if (!account)
      throw new CliError(
        "Whose parked dividends? Pass --account <address>, or a key (--keystore or CAIRN_PRIVATE_KEY).",
      );
    const tokens = new Map<string, Address>();
    if (only) tokens.set(only.toLowerCase(), only as Address);
    else for (const m of await sdk.listModels(ctx.client)) tokens.set(m.dividendToken.toLowerCase(), m.dividendToken);
    const rows: Array<{ token: Address; symbol: string; decimals: number; amount: bigint }> = [];
    for (const address of tokens.values()) {
      const amount = await sdk.getParkedDividends(ctx.client, { token: address, account });
      if (amount === 0n && !only) continue;
      const { symbol, decimals } = await tokenInfo(ctx.publicClient, address);
      rows.push({ token: address, symbol, decimals, amount });
    }
    print(
      () =>
        rows.every((r) => r.amount === 0n)
          ? `Nothing parked for ${account}.`
          : [
              `Parked for ${account} (its owner moves them with \`cairn model withdraw-parked --token <address> --to <address>\`):`,
              ...table(rows.map((r) => [r.token, formatAmount(r.amount, r.decimals, r.symbol)])),
            ],
      { account, parked: rows },
    );
  },
};

const withdrawParked: Command = {
  name: "withdraw-parked",
  summary: "move your parked data dividends in a token to an address that can receive them",
  usage: "cairn model withdraw-parked --token <address> [--to <address>]",
  description:
    "Only the owner they are parked for can move them. The default destination is your own account, which the token refused once: name another if it still does.",
  options: {
    token: { type: "string", value: "<address>", description: "The token they are parked in." },
    to: { type: "string", value: "<address>", description: "Where to send them (default: your account)." },
    ...contractOptions,
    ...networkOptions,
    ...keyOptions,
  },
  examples: ["cairn model withdraw-parked --token 0x5FbD…0aa3 --to 0x9065…a5D3"],
  async run(args) {
    const command = "model withdraw-parked";
    const tokenArg = str(args, "token");
    if (!tokenArg) throw new UsageError("Give --token, the token they are parked in (`cairn model parked`).", command);
    const tokenAddress = addressOf(tokenArg, "--token", command) as Address;
    const to = str(args, "to") ? (addressOf(str(args, "to") as string, "--to", command) as Address) : undefined;
    const ctx = await connectReleases(args, command, { wallet: "required", action: "Withdrawing parked dividends" });
    const token = await tokenInfo(ctx.publicClient, tokenAddress);
    const { amount, hash } = await sdk.withdrawParkedDividends(ctx.client, { token: tokenAddress, to });
    const destination = to ?? ctx.account?.address;
    print(
      amount === 0n
        ? `Nothing parked in ${token.symbol ?? tokenAddress} for ${ctx.account?.address}.`
        : `Sent ${formatAmount(amount, token.decimals, token.symbol)} of parked dividends to ${destination} (transaction ${hash}).`,
      { token: tokenAddress, amount, to: destination, transactionHash: hash ?? null },
    );
  },
};

export const modelCommand: Command = {
  name: "model",
  summary: "models trained on releases, and their data dividends: register, show, pay, claim, parked",
  usage: "cairn model <register|show|pay|claim|parked|withdraw-parked> [options]",
  subcommands: [register, show, pay, claimDividends, parkedCommand, withdrawParked],
  examples: [
    "cairn model register --help",
    "cairn model show 1",
    "cairn model pay 1 100",
    "cairn model claim",
    "cairn model parked",
    "cairn model withdraw-parked --token 0x5FbD…0aa3 --to 0x9065…a5D3",
  ],
};
