// CairnRegistry: one small handler per event. Datasets and their settings over time, contributions with
// status, score, owner and votes, reviews, transfers, withdrawals and skipped batch items.
import { type Context, ponder } from "ponder:registry";
import {
  challengePeriod,
  contribution,
  curator,
  dataset,
  datasetChange,
  review,
  skipped,
  transfer,
  withdrawal,
} from "ponder:schema";
import { countContribution } from "../lib/account-counts.js";
import { cidText, optionalCidText } from "../lib/cid.js";
import { revisionOf } from "../lib/revision.js";
import type { ContributionStatus } from "../lib/statuses.js";

const datasetStatuses = ["none", "open", "paused", "closed"] as const;
/** A dataset's counter of the contributions in one status. */
const counterOf = (status: ContributionStatus): `${ContributionStatus}Count` => `${status}Count`;

/**
 * A contribution's status and owner as they are before the handler changes them: a copy. Ponder's `find` answers a
 * view of its cached row, which the next `update` of that row changes in place: read after the update, it gave the
 * new status (the dataset's counters then never left "pending", and a transfer's old owner was its new one).
 */
async function stateOf(
  db: Context["db"],
  datasetId: bigint,
  contentHash: `0x${string}`,
): Promise<{ status: ContributionStatus; owner: `0x${string}` } | null> {
  const row = await db.find(contribution, { datasetId, contentHash });
  return row ? { status: row.status as ContributionStatus, owner: row.owner } : null;
}

/** The contribution's owner counts it in status `to` from now on (../lib/account-counts.ts); nothing when its row
 *  was not found (the dataset's counters assume "pending" then; an owner cannot be guessed). */
async function recount(
  db: Context["db"],
  datasetId: bigint,
  before: { status: ContributionStatus; owner: `0x${string}` } | null,
  to: ContributionStatus,
) {
  if (!before) return;
  await countContribution(db, { account: before.owner, datasetId }, { from: before.status, to });
}

/** The event's arguments as JSON (bigints as decimal strings). */
function argsJson(args: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(args).map(([k, v]) => [k, typeof v === "bigint" ? v.toString() : v] as [string, unknown]),
  );
}

type SettingsEvent = {
  id: string;
  name: string;
  args: { datasetId: bigint };
  block: { number: bigint; timestamp: bigint };
  transaction: { hash: `0x${string}` };
};

/** Records a change of a dataset's settings in its history. */
function recordChange(db: Context["db"], event: SettingsEvent) {
  return db.insert(datasetChange).values({
    id: event.id,
    datasetId: event.args.datasetId,
    kind: event.name,
    data: argsJson(event.args),
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
  });
}

// ------------------------------------------------------------------ datasets

ponder.on("CairnRegistry:DatasetCreated", async ({ event, context }) => {
  const period = await context.db.find(challengePeriod, { datasetId: event.args.datasetId });
  await context.db.insert(dataset).values({
    id: event.args.datasetId,
    steward: event.args.steward,
    creator: event.args.creator,
    manifestCid: cidText(event.args.manifestCid),
    termsHash: event.args.termsHash,
    status: "open",
    quorum: 0,
    defaultScore: 0,
    curatorCount: 0,
    challengePeriod: period?.period ?? 0,
    contributionCount: 0,
    pendingCount: 0,
    provisionalCount: 0,
    acceptedCount: 0,
    rejectedCount: 0,
    withdrawnCount: 0,
    removedCount: 0,
    createdBlock: event.block.number,
    createdAt: event.block.timestamp,
    createdTx: event.transaction.hash,
  });
  await recordChange(context.db, { ...event, name: "DatasetCreated" });
});

ponder.on("CairnRegistry:ManifestUpdated", async ({ event, context }) => {
  await context.db.update(dataset, { id: event.args.datasetId }).set({ manifestCid: cidText(event.args.manifestCid) });
  await recordChange(context.db, { ...event, name: "ManifestUpdated" });
});

ponder.on("CairnRegistry:TermsUpdated", async ({ event, context }) => {
  await context.db.update(dataset, { id: event.args.datasetId }).set({ termsHash: event.args.termsHash });
  await recordChange(context.db, { ...event, name: "TermsUpdated" });
});

ponder.on("CairnRegistry:CuratorAdded", async ({ event, context }) => {
  const { datasetId, curator: account, seat } = event.args;
  await context.db
    .insert(curator)
    .values({ datasetId, account, seat, active: true, addedBlock: event.block.number })
    .onConflictDoUpdate({ seat, active: true, addedBlock: event.block.number });
  await context.db.update(dataset, { id: datasetId }).set((row) => ({ curatorCount: row.curatorCount + 1 }));
  await recordChange(context.db, { ...event, name: "CuratorAdded" });
});

