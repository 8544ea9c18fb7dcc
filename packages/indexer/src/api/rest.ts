// REST routes for what clients ask most. Pages are ordered by a stable key and continue from `cursor`
// (the key of the last item, opaque to clients); at most `limit` (1..1000, default 100) items a page.

import { curator, dataset, pool } from "ponder:schema";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { and, asc, eq, gt } from "ponder";
import { getAddress, isAddress, isHex } from "viem";
import { claimableOf } from "../../lib/rewards.js";
import { contributionStatuses } from "../../lib/statuses.js";
import { type BlockCache, RawJson } from "./block-cache.js";
import { cachedRoute } from "./cached-route.js";
import { accountRows, contributionWithReviews } from "./contribution-pages.js";
import { arrayParts } from "./json-bytes.js";
import { contributionPage, type PageQuery } from "./page-batches.js";
import type { RowCache } from "./row-cache.js";

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The status names the REST API answers and filters by, in the order its messages list them. */
const statuses = new Set<string>(contributionStatuses);
const statusList = `${contributionStatuses.slice(0, -1).join(", ")} or ${contributionStatuses.at(-1)}`;

// biome-ignore lint/suspicious/noExplicitAny: Ponder's read-only Drizzle database (typed by the schema at build time).
type Db = any;

export function limitOf(value: string | undefined): number {
  if (value === undefined) return 100;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000)
    throw new ApiError(400, "bad_limit", "limit must be an integer from 1 to 1000.");
  return n;
}

export function bigintOf(value: string | undefined, name: string): bigint | undefined {
  if (value === undefined || value === "") return undefined;
  if (!/^\d{1,78}$/.test(value)) throw new ApiError(400, `bad_${name}`, `${name} must be a non-negative integer.`);
  return BigInt(value);
}

export function addressOf(value: string | undefined, name: string): `0x${string}` | undefined {
  if (value === undefined || value === "") return undefined;
  if (!isAddress(value, { strict: false })) throw new ApiError(400, `bad_${name}`, `${name} must be an address.`);
  return value.toLowerCase() as `0x${string}`;
}

const address = (value: string | null) => (value ? getAddress(value) : null);

function datasetJson(row: typeof dataset.$inferSelect, p: typeof pool.$inferSelect | undefined | null) {
  return {
    id: row.id.toString(),
    steward: getAddress(row.steward),
    pendingSteward: address(row.pendingSteward),
    creator: getAddress(row.creator),
    manifestCid: row.manifestCid,
    termsHash: row.termsHash,
    status: row.status,
    quorum: row.quorum,
    defaultScore: row.defaultScore,
    curatorCount: row.curatorCount,
    challengePeriod: row.challengePeriod,
    governance: row.governor
      ? { governor: address(row.governor), timelock: address(row.timelock), votes: address(row.votes) }
      : null,
    contributions: {
      total: row.contributionCount,
      pending: row.pendingCount,
      provisional: row.provisionalCount,
      accepted: row.acceptedCount,
      rejected: row.rejectedCount,
      withdrawn: row.withdrawnCount,
      removed: row.removedCount,
    },
    rewards: {
      token: address(p?.token ?? null),
      weightObserver: address(p?.weightObserver ?? null),
      weightObserverFailedBlock: p?.weightObserverFailedBlock?.toString() ?? null,
      totalWeight: (p?.totalWeight ?? 0n).toString(),
      funded: (p?.funded ?? 0n).toString(),
      claimed: (p?.claimed ?? 0n).toString(),
      held: (p?.held ?? 0n).toString(),
    },
    createdBlock: row.createdBlock.toString(),
    createdAt: row.createdAt.toString(),
    createdTx: row.createdTx,
  };
}

/** A list's answer: `{"contributions":[…], …rest}`, its contributions' JSON bytes copied once (./json-bytes.ts). */
const contributionsJson = (items: readonly Uint8Array[], rest: Record<string, unknown>) =>
  RawJson.of(['{"contributions":', ...arrayParts(items), `,${JSON.stringify(rest).slice(1)}`]);

/** Takes `limit + 1` rows: the extra one says whether another page exists. */
export function page<T>(rows: T[], limit: number, keyOf: (row: T) => bigint) {
  const items = rows.slice(0, limit);
  const more = rows.length > limit;
  return { items, nextCursor: more && items.length > 0 ? keyOf(items[items.length - 1] as T).toString() : null };
}

