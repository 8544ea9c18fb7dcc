/**
 * The SDK's reviewer-pool money actions on the Hardhat chain: `claimPoolRewards` and `withdrawPoolStake`, with the
 * pool's refusals decoded (`NothingToClaim`, `StakeBonded` with what to do or when the stake unlocks) and an
 * account without stake refused before anything is sent; `getPoolStatus` says when a stake unlocks.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  ContractCallError,
  claimPoolRewards,
  createCairnClient,
  getPoolStatus,
  leavePool,
  NothingToWithdrawError,
  withdrawPoolStake,
} from "@cairn/sdk";
import { network } from "hardhat";
import { type Actor, content, mined } from "../helpers/cairn.js";
import {
  createPoolDataset,
  deployPool,
  fundPool,
  joinAll,
  type PoolFixture,
  panel,
  vote,
  votersOf,
} from "./fixture.js";

const { networkHelpers } = await network.create();
const load = () => networkHelpers.loadFixture(deployPool);

/** A Cairn client whose wallet is `who`'s. */
function sdkAs(f: PoolFixture, who: Actor) {
  return createCairnClient({
    publicClient: f.publicClient as never,
    walletClient: who.wallet as never,
    registry: f.registry.address,
  });
}

/** Funds each member with `stake` tokens and lets the pool pull them at join. */
async function stakeAll(f: PoolFixture, id: bigint, members: Actor[], stake: bigint) {
  for (const m of members) {
    await mined(f, f.token.write.mint([m.address, stake]));
    await mined(f, f.token.write.approve([f.pool.address, stake], { account: m.account }));
  }
  await joinAll(f, id, members);
}

/** Awaits `promise`, which must reject with the pool's `errorName` (decoded by the SDK); returns the error. */
async function refused(promise: Promise<unknown>, errorName: string): Promise<ContractCallError> {
  const error = await promise.then(
    () => assert.fail(`expected ${errorName}`),
    (e: unknown) => e,
  );
  assert.ok(error instanceof ContractCallError, String(error));
  assert.equal(error.errorName, errorName);
  return error;
}