ponder.on("CairnRegistry:CuratorRemoved", async ({ event, context }) => {
  const { datasetId, curator: account } = event.args;
  await context.db.update(curator, { datasetId, account }).set({ active: false });
  await context.db.update(dataset, { id: datasetId }).set((row) => ({ curatorCount: row.curatorCount - 1 }));
  await recordChange(context.db, { ...event, name: "CuratorRemoved" });
});

ponder.on("CairnRegistry:ReviewPolicyUpdated", async ({ event, context }) => {
  const { datasetId, quorum, defaultScore } = event.args;
  await context.db.update(dataset, { id: datasetId }).set({ quorum, defaultScore });
  await recordChange(context.db, { ...event, name: "ReviewPolicyUpdated" });
});

ponder.on("CairnRegistry:ChallengePeriodSet", async ({ event, context }) => {
  const { datasetId, period } = event.args;
  // At creation this comes before DatasetCreated: kept aside, and read when the dataset's row is written.
  await context.db.insert(challengePeriod).values({ datasetId, period }).onConflictDoUpdate({ period });
  if (await context.db.find(dataset, { id: datasetId }))
    await context.db.update(dataset, { id: datasetId }).set({ challengePeriod: period });
  await recordChange(context.db, { ...event, name: "ChallengePeriodSet" });
});

ponder.on("CairnRegistry:DatasetStatusChanged", async ({ event, context }) => {
  const status = datasetStatuses[event.args.status] ?? `unknown(${event.args.status})`;
  await context.db.update(dataset, { id: event.args.datasetId }).set({ status });
  await recordChange(context.db, { ...event, name: "DatasetStatusChanged" });
});

ponder.on("CairnRegistry:StewardshipTransferStarted", async ({ event, context }) => {
  await context.db.update(dataset, { id: event.args.datasetId }).set({ pendingSteward: event.args.newSteward });
  await recordChange(context.db, { ...event, name: "StewardshipTransferStarted" });
});

ponder.on("CairnRegistry:StewardshipTransferred", async ({ event, context }) => {
  await context.db
    .update(dataset, { id: event.args.datasetId })
    .set({ steward: event.args.newSteward, pendingSteward: null });
  await recordChange(context.db, { ...event, name: "StewardshipTransferred" });
});

// ------------------------------------------------------------------ contributions

ponder.on("CairnRegistry:ContributionRegistered", async ({ event, context }) => {
  const { datasetId, contentHash, contributor, size, cid } = event.args;
  await context.db.insert(contribution).values({
    datasetId,
    contentHash,
    position: event.block.number * 1_000_000n + BigInt(event.log.logIndex),
    contributor,
    owner: contributor,
    status: "pending",
    score: 0,
    accepts: 0,
    rejects: 0,
    cid: cidText(cid),
    size,
    metadataCid: null,
    acceptableAt: null,
    blockNumber: event.block.number,
    logIndex: event.log.logIndex,
    transactionHash: event.transaction.hash,
    timestamp: event.block.timestamp,
    revision: revisionOf(event),
  });
  await context.db.update(dataset, { id: datasetId }).set((row) => ({
    contributionCount: row.contributionCount + 1,
    pendingCount: row.pendingCount + 1,
  }));
  await countContribution(context.db, { account: contributor, datasetId }, { from: null, to: "pending", made: 1 });
});

ponder.on("CairnRegistry:ContributionProvisional", async ({ event, context }) => {
  const { datasetId, contentHash, score, acceptableAt } = event.args;
  const before = await stateOf(context.db, datasetId, contentHash);
  await context.db
    .update(contribution, { datasetId, contentHash })
    .set({ status: "provisional", score, acceptableAt, revision: revisionOf(event) });
  await context.db
    .update(dataset, { id: datasetId })
    .set((row) => ({ pendingCount: row.pendingCount - 1, provisionalCount: row.provisionalCount + 1 }));
  await recount(context.db, datasetId, before, "provisional");
});

ponder.on("CairnRegistry:MetadataAttached", async ({ event, context }) => {
  const { datasetId, contentHash, metadataCid } = event.args;
  await context.db
    .update(contribution, { datasetId, contentHash })
    .set({ metadataCid: optionalCidText(metadataCid), revision: revisionOf(event) });
});

