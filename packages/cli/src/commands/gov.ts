import { readFile } from "node:fs/promises";
import type * as Sdk from "@cairn/sdk";
import type {
  DatasetManifest,
  GetGovernanceReturnType,
  ProposalCall,
  SignedDelegation,
  SignedVote,
  VoteSupport,
} from "@cairn/sdk";
import type { Address } from "viem";
import { bool, type Command, keyOptions, networkOptions, type ParsedArgs, str, strs } from "../lib/command.js";
import { type Context, connect } from "../lib/context.js";
import { CliError, UsageError } from "../lib/errors.js";
import { formatAmount, print, table } from "../lib/output.js";
import { addressOf, amountOf, datasetIdOf, integerOf } from "../lib/parse.js";
import { tokenInfo } from "../lib/token.js";

/** The SDK, loaded when a command runs (not for `--help`). */
let sdk: typeof Sdk;

const governanceOptions = {
  factory: {
    type: "string",
    value: "<address>",
    description: 'GovernedDatasetFactory address (default: "factory" in dev.json or the --config file).',
  },
  governor: {
    type: "string",
    value: "<address>",
    description: "The dataset's governor, if it was not created by the factory.",
  },
} as const;

/** `--factory`, else the config's `factory`, or a clear error. */
function factoryOf(args: ParsedArgs, ctx: Context, command: string): Address {
  const flag = str(args, "factory");
  if (flag) return addressOf(flag, "--factory", command);
  const fromConfig = (ctx.config as { factory?: string }).factory;
  if (fromConfig) return addressOf(fromConfig, `"factory" in ${ctx.config.source}`, command);
  throw new CliError("No governance factory given.", {
    meta: [
      'Pass --factory <address> (GovernedDatasetFactory), or add "factory" to the --config file.',
      "Deploy one with `npx hardhat ignition deploy ignition/modules/Governance.ts` or the SDK's deployGovernance.",
    ],
  });
}

/** The dataset's governance: from `--governor`, else from the factory. */
async function governanceOf(
  args: ParsedArgs,
  ctx: Context,
  datasetId: bigint,
  command: string,
): Promise<GetGovernanceReturnType> {
  const governor = str(args, "governor");
  if (governor)
    return sdk.getGovernance(ctx.client, { governor: addressOf(governor, "--governor", command), datasetId });
  return sdk.getGovernance(ctx.client, { factory: factoryOf(args, ctx, command), datasetId });
}

function proposalIdOf(value: string | undefined, command: string): bigint {
  if (value === undefined) throw new UsageError("Missing the proposal id.", command);
  if (!/^\d+$/.test(value)) throw new UsageError(`"${value}" is not a proposal id (a whole number).`, command);
  return BigInt(value);
}

