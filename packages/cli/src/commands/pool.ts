import type * as Sdk from "@cairn/sdk";
import type { Address } from "viem";
import { type Command, keyOptions, networkOptions, type ParsedArgs, str } from "../lib/command.js";
import { connect } from "../lib/context.js";
import { CliError, UsageError } from "../lib/errors.js";
import { print } from "../lib/output.js";
import { addressOf, datasetIdOf } from "../lib/parse.js";

/** The SDK, loaded when the command runs (so `--help` stays fast). */
let sdk: typeof Sdk;

const poolOptions = {
  pool: {
    type: "string",
    value: "<address>",
    description: "The ReviewerPool contract (default: CAIRN_POOL).",
  },
  ...networkOptions,
  ...keyOptions,
} as const;

function poolOf(args: ParsedArgs, command: string): Address {
  const value = str(args, "pool") ?? process.env.CAIRN_POOL;
  if (!value) throw new UsageError("Which reviewer pool? Pass --pool <address> or set CAIRN_POOL.", command);
  return addressOf(value, "--pool", command);
}

const join: Command = {
  name: "join",
  summary: "join a dataset's reviewer pool (approve the stake first if the pool asks for one)",
  usage: "cairn pool join <dataset> --pool <address>",
  options: poolOptions,
  examples: ["cairn pool join 1 --pool 0x5FbD…0aa3"],
  async run(args) {
    sdk = await import("@cairn/sdk");
    const datasetId = datasetIdOf(args.positionals[0], "pool join");
    const pool = poolOf(args, "pool join");
    const ctx = await connect(args, { wallet: "required", action: "Joining the reviewer pool" });
    const { index, stake, hash } = await sdk.joinPool(ctx.client, { pool, datasetId });
    print(() => [`joined the pool of dataset ${datasetId} as member #${index}${stake ? ` (stake ${stake})` : ""}`], {
      datasetId,
      index,
      stake,
      hash,
    });
  },
};

const leave: Command = {
  name: "leave",
  summary: "leave a dataset's reviewer pool (your open seats are re-drawn; a stake unbonds)",
  usage: "cairn pool leave <dataset> --pool <address>",
  options: poolOptions,
  examples: ["cairn pool leave 1 --pool 0x5FbD…0aa3"],
  async run(args) {
    sdk = await import("@cairn/sdk");
    const datasetId = datasetIdOf(args.positionals[0], "pool leave");
    const pool = poolOf(args, "pool leave");
    const ctx = await connect(args, { wallet: "required", action: "Leaving the reviewer pool" });
    const { hash } = await sdk.leavePool(ctx.client, { pool, datasetId });
    print(() => [`left the pool of dataset ${datasetId}`], { datasetId, hash });
  },
};

const status: Command = {
  name: "status",
  summary: "a dataset's reviewer pool: policy, members, rewards, and your agreement record",
  usage: "cairn pool status <dataset> --pool <address> [--account <address>]",
  options: {
    account: { type: "string", value: "<address>", description: "Whose record (default: your key's account)." },
    ...poolOptions,
  },
  examples: ["cairn pool status 1 --pool 0x5FbD…0aa3", "cairn pool status 1 --json"],
  async run(args) {
    sdk = await import("@cairn/sdk");
    const datasetId = datasetIdOf(args.positionals[0], "pool status");
    const pool = poolOf(args, "pool status");
    const given = str(args, "account");
    const ctx = await connect(args, { wallet: given ? "none" : "optional" });
    const account = (given ? addressOf(given, "--account", "pool status") : ctx.account?.address) as
      | Address
      | undefined;
    const s = await sdk.getPoolStatus(ctx.client, { pool, datasetId, account });
    const rule = s.policy.rule === 0 ? "majority" : "unanimity";
    print(
      () => [
        `dataset ${datasetId}: k = ${s.policy.k}, ${rule}, ${s.pool.activeMembers} active of ${s.pool.members} members, ` +
          `${s.policy.reviewerShareBps / 100} % of funding to reviewers, ${s.pool.totalShares} agreeing reviews`,
        ...(s.reviewer?.joined
          ? [
              `${account}: member #${s.reviewer.index}${s.reviewer.active ? "" : " (left)"}, ` +
                `agreed ${s.reviewer.agreed} of ${s.reviewer.votes} settled votes, stake ${s.reviewer.stake}, claimable ${s.claimable}`,
            ]
          : account
            ? [`${account}: not a member`]
            : []),
      ],
      { datasetId, ...s },
    );
  },
};