export function rest(db: Db, cache: BlockCache, rows: RowCache) {
  const app = new Hono();
  const cached = cachedRoute(cache);

  function idOf(idText: string | undefined): bigint {
    const id = bigintOf(idText, "id");
    if (id === undefined) throw new ApiError(400, "bad_id", "id must be a non-negative integer.");
    return id;
  }

  async function datasetOr404(idText: string | undefined) {
    const id = idOf(idText);
    const [row] = await db.select().from(dataset).where(eq(dataset.id, id)).limit(1);
    if (!row) throw new ApiError(404, "dataset_not_found", `Dataset ${id} is not indexed (yet?).`);
    return row as typeof dataset.$inferSelect;
  }

  /** A page of a dataset's contributions as JSON text (./page-batches.ts); the dataset is looked up only when the
   *  page is empty (404). */
  async function listPage(idText: string | undefined, query: Omit<PageQuery, "datasetId">) {
    const found = await contributionPage(db, rows, { ...query, datasetId: idOf(idText) });
    if (found.empty) await datasetOr404(idText);
    return found;
  }

  app.get(
    "/datasets",
    cached(async (c) => {
      const limit = limitOf(c.req.query("limit"));
      const after = bigintOf(c.req.query("cursor"), "cursor") ?? 0n;
      const rows: Array<{ d: typeof dataset.$inferSelect; p: typeof pool.$inferSelect | null }> = await db
        .select({ d: dataset, p: pool })
        .from(dataset)
        .leftJoin(pool, eq(pool.datasetId, dataset.id))
        .where(gt(dataset.id, after))
        .orderBy(asc(dataset.id))
        .limit(limit + 1);
      const { items, nextCursor } = page(rows, limit, (r) => r.d.id);
      return { datasets: items.map((r) => datasetJson(r.d, r.p)), nextCursor };
    }),
  );

  app.get(
    "/datasets/:id",
    cached(async (c) => {
      const row = await datasetOr404(c.req.param("id"));
      const [p] = await db.select().from(pool).where(eq(pool.datasetId, row.id)).limit(1);
      const curators = await db
        .select()
        .from(curator)
        .where(and(eq(curator.datasetId, row.id), eq(curator.active, true)))
        .orderBy(asc(curator.seat));
      return {
        ...datasetJson(row, p),
        curators: curators.map((r: typeof curator.$inferSelect) => ({ account: getAddress(r.account), seat: r.seat })),
      };
    }),
  );

  app.get(
    "/datasets/:id/contributions",
    cached(async (c) => {
      const limit = limitOf(c.req.query("limit"));
      const after = bigintOf(c.req.query("cursor"), "cursor") ?? -1n;
      const status = c.req.query("status");
      if (status !== undefined && !statuses.has(status))
        throw new ApiError(400, "bad_status", `status must be ${statusList}.`);
      const contributor = addressOf(c.req.query("contributor"), "contributor");
      const owner = addressOf(c.req.query("owner"), "owner");
      const { items, nextCursor } = await listPage(c.req.param("id"), { after, limit, status, contributor, owner });
      return contributionsJson(items, { nextCursor });
    }),
  );

  app.get(
    "/datasets/:id/contributions/:contentHash",
    cached(async (c) => {
      const id = idOf(c.req.param("id"));
      const contentHash = (c.req.param("contentHash") ?? "").toLowerCase();
      if (!isHex(contentHash) || contentHash.length !== 66)
        throw new ApiError(400, "bad_content_hash", "contentHash must be 32 bytes of hex.");
      // One query (./contribution-pages.ts); the dataset is looked up only when nothing is found, to tell which of
      // the two is missing.
      const found = await contributionWithReviews(db, id, contentHash);
      if (found === null) {
        await datasetOr404(c.req.param("id"));
        throw new ApiError(404, "contribution_not_found", `No contribution ${contentHash} in dataset ${id}.`);
      }
      return RawJson.text(found);
    }),
  );

  app.get(
    "/datasets/:id/review-queue",
    cached(async (c) => {
      const id = idOf(c.req.param("id"));
      const limit = limitOf(c.req.query("limit"));
      const after = bigintOf(c.req.query("cursor"), "cursor") ?? -1n;
      const who = addressOf(c.req.query("curator"), "curator");
      const { items, nextCursor } = await listPage(c.req.param("id"), {
        after,
        limit,
        status: "pending",
        unreviewedBy: who,
      });
      let isCurator: boolean | null = null;
      if (who) {
        // The same for every page the curator asks at this block: kept in the block cache under its own key.
        const seat = async () =>
          (
            await db
              .select({ seat: curator.seat })
              .from(curator)
              .where(and(eq(curator.datasetId, id), eq(curator.account, who), eq(curator.active, true)))
              .limit(1)
          ).length > 0;
        isCurator = JSON.parse((await cache.answer(`curator-seat:${id}:${who}`, seat)).toString()) as boolean;
      }
      return contributionsJson(items, { nextCursor, isCurator });
    }),
  );

  app.get(
    "/accounts/:address",
    cached(async (c) => {
      const account = addressOf(c.req.param("address"), "address") as `0x${string}`;
      const found = await accountRows(db, account);
      const ids = new Set<string>([...found.positions.map((r) => r.d), ...found.counts.map((r) => r.d)]);
      const datasets = [...ids]
        .map(BigInt)
        .sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))
        .map((datasetId) => {
          const id = datasetId.toString();
          const pos = found.positions.find((r) => r.d === id);
          const mine = found.counts.find((r) => r.d === id);
          return {
            datasetId: id,
            contributed: mine?.contributed ?? 0,
            owned: Object.fromEntries(contributionStatuses.map((name) => [name, mine?.[name] ?? 0])),
            weight: pos?.weight ?? "0",
            claimable:
              pos && pos.rewardPerWeight !== null
                ? claimableOf(
                    { rewardPerWeight: BigInt(pos.rewardPerWeight) },
                    { weight: BigInt(pos.weight), debt: BigInt(pos.debt) },
                  ).toString()
                : "0",
            claimed: pos?.claimed ?? "0",
          };
        });
      return {
        address: getAddress(account),
        datasets,
        payouts: found.payouts,
        governed: found.governed.map((g) => ({
          datasetId: g.datasetId,
          governor: getAddress(g.governor),
          votes: getAddress(g.votes),
        })),
      };
    }),
  );

  return app;
}
