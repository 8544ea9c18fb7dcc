import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { network } from "hardhat";
import { concatHex, encodeAbiParameters, type Hex, keccak256, type TransactionReceipt, zeroAddress } from "viem";
import {
  type Content,
  ContributionStatus,
  content,
  contribute,
  decodeReason,
  errorSelector,
  eventsOf,
  mined,
  NO_ERROR,
} from "../helpers/cairn.js";
import {
  createPoolDataset,
  deployPool,
  distinctSeats,
  draw,
  fundPool,
  holders,
  joinAll,
  Membership,
  panel,
  ReviewState,
  Rule,
  seatIndexOf,
  seatsOf,
  vote,
  votersOf,
} from "./fixture.js";

const { networkHelpers } = await network.create();
const load = () => networkHelpers.loadFixture(deployPool);

describe("reviewer pool", () => {
  describe("membership", () => {
    it("joins an open pool at the next index, refuses a second join, and returns a leaver to its index", async () => {
      const f = await load();
      const id = await createPoolDataset(f);
      const [r0, r1] = f.reviewers;
      await f.viem.assertions.emitWithArgs(f.pool.write.join([id], { account: r0.account }), f.pool, "ReviewerJoined", [
        id,
        r0.address,
        0,
        0n,
      ]);
      await joinAll(f, id, [r1]);
      assert.equal((await f.pool.read.reviewerOf([id, r1.address])).index, 1);
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        f.pool.write.join([id], { account: r0.account }),
        f.pool,
        "AlreadyMember",
        [id, r0.address],
      );
      await mined(f, f.pool.write.leave([id], { account: r0.account }));
      assert.equal((await f.pool.read.reviewerOf([id, r0.address])).active, false);
      assert.equal((await f.pool.read.poolOf([id])).activeMembers, 1);
      await joinAll(f, id, [r0]);
      const back = await f.pool.read.reviewerOf([id, r0.address]);
      assert.equal(back.index, 0);
      assert.equal(back.active, true);
      assert.equal((await f.pool.read.poolOf([id])).members, 2);
    });

    it("admits only allowlisted accounts to an allowlist pool, and the steward's removal blocks a rejoin", async () => {
      const f = await load();
      const id = await createPoolDataset(f, { membership: Membership.Allowlist });
      const [r0, r1] = f.reviewers;
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        f.pool.write.join([id], { account: r0.account }),
        f.pool,
        "NotEligible",
        [id, r0.address, Membership.Allowlist],
      );
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        f.pool.write.setAllowed([id, [r0.address], true], { account: r0.account }),
        f.pool,
        "NotSteward",
        [id, r0.address],
      );
      await mined(f, f.pool.write.setAllowed([id, [r0.address, r1.address], true], { account: f.steward.account }));
      await joinAll(f, id, [r0, r1]);
      await mined(f, f.pool.write.removeMember([id, r1.address], { account: f.steward.account }));
      assert.equal((await f.pool.read.reviewerOf([id, r1.address])).active, false);
      await f.viem.assertions.revertWithCustomError(
        f.pool.write.join([id], { account: r1.account }),
        f.pool,
        "NotEligible",
      );
    });

    it("refuses an account below the minimum accepted weight with WeightTooLow", async () => {
      const f = await load();
      const id = await createPoolDataset(f, { minWeight: 10n });
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        f.pool.write.join([id], { account: f.reviewers[0].account }),
        f.pool,
        "WeightTooLow",
        [id, f.reviewers[0].address, 0n, 10n],
      );
    });

    it("takes the minimum stake at join and returns it only after the unbonding period", async () => {
      const f = await load();
      const id = await createPoolDataset(f, { minStake: 1_000n, unbonding: 86_400 });
      const r = f.reviewers[0];
      await mined(f, f.token.write.mint([r.address, 1_000n]));
      await mined(f, f.token.write.approve([f.pool.address, 1_000n], { account: r.account }));
      await joinAll(f, id, [r]);
      assert.equal(await f.token.read.balanceOf([r.address]), 0n);
      assert.equal((await f.pool.read.reviewerOf([id, r.address])).stake, 1_000n);
      await f.viem.assertions.revertWithCustomError(
        f.pool.write.withdrawStake([id], { account: r.account }),
        f.pool,
        "StakeBonded",
      );
      await mined(f, f.pool.write.leave([id], { account: r.account }));
      await f.viem.assertions.revertWithCustomError(
        f.pool.write.withdrawStake([id], { account: r.account }),
        f.pool,
        "StakeBonded",
      );
      await f.networkHelpers.time.increase(86_400);
      await mined(f, f.pool.write.withdrawStake([id], { account: r.account }));
      assert.equal(await f.token.read.balanceOf([r.address]), 1_000n);
    });

    it("lets only the steward configure, and refuses out-of-range policies", async () => {
      const f = await load();
      const id = await createPoolDataset(f);
      const { policy } = await import("./fixture.js");
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        f.pool.write.configure([id, policy()], { account: f.alice.account }),
        f.pool,
        "NotSteward",
        [id, f.alice.address],
      );
      for (const [bad, field] of [
        [{ k: 0 }, "k"],
        [{ k: 9 }, "k"],
        [{ k: 8, extraSeats: 9 }, "extraSeats"],
        [{ reviewerShareBps: 5_001 }, "reviewerShareBps"],
        [{ slashThresholdPct: 101 }, "slashThresholdPct"],
        [{ membership: Membership.ERC721 }, "credential"],
      ] as const) {
        await f.viem.assertions.revertWithCustomErrorWithArgs(
          f.pool.write.configure([id, policy(bad)], { account: f.steward.account }),
          f.pool,
          "InvalidPolicy",
          [id, field],
        );
      }
    });
  });

  describe("assignment", () => {
    it("commits a review, refuses to read the seed before its block, then draws seats any client can recompute", async () => {
      const f = await load();
      const id = await createPoolDataset(f);
      await joinAll(f, id, f.reviewers.slice(0, 5));
      const c = content("x");
      await contribute(f, id, c, f.alice);
      const commit = await mined(f, f.pool.write.assign([id, [c.contentHash]]));
      const [committed] = eventsOf(f.pool, commit, "ReviewCommitted");
      assert.equal(committed.poolSize, 5);
      const { result } = await f.pool.simulate.assign([id, [c.contentHash]]);
      assert.deepEqual(result, [errorSelector(f.pool.abi, "SeedNotReady")]);
      await f.networkHelpers.mine(1);
      const reveal = await mined(f, f.pool.write.assign([id, [c.contentHash]]));
      const [drawn] = eventsOf(f.pool, reveal, "SeatsDrawn");
      const seedBlock = await f.publicClient.getBlock({ blockNumber: BigInt(committed.commitBlock) + 1n });
      const expected = BigInt(
        keccak256(
          encodeAbiParameters(
            [{ type: "bytes32" }, { type: "uint256" }, { type: "bytes32" }],
            [seedBlock.hash, id, c.contentHash],
          ),
        ),
      );
      assert.equal(drawn.seed, expected & (2n ** 32n - 1n));
      const a = await f.pool.read.assignmentOf([id, c.contentHash]);
      assert.equal(a.state, ReviewState.Open);
      assert.equal(a.activeSeats, 0b111);
      for (let s = 0; s < 3; s++) {
        assert.equal(await f.pool.read.seatIndex([id, c.contentHash, s]), seatIndexOf(a.seed, s, 5));
      }
    });

    it("re-commits an expired seed over the same members, so a contributor who joined since is never drawn", async () => {
      const f = await load();
      const id = await createPoolDataset(f);
      await joinAll(f, id, f.reviewers.slice(0, 3));
      const c = content("joins later");
      await contribute(f, id, c, f.alice);
      const first = await mined(f, f.pool.write.assign([id, [c.contentHash]]));
      assert.equal(eventsOf(f.pool, first, "ReviewCommitted")[0].poolSize, 3);
      // Alice joins (index 3) and waits until the seed block leaves the 256-block window unread.
      await joinAll(f, id, [f.alice]);
      await f.networkHelpers.mine(300);
      const again = await mined(f, f.pool.write.assign([id, [c.contentHash]]));
      const [recommitted] = eventsOf(f.pool, again, "ReviewCommitted");
      assert.equal(recommitted.poolSize, 3);
      await f.networkHelpers.mine(1);
      await mined(f, f.pool.write.assign([id, [c.contentHash]]));
      const a = await f.pool.read.assignmentOf([id, c.contentHash]);
      for (const seat of seatsOf(a.activeSeats)) assert.notEqual(seatIndexOf(a.seed, seat, a.poolSize), 3);
    });

    it("reports an unknown contribution and a dataset with no pool policy, item by item", async () => {
      const f = await load();
      const id = await createPoolDataset(f);
      await joinAll(f, id, f.reviewers.slice(0, 3));
      const { result } = await f.pool.simulate.assign([id, [content("never registered").contentHash]]);
      assert.deepEqual(result, [errorSelector(f.registry.abi, "ContributionNotFound")]);
      const { result: r2 } = await f.pool.simulate.assign([id + 1n, [content("x").contentHash]]);
      assert.deepEqual(r2, [errorSelector(f.pool.abi, "PoolNotConfigured")]);
    });
  });

  describe("votes", () => {
    it("counts a vote from the drawn member only, once, and once all have voted accepts by majority at the mean accepting score", async () => {
      const f = await load();
      const id = await createPoolDataset(f);
      const members = f.reviewers.slice(0, 5);
      await joinAll(f, id, members);
      const c = content("good item");
      const seats = await panel(f, id, c, members);
      const outsider = members.find((m) => !seats.some((s) => s.who.address === m.address));
      if (outsider) {
        await f.viem.assertions.revertWithCustomErrorWithArgs(
          vote(f, id, c, outsider, seats[0].seat, true, 50),
          f.pool,
          "NotAssigned",
          [id, c.contentHash, seats[0].seat, outsider.address],
        );
      }
      await f.viem.assertions.emitWithArgs(
        vote(f, id, c, seats[0].who, seats[0].seat, true, 70),
        f.pool,
        "ReviewCast",
        [id, c.contentHash, seats[0].who.address, seats[0].seat, 70],
      );
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        vote(f, id, c, seats[0].who, seats[0].seat, false),
        f.pool,
        "SeatAlreadyVoted",
        [id, c.contentHash, seats[0].seat],
      );
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        vote(f, id, c, seats[1].who, seats[1].seat, true, 0),
        f.pool,
        "InvalidScore",
        [0n],
      );
      await mined(f, vote(f, id, c, seats[1].who, seats[1].seat, true, 91));
      // Two of three agree, but every seat votes before the panel decides.
      assert.equal((await f.registry.read.getContribution([id, c.contentHash])).status, ContributionStatus.Pending);
      const decisive = await mined(f, vote(f, id, c, seats[2].who, seats[2].seat, false));
      const [decided] = eventsOf(f.registry, decisive, "ContributionAccepted");
      assert.deepEqual(decided, { datasetId: id, contentHash: c.contentHash, owner: f.alice.address, score: 80 });
      const registered = await f.registry.read.getContribution([id, c.contentHash]);
      assert.equal(registered.status, ContributionStatus.Accepted);
      assert.equal(registered.score, 80);
      assert.equal(await f.vault.read.weightOf([id, f.alice.address]), 80n);
      await f.viem.assertions.revertWithCustomError(
        vote(f, id, c, seats[0].who, seats[0].seat, true, 50),
        f.pool,
        "ReviewNotOpen",
      );
    });

    it("rejects by majority", async () => {
      const f = await load();
      const id = await createPoolDataset(f);
      const members = f.reviewers.slice(0, 5);
      await joinAll(f, id, members);
      const c = content("bad item");
      const seats = await panel(f, id, c, members);
      await mined(f, vote(f, id, c, seats[0].who, seats[0].seat, false));
      await mined(f, vote(f, id, c, seats[1].who, seats[1].seat, true, 60));
      await mined(f, vote(f, id, c, seats[2].who, seats[2].seat, false));
      assert.equal((await f.registry.read.getContribution([id, c.contentHash])).status, ContributionStatus.Rejected);
      assert.equal((await f.pool.read.assignmentOf([id, c.contentHash])).state, ReviewState.Rejected);
    });

    it("refuses a member who made the contribution (SelfReview), and re-draws that seat at once", async () => {
      const f = await load();
      const id = await createPoolDataset(f, { k: 1 });
      await joinAll(f, id, [f.alice, f.reviewers[0]]);
      // Alice is one of two members: draw until she holds the seat of her own contribution.
      for (let i = 0; ; i++) {
        assert.ok(i < 30, "alice was never drawn");
        const c = content(`alice ${i}`);
        await contribute(f, id, c, f.alice);
        const a = await draw(f, id, c);
        if (seatIndexOf(a.seed, 0, a.poolSize) !== 0) continue;
        await f.viem.assertions.revertWithCustomErrorWithArgs(
          vote(f, id, c, f.alice, 0, true, 100),
          f.pool,
          "SelfReview",
          [id, c.contentHash, f.alice.address],
        );
        await f.viem.assertions.emitWithArgs(
          f.pool.write.redraw([id, c.contentHash, 0, f.alice.address]),
          f.pool,
          "SeatRedrawn",
          [id, c.contentHash, 0, 1],
        );
        break;
      }
    });

    it("under unanimity a split panel escalates to extra seats, which decide by majority", async () => {
      const f = await load();
      const id = await createPoolDataset(f, { k: 2, rule: Rule.Unanimity, extraSeats: 1 });
      const members = f.reviewers.slice(0, 6);
      await joinAll(f, id, members);
      const c = content("disputed");
      const seats = await panel(f, id, c, members);
      await mined(f, vote(f, id, c, seats[0].who, seats[0].seat, true, 80));
      const split = await mined(f, vote(f, id, c, seats[1].who, seats[1].seat, false));
      assert.deepEqual(eventsOf(f.pool, split, "ReviewEscalated"), [
        { datasetId: id, contentHash: c.contentHash, panel: 3 },
      ]);
      const a = await f.pool.read.assignmentOf([id, c.contentHash]);
      assert.equal(a.panel, 3);
      assert.equal(a.rule, Rule.Majority);
      const [extra] = (await distinctSeats(f, id, c, members)).filter((s) => !(a.votedSeats & (1 << s.seat)));
      await mined(f, vote(f, id, c, extra.who, extra.seat, true, 60));
      const registered = await f.registry.read.getContribution([id, c.contentHash]);
      assert.equal(registered.status, ContributionStatus.Accepted);
      assert.equal(registered.score, 70);
    });

    it("without extra seats a split panel goes to the named curators, and settlement follows their outcome", async () => {
      const f = await load();
      const id = await createPoolDataset(f, { k: 2, rule: Rule.Unanimity });
      await mined(f, f.registry.write.addCurator([id, f.curatorA.address], { account: f.steward.account }));
      const members = f.reviewers.slice(0, 5);
      await joinAll(f, id, members);
      const c = content("disputed");
      const seats = await panel(f, id, c, members);
      await mined(f, vote(f, id, c, seats[0].who, seats[0].seat, true, 80));
      await mined(f, vote(f, id, c, seats[1].who, seats[1].seat, false));
      assert.equal((await f.pool.read.assignmentOf([id, c.contentHash])).state, ReviewState.Escalated);
      const voters = await votersOf(f, id, c, members);
      const { result } = await f.pool.simulate.settleBatch([[{ datasetId: id, contentHash: c.contentHash, voters }]]);
      assert.deepEqual(result, [errorSelector(f.pool.abi, "NotDecided")]);
      await mined(f, f.registry.write.review([id, c.contentHash, false, 0], { account: f.curatorA.account }));
      const settled = await mined(
        f,
        f.pool.write.settleBatch([[{ datasetId: id, contentHash: c.contentHash, voters }]]),
      );
      const scored = eventsOf(f.pool, settled, "ReviewerScored");
      assert.deepEqual(
        scored.map((e) => [e.reviewer, e.agreed]),
        [
          [seats[0].who.address, false],
          [seats[1].who.address, true],
        ],
      );
    });

    it("undoes a deciding vote the registry refuses (RegistryReviewFailed); a batch skips only that item", async () => {
      const f = await load();
      const id = await createPoolDataset(f, { k: 1 });
      const members = f.reviewers.slice(0, 3);
      await joinAll(f, id, members);
      const c = content("x");
      const [s] = await panel(f, id, c, members);
      await mined(f, f.registry.write.addCurator([id, f.curatorA.address], { account: f.steward.account }));
      await mined(f, f.registry.write.removeCurator([id, f.pool.address], { account: f.steward.account }));
      await f.viem.assertions.revertWithCustomError(
        vote(f, id, c, s.who, s.seat, true, 50),
        f.pool,
        "RegistryReviewFailed",
      );
      const batch = await mined(
        f,
        f.pool.write.voteBatch(
          [[{ datasetId: id, contentHash: c.contentHash, seat: s.seat, accept: true, score: 50 }]],
          {
            account: s.who.account,
          },
        ),
      );
      const [skipped] = eventsOf(f.pool, batch, "VoteSkipped");
      assert.equal(decodeReason(f.pool.abi, skipped.reason).errorName, "RegistryReviewFailed");
      const a = await f.pool.read.assignmentOf([id, c.contentHash]);
      assert.equal(a.votedSeats, 0);
      assert.equal(a.state, ReviewState.Open);
    });
    it("never settles a review that the named curators decided while it was open in the pool", async () => {
      const f = await load();
      const id = await createPoolDataset(f);
      await mined(f, f.registry.write.addCurator([id, f.curatorA.address], { account: f.steward.account }));
      const members = f.reviewers.slice(0, 5);
      await joinAll(f, id, members);
      const c = content("bypassed");
      const seats = await panel(f, id, c, members);
      await mined(f, vote(f, id, c, seats[0].who, seats[0].seat, true, 80));
      await mined(f, f.registry.write.review([id, c.contentHash, true, 90], { account: f.curatorA.account }));
      // A seat that votes now can see the outcome: its vote counts in the pool, but is never credited.
      await mined(f, vote(f, id, c, seats[1].who, seats[1].seat, true, 90));
      const voters = await votersOf(f, id, c, members);
      const { result } = await f.pool.simulate.settleBatch([[{ datasetId: id, contentHash: c.contentHash, voters }]]);
      assert.deepEqual(result, [errorSelector(f.pool.abi, "NotDecided")]);
    });
  });

  describe("re-draws", () => {
    it("re-draws every seat that did not vote once the timeout passed, and refuses before", async () => {
      const f = await load();
      const id = await createPoolDataset(f, { timeout: 600 });
      const members = f.reviewers.slice(0, 6);
      await joinAll(f, id, members);
      const c = content("slow");
      const seats = await panel(f, id, c, members);
      await mined(f, vote(f, id, c, seats[0].who, seats[0].seat, true, 50));
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        f.pool.write.redraw([id, c.contentHash, seats[1].seat, seats[1].who.address]),
        f.pool,
        "SeatNotRedrawable",
        [id, c.contentHash, seats[1].seat],
      );
      await f.networkHelpers.time.increase(600);
      const next = (await f.pool.read.assignmentOf([id, c.contentHash])).nextSeat;
      const receipt = await mined(f, f.pool.write.redraw([id, c.contentHash, seats[1].seat, seats[1].who.address]));
      assert.equal(eventsOf(f.pool, receipt, "SeatRedrawn").length, 2);
      const a = await f.pool.read.assignmentOf([id, c.contentHash]);
      assert.equal(a.activeSeats, (1 << seats[0].seat) | (1 << next) | (1 << (next + 1)));
    });

    it("re-draws at once the seat of a member who left", async () => {
      const f = await load();
      const id = await createPoolDataset(f);
      const members = f.reviewers.slice(0, 6);
      await joinAll(f, id, members);
      const c = content("x");
      const seats = await panel(f, id, c, members);
      const next = (await f.pool.read.assignmentOf([id, c.contentHash])).nextSeat;
      await mined(f, f.pool.write.leave([id], { account: seats[2].who.account }));
      await f.viem.assertions.revertWithCustomError(
        vote(f, id, c, seats[2].who, seats[2].seat, true, 50),
        f.pool,
        "NotAssigned",
      );
      await mined(f, f.pool.write.redraw([id, c.contentHash, seats[2].seat, seats[2].who.address]));
      const a = await f.pool.read.assignmentOf([id, c.contentHash]);
      assert.equal(a.activeSeats & (1 << seats[2].seat), 0);
      assert.equal(a.nextSeat, next + 1);
      assert.notEqual(a.activeSeats & (1 << next), 0);
    });

    it("hands a review to the named curators once sixteen seats were drawn without a full panel, and settlement follows them", async () => {
      const f = await load();
      const id = await createPoolDataset(f);
      await mined(f, f.registry.write.addCurator([id, f.curatorA.address], { account: f.steward.account }));
      const members = f.reviewers.slice(0, 9);
      await joinAll(f, id, members);
      const c = content("orphaned");
      await contribute(f, id, c, f.alice);
      await draw(f, id, c);
      // Seven of the nine leave after the commit (as slashed members do): two can never fill a panel of three.
      const stayers = members.slice(0, 2);
      for (const m of members.slice(2)) await mined(f, f.pool.write.leave([id], { account: m.account }));
      // Every client does what it can: a stayer votes its seat, any other seat is re-drawn (left or repeated).
      let last: TransactionReceipt | undefined;
      for (;;) {
        const a = await f.pool.read.assignmentOf([id, c.contentHash]);
        if (a.state !== ReviewState.Open) break;
        const index = (s: number) => seatIndexOf(a.seed, s, a.poolSize);
        const seat = seatsOf(a.activeSeats & ~a.votedSeats)[0];
        const who = (await holders(f, id, c, members)).get(seat);
        const repeats = seatsOf(a.votedSeats | (a.activeSeats & ((1 << seat) - 1))).some(
          (o) => index(o) === index(seat),
        );
        if (who && stayers.includes(who) && !repeats) await mined(f, vote(f, id, c, who, seat, true, 70));
        else last = await mined(f, f.pool.write.redraw([id, c.contentHash, seat, who?.address ?? zeroAddress]));
      }
      const a = await f.pool.read.assignmentOf([id, c.contentHash]);
      assert.equal(a.state, ReviewState.Escalated);
      assert.equal(a.nextSeat, 16);
      assert.deepEqual(
        eventsOf(f.pool, last as TransactionReceipt, "ReviewEscalated").map((e) => e.panel),
        [0],
      );
      const voters = await votersOf(f, id, c, members);
      assert.ok(voters.length <= stayers.length);
      const settle = [{ datasetId: id, contentHash: c.contentHash, voters }];
      assert.deepEqual((await f.pool.simulate.settleBatch([settle])).result, [errorSelector(f.pool.abi, "NotDecided")]);
      // The named curator decides in the registry (quorum 1); the stayers who accepted disagreed with it.
      await mined(f, f.registry.write.review([id, c.contentHash, false, 0], { account: f.curatorA.account }));
      const settled = await mined(f, f.pool.write.settleBatch([settle]));
      assert.deepEqual(
        eventsOf(f.pool, settled, "ReviewerScored").map((e) => [e.reviewer, e.agreed]),
        voters.map((v) => [v, false]),
      );
    });
  });

  describe("rewards", () => {
    it("splits a funding between reviewers and the vault, and pays agreeing reviews pro rata", async () => {
      const f = await load();
      const id = await createPoolDataset(f, { reviewerShareBps: 2000 });
      const members = f.reviewers.slice(0, 6);
      await joinAll(f, id, members);
      const c = content("good");
      const seats = await panel(f, id, c, members);
      await mined(f, vote(f, id, c, seats[0].who, seats[0].seat, false));
      await mined(f, vote(f, id, c, seats[1].who, seats[1].seat, true, 60));
      await mined(f, vote(f, id, c, seats[2].who, seats[2].seat, true, 80));
      const voters = await votersOf(f, id, c, members);
      const { result } = await f.pool.simulate.settleBatch([
        [{ datasetId: id, contentHash: c.contentHash, voters: [...voters].reverse() }],
      ]);
      assert.deepEqual(result, [errorSelector(f.pool.abi, "WrongVoters")]);
      await mined(f, f.pool.write.settleBatch([[{ datasetId: id, contentHash: c.contentHash, voters }]]));
      const { result: again } = await f.pool.simulate.settleBatch([
        [{ datasetId: id, contentHash: c.contentHash, voters }],
      ]);
      assert.deepEqual(again, [errorSelector(f.pool.abi, "AlreadySettled")]);
      assert.equal((await f.pool.read.poolOf([id])).totalShares, 2n);

      const receipt = await fundPool(f, id, 10_000n);
      assert.deepEqual(eventsOf(f.pool, receipt, "PoolFunded"), [
        { datasetId: id, funder: f.sponsor.address, reviewersPart: 2_000n, contributorsCredited: 8_000n },
      ]);
      assert.equal((await f.vault.read.getPool([id])).funded, 8_000n);
      assert.equal(await f.pool.read.claimable([id, seats[0].who.address]), 0n);
      for (const s of seats.slice(1)) assert.equal(await f.pool.read.claimable([id, s.who.address]), 1_000n);
      await mined(f, f.pool.write.claim([id, seats[1].who.address]));
      assert.equal(await f.token.read.balanceOf([seats[1].who.address]), 1_000n);
      await f.viem.assertions.revertWithCustomError(
        f.pool.write.claim([id, seats[0].who.address]),
        f.pool,
        "NothingToClaim",
      );
      const rv = await f.pool.read.reviewerOf([id, seats[0].who.address]);
      assert.equal(rv.votes, 1);
      assert.equal(rv.agreed, 0);
    });

    it("holds reviewer funding that arrives before any agreeing review for the first ones", async () => {
      const f = await load();
      const id = await createPoolDataset(f, { k: 1, reviewerShareBps: 5000 });
      const members = f.reviewers.slice(0, 2);
      await joinAll(f, id, members);
      await fundPool(f, id, 1_000n);
      assert.equal((await f.pool.read.poolOf([id])).held, 500n);
      const c = content("first");
      const [s] = await panel(f, id, c, members);
      await mined(f, vote(f, id, c, s.who, s.seat, true, 50));
      await mined(
        f,
        f.pool.write.settleBatch([[{ datasetId: id, contentHash: c.contentHash, voters: [s.who.address] }]]),
      );
      assert.equal(await f.pool.read.claimable([id, s.who.address]), 500n);
    });

    it("slashes the stake of a reviewer whose window fell below the threshold into the reviewers' pool", async () => {
      const f = await load();
      const id = await createPoolDataset(f, {
        minStake: 300n,
        slashWindow: 1,
        slashThresholdPct: 100,
        reviewerShareBps: 1000,
      });
      const members = f.reviewers.slice(0, 6);
      for (const m of members) {
        await mined(f, f.token.write.mint([m.address, 300n]));
        await mined(f, f.token.write.approve([f.pool.address, 300n], { account: m.account }));
      }
      await joinAll(f, id, members);
      const c = content("x");
      const seats = await panel(f, id, c, members);
      await mined(f, vote(f, id, c, seats[0].who, seats[0].seat, false));
      await mined(f, vote(f, id, c, seats[1].who, seats[1].seat, true, 70));
      await mined(f, vote(f, id, c, seats[2].who, seats[2].seat, true, 70));
      const voters = await votersOf(f, id, c, members);
      const receipt = await mined(
        f,
        f.pool.write.settleBatch([[{ datasetId: id, contentHash: c.contentHash, voters }]]),
      );
      assert.deepEqual(eventsOf(f.pool, receipt, "ReviewerSlashed"), [
        { datasetId: id, reviewer: seats[0].who.address, amount: 300n, windowVotes: 1, windowAgreed: 0 },
      ]);
      const slashed = await f.pool.read.reviewerOf([id, seats[0].who.address]);
      assert.equal(slashed.stake, 0n);
      assert.equal(slashed.active, false);
      assert.equal((await f.pool.read.poolOf([id])).funded, 300n);
      for (const s of seats.slice(1)) assert.equal(await f.pool.read.claimable([id, s.who.address]), 150n);
    });
  });

  describe("gold standard", () => {
    it("reveals a gold item's answer with a Merkle proof after its decision and scores each voter", async () => {
      const f = await load();
      const id = await createPoolDataset(f);
      const members = f.reviewers.slice(0, 6);
      await joinAll(f, id, members);
      const c = content("gold");
      const other = content("other gold");
      const leaf = (hash: `0x${string}`, accept: boolean) =>
        keccak256(keccak256(encodeAbiParameters([{ type: "bytes32" }, { type: "bool" }], [hash, accept])));
      const [a, b] = [leaf(c.contentHash, false), leaf(other.contentHash, true)];
      const root = keccak256(BigInt(a) < BigInt(b) ? concatHex([a, b]) : concatHex([b, a]));
      await mined(f, f.pool.write.setGoldRoot([id, root], { account: f.steward.account }));
      const seats = await panel(f, id, c, members);
      await mined(f, vote(f, id, c, seats[0].who, seats[0].seat, true, 90));
      const voters1 = await votersOf(f, id, c, members);
      await f.viem.assertions.revertWithCustomError(
        f.pool.write.revealGold([id, c.contentHash, false, [b], voters1]),
        f.pool,
        "NotDecided",
      );
      await mined(f, vote(f, id, c, seats[1].who, seats[1].seat, false));
      await mined(f, vote(f, id, c, seats[2].who, seats[2].seat, false));
      const voters = await votersOf(f, id, c, members);
      await f.viem.assertions.revertWithCustomError(
        f.pool.write.revealGold([id, c.contentHash, true, [b], voters]),
        f.pool,
        "InvalidGoldProof",
      );
      const receipt = await mined(f, f.pool.write.revealGold([id, c.contentHash, false, [b], voters]));
      assert.deepEqual(
        eventsOf(f.pool, receipt, "GoldScored").map((e) => [e.reviewer, e.correct]),
        voters.map((v) => [v, v !== seats[0].who.address]),
      );
    });
  });

  describe("gold standard: what a wrong answer costs", () => {
    it("settles a gold item at its reveal, and a wrong answer forfeits reward shares that stop earning while what they earned stays", async () => {
      const f = await load();
      const id = await createPoolDataset(f, { goldPenalty: 3, reviewerShareBps: 5000 });
      const members = f.reviewers.slice(0, 6);
      await joinAll(f, id, members);
      const bad = content("known bad");
      const good = content("known good");
      const tree = StandardMerkleTree.of(
        [
          [bad.contentHash, false],
          [good.contentHash, true],
        ],
        ["bytes32", "bool"],
      );
      await mined(f, f.pool.write.setGoldRoot([id, tree.root as Hex], { account: f.steward.account }));
      const proof = (c: Content, answer: boolean) => tree.getProof([c.contentHash, answer]) as Hex[];

      // The known-bad item is accepted by two rubber-stampers against one careful reviewer, and settled.
      const seats = await panel(f, id, bad, members);
      await mined(f, vote(f, id, bad, seats[0].who, seats[0].seat, true, 80));
      await mined(f, vote(f, id, bad, seats[1].who, seats[1].seat, true, 80));
      await mined(f, vote(f, id, bad, seats[2].who, seats[2].seat, false));
      const voters = await votersOf(f, id, bad, members);
      await mined(f, f.pool.write.settleBatch([[{ datasetId: id, contentHash: bad.contentHash, voters }]]));
      await fundPool(f, id, 2_000n);
      const [w0, w1, right] = seats.map((s) => s.who.address);
      for (const w of [w0, w1]) assert.equal(await f.pool.read.claimable([id, w]), 500n);

      const receipt = await mined(f, f.pool.write.revealGold([id, bad.contentHash, false, proof(bad, false), voters]));
      const scored = new Map(eventsOf(f.pool, receipt, "GoldScored").map((e) => [e.reviewer, e.correct]));
      assert.deepEqual([scored.get(w0), scored.get(w1), scored.get(right)], [false, false, true]);
      const lost = eventsOf(f.pool, receipt, "SharesForfeited").map((e) => [e.reviewer, e.shares, e.agreedTotal]);
      assert.deepEqual(
        lost.sort(),
        [
          [w0, 1, 0],
          [w1, 1, 0],
        ].sort(),
      );
      assert.equal((await f.pool.read.reviewerOf([id, w0])).agreed, 0);
      assert.equal((await f.pool.read.poolOf([id])).totalShares, 0n);
      // What the forfeited shares earned stays owed; what is funded from now on is not theirs.
      await fundPool(f, id, 2_000n);
      for (const w of [w0, w1]) assert.equal(await f.pool.read.claimable([id, w]), 500n);
      assert.equal((await f.pool.read.poolOf([id])).held, 1_000n);
      await f.viem.assertions.revertWithCustomError(
        f.pool.write.revealGold([id, bad.contentHash, false, proof(bad, false), voters]),
        f.pool,
        "AlreadySettled",
      );

      // A gold item revealed before anyone settled it is settled by the reveal (so the order changes nothing).
      const seats2 = await panel(f, id, good, members);
      for (const s of seats2) await mined(f, vote(f, id, good, s.who, s.seat, true, 70));
      const voters2 = await votersOf(f, id, good, members);
      const reveal = await mined(f, f.pool.write.revealGold([id, good.contentHash, true, proof(good, true), voters2]));
      assert.equal(eventsOf(f.pool, reveal, "ReviewerScored").length, 3);
      assert.deepEqual(eventsOf(f.pool, reveal, "SharesForfeited"), []);
      assert.equal((await f.pool.read.assignmentOf([id, good.contentHash])).settled, true);
      assert.equal((await f.pool.read.poolOf([id])).totalShares, 3n);
    });
  });

  it("batches assignments and votes, skipping and reporting the votes that cannot count", async () => {
    const f = await load();
    const id = await createPoolDataset(f, { k: 1 });
    const members = f.reviewers.slice(0, 3);
    await joinAll(f, id, members);
    const items = [content("a"), content("b")];
    for (const c of items) await contribute(f, id, c, f.alice);
    const hashes = items.map((c) => c.contentHash);
    const { result } = await f.pool.simulate.assign([id, hashes]);
    assert.deepEqual(result, [NO_ERROR, NO_ERROR]);
    await mined(f, f.pool.write.assign([id, hashes]));
    await f.networkHelpers.mine(1);
    await mined(f, f.pool.write.assign([id, hashes]));
    const [holder] = (await holders(f, id, items[0], members)).values();
    const votes = [
      { datasetId: id, contentHash: items[0].contentHash, seat: 0, accept: true, score: 64 },
      { datasetId: id, contentHash: items[1].contentHash, seat: 5, accept: true, score: 64 },
    ];
    const { result: results } = await f.pool.simulate.voteBatch([votes], { account: holder.account });
    assert.deepEqual(results, [NO_ERROR, errorSelector(f.pool.abi, "SeatNotActive")]);
    const receipt = await mined(f, f.pool.write.voteBatch([votes], { account: holder.account }));
    const [skipped] = eventsOf(f.pool, receipt, "VoteSkipped");
    assert.deepEqual(decodeReason(f.pool.abi, skipped.reason), {
      errorName: "SeatNotActive",
      args: [id, items[1].contentHash, 5],
    });
    assert.equal((await f.registry.read.getContribution([id, items[0].contentHash])).score, 64);
  });
});
