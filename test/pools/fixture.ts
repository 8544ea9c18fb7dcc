/**
 * Fixtures for the reviewer-pool tests: Cairn plus a `ReviewerPool` named as a dataset's only curator (quorum 1),
 * nine reviewer accounts, and helpers that commit a review, reveal its seed and name who holds each seat.
 */

import type { NetworkConnection } from "hardhat/types/network";
import { type Address, encodeAbiParameters, getAddress, keccak256, zeroAddress } from "viem";
import { type Actor, type Content, contribute, createDataset, deployCairn, mined } from "../helpers/cairn.js";

export const Rule = { Majority: 0, Unanimity: 1 } as const;
export const Membership = { Open: 0, Allowlist: 1, ERC721: 2, ERC1155: 3 } as const;
export const ReviewState = { None: 0, Open: 1, Accepted: 2, Rejected: 3, Escalated: 4 } as const;

/** Deploys Cairn and a reviewer pool bound to its registry; names nine reviewers (accounts 11..19). */
export async function deployPool(connection: NetworkConnection) {
  const f = await deployCairn(connection);
  const pool = await f.viem.deployContract("ReviewerPool", [f.registry.address]);
  const wallets = await f.viem.getWalletClients();
  const reviewers: Actor[] = wallets.slice(11, 20).map(
    // biome-ignore lint/suspicious/noExplicitAny: a Hardhat wallet client
    (w: any) => ({ account: w.account, address: getAddress(w.account.address) as Address, wallet: w }),
  );
  return { ...f, pool, reviewers };
}
export type PoolFixture = Awaited<ReturnType<typeof deployPool>>;

export type Policy = {
  k: number;
  rule: number;
  extraSeats: number;
  membership: number;
  timeout: number;
  reviewerShareBps: number;
  slashThresholdPct: number;
  slashWindow: number;
  unbonding: number;
  credential: Address;
  credentialId: bigint;
  minWeight: bigint;
  minStake: bigint;
  goldPenalty: number;
};

/** k = 3, majority, open, 1 h timeout, 10 % to reviewers, no slashing, no stake, no gold penalty. */
export function policy(overrides: Partial<Policy> = {}): Policy {
  return {
    k: 3,
    rule: Rule.Majority,
    extraSeats: 0,
    membership: Membership.Open,
    timeout: 3600,
    reviewerShareBps: 1000,
    slashThresholdPct: 0,
    slashWindow: 0,
    unbonding: 0,
    credential: zeroAddress,
    credentialId: 0n,
    minWeight: 0n,
    minStake: 0n,
    goldPenalty: 0,
    ...overrides,
  };
}

/** A dataset whose only curator is the pool (quorum 1), paying in the fixture's token, with `p` configured. */
export async function createPoolDataset(f: PoolFixture, p: Partial<Policy> = {}): Promise<bigint> {
  const id = await createDataset(f, { curators: [f.pool.address], quorum: 1, rewardToken: f.token.address });
  await mined(f, f.pool.write.configure([id, policy(p)], { account: f.steward.account }));
  return id;
}

/** Every actor in `actors` joins the dataset's pool, in order (so the i-th gets index i in a fresh pool). */
export async function joinAll(f: PoolFixture, id: bigint, actors: Actor[]) {
  for (const a of actors) await mined(f, f.pool.write.join([id], { account: a.account }));
}

/** The member index of `seat`, as the pool computes it: keccak256(abi.encode(uint64 seed, uint256 seat)) % poolSize. */
export function seatIndexOf(seed: bigint, seat: number, poolSize: number): number {
  const h = keccak256(encodeAbiParameters([{ type: "uint64" }, { type: "uint256" }], [seed, BigInt(seat)]));
  return Number(BigInt(h) % BigInt(poolSize));
}

/** The bits set in a seat map, lowest first. */
export function seatsOf(map: number): number[] {
  const seats: number[] = [];
  for (let s = 0; s < 16; s++) if (map & (1 << s)) seats.push(s);
  return seats;
}

/** Commits `c`'s review, mines the seed block and stores the seed; returns its assignment. */
export async function draw(f: PoolFixture, id: bigint, c: Content) {
  await mined(f, f.pool.write.assign([id, [c.contentHash]]));
  await f.networkHelpers.mine(1);
  await mined(f, f.pool.write.assign([id, [c.contentHash]]));
  return f.pool.read.assignmentOf([id, c.contentHash]);
}

/** The account holding each active seat (from the members' indices), keyed by seat. */
export async function holders(f: PoolFixture, id: bigint, c: Content, members: Actor[]) {
  const a = await f.pool.read.assignmentOf([id, c.contentHash]);
  const byIndex = new Map<number, Actor>();
  for (const m of members) {
    const r = await f.pool.read.reviewerOf([id, m.address]);
    if (r.joined) byIndex.set(r.index, m);
  }
  const out = new Map<number, Actor>();
  for (const seat of seatsOf(a.activeSeats | a.votedSeats)) {
    const holder = byIndex.get(seatIndexOf(a.seed, seat, a.poolSize));
    if (holder) out.set(seat, holder);
  }
  return out;
}

/** The voters of a decided review, in seat order, as `settleBatch` wants them. */
export async function votersOf(f: PoolFixture, id: bigint, c: Content, members: Actor[]): Promise<Address[]> {
  const a = await f.pool.read.assignmentOf([id, c.contentHash]);
  const h = await holders(f, id, c, members);
  return seatsOf(a.votedSeats).map((s) => (h.get(s) as Actor).address);
}

/** `who` votes in `seat`: accept with `score`, or reject. */
export function vote(f: PoolFixture, id: bigint, c: Content, who: Actor, seat: number, accept: boolean, score = 0) {
  return f.pool.write.vote([id, c.contentHash, seat, accept, accept ? score : 0], { account: who.account });
}

/** Contributes `c` as alice, draws its panel and makes its seats distinct; returns the active seats' holders. */
export async function panel(f: PoolFixture, id: bigint, c: Content, members: Actor[]) {
  await contribute(f, id, c, f.alice);
  await draw(f, id, c);
  return distinctSeats(f, id, c, members);
}

/** Re-draws every unvoted seat that repeats the member of a voted or lower seat; returns the active seats' holders. */
export async function distinctSeats(f: PoolFixture, id: bigint, c: Content, members: Actor[]) {
  for (;;) {
    const a = await f.pool.read.assignmentOf([id, c.contentHash]);
    const index = (s: number) => seatIndexOf(a.seed, s, a.poolSize);
    const repeated = seatsOf(a.activeSeats & ~a.votedSeats).find((s) =>
      seatsOf(a.votedSeats | (a.activeSeats & ((1 << s) - 1))).some((o) => index(o) === index(s)),
    );
    if (repeated === undefined) break;
    await mined(f, f.pool.write.redraw([id, c.contentHash, repeated, zeroAddress]));
  }
  const h = await holders(f, id, c, members);
  const a = await f.pool.read.assignmentOf([id, c.contentHash]);
  return seatsOf(a.activeSeats).map((seat) => ({ seat, who: h.get(seat) as Actor }));
}

/** Mints `amount` to the sponsor, who funds the dataset through the pool. */
export async function fundPool(f: PoolFixture, id: bigint, amount: bigint) {
  await mined(f, f.token.write.mint([f.sponsor.address, amount]));
  await mined(f, f.token.write.approve([f.pool.address, amount], { account: f.sponsor.account }));
  return mined(f, f.pool.write.fund([id, amount], { account: f.sponsor.account }));
}
