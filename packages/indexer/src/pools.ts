// ReviewerPool: one small handler per event. Each dataset's pool (policy, size), its members with their record
// (settled votes, agreements with the outcome: the agreement rate), the votes cast, and each contribution's
// assignment (committed, seats drawn, escalated). Writes are upserts, so a row missing (a pool configured before
// the start block, an event a later version adds) never stops indexing.
import { type Context, ponder } from "ponder:registry";
import { poolAssignment, poolReviewer, poolVote, reviewerPool } from "ponder:schema";

const noPolicy = {};

function reviewerRow(datasetId: bigint, account: `0x${string}`, block: bigint) {
  return {
    datasetId,
    account,
    index: 0,
    active: false,
    stake: 0n,
    votes: 0,
    agreed: 0,
    slashed: 0n,
    joinedBlock: block,
  };
}

async function poolSize(db: Context["db"], datasetId: bigint, delta: number, block: bigint) {
  await db
    .insert(reviewerPool)
    .values({ datasetId, policy: noPolicy, members: Math.max(0, delta), blockNumber: block })
    .onConflictDoUpdate((row) => ({ members: Math.max(0, row.members + delta) }));
}

ponder.on("ReviewerPool:PoolConfigured", async ({ event, context }) => {
  const policy = Object.fromEntries(
    Object.entries(event.args.policy).map(([k, v]) => [k, typeof v === "bigint" ? v.toString() : v]),
  );
  await context.db
    .insert(reviewerPool)
    .values({ datasetId: event.args.datasetId, policy, members: 0, blockNumber: event.block.number })
    .onConflictDoUpdate({ policy, blockNumber: event.block.number });
});

ponder.on("ReviewerPool:GoldRootSet", async ({ event, context }) => {
  const { datasetId, root } = event.args;
  await context.db
    .insert(reviewerPool)
    .values({ datasetId, policy: noPolicy, members: 0, goldRoot: root, blockNumber: event.block.number })
    .onConflictDoUpdate({ goldRoot: root });
});

ponder.on("ReviewerPool:ReviewerJoined", async ({ event, context }) => {
  const { datasetId, account, index, stake } = event.args;
  // Read before the write: Ponder's `find` answers a view of the cached row that the write changes in place.
  const wasActive = (await context.db.find(poolReviewer, { datasetId, account }))?.active === true;
  await context.db
    .insert(poolReviewer)
    .values({ ...reviewerRow(datasetId, account, event.block.number), index, active: true, stake })
    .onConflictDoUpdate({ index, active: true, stake, joinedBlock: event.block.number });
  if (!wasActive) await poolSize(context.db, datasetId, 1, event.block.number);
});

ponder.on("ReviewerPool:ReviewerLeft", async ({ event, context }) => {
  const { datasetId, account } = event.args;
  const before = await context.db.find(poolReviewer, { datasetId, account });
  if (!before) return;
  const wasActive = before.active; // before the update changes the row `before` views
  await context.db.update(poolReviewer, { datasetId, account }).set({ active: false });
  if (wasActive) await poolSize(context.db, datasetId, -1, event.block.number);
});

ponder.on("ReviewerPool:StakeWithdrawn", async ({ event, context }) => {
  const { datasetId, account, amount } = event.args;
  await context.db
    .insert(poolReviewer)
    .values(reviewerRow(datasetId, account, event.block.number))
    .onConflictDoUpdate((row) => ({ stake: row.stake > amount ? row.stake - amount : 0n }));
});

ponder.on("ReviewerPool:ReviewerSlashed", async ({ event, context }) => {
  const { datasetId, reviewer, amount } = event.args;
  await context.db
    .insert(poolReviewer)
    .values({ ...reviewerRow(datasetId, reviewer, event.block.number), slashed: amount })
    .onConflictDoUpdate((row) => ({
      stake: row.stake > amount ? row.stake - amount : 0n,
      slashed: row.slashed + amount,
    }));
});

ponder.on("ReviewerPool:ReviewCommitted", async ({ event, context }) => {
  const { datasetId, contentHash, commitBlock, poolSize: size } = event.args;
  const values = { commitBlock: BigInt(commitBlock), poolSize: size, seed: null, blockNumber: event.block.number };
  await context.db
    .insert(poolAssignment)
    .values({ datasetId, contentHash, panel: 0, ...values })
    .onConflictDoUpdate(values);
});

ponder.on("ReviewerPool:SeatsDrawn", async ({ event, context }) => {
  const { datasetId, contentHash, seed } = event.args;
  await context.db
    .insert(poolAssignment)
    .values({ datasetId, contentHash, commitBlock: 0n, poolSize: 0, seed, panel: 0, blockNumber: event.block.number })
    .onConflictDoUpdate({ seed });
});

ponder.on("ReviewerPool:ReviewEscalated", async ({ event, context }) => {
  const { datasetId, contentHash, panel } = event.args;
  await context.db
    .insert(poolAssignment)
    .values({ datasetId, contentHash, commitBlock: 0n, poolSize: 0, panel, blockNumber: event.block.number })
    .onConflictDoUpdate({ panel });
});

ponder.on("ReviewerPool:ReviewCast", async ({ event, context }) => {
  const { datasetId, contentHash, reviewer, seat, score } = event.args;
  const values = { seat, score, blockNumber: event.block.number, transactionHash: event.transaction.hash };
  await context.db
    .insert(poolVote)
    .values({ datasetId, contentHash, reviewer, agreed: null, ...values })
    .onConflictDoUpdate(values);
});

ponder.on("ReviewerPool:ReviewerScored", async ({ event, context }) => {
  const { datasetId, contentHash, reviewer, agreed, votes, agreedTotal } = event.args;
  // The contract's running totals: the agreement rate is agreed / votes.
  await context.db
    .insert(poolReviewer)
    .values({ ...reviewerRow(datasetId, reviewer, event.block.number), votes, agreed: agreedTotal })
    .onConflictDoUpdate({ votes, agreed: agreedTotal });
  if (await context.db.find(poolVote, { datasetId, contentHash, reviewer }))
    await context.db.update(poolVote, { datasetId, contentHash, reviewer }).set({ agreed });
});
