import type * as Sdk from "@cairn/sdk";
import type { Address } from "viem";
import { type Command, keyOptions, networkOptions, type ParsedArgs, str } from "../lib/command.js";
import { connect } from "../lib/context.js";
import { CliError, UsageError } from "../lib/errors.js";
import { print } from "../lib/output.js";
import { addressOf, datasetIdOf, integerOf } from "../lib/parse.js";

/** The SDK, loaded when the command runs (so `--help` stays fast). */
let sdk: typeof Sdk;

const poolOptions = {
  pool: {
    type: "string",
    value: "<address>",
    description: 'The ReviewerPool contract (default: CAIRN_POOL, or "pool" in dev.json or the --config file).',
  },
  ...networkOptions,
  ...keyOptions,
} as const;

/** The pool: --pool, else CAIRN_POOL, else the network config's "pool" (`cairn dev` writes it to dev.json). */
function poolOf(args: ParsedArgs, command: string, config: object): Address {
  const value = str(args, "pool") ?? process.env.CAIRN_POOL ?? (config as { pool?: string }).pool;
  if (!value) {
    throw new UsageError(
      'Which reviewer pool? Pass --pool <address>, set CAIRN_POOL, or add "pool" to the --config file.',
      command,
    );
  }
  return addressOf(value, "--pool", command);
}

const join: Command = {
  name: "join",
  summary: "join a dataset's reviewer pool (approving the stake first when the pool asks for one)",
  usage: "cairn pool join <dataset> --pool <address>",
  options: poolOptions,
  examples: ["cairn pool join 1 --pool 0x5FbD…0aa3"],
  async run(args) {
    sdk = await import("@cairn/sdk");
    const datasetId = datasetIdOf(args.positionals[0], "pool join");
    const ctx = await connect(args, { wallet: "required", action: "Joining the reviewer pool" });
    const pool = poolOf(args, "pool join", ctx.config);
    const { index, stake, hash } = await sdk.joinPool(ctx.client, { pool, datasetId, approveStake: true });
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
    const ctx = await connect(args, { wallet: "required", action: "Leaving the reviewer pool" });
    const pool = poolOf(args, "pool leave", ctx.config);
    const { hash } = await sdk.leavePool(ctx.client, { pool, datasetId });
    print(() => [`left the pool of dataset ${datasetId}`], { datasetId, hash });
  },
};

const withdraw: Command = {
  name: "withdraw",
  summary: "take back your stake in a dataset's reviewer pool, once you have left and it has unbonded",
  usage: "cairn pool withdraw <dataset> --pool <address>",
  description:
    "A stake unbonds from the moment you leave (`cairn pool leave`) for the unbonding period of the terms you staked under; `cairn pool status` shows when it unlocks. A member who leaves in the middle of an agreement window it has already lost is slashed instead: its stake goes to the pool's reviewers.",
  options: poolOptions,
  examples: ["cairn pool withdraw 1 --pool 0x5FbD…0aa3"],
  async run(args) {
    sdk = await import("@cairn/sdk");
    const datasetId = datasetIdOf(args.positionals[0], "pool withdraw");
    const ctx = await connect(args, { wallet: "required", action: "Withdrawing your pool stake" });
    const pool = poolOf(args, "pool withdraw", ctx.config);
    const { amount, slashed, hash } = await sdk.withdrawPoolStake(ctx.client, { pool, datasetId });
    print(
      () => [
        slashed > 0n
          ? `your stake of ${slashed} in the pool of dataset ${datasetId} was slashed (you left an agreement window below the threshold)`
          : `withdrew ${amount} (your stake in the pool of dataset ${datasetId})`,
      ],
      { datasetId, amount, slashed, hash },
    );
  },
};

