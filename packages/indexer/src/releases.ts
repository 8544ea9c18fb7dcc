// ReleaseRegistry and ModelRegistry: one small handler per event. Releases (snapshots of a dataset), models and
// the releases they cite, stewards' standings on models, data dividends paid to models and claimed by owners.
import { ponder } from "ponder:registry";
import { dividendClaim, dividendPayment, model, modelRelease, modelReview, release } from "ponder:schema";
import { cidText, optionalCidText } from "../lib/cid.js";

const standings = ["none", "endorsed", "flagged"] as const;

ponder.on("ReleaseRegistry:ReleaseCut", async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(release).values({
    id: a.releaseId,
    datasetId: a.datasetId,
    parentId: a.parentId,
    number: a.number,
    root: a.root,
    itemCount: a.itemCount,
    totalScore: a.totalScore,
    snapshotBlock: a.snapshotBlock,
    manifestCid: cidText(a.manifestCid),
    fileListCid: cidText(a.fileListCid),
    license: a.license,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
  });
});

ponder.on("ModelRegistry:ModelRegistered", async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(model).values({
    id: a.modelId,
    registrant: a.registrant,
    dividendToken: a.dividendToken,
    name: a.name,
    releaseIds: a.releaseIds.map(String),
    weightsCid: cidText(a.weightsCid),
    weightsSha256: a.weightsSha256,
    license: a.license,
    cardCid: optionalCidText(a.cardCid),
    paid: 0n,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
  });
  if (a.releaseIds.length > 0)
    await context.db
      .insert(modelRelease)
      .values(a.releaseIds.map((releaseId) => ({ modelId: a.modelId, releaseId })))
      .onConflictDoNothing();
});

ponder.on("ModelRegistry:ModelReviewed", async ({ event, context }) => {
  const { modelId, datasetId, steward, standing } = event.args;
  const values = {
    steward,
    standing: standings[standing] ?? `unknown(${standing})`,
    blockNumber: event.block.number,
  };
  await context.db
    .insert(modelReview)
    .values({ modelId, datasetId, ...values })
    .onConflictDoUpdate(values);
});

ponder.on("ModelRegistry:DividendPaid", async ({ event, context }) => {
  const { modelId, payer, token, amount } = event.args;
  await context.db.update(model, { id: modelId }).set((row) => ({ paid: row.paid + amount }));
  await context.db.insert(dividendPayment).values({
    id: event.id,
    modelId,
    payer,
    token,
    amount,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
  });
});

ponder.on("ModelRegistry:DividendClaimed", async ({ event, context }) => {
  const { releaseId, token, owner, contentHash, amount } = event.args;
  await context.db.insert(dividendClaim).values({
    id: event.id,
    releaseId,
    token,
    owner,
    contentHash,
    amount,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
  });
});
