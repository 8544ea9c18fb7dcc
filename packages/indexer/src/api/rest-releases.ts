// REST routes for releases, models and data dividends, paged and cached like ./rest.ts.
import { dividendClaim, dividendPayment, model, modelRelease, modelReview, release } from "ponder:schema";
import { Hono } from "hono";
import { and, asc, eq, gt, sum } from "ponder";
import { getAddress } from "viem";
import type { BlockCache } from "./block-cache.js";
import { cachedRoute } from "./cached-route.js";
import { ApiError, bigintOf, limitOf, page } from "./rest.js";

// biome-ignore lint/suspicious/noExplicitAny: Ponder's read-only Drizzle database (typed by the schema at build time).
type Db = any;

function releaseJson(row: typeof release.$inferSelect) {
  return {
    id: row.id.toString(),
    datasetId: row.datasetId.toString(),
    parentId: row.parentId.toString(),
    number: row.number,
    root: row.root,
    itemCount: row.itemCount.toString(),
    totalScore: row.totalScore.toString(),
    snapshotBlock: row.snapshotBlock.toString(),
    manifestCid: row.manifestCid,
    fileListCid: row.fileListCid,
    license: row.license,
    blockNumber: row.blockNumber.toString(),
    timestamp: row.timestamp.toString(),
    transactionHash: row.transactionHash,
  };
}

function modelJson(row: typeof model.$inferSelect) {
  return {
    id: row.id.toString(),
    registrant: getAddress(row.registrant),
    dividendToken: getAddress(row.dividendToken),
    name: row.name,
    releaseIds: row.releaseIds,
    weightsCid: row.weightsCid,
    weightsSha256: row.weightsSha256,
    license: row.license,
    cardCid: row.cardCid,
    paid: row.paid.toString(),
    blockNumber: row.blockNumber.toString(),
    transactionHash: row.transactionHash,
  };
}

export function releasesRest(db: Db, cache: BlockCache) {
  const app = new Hono();
  const cached = cachedRoute(cache);

  app.get(
    "/datasets/:id/releases",
    cached(async (c) => {
      const datasetId = bigintOf(c.req.param("id"), "id");
      if (datasetId === undefined) throw new ApiError(400, "bad_id", "id must be a non-negative integer.");
      const limit = limitOf(c.req.query("limit"));
      const after = bigintOf(c.req.query("cursor"), "cursor") ?? 0n;
      const rows: Array<typeof release.$inferSelect> = await db
        .select()
        .from(release)
        .where(and(eq(release.datasetId, datasetId), gt(release.id, after)))
        .orderBy(asc(release.id))
        .limit(limit + 1);
      const { items, nextCursor } = page(rows, limit, (r) => r.id);
      return { releases: items.map(releaseJson), nextCursor };
    }),
  );

  app.get(
    "/releases/:id",
    cached(async (c) => {
      const id = bigintOf(c.req.param("id"), "id");
      if (id === undefined) throw new ApiError(400, "bad_id", "id must be a non-negative integer.");
      const [row] = await db.select().from(release).where(eq(release.id, id)).limit(1);
      if (!row) throw new ApiError(404, "release_not_found", `Release ${id} is not indexed (yet?).`);
      const models = await db
        .select({ modelId: modelRelease.modelId })
        .from(modelRelease)
        .where(eq(modelRelease.releaseId, id))
        .orderBy(asc(modelRelease.modelId));
      const claimed = await db
        .select({ token: dividendClaim.token, amount: sum(dividendClaim.amount) })
        .from(dividendClaim)
        .where(eq(dividendClaim.releaseId, id))
        .groupBy(dividendClaim.token);
      return {
        ...releaseJson(row),
        models: models.map((m: { modelId: bigint }) => m.modelId.toString()),
        dividendsClaimed: claimed.map((r: { token: string; amount: string | null }) => ({
          token: getAddress(r.token),
          amount: r.amount ?? "0",
        })),
      };
    }),
  );

  app.get(
    "/models",
    cached(async (c) => {
      const limit = limitOf(c.req.query("limit"));
      const after = bigintOf(c.req.query("cursor"), "cursor") ?? 0n;
      const rows: Array<typeof model.$inferSelect> = await db
        .select()
        .from(model)
        .where(gt(model.id, after))
        .orderBy(asc(model.id))
        .limit(limit + 1);
      const { items, nextCursor } = page(rows, limit, (r) => r.id);
      return { models: items.map(modelJson), nextCursor };
    }),
  );

  app.get(
    "/models/:id",
    cached(async (c) => {
      const id = bigintOf(c.req.param("id"), "id");
      if (id === undefined) throw new ApiError(400, "bad_id", "id must be a non-negative integer.");
      const [row] = await db.select().from(model).where(eq(model.id, id)).limit(1);
      if (!row) throw new ApiError(404, "model_not_found", `Model ${id} is not indexed (yet?).`);
      const reviews = await db.select().from(modelReview).where(eq(modelReview.modelId, id));
      const payments = await db
        .select()
        .from(dividendPayment)
        .where(eq(dividendPayment.modelId, id))
        .orderBy(asc(dividendPayment.blockNumber), asc(dividendPayment.id))
        .limit(1000);
      return {
        ...modelJson(row),
        reviews: reviews.map((r: typeof modelReview.$inferSelect) => ({
          datasetId: r.datasetId.toString(),
          steward: getAddress(r.steward),
          standing: r.standing,
        })),
        payments: payments.map((p: typeof dividendPayment.$inferSelect) => ({
          payer: getAddress(p.payer),
          token: getAddress(p.token),
          amount: p.amount.toString(),
          blockNumber: p.blockNumber.toString(),
          transactionHash: p.transactionHash,
        })),
      };
    }),
  );

  return app;
}
