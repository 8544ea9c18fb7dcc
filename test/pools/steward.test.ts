/**
 * What a dataset's steward can and cannot do to the members of its reviewer pool: a member's stake terms are
 * the ones it joined under, a lost agreement window cannot be dodged by leaving, a removed member stays out,
 * a policy that would let anyone re-draw at once is refused, and reviews are committed only when a panel can sit.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { type Actor, type Content, content, contribute, errorSelector, eventsOf, mined } from "../helpers/cairn.js";
import {
  createPoolDataset,
  deployPool,
  joinAll,
  Membership,
  type PoolFixture,
  panel,
  policy,
  vote,
  votersOf,
} from "./fixture.js";

const { networkHelpers } = await network.create();
const load = () => networkHelpers.loadFixture(deployPool);

async function stakeAndJoin(f: PoolFixture, id: bigint, members: Actor[], stake: bigint) {
  for (const m of members) {
    await mined(f, f.token.write.mint([m.address, stake]));
    await mined(f, f.token.write.approve([f.pool.address, stake], { account: m.account }));
  }
  await joinAll(f, id, members);
}

/** Draws `c`'s panel; `minority` (who must sit on it) rejects, the two others accept; then settles it. */
async function outvoted(f: PoolFixture, id: bigint, c: Content, members: Actor[], minority?: Actor) {
  const seats = await panel(f, id, c, members);
  const loser = minority ?? seats[0].who;
  for (const s of seats) {
    const accept = s.who.address !== loser.address;
    await mined(f, vote(f, id, c, s.who, s.seat, accept, accept ? 70 : 0));
  }
  const voters = await votersOf(f, id, c, members);
  return mined(f, f.pool.write.settleBatch([[{ datasetId: id, contentHash: c.contentHash, voters }]]));
}