/** `cairn pool queue` and `cairn review queue`: the seats you are drawn for and have not voted in. */
export const queue: Command = {
  name: "queue",
  summary: "list the contributions you are drawn to review in a dataset's pool",
  usage: "cairn review queue <dataset> --pool <address>",
  description: "Then vote with `cairn pool vote <dataset> <contentHash>:<seat>... (--accept --score N | --reject)`.",
  options: poolOptions,
  examples: ["cairn review queue 1 --pool 0x5FbD…0aa3", "cairn review queue 1 --json"],
  async run(args) {
    sdk = await import("@cairn/sdk");
    const datasetId = datasetIdOf(args.positionals[0], "review queue");
    const pool = poolOf(args, "review queue");
    const ctx = await connect(args, { wallet: "required", action: "Listing your reviews" });
    const reviews = await sdk.getReviewQueue(ctx.client, { pool, datasetId });
    print(
      () =>
        reviews.length === 0
          ? ["nothing to review"]
          : reviews.map((r) => `${r.contentHash}:${r.seat}  (panel of ${r.panel}, drawn at ${r.drawnAt})`),
      { datasetId, reviews },
    );
  },
};

const vote: Command = {
  name: "vote",
  summary: "vote in the seats you are drawn for (from `cairn review queue`)",
  usage: "cairn pool vote <dataset> <contentHash>:<seat>... (--accept --score <1..100> | --reject)",
  options: {
    accept: { type: "boolean", description: "Accept the contributions." },
    score: { type: "string", value: "<1..100>", description: "Quality score (required with --accept)." },
    reject: { type: "boolean", description: "Reject the contributions." },
    ...poolOptions,
  },
  examples: ["cairn pool vote 1 0x9f86…0a08:2 --accept --score 80"],
  async run(args) {
    sdk = await import("@cairn/sdk");
    const [id, ...items] = args.positionals;
    const datasetId = datasetIdOf(id, "pool vote");
    const pool = poolOf(args, "pool vote");
    const accept = args.values.accept === true;
    if (accept === (args.values.reject === true))
      throw new UsageError("Choose one: --accept --score N, or --reject.", "pool vote");
    const score = Number(str(args, "score") ?? 0);
    if (accept && !(Number.isInteger(score) && score >= 1 && score <= 100)) {
      throw new UsageError("--accept needs --score <1..100>.", "pool vote");
    }
    if (items.length === 0)
      throw new UsageError("Give <contentHash>:<seat> items from `cairn review queue`.", "pool vote");
    const votes = items.map((item) => {
      const [hash, seat] = item.split(":");
      if (!/^0x[0-9a-fA-F]{64}$/.test(hash ?? "") || !/^\d+$/.test(seat ?? "")) {
        throw new UsageError(`"${item}" is not <contentHash>:<seat>.`, "pool vote");
      }
      const base = { datasetId, contentHash: hash as `0x${string}`, seat: Number(seat) };
      return accept ? { ...base, accept: true as const, score } : { ...base, accept: false as const };
    });
    const ctx = await connect(args, { wallet: "required", action: "Reviewing" });
    const { outcomes } = await sdk.votePool(ctx.client, { pool, votes });
    print(
      () =>
        outcomes.map(
          (o) =>
            `${o.contentHash}:${o.seat}: ${o.status === "skipped" ? `not counted: ${o.reason?.message ?? "skipped"}` : "vote counted"}`,
        ),
      { datasetId, outcomes },
    );
    const skipped = outcomes.filter((o) => o.status === "skipped").length;
    if (skipped > 0) throw new CliError(`${skipped} of ${outcomes.length} vote(s) did not count.`);
  },
};

export const poolCommand: Command = {
  name: "pool",
  summary: "reviewer pools: join, leave, status, your review queue, vote",
  usage: "cairn pool <join|leave|status|queue|vote> <dataset> --pool <address>",
  subcommands: [join, leave, status, queue, vote],
  examples: ["cairn pool join 1 --pool 0x5FbD…0aa3", "cairn pool status 1", "cairn review queue 1"],
};
