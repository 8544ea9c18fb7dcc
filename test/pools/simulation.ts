/**
 * Review at community scale, simulated on the real EVM (Hardhat's EDR): 200 reviewers join one dataset's pool
 * (30 % careless: random votes; 5 % colluding with one contributor: they accept that contributor's items,
 * which are all bad, and rubber-stamp the rest unread), 2,000 contributions of known quality arrive in ten
 * rounds, each reviewed by k = 3 drawn reviewers deciding by majority. Reviewers stake; a window of 8 settled
 * votes below 75 % agreement slashes the stake into the reviewers' pool and removes the member. The steward
 * seeds 300 gold-standard items (a third known good, two thirds known bad: the bad ones catch rubber-stamping;
 * from addresses of its own, so reviewers
 * cannot tell them apart) and reveals each answer once decided: every wrong answer forfeits 8 reward shares.
 * Sponsors fund through the pool (10 % to reviewers). The contracts decide everything; this script only plays
 * the people, the steward included: it is also the dataset's named curator, to whom the pool hands a review
 * it escalated (sixteen seats drawn and still no full panel, when too many drawn members were slashed out).
 *
 * The seats are drawn from block hashes, which depend on every block's timestamp: on `simulationNetwork()` the
 * genesis is at a fixed date and every block is its predecessor's + 1 s (see `pinTime`), so every run draws the
 * same seats (`chainFingerprint`, the last block's hash, shows it).
 *
 * Used by test/pools/simulation.test.ts (asserts the figures) and scripts/bench-review-sim.ts (writes them).
 */

import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import { type Address, concatHex, type Hex, keccak256, parseEventLogs, sha256, toHex, zeroAddress } from "viem";
import { seatIndexOf, seatsOf } from "./fixture.js";

export const SIM = {
  reviewers: 200,
  careless: 0.3,
  colluding: 0.05,
  items: 2_000,
  rounds: 10,
  badShare: 0.25,
  colluderItemShare: 0.05,
  carefulAccuracy: 0.95,
  k: 3,
  stake: 1_000n,
  slashWindow: 8,
  slashThresholdPct: 75,
  reviewerShareBps: 1_000,
  funding: 10_000_000n,
  goldItems: 300,
  goldBadShare: 2 / 3,
  goldPenalty: 8,
  /** The genesis block's timestamp on `simulationNetwork()` (2027-01-15). */
  genesisTimestamp: 1_800_000_000,
} as const;

type Class = "careful" | "careless" | "colluding";

export interface SimulationResult {
  acceptedCorrect: number;
  rejectedGoodShare: number;
  badAcceptedShare: number;
  payPerReview: Record<Class, number>;
  netPayPerReview: Record<Class, number>;
  agreementRate: Record<Class, number>;
  slashedShare: Record<Class, number>;
  reviewsByClass: Record<Class, number>;
  goldWrongRate: Record<Class, number>;
  forfeitedShares: Record<Class, number>;
  accepted: number;
  rejected: number;
  undecided: number;
  /** Reviews the pool escalated to the named curator, who decided them in the registry. */
  escalated: number;
  votes: number;
  transactions: number;
  seconds: number;
  /** Hash of the last block: the same in every run on `simulationNetwork()` while `timesPinned`. */
  chainFingerprint: Hex;
  /** Every block came 1 s after its predecessor (no slow moment slipped past `pinTime`). */
  timesPinned: boolean;
}

/** A fresh in-process chain whose genesis is at a fixed date, so that every run hashes the same blocks. */
export function simulationNetwork(): Promise<NetworkConnection> {
  return network.create({ override: { initialDate: new Date(SIM.genesisTimestamp * 1000) } });
}