describe("reviewer pool: what the steward cannot change under a member", () => {
  it("returns a staked member's stake after the unbonding it joined under, whatever the steward sets later", async () => {
    const f = await load();
    const id = await createPoolDataset(f, { minStake: 1_000n, unbonding: 86_400 });
    const [r] = f.reviewers;
    await stakeAndJoin(f, id, [r], 1_000n);
    await mined(
      f,
      f.pool.write.configure([id, policy({ minStake: 1_000n, unbonding: 4_000_000_000 })], {
        account: f.steward.account,
      }),
    );
    await mined(f, f.pool.write.leave([id], { account: r.account }));
    await f.networkHelpers.time.increase(86_400);
    await mined(f, f.pool.write.withdrawStake([id], { account: r.account }));
    assert.equal(await f.token.read.balanceOf([r.address]), 1_000n);
  });

  it("judges a staked member by the slash terms it joined under, not by stricter ones set later", async () => {
    const f = await load();
    const id = await createPoolDataset(f, { minStake: 300n });
    const members = f.reviewers.slice(0, 6);
    await stakeAndJoin(f, id, members, 300n);
    await mined(
      f,
      f.pool.write.configure([id, policy({ minStake: 300n, slashWindow: 1, slashThresholdPct: 100 })], {
        account: f.steward.account,
      }),
    );
    const receipt = await outvoted(f, id, content("x"), members);
    assert.deepEqual(eventsOf(f.pool, receipt, "ReviewerSlashed"), []);
    for (const m of members) assert.equal((await f.pool.read.reviewerOf([id, m.address])).stake, 300n);
  });

  it("slashes at withdrawal the stake of a member who left with an agreement window already lost", async () => {
    const f = await load();
    const id = await createPoolDataset(f, { minStake: 300n, slashWindow: 4, slashThresholdPct: 75, unbonding: 3_600 });
    const members = f.reviewers.slice(0, 4);
    await stakeAndJoin(f, id, members, 300n);
    // Four members, panels of three distinct ones: any two panels share two members; `x` sits on both.
    const first = content("first");
    const seats = await panel(f, id, first, members);
    const x = seats[0].who;
    for (const s of seats) await mined(f, vote(f, id, first, s.who, s.seat, s.who !== x, s.who !== x ? 70 : 0));
    await mined(
      f,
      f.pool.write.settleBatch([
        [{ datasetId: id, contentHash: first.contentHash, voters: await votersOf(f, id, first, members) }],
      ]),
    );
    let second = content("second");
    for (let i = 0; ; i++) {
      // A panel without x is possible (one in four): then try another contribution.
      second = content(`second ${i}`);
      const s2 = await panel(f, id, second, members);
      if (s2.some((s) => s.who === x)) {
        for (const s of s2) await mined(f, vote(f, id, second, s.who, s.seat, s.who !== x, s.who !== x ? 70 : 0));
        break;
      }
    }
    await mined(
      f,
      f.pool.write.settleBatch([
        [{ datasetId: id, contentHash: second.contentHash, voters: await votersOf(f, id, second, members) }],
      ]),
    );
    // Two of four votes disagreed: even two agreeing votes more would leave the window at 50 % < 75 %.
    const rx = await f.pool.read.reviewerOf([id, x.address]);
    assert.deepEqual([rx.windowVotes, rx.windowAgreed], [2, 0]);
    await mined(f, f.pool.write.leave([id], { account: x.account }));
    await f.networkHelpers.time.increase(3_600);
    const funded = (await f.pool.read.poolOf([id])).funded;
    const receipt = await mined(f, f.pool.write.withdrawStake([id], { account: x.account }));
    assert.deepEqual(eventsOf(f.pool, receipt, "ReviewerSlashed"), [
      { datasetId: id, reviewer: x.address, amount: 300n, windowVotes: 2, windowAgreed: 0 },
    ]);
    assert.equal(await f.token.read.balanceOf([x.address]), 0n);
    assert.equal((await f.pool.read.poolOf([id])).funded, funded + 300n);
    assert.equal((await f.pool.read.reviewerOf([id, x.address])).stake, 0n);

    // A member whose window can still be won takes its stake back.
    const y = members.find((m) => m !== x) as Actor;
    await mined(f, f.pool.write.leave([id], { account: y.account }));
    await f.networkHelpers.time.increase(3_600);
    await mined(f, f.pool.write.withdrawStake([id], { account: y.account }));
    assert.equal(await f.token.read.balanceOf([y.address]), 300n);
  });

  it("refuses a timeout of 0, which would let anyone re-draw every seat at once", async () => {
    const f = await load();
    const id = await createPoolDataset(f);
    await f.viem.assertions.revertWithCustomErrorWithArgs(
      f.pool.write.configure([id, policy({ timeout: 0 })], { account: f.steward.account }),
      f.pool,
      "InvalidPolicy",
      [id, "timeout"],
    );
  });

  it("keeps a removed member blocked when the steward later disallows it", async () => {
    const f = await load();
    const id = await createPoolDataset(f, { membership: Membership.Open });
    const [r] = f.reviewers;
    await joinAll(f, id, [r]);
    await mined(f, f.pool.write.removeMember([id, r.address], { account: f.steward.account }));
    await mined(f, f.pool.write.setAllowed([id, [r.address], false], { account: f.steward.account }));
    await f.viem.assertions.revertWithCustomError(
      f.pool.write.join([id], { account: r.account }),
      f.pool,
      "NotEligible",
    );
    // An explicit allow is the steward's way to re-admit it.
    await mined(f, f.pool.write.setAllowed([id, [r.address], true], { account: f.steward.account }));
    await joinAll(f, id, [r]);
  });

  it("commits no review while fewer than k members are active (PoolTooSmall)", async () => {
    const f = await load();
    const id = await createPoolDataset(f, { k: 3 });
    const members = f.reviewers.slice(0, 3);
    await joinAll(f, id, members);
    await mined(f, f.pool.write.leave([id], { account: members[2].account }));
    const c = content("no panel");
    await contribute(f, id, c, f.alice);
    const { result } = await f.pool.simulate.assign([id, [c.contentHash]]);
    assert.deepEqual(result, [errorSelector(f.pool.abi, "PoolTooSmall")]);
    assert.equal((await f.pool.read.poolOf([id])).activeMembers, 2);
    await joinAll(f, id, [members[2]]);
    const { result: ok } = await f.pool.simulate.assign([id, [c.contentHash]]);
    assert.deepEqual(ok, ["0x00000000"]);
  });
});
