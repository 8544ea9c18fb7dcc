import { readFile } from "node:fs/promises";
import type * as Sdk from "@cairn/sdk";
import type { CairnClient, Dataset, DatasetManifest } from "@cairn/sdk";
import type { Address } from "viem";
import { bool, type Command, keyOptions, networkOptions, type ParsedArgs, str, strs } from "../lib/command.js";
import { connect } from "../lib/context.js";
import { CliError, UsageError } from "../lib/errors.js";
import { print, table } from "../lib/output.js";
import { addressOf, datasetIdOf, durationOf, integerOf } from "../lib/parse.js";

/** The SDK, loaded when the command runs (so `--help` stays fast). */
let sdk: typeof Sdk;

const manifestOptions = {
  manifest: {
    type: "string",
    value: "<file>",
    description: "Manifest JSON file (cairn.manifest/1); the flags below override its fields.",
  },
  name: { type: "string", value: "<text>", description: "Dataset name." },
  description: { type: "string", value: "<text>", description: "What the dataset is." },
  language: { type: "string", value: "<bcp47>", description: "Language of the content, e.g. sw, pt-BR." },
  region: { type: "string", value: "<text>", description: "Region (ISO 3166 code or text)." },
  license: { type: "string", value: "<spdx>", description: "License of the dataset, e.g. CC-BY-4.0." },
  kind: {
    type: "string",
    value: "<kind>",
    description: "Item kind: text, audio, image, video, table, other (default text).",
  },
  guidelines: { type: "string", value: "<text>", description: "What a good contribution is." },
  terms: {
    type: "string",
    value: "<text>",
    description: "Terms contributors agree to (their keccak256 goes on-chain).",
  },
} as const;

const policyOptions = {
  curator: {
    type: "string",
    multiple: true,
    value: "<address>",
    description: "A curator (repeat the flag for several).",
  },
  quorum: {
    type: "string",
    value: "<n>",
    description: "Curator votes that decide (0: every contribution is accepted at the default score).",
  },
  "default-score": {
    type: "string",
    value: "<1..100>",
    description: "Score of auto-accepted contributions (quorum 0).",
  },
  "reward-token": {
    type: "string",
    value: "<address>",
    description: "ERC-20 that rewards are paid in (create: defaults to the dev token).",
  },
  "challenge-period": {
    type: "string",
    value: "<duration>",
    description:
      "With quorum 0: how long each contribution stays provisional (no earnings, no votes; a curator can reject it) before `cairn confirm` (e.g. 3d, 12h; 0 for none).",
  },
} as const;

async function manifestFrom(args: ParsedArgs, required: boolean): Promise<DatasetManifest | undefined> {
  const file = str(args, "manifest");
  let base: Partial<DatasetManifest> = {};
  if (file) {
    try {
      base = JSON.parse(await readFile(file, "utf8"));
    } catch (error) {
      throw new CliError(
        `Cannot read the manifest ${file}: ${(error as { code?: string }).code === "ENOENT" ? "it does not exist" : (error as Error).message}.`,
      );
    }
  }
  const fields = ["name", "description", "language", "region", "license", "guidelines", "terms"] as const;
  const given = fields.filter((f) => str(args, f) !== undefined);
  if (!file && given.length === 0 && !str(args, "kind")) {
    if (!required) return undefined;
  }
  const manifest = { schema: "cairn.manifest/1", ...base } as DatasetManifest & Record<string, unknown>;
  for (const f of given) (manifest as Record<string, unknown>)[f] = str(args, f);
  const kind = str(args, "kind");
  if (kind) manifest.items = { ...(manifest.items ?? {}), kind: kind as DatasetManifest["items"]["kind"] };
  manifest.items ??= { kind: "text" };
  manifest.guidelines ??= "Follow the dataset's description.";
  if (required) {
    const missing = (["name", "description", "language", "license"] as const).filter((f) => !manifest[f]);
    if (missing.length)
      throw new UsageError(
        `Missing ${missing.map((m) => `--${m}`).join(", ")} (or a --manifest file with them).`,
        "dataset create",
      );
    if (!manifest.terms) manifest.terms = `I may share what I contribute, and license it under ${manifest.license}.`;
  }
  return manifest;
}

function describe(d: Dataset, manifest?: DatasetManifest): string[] {
  return table([
    ["dataset", d.id],
    ...(manifest
      ? ([
          ["name", manifest.name],
          ["description", manifest.description],
          ["license", manifest.license],
          ["language", manifest.language],
        ] as Array<[string, string]>)
      : []),
    ["status", d.status],
    ["steward", d.steward],
    ...(d.pendingSteward ? ([["pending steward", d.pendingSteward]] as Array<[string, string]>) : []),
    ["curators", d.curatorCount],
    ["quorum", d.quorum],
    ["default score", d.defaultScore],
    ["reward token", d.rewardToken ?? "none"],
    ["manifest", d.manifestCid],
    ["terms hash", d.termsHash],
  ]);
}

