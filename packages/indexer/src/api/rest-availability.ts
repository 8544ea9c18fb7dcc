// GET /v1/datasets/:id/availability: the indexer's latest availability check of a dataset's accepted files
// (../availability/checker.ts), a summary and the files, a page at a time (by position; `cursor` continues).
// Read-only: results come from the indexer's own checker, never from a request.
import { contribution, dataset } from "ponder:schema";
import { Hono } from "hono";
import { and, asc, eq, gt, inArray, sql } from "ponder";
import { int8Cursor } from "../../lib/int8.js";
import type { AvailabilityService } from "../availability/start.js";
import { availabilityTable } from "../availability/table.js";
import { ApiError, bigintOf, limitOf, page } from "./rest.js";

// biome-ignore lint/suspicious/noExplicitAny: Ponder's read-only Drizzle database (typed by the schema at build time).
type Db = any;

const copyStatuses = ["available", "missing", "corrupt", "unreachable"] as const;

export function availabilityRest(db: Db, checker: AvailabilityService | undefined) {
  const app = new Hono();
  app.get("/datasets/:id/availability", async (c) => {
    const datasetId = bigintOf(c.req.param("id"), "id");
    if (datasetId === undefined) throw new ApiError(400, "bad_id", "id must be a non-negative integer.");
    const limit = limitOf(c.req.query("limit"));
    const cursor = bigintOf(c.req.query("cursor"), "cursor");
    const after = cursor === undefined ? undefined : int8Cursor(cursor);
    const [known] = await db.select({ id: dataset.id }).from(dataset).where(eq(dataset.id, datasetId)).limit(1);
    if (!known) throw new ApiError(404, "dataset_not_found", `Dataset ${datasetId} is not indexed (yet?).`);
    if (!checker)
      throw new ApiError(
        404,
        "availability_off",
        "This indexer does not check availability (its operator has not set CAIRN_AVAILABILITY_STORES).",
      );
    await checker.ready.catch(() => {
      throw new ApiError(503, "availability_unavailable", "The indexer's availability checker failed to start.");
    });
    const { stores, settings } = checker;
    const table = availabilityTable(checker.schemaName);
    // A result counts only for the contribution as indexed now: accepted, with the CID that was fetched.
    const joined = and(
      eq(table.datasetId, contribution.datasetId),
      eq(table.contentHash, contribution.contentHash),
      eq(table.cid, contribution.cid),
      inArray(table.store, stores),
    );
    const accepted = and(eq(contribution.datasetId, datasetId), eq(contribution.status, "accepted"));

    // The summary: per file its verified copies, then files by health; per store its counts by status.
    const available = sql<number>`count(*) filter (where ${table.status} = 'available')`;
    const perFile = db
      .select({
        contentHash: contribution.contentHash,
        checked: sql<number>`count(${table.store})`.as("checked"),
        copies: available.as("copies"),
      })
      .from(contribution)
      .leftJoin(table, joined)
      .where(accepted)
      .groupBy(contribution.contentHash)
      .as("per_file");
    const m = settings.minCopies;
    const [totals] = await db
      .select({
        files: sql<string>`count(*)`,
        unchecked: sql<string>`count(*) filter (where ${perFile.checked} = 0)`,
        healthy: sql<string>`count(*) filter (where ${perFile.copies} >= ${m})`,
        atRisk: sql<string>`count(*) filter (where ${perFile.copies} > 0 and ${perFile.copies} < ${m})`,
        lost: sql<string>`count(*) filter (where ${perFile.checked} > 0 and ${perFile.copies} = 0)`,
      })
      .from(perFile);
    const byStoreRows: Array<{ store: string; status: string; n: string; last: string | null }> = await db
      .select({
        store: table.store,
        status: table.status,
        n: sql<string>`count(*)`,
        last: sql<string>`max(${table.checkedAt})`,
      })
      .from(contribution)
      .innerJoin(table, joined)
      .where(accepted)
      .groupBy(table.store, table.status);
    const byStore = Object.fromEntries(
      stores.map((s) => [s, Object.fromEntries(copyStatuses.map((st) => [st, 0])) as Record<string, number>]),
    );
    let checkedAt = 0;
    for (const r of byStoreRows) {
      if (byStore[r.store] && r.status in (byStore[r.store] as object))
        (byStore[r.store] as Record<string, number>)[r.status] = Number(r.n);
      checkedAt = Math.max(checkedAt, Number(r.last ?? 0));
    }

    // The page of files, by position.
    const rows: Array<{ position: bigint; contentHash: `0x${string}`; cid: string }> = await db
      .select({ position: contribution.position, contentHash: contribution.contentHash, cid: contribution.cid })
      .from(contribution)
      .where(and(accepted, after === undefined ? undefined : gt(contribution.position, after)))
      .orderBy(asc(contribution.position))
      .limit(limit + 1);
    const { items, nextCursor } = page(rows, limit, (r) => r.position);
    const results: Array<{
      contentHash: string;
      store: string;
      status: string;
      error: string | null;
      checkedAt: number;
    }> =
      items.length === 0
        ? []
        : await db
            .select({
              contentHash: table.contentHash,
              store: table.store,
              status: table.status,
              error: table.error,
              checkedAt: table.checkedAt,
            })
            .from(contribution)
            .innerJoin(table, joined)
            .where(
              and(
                accepted,
                inArray(
                  contribution.contentHash,
                  items.map((i) => i.contentHash),
                ),
              ),
            );
    const byFile = new Map<string, Record<string, { status: string; error?: string; checkedAt: number }>>();
    for (const r of results) {
      const entry = byFile.get(r.contentHash) ?? {};
      entry[r.store] = { status: r.status, ...(r.error ? { error: r.error } : {}), checkedAt: Number(r.checkedAt) };
      byFile.set(r.contentHash, entry);
    }
    return c.json({
      datasetId: datasetId.toString(),
      stores,
      minCopies: m,
      checkedAt: checkedAt || null,
      summary: {
        files: Number(totals?.files ?? 0),
        healthy: Number(totals?.healthy ?? 0),
        atRisk: Number(totals?.atRisk ?? 0),
        lost: Number(totals?.lost ?? 0),
        unchecked: Number(totals?.unchecked ?? 0),
        byStore,
      },
      files: items.map((i) => {
        const checked = byFile.get(i.contentHash) ?? {};
        return {
          position: i.position.toString(),
          contentHash: i.contentHash,
          cid: i.cid,
          copies: Object.values(checked).filter((s) => s.status === "available").length,
          stores: checked,
        };
      }),
      nextCursor,
    });
  });
  return app;
}