function bigintOf(value: string | undefined, what: string, command: string): bigint | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${what} must be a whole number, not "${value}".`, command);
  return BigInt(value);
}

/** Seconds, or a duration such as 90s, 30m, 12h, 2d. */
function durationOf(value: string | undefined, what: string, command: string): bigint | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+)([smhd]?)$/.exec(value);
  if (!match) throw new UsageError(`${what} must be seconds or a duration like 30m, 12h, 2d; not "${value}".`, command);
  const unit = { "": 1n, s: 1n, m: 60n, h: 3_600n, d: 86_400n }[match[2] as "" | "s" | "m" | "h" | "d"];
  return BigInt(match[1] as string) * unit;
}

async function readJsonFile<T>(path: string, what: string): Promise<T> {
  try {
    return JSON.parse(await readFile(path, "utf8"), (_, v) =>
      typeof v === "string" && /^\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v,
    ) as T;
  } catch (error) {
    throw new CliError(
      `Cannot read ${what} ${path}: ${(error as { code?: string }).code === "ENOENT" ? "it does not exist" : (error as Error).message}.`,
    );
  }
}

/** JSON for a signed vote or delegation, bigints as `"123n"` so they come back as bigints. */
function signedJson(value: object): string {
  return JSON.stringify(value, (_, v) => (typeof v === "bigint" ? `${v}n` : v), 2);
}

function describeGovernance(g: GetGovernanceReturnType): Array<[string, string | number | bigint | undefined]> {
  const blocks = g.clockMode.includes("blocknumber") ? " blocks" : "";
  return [
    ["governor", g.governor],
    ["timelock", `${g.timelock} (steward and treasury)`],
    ["votes", g.votes],
    ["voting delay", `${g.votingDelay}${blocks}`],
    ["voting period", `${g.votingPeriod}${blocks}`],
    ["proposal threshold", `${g.proposalThreshold} votes`],
    ["quorum", `${g.quorumFraction} % of all votes`],
    ["timelock delay", `${g.timelockDelay} s`],
  ];
}

const create: Command = {
  name: "create",
  summary: "create a dataset governed by its contributors (votes, timelock steward, governor: one transaction)",
  usage: "cairn gov create --name <text> --description <text> --language <tag> --license <spdx> [options]",
  description: [
    "Voting power is each contributor's accepted weight in the dataset (or another IVotes token: --votes).",
    "The timelock becomes the dataset's steward: only passed proposals change the dataset or move its treasury.",
  ].join("\n"),
  options: {
    manifest: { type: "string", value: "<file>", description: "Manifest JSON file; the flags below override it." },
    name: { type: "string", value: "<text>", description: "Dataset name." },
    description: { type: "string", value: "<text>", description: "What the dataset is." },
    language: { type: "string", value: "<bcp47>", description: "Language of the content." },
    license: { type: "string", value: "<spdx>", description: "License of the dataset." },
    kind: { type: "string", value: "<kind>", description: "Item kind: text, audio, image, video, table, other." },
    guidelines: { type: "string", value: "<text>", description: "What a good contribution is." },
    terms: { type: "string", value: "<text>", description: "Terms contributors agree to." },
    curator: { type: "string", multiple: true, value: "<address>", description: "A curator (repeatable)." },
    quorum: { type: "string", value: "<n>", description: "Curator votes that decide a review." },
    "reward-token": { type: "string", value: "<address>", description: "Reward ERC-20 (default: the dev token)." },
    "voting-delay": { type: "string", value: "<blocks>", description: "From a proposal to its vote (default 1)." },
    "voting-period": { type: "string", value: "<blocks>", description: "How long votes are cast (default 50400)." },
    "proposal-threshold": { type: "string", value: "<votes>", description: "Votes needed to propose (default 1)." },
    "quorum-fraction": { type: "string", value: "<percent>", description: "Quorum, % of all votes (default 10)." },
    "timelock-delay": {
      type: "string",
      value: "<duration>",
      description: "Between queueing and executing: seconds or 30m, 12h, 2d (default 2d).",
    },
    votes: { type: "string", value: "<address>", description: "Another IVotes token whose holders govern." },
    "governor-name": { type: "string", value: "<text>", description: "Governor name (default: <name> governor)." },
    factory: governanceOptions.factory,
    ...networkOptions,
    ...keyOptions,
  },
  examples: [
    "cairn gov create --name Methali --description 'Swahili proverbs' --language sw --license CC-BY-4.0 --curator 0x7099…79C8 --quorum 1",
    "cairn gov create --manifest manifest.json --voting-period 100 --quorum-fraction 20 --timelock-delay 1h --json",
  ],
  async run(args) {
    sdk = await import("@cairn/sdk");
    const command = "gov create";
    const file = str(args, "manifest");
    const manifest = {
      schema: "cairn.manifest/1",
      ...(file ? await readJsonFile<Partial<DatasetManifest>>(file, "the manifest") : {}),
    } as DatasetManifest & Record<string, unknown>;
    for (const f of ["name", "description", "language", "license", "guidelines", "terms"] as const)
      if (str(args, f) !== undefined) manifest[f] = str(args, f) as string;
    const kind = str(args, "kind");
    if (kind) manifest.items = { ...(manifest.items ?? {}), kind: kind as DatasetManifest["items"]["kind"] };
    manifest.items ??= { kind: "text" };
    manifest.guidelines ??= "Follow the dataset's description.";
    const missing = (["name", "description", "language", "license"] as const).filter((f) => !manifest[f]);
    if (missing.length)
      throw new UsageError(
        `Missing ${missing.map((m) => `--${m}`).join(", ")} (or a --manifest file with them).`,
        command,
      );
    manifest.terms ??= `I may share what I contribute, and license it under ${manifest.license}.`;
    const curators = strs(args, "curator").map((c) => addressOf(c, "--curator", command));
    const quorum = integerOf(str(args, "quorum"), "--quorum", command, 0, 255);
    const votingDelay = integerOf(str(args, "voting-delay"), "--voting-delay", command, 0, 2 ** 47);
    const votingPeriod = integerOf(str(args, "voting-period"), "--voting-period", command, 1, 2 ** 32 - 1);
    const proposalThreshold = bigintOf(str(args, "proposal-threshold"), "--proposal-threshold", command);
    const quorumFraction = integerOf(str(args, "quorum-fraction"), "--quorum-fraction", command, 0, 100);
    const timelockDelay = durationOf(str(args, "timelock-delay"), "--timelock-delay", command);
    const votes = str(args, "votes") ? addressOf(str(args, "votes") as string, "--votes", command) : undefined;
    const ctx = await connect(args, { wallet: "required", store: "write", action: "Creating a governed dataset" });
    const factory = factoryOf(args, ctx, command);
    const rewardToken = str(args, "reward-token")
      ? addressOf(str(args, "reward-token") as string, "--reward-token", command)
      : ctx.config.token;
    const result = await sdk.createGovernedDataset(ctx.client, {
      factory,
      manifest,
      curators,
      quorum,
      rewardToken,
      name: str(args, "governor-name"),
      votes,
      votingDelay,
      votingPeriod,
      proposalThreshold,
      quorumFraction,
      timelockDelay,
    });
    const governance = await sdk.getGovernance(ctx.client, { governor: result.governor, datasetId: result.datasetId });
    print(
      () => [
        `Created dataset ${result.datasetId}, governed by its contributors.`,
        ...table([["dataset", result.datasetId], ["name", manifest.name], ...describeGovernance(governance)]),
        `transaction:  ${result.hash}`,
      ],
      { ...result, factory, governance },
    );
  },
};

const propose_: Command = {
  name: "propose",
  summary: "propose changes to a governed dataset (curators, review policy, manifest, terms, status, treasury)",
  usage: "cairn gov propose <dataset> --description <text> [--add-curator a] [--remove-curator a] [--status s] ...",
  description: [
    "Every flag adds one call the timelock makes if the proposal passes; one proposal can combine several.",
    "Proposing needs the governor's proposal threshold in votes (your accepted weight, or delegated to you).",
  ].join("\n"),
  options: {
    description: { type: "string", value: "<text>", description: "What the proposal does and why (required)." },
    "add-curator": { type: "string", multiple: true, value: "<address>", description: "Add a curator." },
    "remove-curator": { type: "string", multiple: true, value: "<address>", description: "Remove a curator." },
    quorum: { type: "string", value: "<n>", description: "New review quorum (with --default-score, or kept)." },
    "default-score": { type: "string", value: "<1..100>", description: "New default score." },
    manifest: { type: "string", value: "<file>", description: "New manifest (JSON file, stored on IPFS)." },
    terms: { type: "string", value: "<text>", description: "New terms contributors agree to." },
    status: { type: "string", value: "<open|paused|closed>", description: "New dataset status." },
    transfer: {
      type: "string",
      multiple: true,
      value: "<to>=<amount>",
      description: "Pay from the treasury (the timelock), in --token (default: the reward token).",
    },
    token: { type: "string", value: "<address>", description: "ERC-20 of --transfer." },
    ...governanceOptions,
    ...networkOptions,
    ...keyOptions,
  },
  examples: [
    "cairn gov propose 1 --add-curator 0x90F7…b906 --description 'Add Dave: he reviewed 300 clips'",
    "cairn gov propose 1 --transfer 0x90F7…b906=400 --description 'Grant for the transcription tool'",
    "cairn gov propose 1 --quorum 2 --status paused --description 'Pause for the audit; two reviews from now on'",
  ],
  async run(args) {
    sdk = await import("@cairn/sdk");
    const command = "gov propose";
    const datasetId = datasetIdOf(args.positionals[0], command);
    const description = str(args, "description");
    if (!description?.trim()) throw new UsageError("Say what the proposal does: --description <text>.", command);
    const adds = strs(args, "add-curator").map((a) => addressOf(a, "--add-curator", command));
    const removes = strs(args, "remove-curator").map((a) => addressOf(a, "--remove-curator", command));
    const quorum = integerOf(str(args, "quorum"), "--quorum", command, 0, 255);
    const defaultScore = integerOf(str(args, "default-score"), "--default-score", command, 1, 100);
    const status = str(args, "status");
    if (status !== undefined && !["open", "paused", "closed"].includes(status))
      throw new UsageError(`--status must be open, paused or closed, not "${status}".`, command);
    const transfers = strs(args, "transfer").map((t) => {
      const [to, amount] = t.split("=");
      if (!to || !amount) throw new UsageError(`--transfer takes <to>=<amount>, not "${t}".`, command);
      return { to: addressOf(to, "--transfer recipient", command), amount };
    });
    const manifestFile = str(args, "manifest");
    const terms = str(args, "terms");
    const ctx = await connect(args, {
      wallet: "required",
      store: manifestFile ? "write" : "none",
      action: `Proposing for dataset ${datasetId}`,
    });
    const calls: ProposalCall[] = [];
    for (const a of adds) calls.push(sdk.governanceCalls.addCurator(ctx.client, datasetId, a));
    for (const r of removes) calls.push(sdk.governanceCalls.removeCurator(ctx.client, datasetId, r));
    if (quorum !== undefined || defaultScore !== undefined) {
      const current = await sdk.getDataset(ctx.client, { datasetId });
      calls.push(
        sdk.governanceCalls.setReviewPolicy(ctx.client, datasetId, {
          quorum: quorum ?? current.quorum,
          defaultScore: defaultScore ?? current.defaultScore,
        }),
      );
    }
    if (manifestFile) {
      const current = await sdk.getManifest(ctx.client, { datasetId }).catch(() => ({}));
      const next = { ...current, ...(await readJsonFile<DatasetManifest>(manifestFile, "the manifest")) };
      calls.push(await sdk.governanceCalls.updateManifest(ctx.client, datasetId, next as DatasetManifest));
    }
    if (terms !== undefined) calls.push(sdk.governanceCalls.setTerms(ctx.client, datasetId, terms));
    if (status)
      calls.push(sdk.governanceCalls.setStatus(ctx.client, datasetId, status as "open" | "paused" | "closed"));
    if (transfers.length) {
      const tokenAddress = str(args, "token")
        ? addressOf(str(args, "token") as string, "--token", command)
        : (await sdk.getDataset(ctx.client, { datasetId })).rewardToken;
      if (!tokenAddress) throw new UsageError("Dataset has no reward token: pass --token <address>.", command);
      const token = await tokenInfo(ctx.publicClient, tokenAddress);
      for (const t of transfers)
        calls.push(
          sdk.governanceCalls.transferToken({
            token: tokenAddress,
            to: t.to,
            amount: amountOf(t.amount, token.decimals, command),
          }),
        );
    }
    if (calls.length === 0)
      throw new UsageError("Nothing proposed: give at least one change (--add-curator, --status, ...).", command);
    const governance = await governanceOf(args, ctx, datasetId, command);
    const result = await sdk.propose(ctx.client, { governor: governance.governor, calls, description });
    print(
      () => [
        `Proposal ${result.proposalId} made (${calls.length} call(s)).`,
        `Voting opens after block ${result.voteStart} and closes at block ${result.voteEnd}.`,
        `Vote: cairn gov vote ${datasetId} ${result.proposalId} --for`,
        `transaction: ${result.hash}`,
      ],
      { datasetId, governor: governance.governor, ...result, calls, description },
    );
  },
};

const vote: Command = {
  name: "vote",
  summary: "vote on a proposal: for, against or abstain (directly, or signed for a relayer to submit)",
  usage:
    "cairn gov vote <dataset> <proposal> (--for | --against | --abstain) [--reason text] [--sign] | --submit <file>",
  description: [
    "Your votes are your accepted weight at the proposal's snapshot. Without gas, sign with --sign: the signed",
    "vote (JSON on stdout) can be submitted by anyone with `cairn gov vote <dataset> --submit <file>`.",
  ].join("\n"),
  options: {
    for: { type: "boolean", description: "Vote for." },
    against: { type: "boolean", description: "Vote against." },
    abstain: { type: "boolean", description: "Abstain (counts toward the quorum)." },
    reason: { type: "string", value: "<text>", description: "Why (recorded on-chain)." },
    sign: { type: "boolean", description: "Only sign the vote and print it as JSON, for a relayer." },
    submit: { type: "string", value: "<file>", description: "Submit a vote someone signed with --sign (pays gas)." },
    ...governanceOptions,
    ...networkOptions,
    ...keyOptions,
  },
  examples: [
    "cairn gov vote 1 4242… --for --reason 'Dave reviews well'",
    "cairn gov vote 1 4242… --against --sign > vote.json   # no gas needed",
    "cairn gov vote 1 --submit vote.json                   # a relayer pays",
  ],
  async run(args) {
    sdk = await import("@cairn/sdk");
    const command = "gov vote";
    const datasetId = datasetIdOf(args.positionals[0], command);
    const submit = str(args, "submit");
    if (submit) {
      const signed = await readJsonFile<SignedVote>(submit, "the signed vote");
      const ctx = await connect(args, { wallet: "required", action: "Submitting a signed vote" });
      const result = await sdk.castVoteBySig(ctx.client, signed);
      print(
        `Submitted ${result.voter}'s vote ${result.support} on proposal ${signed.proposalId} (weight ${result.weight}, transaction ${result.hash}).`,
        { datasetId, proposalId: signed.proposalId, ...result },
      );
      return;
    }
    const proposalId = proposalIdOf(args.positionals[1], command);
    const chosen = (["for", "against", "abstain"] as const).filter((s) => bool(args, s));
    if (chosen.length !== 1) throw new UsageError("Choose one: --for, --against or --abstain.", command);
    const support = chosen[0] as VoteSupport;
    const reason = str(args, "reason");
    const ctx = await connect(args, { wallet: "required", action: `Voting on proposal ${proposalId}` });
    const { governor } = await governanceOf(args, ctx, datasetId, command);
    if (bool(args, "sign")) {
      const signed = await sdk.signVote(ctx.client, ctx.account as never, { governor, proposalId, support, reason });
      process.stdout.write(`${signedJson(signed)}\n`);
      return;
    }
    const result = await sdk.castVote(ctx.client, { governor, proposalId, support, reason });
    print(`Voted ${support} on proposal ${proposalId} with ${result.weight} votes (transaction ${result.hash}).`, {
      datasetId,
      proposalId,
      ...result,
    });
  },
};