/** Current curators, from the CuratorAdded/CuratorRemoved events (checked against the registry). */
async function curatorsOf(client: CairnClient, datasetId: bigint): Promise<Address[]> {
  const [added, removed] = await Promise.all(
    (["CuratorAdded", "CuratorRemoved"] as const).map((eventName) =>
      client.publicClient.getContractEvents({
        address: client.registry,
        abi: sdk.cairnRegistryAbi,
        eventName,
        args: { datasetId },
        fromBlock: 0n,
      }),
    ),
  );
  const set = new Map<string, Address>();
  const events = [...added.map((e) => ({ e, add: true })), ...removed.map((e) => ({ e, add: false }))].sort((a, b) =>
    a.e.blockNumber === b.e.blockNumber ? a.e.logIndex - b.e.logIndex : a.e.blockNumber < b.e.blockNumber ? -1 : 1,
  );
  for (const { e, add } of events) {
    const curator = (e.args as { curator: Address }).curator;
    if (add) set.set(curator.toLowerCase(), curator);
    else set.delete(curator.toLowerCase());
  }
  return [...set.values()];
}

const create: Command = {
  name: "create",
  summary: "create a dataset (its manifest goes to IPFS)",
  usage: "cairn dataset create --name <text> --description <text> --language <tag> --license <spdx> [options]",
  options: {
    ...manifestOptions,
    ...policyOptions,
    steward: { type: "string", value: "<address>", description: "Steward (default: you)." },
    ...networkOptions,
    ...keyOptions,
  },
  examples: [
    "cairn dataset create --name Methali --description 'Swahili proverbs' --language sw --license CC-BY-4.0 --curator 0x7099…79C8 --quorum 1",
    "cairn dataset create --manifest manifest.json --json",
  ],
  async run(args) {
    sdk = await import("@cairn/sdk");
    const manifest = (await manifestFrom(args, true)) as DatasetManifest;
    const curators = strs(args, "curator").map((c) => addressOf(c, "--curator", "dataset create"));
    const quorum = integerOf(str(args, "quorum"), "--quorum", "dataset create", 0, 255);
    const defaultScore = integerOf(str(args, "default-score"), "--default-score", "dataset create", 1, 100);
    const challengePeriod = durationOf(str(args, "challenge-period"), "--challenge-period", "dataset create");
    const steward = str(args, "steward")
      ? addressOf(str(args, "steward") as string, "--steward", "dataset create")
      : undefined;
    const ctx = await connect(args, { wallet: "required", store: "write", action: "Creating a dataset" });
    const rewardToken = str(args, "reward-token")
      ? addressOf(str(args, "reward-token") as string, "--reward-token", "dataset create")
      : ctx.config.token;
    const result = await sdk.createDataset(ctx.client, {
      manifest,
      curators,
      quorum,
      defaultScore,
      rewardToken,
      steward,
      challengePeriod,
    });
    const dataset = await sdk.getDataset(ctx.client, { datasetId: result.datasetId });
    print(
      () => [`Created dataset ${result.datasetId}.`, ...describe(dataset, manifest), `transaction:   ${result.hash}`],
      {
        datasetId: result.datasetId,
        manifestCid: result.manifestCid,
        termsHash: result.termsHash,
        transactionHash: result.hash,
        dataset,
      },
    );
  },
};

const show: Command = {
  name: "show",
  summary: "show a dataset and its manifest",
  usage: "cairn dataset show <id>",
  options: { ...networkOptions },
  examples: ["cairn dataset show 1", "cairn dataset show 1 --json"],
  async run(args) {
    sdk = await import("@cairn/sdk");
    const datasetId = datasetIdOf(args.positionals[0], "dataset show");
    const ctx = await connect(args, { store: "read" });
    const dataset = await sdk.getDataset(ctx.client, { datasetId });
    let manifest: DatasetManifest | undefined;
    let manifestError: string | undefined;
    try {
      manifest = await sdk.getManifest(ctx.client, { datasetId });
    } catch (error) {
      manifestError = (error as { shortMessage?: string }).shortMessage ?? (error as Error).message;
    }
    const curators = await curatorsOf(ctx.client, datasetId);
    const challengePeriod = await ctx.client.publicClient.readContract({
      address: ctx.client.registry,
      abi: sdk.cairnRegistryAbi,
      functionName: "challengePeriod",
      args: [datasetId],
    });
    print(
      () => [
        ...describe(dataset, manifest),
        `challenge period: ${challengePeriod} s`,
        ...curators.map((c) => `  curator      ${c}`),
        ...(manifestError ? [`(manifest not readable: ${manifestError})`] : []),
      ],
      { dataset, manifest, curators, challengePeriod, manifestError },
    );
  },
};