const claim: Command = {
  name: "claim",
  summary: "claim your reviewer rewards in a dataset's reviewer pool",
  usage: "cairn pool claim <dataset> --pool <address> [--account <address>]",
  description: "Rewards are paid in the dataset's reward token, to the account (anyone may send the claim).",
  options: {
    account: { type: "string", value: "<address>", description: "Whose rewards (default: your key's account)." },
    ...poolOptions,
  },
  examples: ["cairn pool claim 1 --pool 0x5FbD…0aa3"],
  async run(args) {
    sdk = await import("@cairn/sdk");
    const datasetId = datasetIdOf(args.positionals[0], "pool claim");
    const given = str(args, "account");
    const account = given ? (addressOf(given, "--account", "pool claim") as Address) : undefined;
    const ctx = await connect(args, { wallet: "required", action: "Claiming pool rewards" });
    const pool = poolOf(args, "pool claim", ctx.config);
    const { amount, hash } = await sdk.claimPoolRewards(ctx.client, { pool, datasetId, account });
    print(() => [`claimed ${amount} of reviewer rewards in the pool of dataset ${datasetId}`], {
      datasetId,
      amount,
      hash,
    });
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
    const given = str(args, "account");
    const ctx = await connect(args, { wallet: given ? "none" : "optional" });
    const pool = poolOf(args, "pool status", ctx.config);
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
              ...(s.withdrawableAt !== undefined
                ? [
                    `stake withdrawable from ${new Date(Number(s.withdrawableAt) * 1000).toISOString()}` +
                      (s.withdrawForfeits
                        ? " (but it would be slashed: you left an agreement window below the threshold)"
                        : ""),
                  ]
                : []),
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
    const ctx = await connect(args, { wallet: "required", action: "Listing your reviews" });
    const pool = poolOf(args, "review queue", ctx.config);
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
    const pool = poolOf(args, "pool vote", ctx.config);
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

const configure: Command = {
  name: "configure",
  summary: "set a dataset's pool policy (steward; name the pool a curator with quorum 1 first)",
  usage:
    "cairn pool configure <dataset> --k <1..8> [--unanimity] [--extra-seats n] [--timeout seconds] [--reviewer-share-bps n] [--gold-penalty n]",
  description:
    "The pool decides for the dataset once it is one of its curators with quorum 1: `cairn dataset create --curator <pool> --quorum 1`, or `cairn dataset curators <id> --add <pool> --quorum 1`.",
  options: {
    k: { type: "string", value: "<1..8>", description: "Reviewers per contribution (default 3)." },
    unanimity: { type: "boolean", description: "Decide by unanimity (default: majority of the panel)." },
    "extra-seats": {
      type: "string",
      value: "<n>",
      description: "Seats added once when the panel disagrees (default 0).",
    },
    timeout: { type: "string", value: "<seconds>", description: "Re-draw unvoted seats after this (default 86400)." },
    "reviewer-share-bps": {
      type: "string",
      value: "<0..5000>",
      description: "Share of each funding through the pool paid to reviewers, in basis points (default 1000).",
    },
    "gold-penalty": {
      type: "string",
      value: "<0..20>",
      description: "Reward shares forfeited per wrong answer on a gold-standard item (default 0).",
    },
    ...poolOptions,
  },
  examples: ["cairn pool configure 1 --k 3 --reviewer-share-bps 1000 --gold-penalty 5"],
  async run(args) {
    sdk = await import("@cairn/sdk");
    const command = "pool configure";
    const datasetId = datasetIdOf(args.positionals[0], command);
    const int = (name: string, min: number, max: number, fallback: number) => {
      const value = str(args, name);
      return value === undefined ? fallback : (integerOf(value, `--${name}`, command, min, max) as number);
    };
    const policy = {
      k: int("k", 1, 8, 3),
      rule: args.values.unanimity === true ? (1 as const) : (0 as const),
      extraSeats: int("extra-seats", 0, 15, 0),
      timeout: int("timeout", 1, 2 ** 32 - 1, 86_400),
      reviewerShareBps: int("reviewer-share-bps", 0, 5_000, 1_000),
      goldPenalty: int("gold-penalty", 0, 20, 0),
    };
    const ctx = await connect(args, { wallet: "required", action: "Configuring the reviewer pool" });
    const pool = poolOf(args, command, ctx.config);
    const { hash } = await sdk.configurePool(ctx.client, { pool, datasetId, policy });
    const rule = policy.rule === 1 ? "unanimity" : "majority";
    print(() => [`dataset ${datasetId}: pool ${pool}, k = ${policy.k}, ${rule}`], { datasetId, pool, policy, hash });
  },
};

export const poolCommand: Command = {
  name: "pool",
  summary: "reviewer pools: join, leave, withdraw a stake, claim rewards, status, your review queue, vote",
  usage: "cairn pool <configure|join|leave|withdraw|claim|status|queue|vote> <dataset> [--pool <address>]",
  subcommands: [configure, join, leave, withdraw, claim, status, queue, vote],
  examples: ["cairn pool join 1 --pool 0x5FbD…0aa3", "cairn pool status 1", "cairn review queue 1"],
};