function lifecycle(name: "queue" | "execute"): Command {
  return {
    name,
    summary:
      name === "queue"
        ? "queue a succeeded proposal in the timelock"
        : "execute a queued proposal once its timelock delay has passed",
    usage: `cairn gov ${name} <dataset> <proposal>`,
    description: "The calls and the description are read from the proposal's event: the id is enough.",
    options: { ...governanceOptions, ...networkOptions, ...keyOptions },
    examples: [`cairn gov ${name} 1 4242…`],
    async run(args) {
      sdk = await import("@cairn/sdk");
      const command = `gov ${name}`;
      const datasetId = datasetIdOf(args.positionals[0], command);
      const proposalId = proposalIdOf(args.positionals[1], command);
      const ctx = await connect(args, {
        wallet: "required",
        action: `${name === "queue" ? "Queueing" : "Executing"} proposal ${proposalId}`,
      });
      const { governor } = await governanceOf(args, ctx, datasetId, command);
      if (name === "queue") {
        const result = await sdk.queue(ctx.client, { governor, proposalId });
        print(
          `Queued proposal ${proposalId}: executable from ${new Date(Number(result.eta) * 1000).toISOString()} (transaction ${result.hash}).`,
          { datasetId, ...result },
        );
      } else {
        const result = await sdk.execute(ctx.client, { governor, proposalId });
        print(`Executed proposal ${proposalId} (transaction ${result.hash}).`, { datasetId, ...result });
      }
    },
  };
}