const list: Command = {
  name: "list",
  summary: "list datasets",
  usage: "cairn dataset list [--offset n] [--limit n]",
  options: {
    offset: { type: "string", value: "<n>", description: "Skip the first n datasets." },
    limit: { type: "string", value: "<n>", description: "At most n datasets (default 100)." },
    ...networkOptions,
  },
  examples: ["cairn dataset list", "cairn dataset list --json"],
  async run(args) {
    sdk = await import("@cairn/sdk");
    const offset = integerOf(str(args, "offset"), "--offset", "dataset list", 0, Number.MAX_SAFE_INTEGER) ?? 0;
    const limit = integerOf(str(args, "limit"), "--limit", "dataset list", 1, 10_000) ?? 100;
    const ctx = await connect(args, { store: "read" });
    const { datasets, total } = await sdk.listDatasets(ctx.client, { offset, limit });
    const names = await Promise.all(
      datasets.map((d) =>
        sdk
          .getManifest(ctx.client, { datasetId: d.id })
          .then((m) => m.name)
          .catch(() => undefined),
      ),
    );
    print(
      () =>
        datasets.length === 0
          ? "No datasets yet. Create one with `cairn dataset create`."
          : [
              `${total} dataset(s):`,
              ...datasets.map(
                (d, i) =>
                  `  ${String(d.id).padStart(4)}  ${d.status.padEnd(6)}  ${names[i] ?? "(manifest unavailable)"}  steward ${d.steward}`,
              ),
            ],
      { total, datasets: datasets.map((d, i) => ({ ...d, name: names[i] })) },
    );
  },
};

const update: Command = {
  name: "update",
  summary: "change a dataset's manifest, terms, review policy, reward token or steward (steward only)",
  usage:
    "cairn dataset update <id> [--manifest file | --name … ] [--quorum n] [--default-score n] [--challenge-period 3d] [--reward-token addr] [--steward addr]",
  options: {
    ...manifestOptions,
    quorum: policyOptions.quorum,
    "challenge-period": policyOptions["challenge-period"],
    "default-score": policyOptions["default-score"],
    "reward-token": policyOptions["reward-token"],
    steward: { type: "string", value: "<address>", description: "Propose a new steward (they accept it)." },
    ...networkOptions,
    ...keyOptions,
  },
  examples: [
    "cairn dataset update 1 --quorum 2",
    "cairn dataset update 1 --description 'Swahili proverbs with meanings' --terms 'CC-BY-4.0 only'",
  ],
  async run(args) {
    sdk = await import("@cairn/sdk");
    const datasetId = datasetIdOf(args.positionals[0], "dataset update");
    const quorum = integerOf(str(args, "quorum"), "--quorum", "dataset update", 0, 255);
    const defaultScore = integerOf(str(args, "default-score"), "--default-score", "dataset update", 1, 100);
    const challengePeriod = durationOf(str(args, "challenge-period"), "--challenge-period", "dataset update");
    const rewardToken = str(args, "reward-token")
      ? addressOf(str(args, "reward-token") as string, "--reward-token", "dataset update")
      : undefined;
    const newSteward = str(args, "steward")
      ? addressOf(str(args, "steward") as string, "--steward", "dataset update")
      : undefined;
    const changesManifest = [
      "manifest",
      "name",
      "description",
      "language",
      "region",
      "license",
      "kind",
      "guidelines",
    ].some((f) => str(args, f) !== undefined);
    const ctx = await connect(args, {
      wallet: "required",
      store: changesManifest ? "write" : "none",
      action: `Updating dataset ${datasetId}`,
    });
    let manifest: DatasetManifest | undefined;
    if (changesManifest) {
      const current = await sdk.getManifest(ctx.client, { datasetId });
      const patch = (await manifestFrom(args, false)) ?? {};
      manifest = { ...current, ...(str(args, "manifest") ? patch : {}) } as DatasetManifest;
      for (const f of ["name", "description", "language", "region", "license", "guidelines", "terms"] as const) {
        if (str(args, f) !== undefined) (manifest as Record<string, unknown>)[f] = str(args, f);
      }
      if (str(args, "kind"))
        manifest.items = { ...manifest.items, kind: str(args, "kind") as DatasetManifest["items"]["kind"] };
    }
    const terms = str(args, "terms");
    if (
      !manifest &&
      terms === undefined &&
      quorum === undefined &&
      defaultScore === undefined &&
      challengePeriod === undefined &&
      !rewardToken &&
      !newSteward
    ) {
      throw new UsageError("Nothing to change: give at least one option.", "dataset update");
    }
    const { hashes } = await sdk.updateDataset(ctx.client, {
      datasetId,
      manifest,
      terms,
      quorum,
      defaultScore,
      challengePeriod,
      rewardToken,
      newSteward,
    });
    const dataset = await sdk.getDataset(ctx.client, { datasetId });
    print(() => [`Updated dataset ${datasetId} (${hashes.length} transaction(s)).`, ...describe(dataset, manifest)], {
      datasetId,
      transactionHashes: hashes,
      dataset,
    });
  },
};

