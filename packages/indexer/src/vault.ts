// RewardVault: one small handler per event. Pools (funding, the accumulator, payouts), each account's
// weight and debt per dataset, and the history of funding, claims and weight changes.
import { ponder } from "ponder:registry";
import { claim, funding, pool, position, weightChange } from "ponder:schema";
import { applyClaim, applyFunding, applyHeldRelease, applyWeightChange } from "../lib/rewards.js";

const emptyPool = { totalWeight: 0n, rewardPerWeight: 0n, held: 0n, funded: 0n, claimed: 0n };

ponder.on("RewardVault:RewardTokenSet", async ({ event, context }) => {
  await context.db
    .insert(pool)
    .values({ datasetId: event.args.datasetId, token: event.args.token, ...emptyPool })
    .onConflictDoUpdate({ token: event.args.token });
});

ponder.on("RewardVault:WeightObserverSet", async ({ event, context }) => {
  await context.db
    .insert(pool)
    .values({ datasetId: event.args.datasetId, weightObserver: event.args.observer, ...emptyPool })
    .onConflictDoUpdate({ weightObserver: event.args.observer });
});

ponder.on("RewardVault:WeightObserverFailed", async ({ event, context }) => {
  await context.db
    .insert(pool)
    .values({ datasetId: event.args.datasetId, weightObserverFailedBlock: event.block.number, ...emptyPool })
    .onConflictDoUpdate({ weightObserverFailedBlock: event.block.number });
});

ponder.on("RewardVault:PoolFunded", async ({ event, context }) => {
  const { datasetId, funder, amount } = event.args;
  const current = (await context.db.find(pool, { datasetId })) ?? { datasetId, ...emptyPool };
  const next = applyFunding(current, amount);
  await context.db
    .insert(pool)
    .values({ ...current, ...next, funded: current.funded + amount })
    .onConflictDoUpdate({ ...next, funded: current.funded + amount });
  await context.db.insert(funding).values({
    id: event.id,
    datasetId,
    funder,
    amount,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
  });
});

ponder.on("RewardVault:HeldFundingReleased", async ({ event, context }) => {
  const { datasetId, amount, rewardPerWeight } = event.args;
  const current = (await context.db.find(pool, { datasetId })) ?? { datasetId, ...emptyPool };
  const next = applyHeldRelease(current, amount, rewardPerWeight);
  await context.db
    .insert(pool)
    .values({ ...current, ...next })
    .onConflictDoUpdate({ held: next.held, rewardPerWeight: next.rewardPerWeight });
});

ponder.on("RewardVault:WeightChanged", async ({ event, context }) => {
  const { datasetId, account, weight, totalWeight } = event.args;
  const currentPool = (await context.db.find(pool, { datasetId })) ?? { datasetId, ...emptyPool };
  const currentAccount = (await context.db.find(position, { datasetId, account })) ?? {
    datasetId,
    account,
    weight: 0n,
    debt: 0n,
    claimed: 0n,
  };
  const next = applyWeightChange(currentPool, currentAccount, weight, totalWeight);
  await context.db
    .insert(pool)
    .values({ ...currentPool, ...next.pool })
    .onConflictDoUpdate(next.pool);
  await context.db
    .insert(position)
    .values({ ...currentAccount, ...next.account })
    .onConflictDoUpdate(next.account);
  await context.db.insert(weightChange).values({
    id: event.id,
    datasetId,
    account,
    weight,
    totalWeight,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
  });
});

ponder.on("RewardVault:RewardsClaimed", async ({ event, context }) => {
  const { datasetId, account, amount } = event.args;
  const current = (await context.db.find(position, { datasetId, account })) ?? {
    datasetId,
    account,
    weight: 0n,
    debt: 0n,
    claimed: 0n,
  };
  const next = applyClaim(current, amount);
  await context.db
    .insert(position)
    .values({ ...current, ...next, claimed: current.claimed + amount })
    .onConflictDoUpdate({ debt: next.debt, claimed: current.claimed + amount });
  await context.db.update(pool, { datasetId }).set((row) => ({ claimed: row.claimed + amount }));
  await context.db.insert(claim).values({
    id: event.id,
    datasetId,
    account,
    amount,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
  });
});
