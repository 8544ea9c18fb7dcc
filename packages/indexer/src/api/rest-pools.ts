// REST routes for reviewer pools: a dataset's pool with its members' agreement rates, and one reviewer's votes.
import { poolReviewer, poolVote, reviewerPool } from "ponder:schema";
import { Hono } from "hono";
import { and, asc, eq, gt } from "ponder";
import { getAddress } from "viem";
import type { BlockCache } from "./block-cache.js";
import { cachedRoute } from "./cached-route.js";
import { ApiError, addressOf, bigintOf, limitOf, page } from "./rest.js";

// biome-ignore lint/suspicious/noExplicitAny: Ponder's read-only Drizzle database (typed by the schema at build time).
type Db = any;

function reviewerJson(row: typeof poolReviewer.$inferSelect) {
  return {
    account: getAddress(row.account),
    index: row.index,
    active: row.active,
    stake: row.stake.toString(),
    votes: row.votes,
    agreed: row.agreed,
    /** Settled votes that agreed with the outcome, over settled votes (null before the first). */
    agreementRate: row.votes > 0 ? row.agreed / row.votes : null,
    slashed: row.slashed.toString(),
  };
}

export function poolsRest(db: Db, cache: BlockCache) {
  const app = new Hono();
  const cached = cachedRoute(cache);

  async function poolOr404(idText: string | undefined) {
    const datasetId = bigintOf(idText, "id");
    if (datasetId === undefined) throw new ApiError(400, "bad_id", "id must be a non-negative integer.");
    const [row] = await db.select().from(reviewerPool).where(eq(reviewerPool.datasetId, datasetId)).limit(1);
    if (!row) throw new ApiError(404, "pool_not_found", `Dataset ${datasetId} has no indexed reviewer pool.`);
    return row as typeof reviewerPool.$inferSelect;
  }

  app.get(
    "/datasets/:id/pool",
    cached(async (c) => {
      const pool = await poolOr404(c.req.param("id"));
      const limit = limitOf(c.req.query("limit"));
      const after = bigintOf(c.req.query("cursor"), "cursor");
      const rows: Array<typeof poolReviewer.$inferSelect> = await db
        .select()
        .from(poolReviewer)
        .where(
          and(
            eq(poolReviewer.datasetId, pool.datasetId),
            after === undefined ? undefined : gt(poolReviewer.index, Number(after)),
          ),
        )
        .orderBy(asc(poolReviewer.index), asc(poolReviewer.account))
        .limit(limit + 1);
      const { items, nextCursor } = page(rows, limit, (r) => BigInt(r.index));
      return {
        datasetId: pool.datasetId.toString(),
        policy: pool.policy,
        members: pool.members,
        goldRoot: pool.goldRoot,
        reviewers: items.map(reviewerJson),
        nextCursor,
      };
    }),
  );

  app.get(
    "/datasets/:id/pool/reviewers/:address",
    cached(async (c) => {
      const pool = await poolOr404(c.req.param("id"));
      const account = addressOf(c.req.param("address"), "address");
      if (!account) throw new ApiError(400, "bad_address", "address must be an address.");
      const [row] = await db
        .select()
        .from(poolReviewer)
        .where(and(eq(poolReviewer.datasetId, pool.datasetId), eq(poolReviewer.account, account)))
        .limit(1);
      if (!row) throw new ApiError(404, "reviewer_not_found", `${account} is not in dataset ${pool.datasetId}'s pool.`);
      const votes = await db
        .select()
        .from(poolVote)
        .where(and(eq(poolVote.datasetId, pool.datasetId), eq(poolVote.reviewer, account)))
        .orderBy(asc(poolVote.blockNumber))
        .limit(1000);
      return {
        ...reviewerJson(row),
        ballots: votes.map((v: typeof poolVote.$inferSelect) => ({
          contentHash: v.contentHash,
          seat: v.seat,
          score: v.score,
          agreed: v.agreed,
          blockNumber: v.blockNumber.toString(),
        })),
      };
    }),
  );

  return app;
}