const curators: Command = {
  name: "curators",
  summary: "list a dataset's curators, or add and remove them (steward only)",
  usage: "cairn dataset curators <id> [--add <address>]... [--remove <address>]... [--quorum n]",
  options: {
    add: { type: "string", multiple: true, value: "<address>", description: "Add a curator (repeatable)." },
    remove: { type: "string", multiple: true, value: "<address>", description: "Remove a curator (repeatable)." },
    quorum: policyOptions.quorum,
    ...networkOptions,
    ...keyOptions,
  },
  examples: [
    "cairn dataset curators 1",
    "cairn dataset curators 1 --add 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --quorum 1",
  ],
  async run(args) {
    sdk = await import("@cairn/sdk");
    const datasetId = datasetIdOf(args.positionals[0], "dataset curators");
    const addCurators = strs(args, "add").map((a) => addressOf(a, "--add", "dataset curators"));
    const removeCurators = strs(args, "remove").map((a) => addressOf(a, "--remove", "dataset curators"));
    const quorum = integerOf(str(args, "quorum"), "--quorum", "dataset curators", 0, 255);
    const changes = addCurators.length > 0 || removeCurators.length > 0 || quorum !== undefined;
    const ctx = await connect(args, {
      wallet: changes ? "required" : "none",
      action: `Changing the curators of dataset ${datasetId}`,
    });
    let hashes: string[] = [];
    if (changes) ({ hashes } = await sdk.updateDataset(ctx.client, { datasetId, addCurators, removeCurators, quorum }));
    else await sdk.getDataset(ctx.client, { datasetId });
    const list = await curatorsOf(ctx.client, datasetId);
    const dataset = await sdk.getDataset(ctx.client, { datasetId });
    print(
      () => [
        ...(changes ? [`Updated the curators of dataset ${datasetId}.`] : []),
        `Dataset ${datasetId}: ${list.length} curator(s), quorum ${dataset.quorum}.`,
        ...list.map((c) => `  ${c}`),
      ],
      { datasetId, curators: list, quorum: dataset.quorum, transactionHashes: hashes },
    );
  },
};

function statusCommand(
  name: "pause" | "close" | "open",
  status: "paused" | "closed" | "open",
  summary: string,
): Command {
  return {
    name,
    summary,
    usage: `cairn dataset ${name} <id>`,
    options: {
      ...(name === "close" ? { yes: { type: "boolean", description: "Confirm: closing is for good." } as const } : {}),
      ...networkOptions,
      ...keyOptions,
    },
    examples: [`cairn dataset ${name} 1${name === "close" ? " --yes" : ""}`],
    async run(args) {
      sdk = await import("@cairn/sdk");
      const datasetId = datasetIdOf(args.positionals[0], `dataset ${name}`);
      if (name === "close" && !bool(args, "yes"))
        throw new UsageError(
          "Closing a dataset is for good: it never takes contributions again. Add --yes to confirm.",
          "dataset close",
        );
      const ctx = await connect(args, { wallet: "required", action: `Setting dataset ${datasetId} ${status}` });
      const { hashes } = await sdk.updateDataset(ctx.client, { datasetId, status });
      print(`Dataset ${datasetId} is now ${status}.`, { datasetId, status, transactionHashes: hashes });
    },
  };
}

export const dataset: Command = {
  name: "dataset",
  summary: "create, show, list and govern datasets",
  usage: "cairn dataset <create|show|list|update|curators|pause|open|close> [options]",
  subcommands: [
    create,
    show,
    list,
    update,
    curators,
    statusCommand("pause", "paused", "pause a dataset: no contributions until it is opened again (steward only)"),
    statusCommand("open", "open", "open a paused dataset again (steward only)"),
    statusCommand("close", "closed", "close a dataset for good (steward only)"),
  ],
  examples: ["cairn dataset create --help", "cairn dataset list", "cairn dataset show 1"],
};