/** A small seeded PRNG (mulberry32): the people's choices are reproducible; the draws come from the chain. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export async function runSimulation({ viem, networkHelpers }: NetworkConnection): Promise<SimulationResult> {
  const started = Date.now();
  const random = prng(15);
  const publicClient = await viem.getPublicClient();
  const wallets = await viem.getWalletClients();
  const [steward, sponsor] = wallets;
  const contributors = wallets.slice(2, 7);
  const colluder = wallets[7];
  const goldContributors = wallets.slice(8, 10);
  let transactions = 0;
  /**
   * EDR stamps a block with its predecessor's timestamp plus the wall-clock seconds elapsed since (at least 1),
   * so one slow moment (a loaded machine) would change every later block hash, and so the seats drawn. The next
   * block is pinned to its predecessor's + 1 s before every transaction, or before the first of a parallel
   * batch (whose blocks follow one another within milliseconds).
   */
  async function pinTime() {
    const { timestamp } = await publicClient.getBlock();
    await networkHelpers.time.setNextBlockTimestamp(timestamp + 1n);
  }
  // biome-ignore lint/suspicious/noExplicitAny: Hardhat's typed contract write
  async function mined(hash: Promise<Hex>): Promise<any> {
    transactions++;
    const receipt = await publicClient.waitForTransactionReceipt({ hash: await hash });
    if (receipt.status !== "success") throw new Error(`transaction ${receipt.transactionHash} reverted`);
    return receipt;
  }
  /** Sends one transaction, in a block of its own at a pinned time. */
  // biome-ignore lint/suspicious/noExplicitAny: Hardhat's typed contract write
  async function send(write: () => Promise<Hex>): Promise<any> {
    await pinTime();
    return mined(write());
  }
  /** Sends transactions at once (each is mined in a block of its own, in the order sent). */
  // biome-ignore lint/suspicious/noExplicitAny: Hardhat's typed contract write
  async function sendAll(writes: (() => Promise<Hex>)[]): Promise<any[]> {
    await pinTime();
    return Promise.all(writes.map((write) => mined(write())));
  }

  await pinTime();
  const registry = await viem.deployContract("CairnRegistry");
  await pinTime();
  const token = await viem.deployContract("TestToken", ["Sim", "SIM"]);
  await pinTime();
  const pool = await viem.deployContract("ReviewerPool", [registry.address]);
  await send(() =>
    registry.write.createDataset([
      {
        steward: steward.account.address,
        manifestCid: concatHex(["0x01551220", sha256(toHex("sim manifest"))]),
        termsHash: keccak256(toHex("sim terms")),
        // The pool decides alone (quorum 1); the steward is the named curator an escalated review goes to.
        curators: [pool.address, steward.account.address],
        quorum: 1,
        defaultScore: 50,
        rewardToken: token.address,
        weightObserver: zeroAddress,
      },
    ]),
  );
  const id = await registry.read.datasetCount();
  await send(() =>
    pool.write.configure([
      id,
      {
        k: SIM.k,
        rule: 0,
        extraSeats: 0,
        membership: 0,
        timeout: 3_600,
        reviewerShareBps: SIM.reviewerShareBps,
        slashThresholdPct: SIM.slashThresholdPct,
        slashWindow: SIM.slashWindow,
        unbonding: 86_400,
        credential: zeroAddress,
        credentialId: 0n,
        minWeight: 0n,
        minStake: SIM.stake,
        goldPenalty: SIM.goldPenalty,
      },
    ]),
  );

  // ---- the people: 200 reviewers (impersonated accounts), each of a class; they stake and join in order.
  const carelessFrom = Math.round(SIM.reviewers * (1 - SIM.careless - SIM.colluding));
  const colludingFrom = Math.round(SIM.reviewers * (1 - SIM.colluding));
  const classOf = (i: number): Class => (i >= colludingFrom ? "colluding" : i >= carelessFrom ? "careless" : "careful");
  const reviewers: { address: Address; cls: Class; wallet: Awaited<ReturnType<typeof viem.getWalletClient>> }[] = [];
  for (let i = 0; i < SIM.reviewers; i++) {
    const address = `0x${keccak256(toHex(`cairn sim reviewer ${i}`)).slice(26)}` as Address;
    await networkHelpers.impersonateAccount(address);
    await networkHelpers.setBalance(address, 10n ** 21n);
    reviewers.push({ address, cls: classOf(i), wallet: await viem.getWalletClient(address) });
  }
  await sendAll(reviewers.map((r) => () => token.write.mint([r.address, SIM.stake])));
  await sendAll(
    reviewers.map((r) => () => token.write.approve([pool.address, SIM.stake], { account: r.wallet.account })),
  );
  for (const r of reviewers) await send(() => pool.write.join([id], { account: r.wallet.account }));

  // ---- the items: known quality; the colluder's items are all bad.
  type Item = {
    hash: Hex;
    cid: Hex;
    good: boolean;
    quality: number;
    byColluder: boolean;
    gold: boolean;
    outcome?: boolean;
  };
  const items: Item[] = [];
  for (let j = 0; j < SIM.items; j++) {
    const byColluder = j % Math.round(1 / SIM.colluderItemShare) === 0;
    const good = !byColluder && random() >= SIM.badShare / (1 - SIM.colluderItemShare);
    const hash = sha256(toHex(`cairn sim item ${j}`));
    items.push({
      hash,
      cid: concatHex(["0x01551220", hash]),
      good,
      quality: good ? 60 + Math.floor(random() * 41) : 5 + Math.floor(random() * 30),
      byColluder,
      gold: false,
    });
  }
  // ---- gold-standard items: drawn like the others (same qualities), their answers committed in a Merkle root.
  const gold: Item[] = [];
  for (let j = 0; j < SIM.goldItems; j++) {
    // Spread evenly: item j is good when the running count of good ones steps up.
    const goodShare = 1 - SIM.goldBadShare;
    const good = Math.floor((j + 1) * goodShare) > Math.floor(j * goodShare);
    const hash = sha256(toHex(`cairn sim gold item ${j}`));
    const quality = good ? 60 + Math.floor(random() * 41) : 5 + Math.floor(random() * 30);
    gold.push({ hash, cid: concatHex(["0x01551220", hash]), good, quality, byColluder: false, gold: true });
  }
  const goldTree = StandardMerkleTree.of(
    gold.map((it) => [it.hash, it.good]),
    ["bytes32", "bool"],
  );
  await send(() => pool.write.setGoldRoot([id, goldTree.root as Hex], { account: steward.account }));
  const goldPerRound = SIM.goldItems / SIM.rounds;

  /** A reviewer's vote on an item, by class. */
  function decide(cls: Class, item: Item): { accept: boolean; score: number } {
    if (cls === "careless")
      return random() < 0.5 ? { accept: true, score: 1 + Math.floor(random() * 100) } : { accept: false, score: 0 };
    // A colluding ring accepts its partner's items at the top score and rubber-stamps the rest unread.
    if (cls === "colluding") return { accept: true, score: item.byColluder ? 100 : 80 };
    const right = random() < SIM.carefulAccuracy;
    const accept = right === item.good;
    return accept
      ? { accept, score: Math.max(1, Math.min(100, item.quality + Math.floor(random() * 11) - 5)) }
      : { accept, score: 0 };
  }

  const perRound = SIM.items / SIM.rounds;
  let votes = 0;
  let escalated = 0;
  const zero = () => ({ careful: 0, careless: 0, colluding: 0 });
  const goldVotes = zero();
  const goldWrong = zero();
  const forfeited = zero();
  for (let round = 0; round < SIM.rounds; round++) {
    const goldBatch = gold.slice(round * goldPerRound, (round + 1) * goldPerRound);
    const batch = [...items.slice(round * perRound, (round + 1) * perRound), ...goldBatch];
    // Contributions, batched per contributor.
    const byContributor = new Map<(typeof wallets)[number], Item[]>();
    batch.forEach((item, j) => {
      const who = item.gold
        ? goldContributors[j % goldContributors.length]
        : item.byColluder
          ? colluder
          : contributors[j % contributors.length];
      byContributor.set(who, [...(byContributor.get(who) ?? []), item]);
    });
    for (const [who, own] of byContributor) {
      for (let i = 0; i < own.length; i += 100) {
        const chunk = own.slice(i, i + 100).map((it) => ({
          datasetId: id,
          contentHash: it.hash,
          size: 32n,
          cid: it.cid,
          metadataCid: "0x" as Hex,
        }));
        await send(() => registry.write.contributeBatch([chunk], { account: who.account }));
      }
    }
    // Commit every review, mine the seed block, store the seeds (anyone does this: a keeper, the relayer).
    const hashes = batch.map((it) => it.hash);
    for (let i = 0; i < hashes.length; i += 250) await send(() => pool.write.assign([id, hashes.slice(i, i + 250)]));
    await pinTime();
    await networkHelpers.mine(1);
    for (let i = 0; i < hashes.length; i += 250) await send(() => pool.write.assign([id, hashes.slice(i, i + 250)]));

    // Voting passes: every drawn member who can vote does (in parallel, so whichever two agree first decide);
    // seats of members who were slashed out, or that repeat a member, are re-drawn; until every review is closed.
    let open = batch;
    for (let pass = 0; open.length > 0 && pass < 24; pass++) {
      const assignments = await Promise.all(open.map((it) => pool.read.assignmentOf([id, it.hash])));
      const active = await Promise.all(reviewers.map((r) => pool.read.reviewerOf([id, r.address])));
      const ballots = new Map<
        number,
        { datasetId: bigint; contentHash: Hex; seat: number; accept: boolean; score: number }[]
      >();
      const redraws: { hash: Hex; seat: number; holder: Address }[] = [];
      open.forEach((item, n) => {
        const a = assignments[n];
        if (a.state !== 1) return;
        const index = (s: number) => seatIndexOf(a.seed, s, a.poolSize);
        for (const seat of seatsOf(a.activeSeats & ~a.votedSeats)) {
          const i = index(seat);
          const repeats = seatsOf(a.votedSeats | (a.activeSeats & ((1 << seat) - 1))).some((o) => index(o) === i);
          if (repeats || !active[i].active) {
            redraws.push({ hash: item.hash, seat, holder: reviewers[i].address });
            break; // one re-draw per item and pass: the next seat number changes with each
          }
          ballots.set(i, [
            ...(ballots.get(i) ?? []),
            { datasetId: id, contentHash: item.hash, seat, ...decide(reviewers[i].cls, item) },
          ]);
        }
      });
      const receipts = await sendAll(
        [...ballots].map(
          ([i, list]) =>
            () =>
              pool.write.voteBatch([list], { account: reviewers[i].wallet.account, gas: 6_000_000n }),
        ),
      );
      for (const receipt of receipts)
        votes += parseEventLogs({ abi: pool.abi, logs: receipt.logs, eventName: "ReviewCast" }).length;
      const after = await Promise.all(open.map((it) => pool.read.assignmentOf([id, it.hash])));
      open.forEach((it, n) => {
        if (after[n].state === 2 || after[n].state === 3) it.outcome = after[n].state === 2;
      });
      // A review whose sixteen seats were used up without a full panel (too many of its drawn members were
      // slashed out) is escalated: the named curator (the steward, careful) decides it in the registry, and
      // settlement follows the registry's outcome.
      const handedOver = open.filter((_, n) => after[n].state === 4);
      if (handedOver.length > 0) {
        const reviews = handedOver.map((it) => ({ datasetId: id, contentHash: it.hash, ...decide("careful", it) }));
        await send(() => registry.write.reviewBatch([reviews], { account: steward.account }));
        for (const it of handedOver) {
          const status = (await registry.read.getContribution([id, it.hash])).status;
          if (status !== 2 && status !== 3) throw new Error(`the curator's decision on ${it.hash} was refused`);
          it.outcome = status === 2;
        }
        escalated += handedOver.length;
      }
      for (const r of redraws) {
        if (items.find((it) => it.hash === r.hash)?.outcome === undefined) {
          await send(() => pool.write.redraw([id, r.hash, r.seat, r.holder]));
        }
      }
      open = open.filter((it, n) => it.outcome === undefined && after[n].state === 1);
    }

    // Settle every decided review (anyone can: here the sponsor), which records agreement and slashes.
    const decided = batch.filter((it) => it.outcome !== undefined);
    const settlements = await Promise.all(
      decided.map(async (it) => {
        const a = await pool.read.assignmentOf([id, it.hash]);
        const voters = seatsOf(a.votedSeats).map((s) => reviewers[seatIndexOf(a.seed, s, a.poolSize)].address);
        return { datasetId: id, contentHash: it.hash, voters };
      }),
    );
    for (let i = 0; i < settlements.length; i += 50) {
      await send(() => pool.write.settleBatch([settlements.slice(i, i + 50)], { account: sponsor.account }));
    }
    // The steward reveals the decided gold items' answers: wrong voters forfeit reward shares.
    for (const it of goldBatch) {
      if (it.outcome === undefined) continue;
      const s = settlements[decided.indexOf(it)];
      const receipt = await send(() =>
        pool.write.revealGold([id, it.hash, it.good, goldTree.getProof([it.hash, it.good]) as Hex[], s.voters], {
          account: steward.account,
        }),
      );
      for (const e of parseEventLogs({ abi: pool.abi, logs: receipt.logs, eventName: "GoldScored" })) {
        const cls = reviewers.find((r) => r.address.toLowerCase() === e.args.reviewer.toLowerCase())?.cls;
        if (cls === undefined) continue;
        goldVotes[cls]++;
        if (!e.args.correct) goldWrong[cls]++;
      }
      for (const e of parseEventLogs({ abi: pool.abi, logs: receipt.logs, eventName: "SharesForfeited" })) {
        const cls = reviewers.find((r) => r.address.toLowerCase() === e.args.reviewer.toLowerCase())?.cls;
        if (cls !== undefined) forfeited[cls] += e.args.shares;
      }
    }
  }

  // ---- funding through the pool: 10 % to reviewers (pro rata to agreeing reviews), the rest to contributors.
  await send(() => token.write.mint([sponsor.account.address, SIM.funding]));
  await send(() => token.write.approve([pool.address, SIM.funding], { account: sponsor.account }));
  await send(() => pool.write.fund([id, SIM.funding], { account: sponsor.account }));

  // ---- the figures, read from the chain.
  const classes: Class[] = ["careful", "careless", "colluding"];
  const earned = zero();
  const reviews = zero();
  const agreed = zero();
  const slashedCount = zero();
  const members = zero();
  const lostStake = zero();
  for (const r of reviewers) {
    const [view, claimable] = await Promise.all([
      pool.read.reviewerOf([id, r.address]),
      pool.read.claimable([id, r.address]),
    ]);
    members[r.cls]++;
    earned[r.cls] += Number(claimable);
    reviews[r.cls] += view.votes;
    agreed[r.cls] += view.agreed;
    if (view.stake === 0n) {
      slashedCount[r.cls]++;
      lostStake[r.cls] += Number(SIM.stake);
    }
  }
  const per = (f: (c: Class) => number) => Object.fromEntries(classes.map((c) => [c, f(c)])) as Record<Class, number>;
  // The figures of the accepted set are over the 2,000 real items (the steward takes its gold items down).
  const decidedItems = items.filter((it) => it.outcome !== undefined);
  const accepted = decidedItems.filter((it) => it.outcome);
  const rejected = decidedItems.filter((it) => !it.outcome);
  const good = items.filter((it) => it.good);
  // Every decision must also be the registry's.
  for (const it of decidedItems.slice(0, 50)) {
    const c = await registry.read.getContribution([id, it.hash]);
    if (c.status !== (it.outcome ? 2 : 3)) throw new Error(`registry disagrees on ${it.hash}`);
  }
  const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
  const [genesis, last] = await Promise.all([publicClient.getBlock({ blockNumber: 0n }), publicClient.getBlock()]);
  return {
    acceptedCorrect: round4(accepted.filter((it) => it.good).length / accepted.length),
    rejectedGoodShare: round4(rejected.filter((it) => it.good).length / good.length),
    badAcceptedShare: round4(accepted.filter((it) => !it.good).length / items.filter((it) => !it.good).length),
    payPerReview: per((c) => round4(earned[c] / Math.max(1, reviews[c]))),
    netPayPerReview: per((c) => round4((earned[c] - lostStake[c]) / Math.max(1, reviews[c]))),
    agreementRate: per((c) => round4(agreed[c] / Math.max(1, reviews[c]))),
    slashedShare: per((c) => round4(slashedCount[c] / members[c])),
    reviewsByClass: reviews,
    accepted: accepted.length,
    rejected: rejected.length,
    undecided: items.length + gold.length - decidedItems.length - gold.filter((it) => it.outcome !== undefined).length,
    goldWrongRate: per((c) => round4(goldWrong[c] / Math.max(1, goldVotes[c]))),
    forfeitedShares: forfeited,
    escalated,
    votes,
    transactions,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    chainFingerprint: last.hash,
    timesPinned: last.timestamp - genesis.timestamp === last.number,
  };
}