const status: Command = {
  name: "status",
  summary: "show a dataset's governance and its proposals, or one proposal",
  usage: "cairn gov status <dataset> [<proposal>] [--account <address>]",
  options: {
    account: { type: "string", value: "<address>", description: "Also show this account's votes and sdk.delegate." },
    ...governanceOptions,
    ...networkOptions,
  },
  examples: ["cairn gov status 1", "cairn gov status 1 4242… --json"],
  async run(args) {
    sdk = await import("@cairn/sdk");
    const command = "gov status";
    const datasetId = datasetIdOf(args.positionals[0], command);
    const proposalId = args.positionals[1] === undefined ? undefined : proposalIdOf(args.positionals[1], command);
    const account = str(args, "account") ? addressOf(str(args, "account") as string, "--account", command) : undefined;
    const ctx = await connect(args);
    const governance = await governanceOf(args, ctx, datasetId, command);
    const { governor } = governance;
    const ids =
      proposalId !== undefined
        ? [proposalId]
        : (await sdk.listProposals(ctx.client, { governor })).map((p) => p.proposalId);
    const proposals = await Promise.all(ids.map((id) => sdk.getProposal(ctx.client, { governor, proposalId: id })));
    const votes = account ? await sdk.getVotes(ctx.client, { votes: governance.votes, account }) : undefined;
    const treasury = (await sdk.getDataset(ctx.client, { datasetId })).rewardToken;
    const token = treasury ? await tokenInfo(ctx.publicClient, treasury) : undefined;
    const balance =
      token && treasury
        ? await ctx.publicClient.readContract({
            address: treasury,
            abi: [
              {
                type: "function",
                name: "balanceOf",
                stateMutability: "view",
                inputs: [{ type: "address" }],
                outputs: [{ type: "uint256" }],
              },
            ] as const,
            functionName: "balanceOf",
            args: [governance.timelock],
          })
        : undefined;
    print(
      () => [
        `Dataset ${datasetId} governance:`,
        ...table([
          ...describeGovernance(governance),
          ...(token && balance !== undefined
            ? ([["treasury", formatAmount(balance, token.decimals, token.symbol)]] as Array<[string, string]>)
            : []),
          ...(votes && account
            ? ([
                ["account", account],
                ["its votes", `${votes.votes} of ${votes.totalSupply}`],
                ["its delegate", votes.delegate],
              ] as Array<[string, string]>)
            : []),
        ]),
        "",
        proposals.length === 0
          ? "No proposals yet. Make one with `cairn gov propose`."
          : `${proposals.length} proposal(s):`,
        ...proposals.flatMap((p) => [
          `  ${p.proposalId}`,
          `    ${p.state.padEnd(9)} for ${p.votes.for}, against ${p.votes.against}, abstain ${p.votes.abstain}; quorum ${p.quorum || "(at the snapshot)"}; voting blocks ${p.snapshot + 1n}..${p.deadline}${p.eta ? `; executable from ${new Date(Number(p.eta) * 1000).toISOString()}` : ""}`,
          `    ${p.description ?? ""}`,
        ]),
      ],
      { datasetId, governance, treasury: token ? { ...token, balance } : undefined, account, votes, proposals },
    );
  },
};