ponder.on("CairnRegistry:ContributionSkipped", async ({ event, context }) => {
  await context.db.insert(skipped).values({
    id: event.id,
    kind: "contribution",
    datasetId: event.args.datasetId,
    contentHash: event.args.contentHash,
    account: event.args.contributor,
    reason: event.args.reason,
    blockNumber: event.block.number,
    transactionHash: event.transaction.hash,
  });
});

ponder.on("CairnRegistry:ContributionTransferred", async ({ event, context }) => {
  const { datasetId, contentHash, from, to } = event.args;
  const before = await stateOf(context.db, datasetId, contentHash);
  await context.db.update(contribution, { datasetId, contentHash }).set({ owner: to, revision: revisionOf(event) });
  if (before) {
    await countContribution(context.db, { account: before.owner, datasetId }, { from: before.status, to: null });
    await countContribution(context.db, { account: to, datasetId }, { from: null, to: before.status });
  }
  await context.db.insert(transfer).values({
    id: event.id,
    datasetId,
    contentHash,
    from,
    to,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
  });
});

ponder.on("CairnRegistry:ContributionRemoved", async ({ event, context }) => {
  const { datasetId, contentHash } = event.args;
  const before = await stateOf(context.db, datasetId, contentHash);
  await context.db
    .update(contribution, { datasetId, contentHash })
    .set({ status: "removed", revision: revisionOf(event) });
  if (before) {
    await context.db.update(dataset, { id: datasetId }).set((row) => ({
      [counterOf(before.status)]: row[counterOf(before.status)] - 1,
      removedCount: row.removedCount + 1,
    }));
  }
  await recount(context.db, datasetId, before, "removed");
});

ponder.on("CairnRegistry:ContributionWithdrawn", async ({ event, context }) => {
  const { datasetId, contentHash, owner } = event.args;
  const before = await stateOf(context.db, datasetId, contentHash);
  await context.db
    .update(contribution, { datasetId, contentHash })
    .set({ status: "withdrawn", revision: revisionOf(event) });
  if (before) {
    await context.db.update(dataset, { id: datasetId }).set((row) => ({
      [counterOf(before.status)]: row[counterOf(before.status)] - 1,
      withdrawnCount: row.withdrawnCount + 1,
    }));
  }
  await recount(context.db, datasetId, before, "withdrawn");
  await context.db.insert(withdrawal).values({
    id: event.id,
    datasetId,
    contentHash,
    owner,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
  });
});

// ------------------------------------------------------------------ curation

ponder.on("CairnRegistry:ContributionReviewed", async ({ event, context }) => {
  const { datasetId, contentHash, curator: account, accepted, score } = event.args;
  await context.db.insert(review).values({
    datasetId,
    contentHash,
    curator: account,
    accepted,
    score,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
  });
  // A curator's vote on a provisional contribution decides it alone and is not counted in its votes.
  await context.db.update(contribution, { datasetId, contentHash }).set((row) => ({
    ...(row.status === "provisional" ? {} : accepted ? { accepts: row.accepts + 1 } : { rejects: row.rejects + 1 }),
    revision: revisionOf(event),
  }));
});

ponder.on("CairnRegistry:ContributionAccepted", async ({ event, context }) => {
  const { datasetId, contentHash, score } = event.args;
  const before = await stateOf(context.db, datasetId, contentHash);
  await context.db
    .update(contribution, { datasetId, contentHash })
    .set({ status: "accepted", score, acceptableAt: null, revision: revisionOf(event) });
  const from = counterOf(before?.status ?? "pending");
  await context.db
    .update(dataset, { id: datasetId })
    .set((row) => ({ [from]: row[from] - 1, acceptedCount: row.acceptedCount + 1 }));
  await recount(context.db, datasetId, before, "accepted");
});

ponder.on("CairnRegistry:ContributionRejected", async ({ event, context }) => {
  const { datasetId, contentHash } = event.args;
  const before = await stateOf(context.db, datasetId, contentHash);
  await context.db
    .update(contribution, { datasetId, contentHash })
    .set({ status: "rejected", acceptableAt: null, revision: revisionOf(event) });
  const from = counterOf(before?.status ?? "pending");
  await context.db
    .update(dataset, { id: datasetId })
    .set((row) => ({ [from]: row[from] - 1, rejectedCount: row.rejectedCount + 1 }));
  await recount(context.db, datasetId, before, "rejected");
});

ponder.on("CairnRegistry:ReviewSkipped", async ({ event, context }) => {
  await context.db.insert(skipped).values({
    id: event.id,
    kind: "review",
    datasetId: event.args.datasetId,
    contentHash: event.args.contentHash,
    account: event.args.curator,
    reason: event.args.reason,
    blockNumber: event.block.number,
    transactionHash: event.transaction.hash,
  });
});