describe("reviewer pool through the SDK: rewards claimed, stake taken back", () => {
  it("claims a reviewer's reward to its account; nothing to claim is refused, decoded", async () => {
    const f = await load();
    const id = await createPoolDataset(f, { reviewerShareBps: 2000 });
    const members = f.reviewers.slice(0, 6);
    await joinAll(f, id, members);
    const c = content("claimed through the SDK");
    const seats = await panel(f, id, c, members);
    await mined(f, vote(f, id, c, seats[0].who, seats[0].seat, false));
    await mined(f, vote(f, id, c, seats[1].who, seats[1].seat, true, 60));
    await mined(f, vote(f, id, c, seats[2].who, seats[2].seat, true, 80));
    const voters = await votersOf(f, id, c, members);
    await mined(f, f.pool.write.settleBatch([[{ datasetId: id, contentHash: c.contentHash, voters }]]));
    await fundPool(f, id, 10_000n);

    const agreeing = seats[1].who;
    const { amount, hash } = await claimPoolRewards(await sdkAs(f, agreeing), { pool: f.pool.address, datasetId: id });
    assert.equal(amount, 1_000n);
    assert.match(hash, /^0x[0-9a-f]{64}$/);
    assert.equal(await f.token.read.balanceOf([agreeing.address]), 1_000n);
    // Anyone may send a claim; the tokens go to the account named.
    const other = seats[2].who;
    const paid = await claimPoolRewards(await sdkAs(f, f.stranger), {
      pool: f.pool.address,
      datasetId: id,
      account: other.address,
    });
    assert.equal(paid.amount, 1_000n);
    assert.equal(await f.token.read.balanceOf([other.address]), 1_000n);

    const again = await refused(
      claimPoolRewards(await sdkAs(f, agreeing), { pool: f.pool.address, datasetId: id }),
      "NothingToClaim",
    );
    assert.match(again.shortMessage, new RegExp(`${agreeing.address} has nothing to claim in dataset ${id}`));
    await refused(
      claimPoolRewards(await sdkAs(f, seats[0].who), { pool: f.pool.address, datasetId: id }),
      "NothingToClaim",
    );
  });

  it("gives a stake back only after leaving and the unbonding period, saying why and until when", async () => {
    const f = await load();
    const id = await createPoolDataset(f, { minStake: 1_000n, unbonding: 86_400 });
    const [r] = f.reviewers;
    const client = await sdkAs(f, r);
    const pool = f.pool.address;
    const none = await withdrawPoolStake(client, { pool, datasetId: id }).catch((e: unknown) => e);
    assert.ok(none instanceof NothingToWithdrawError, String(none));
    assert.match(none.shortMessage, /has no stake to withdraw from the reviewer pool of dataset/);

    await stakeAll(f, id, [r], 1_000n);
    const member = await refused(withdrawPoolStake(client, { pool, datasetId: id }), "StakeBonded");
    assert.match(member.shortMessage, /is still a member of the reviewer pool/);
    assert.ok(member.metaMessages?.some((m) => /Leave the pool first/.test(m)));
    assert.equal((await getPoolStatus(client, { pool, datasetId: id, account: r.address })).withdrawableAt, undefined);

    await leavePool(client, { pool, datasetId: id });
    const status = await getPoolStatus(client, { pool, datasetId: id, account: r.address });
    assert.equal(status.terms?.unbonding, 86_400);
    const unlocks = BigInt(status.reviewer?.leftAt ?? 0) + 86_400n;
    assert.equal(status.withdrawableAt, unlocks);
    const early = await refused(withdrawPoolStake(client, { pool, datasetId: id }), "StakeBonded");
    assert.equal(early.args[2], unlocks);
    assert.match(early.shortMessage, new RegExp(`withdrawn from ${new Date(Number(unlocks) * 1000).toISOString()}`));

    await f.networkHelpers.time.increaseTo(unlocks);
    const back = await withdrawPoolStake(client, { pool, datasetId: id });
    assert.deepEqual([back.amount, back.slashed], [1_000n, 0n]);
    assert.equal(await f.token.read.balanceOf([r.address]), 1_000n);
    const twice = await withdrawPoolStake(client, { pool, datasetId: id }).catch((e: unknown) => e);
    assert.ok(twice instanceof NothingToWithdrawError, String(twice));
  });

  it("reports a stake slashed at withdrawal (its member left a window it had already lost) as slashed, not paid", async () => {
    const f = await load();
    const id = await createPoolDataset(f, { minStake: 300n, slashWindow: 2, slashThresholdPct: 100, unbonding: 0 });
    const members = f.reviewers.slice(0, 6);
    await stakeAll(f, id, members, 300n);
    const c = content("a lost window");
    const seats = await panel(f, id, c, members);
    await mined(f, vote(f, id, c, seats[0].who, seats[0].seat, false));
    await mined(f, vote(f, id, c, seats[1].who, seats[1].seat, true, 70));
    await mined(f, vote(f, id, c, seats[2].who, seats[2].seat, true, 70));
    const voters = await votersOf(f, id, c, members);
    await mined(f, f.pool.write.settleBatch([[{ datasetId: id, contentHash: c.contentHash, voters }]]));
    // One vote of a two-vote window, against the outcome: even an agreeing second vote leaves it at 50 % < 100 %.
    const loser = await sdkAs(f, seats[0].who);
    await leavePool(loser, { pool: f.pool.address, datasetId: id });
    const forfeits = async (who: Actor) =>
      (await getPoolStatus(await sdkAs(f, who), { pool: f.pool.address, datasetId: id, account: who.address }))
        .withdrawForfeits;
    assert.equal(await forfeits(seats[0].who), true, "the status warns before the withdrawal");
    const result = await withdrawPoolStake(loser, { pool: f.pool.address, datasetId: id });
    assert.deepEqual([result.amount, result.slashed], [0n, 300n]);
    assert.equal(await f.token.read.balanceOf([seats[0].who.address]), 0n);
    // An agreeing member of the same panel leaves with its window still winnable: paid in full.
    const winner = await sdkAs(f, seats[1].who);
    await leavePool(winner, { pool: f.pool.address, datasetId: id });
    assert.equal(await forfeits(seats[1].who), false);
    const paid = await withdrawPoolStake(winner, { pool: f.pool.address, datasetId: id });
    assert.deepEqual([paid.amount, paid.slashed], [300n, 0n]);
  });
});