const delegate_: Command = {
  name: "delegate",
  summary: "give your votes in a dataset to someone (or back to yourself); signed for a relayer with --sign",
  usage: "cairn gov delegate <dataset> [<delegatee>] [--sign] | --submit <file>",
  description:
    "Contributors vote with their own weight from their first accepted contribution; delegate to let someone else vote.",
  options: {
    sign: { type: "boolean", description: "Only sign the delegation and print it as JSON, for a relayer." },
    submit: { type: "string", value: "<file>", description: "Submit a delegation signed with --sign (pays gas)." },
    ...governanceOptions,
    ...networkOptions,
    ...keyOptions,
  },
  examples: [
    "cairn gov delegate 1 0x90F7…b906",
    "cairn gov delegate 1            # back to yourself",
    "cairn gov delegate 1 0x90F7…b906 --sign > delegation.json && cairn gov delegate 1 --submit delegation.json",
  ],
  async run(args) {
    sdk = await import("@cairn/sdk");
    const command = "gov delegate";
    const datasetId = datasetIdOf(args.positionals[0], command);
    const submit = str(args, "submit");
    if (submit) {
      const signed = await readJsonFile<SignedDelegation>(submit, "the signed delegation");
      const ctx = await connect(args, { wallet: "required", action: "Submitting a signed delegation" });
      const result = await sdk.delegateBySig(ctx.client, signed);
      print(`Submitted: ${result.delegator} now delegates to ${result.delegatee} (transaction ${result.hash}).`, {
        datasetId,
        ...result,
      });
      return;
    }
    const target = args.positionals[1] ? addressOf(args.positionals[1], "The delegatee", command) : undefined;
    const ctx = await connect(args, { wallet: "required", action: "Delegating votes" });
    const { votes } = await governanceOf(args, ctx, datasetId, command);
    const account = ctx.account?.address as Address;
    if (bool(args, "sign")) {
      const signed = await sdk.signDelegation(ctx.client, ctx.account as never, {
        votes,
        delegatee: target ?? account,
      });
      process.stdout.write(`${signedJson(signed)}\n`);
      return;
    }
    const result = await sdk.delegate(ctx.client, { votes, delegatee: target });
    print(
      `${account} now delegates its votes in dataset ${datasetId} to ${result.delegatee} (transaction ${result.hash}).`,
      {
        datasetId,
        account,
        ...result,
      },
    );
  },
};

export const gov: Command = {
  name: "gov",
  summary: "govern a dataset by its contributors: create, propose, vote, queue, execute, status, delegate",
  usage: "cairn gov <create|propose|vote|queue|execute|status|delegate> [options]",
  description:
    "A governed dataset's steward is a timelock that executes what its contributors vote: voting power is accepted contribution weight.",
  subcommands: [create, propose_, vote, lifecycle("queue"), lifecycle("execute"), status, delegate_],
  examples: [
    "cairn gov create --help",
    "cairn gov propose 1 --add-curator 0x90F7…b906 --description 'Add Dave'",
    "cairn gov status 1",
  ],
};
