// The indexer's HTTP API (Ponder serves it, with CORS for any origin, /health, /ready, /status and the
// Prometheus /metrics): GraphQL at /graphql, Ponder's SQL over HTTP at /sql/*, the REST routes of
// ./rest.ts at /v1/*, and /healthz with the indexed block and the lag behind the chain's head.
import { db, publicClients } from "ponder:api";
import schema from "ponder:schema";
import { isTable } from "drizzle-orm";
import { getTableConfig, type PgTable } from "drizzle-orm/pg-core";
import { type ErrorHandler, type Handler, Hono, type MiddlewareHandler } from "hono";
import { client, graphql, sql } from "ponder";
import { startAvailability } from "../availability/start.js";
import { createAnswerArena } from "./answer-arena.js";
import { createBlockCache } from "./block-cache.js";
import { restReadsInFlight, serveRestReads } from "./fast-path.js";
import { health, rawRows, readBackfillDone, readCheckpoint, readCheckpoints } from "./health.js";
import { createPlannerStats, followIndexing } from "./planner-stats.js";
import { openReadPool } from "./read-pool.js";
import { createRecoveryGate } from "./recovery.js";
import { ApiError, rest } from "./rest.js";
import { availabilityRest } from "./rest-availability.js";
import { lookupRest } from "./rest-lookup.js";
import { poolsRest } from "./rest-pools.js";
import { releasesRest } from "./rest-releases.js";
import { createRowCache } from "./row-cache.js";

// On PostgreSQL, the read pool's connections are opened now and kept (./read-pool.ts).
openReadPool(
  (db as unknown as { $client: unknown }).$client,
  Number(process.env.CAIRN_INDEXER_READ_CONNECTIONS ?? 9) || 9,
).catch(() => {});

const app = new Hono();
// The REST routes, in an app of their own: Ponder's app routes to it, and its GETs are served without Ponder's
// middleware (./fast-path.ts), so it sets the CORS header Ponder's middleware sets (any origin).
const reads = new Hono();
reads.use("/v1/*", async (c, next) => {
  c.header("access-control-allow-origin", "*");
  await next();
});
// After a restart, nothing is answered from tables that Ponder's crash recovery has not caught up yet (./recovery.ts).
const recovery = createRecoveryGate(() => readCheckpoints(db));
const gate: MiddlewareHandler = async (c, next) => {
  const starting = await recovery.starting();
  if (!starting) return next();
  c.header("retry-after", "1");
  return c.json({ error: { code: "indexer_starting", message: starting.message } }, 503);
};
reads.use("/v1/*", gate);
for (const path of ["/graphql", "/graphql/*", "/sql/*"]) app.use(path, gate);
// On PGlite, nothing else keeps the planner's statistics (./planner-stats.ts). On PostgreSQL, autovacuum analyzes a
// table at most once a minute (autovacuum_naptime), and after a backfill the first REST pages were planned without
// statistics until it had: a sort of every row after the cursor, ~10 ms a page at 20,000 contributions, 50 pages
// queued behind each other on the read pool (the bench's first requests waited 0.4 s). ANALYZE runs in a read-only
// session, in the database's process; there only when the tables doubled (autovacuum keeps them fresh meanwhile, and a
// backfill pays for ~8 ANALYZE, not ~30).
// Of the contributions, only the columns the REST reads filter and order by: on PGlite each ANALYZE holds the one
// thread every request waits for, and the wide text columns (hashes, CIDs) were most of its time: ~270 ms at 120,000
// contributions, ~120 ms without them (the others keep the planner's defaults; their lookups go by unique keys).
const contributions = schema.contribution;
/** How many rows the indexing wrote, roughly: the datasets' contribution and review counters. */
async function countActivity() {
  const d = schema.dataset;
  const [row] = await db
    .select({
      n: sql<string>`coalesce(sum(${d.contributionCount} + ${d.acceptedCount} + ${d.rejectedCount} + ${d.withdrawnCount} + ${d.removedCount}), 0)`,
    })
    .from(d);
  return Number(row?.n ?? 0);
}
// Both jobs below look at each new checkpoint at once: they share one count.
let counting: Promise<number> | undefined;
const activity = () => {
  counting ??= countActivity().finally(() => {
    counting = undefined;
  });
  return counting;
};
/** Background work waits while REST reads are being answered (./fast-path.ts). */
const busy = () => restReadsInFlight() > 0;
const stats = createPlannerStats(
  db,
  [
    {
      table: contributions,
      columns: [
        contributions.datasetId,
        contributions.position,
        contributions.status,
        contributions.contributor,
        contributions.owner,
        contributions.accepts,
        contributions.rejects,
      ],
    },
    schema.review,
    schema.dataset,
    schema.curator,
    schema.position,
    schema.claim,
  ],
  activity,
  // On PGlite, not during the backfill: there ANALYZE runs in Ponder's thread, one every fifth of growth (~1.1 s of a
  // cold sync of 100,000 contributions), for statistics outdated seconds later; it runs once Ponder says the backfill
  // is done (the flag its `/ready` reads), before the live blocks' prefetch needs it (README, "Where sync time goes").
  // On PostgreSQL it runs in the database's process, and deferring it changed nothing measurable: it stays, so the
  // first live blocks are planned with statistics.
  {
    busy,
    // On PGlite, a sample of 3,000 rows (the default samples 30,000): ANALYZE of the columns above at 120,000
    // contributions holds the one thread ~17 ms instead of ~130, and a few values and ten histogram buckets a column
    // are all the REST reads' plans need (their index scans). Its session is PGlite's only one: no other ANALYZE.
    ...(process.env.DATABASE_URL ? { scale: 1 } : { ready: () => readBackfillDone(db), statisticsTarget: 10 }),
  },
);
/** Every table of the schema (the vacuum below, the /sql guard further down). */
const tables = Object.values(schema).filter(isTable) as PgTable[];
// On PostgreSQL, autovacuum's work done at quiet moments. After a backfill its tables hold ~100,000 rows just
// inserted, none marked visible to all (an index-only scan still reads the table), and autovacuum's counters far
// past its thresholds; autovacuum then vacuums and analyzes them at its next round (a minute, autovacuum_naptime),
// wherever that falls. In the REST bench it fell inside an endpoint's half second of requests: PostgreSQL's CPU
// 0.36 ms a request instead of 0.06, that endpoint's p99 64 ms instead of ~39 (README, "Where sync time goes").
// So once Ponder says the backfill is done, and then whenever the rows written grew by a twentieth (autovacuum
// analyzes at a tenth), every table of this schema and of the sync store is vacuumed and analyzed, at a moment
// without REST reads in flight (or after 5 s of steady traffic, as autovacuum would anyway). Whole tables: an
// ANALYZE of some columns leaves autovacuum's count of changes as it was. Nothing on PGlite: no autovacuum there.
// Ponder's reorg records of each table (`_reorg__<table>`, beside it), filled by every live block.
const reorgTables = tables.map((t) => {
  const { schema: name = "public", name: table } = getTableConfig(t);
  return sql`${sql.identifier(name)}.${sql.identifier(`_reorg__${table}`)}`;
});
const syncStore = ["logs", "blocks", "transactions"].map((t) => sql.raw(`ponder_sync.${t}`));
const vacuum = process.env.DATABASE_URL
  ? createPlannerStats(db, [...tables, ...reorgTables, ...syncStore], activity, {
      command: "VACUUM (ANALYZE)",
      threshold: 50,
      scale: 0.05,
      ready: () => readBackfillDone(db),
      busy,
    })
  : undefined;
// The statistics must follow the indexing, not only the REST traffic: for each live block Ponder first loads the rows
// its events will write (one query per table, an OR of their keys); planned without statistics, that OR over
// contribution's composite key took ~85 ms a block, analyzed ~13 ms
// (README, "Where live time goes"). So the checkpoint is also looked at every CAIRN_INDEXER_STATS_MS (2 s).
const statsEveryMs = Number(process.env.CAIRN_INDEXER_STATS_MS ?? 2000) || 2000;
followIndexing(stats, () => readCheckpoint(db), statsEveryMs);
if (vacuum) followIndexing(vacuum, () => readCheckpoint(db), statsEveryMs);
// The checkpoint is read at most every CAIRN_INDEXER_CACHE_MS (default 100 ms, the tests' polling interval).
const cache = createBlockCache(
  async () => {
    const checkpoint = await readCheckpoint(db);
    stats.onCheckpoint(checkpoint);
    vacuum?.onCheckpoint(checkpoint);
    return checkpoint;
  },
  {
    maxAgeMs: Number(process.env.CAIRN_INDEXER_CACHE_MS ?? 100) || 0,
    // The answers' bytes in memory written over, not allocated for each (./answer-arena.ts).
    ...(process.env.CAIRN_INDEXER_ARENA === "0" ? {} : { arena: createAnswerArena() }),
  },
);

// Ponder 0.16 on PGlite (one database session for everything) creates temporary tables named like the tables it
// updates in bulk; from then on an unqualified name in a /sql query reads that empty copy. Refuse instead of
// answering wrong (PostgreSQL's read-only sessions have no such tables).
const tableNames = tables.map((t) => getTableConfig(t).name);
app.use("/sql/*", async (c, next) => {
  const temporary = await rawRows<{ relname: string }>(
    db,
    sql`SELECT relname FROM pg_class WHERE relnamespace = pg_my_temp_schema() AND relname IN (${sql.join(
      tableNames.map((n) => sql`${n}`),
      sql`, `,
    )})`,
  );
  const shadowed = temporary.map((r) => r.relname);
  if (shadowed.length === 0) return next();
  return c.json(
    {
      error: {
        code: "sql_unavailable",
        message: `SQL over HTTP would read a temporary copy of ${shadowed.join(", ")} on this embedded database (PGlite); use REST, GraphQL, or an indexer on PostgreSQL (DATABASE_URL).`,
      },
    },
    503,
  );
});
app.use("/sql/*", client({ db, schema }));
app.use("/graphql", graphql({ db, schema }));
app.get("/healthz", async (c) => {
  const report = await health(db, publicClients.cairn, cache.observe, await recovery.starting());
  return c.json(report, report.ok ? 200 : 503);
});
// Each contribution's JSON by revision, for the lists (./row-cache.ts): CAIRN_INDEXER_ROW_CACHE_MB of JSON text
// (default 128, ~280,000 contributions; the heap holds about 1.5 times that).
const rowCacheMb = Number(process.env.CAIRN_INDEXER_ROW_CACHE_MB ?? 128);
const rows = createRowCache({ maxBytes: (Number.isFinite(rowCacheMb) ? rowCacheMb : 128) * 1024 * 1024 });
reads.route("/v1", rest(db, cache, rows));
reads.route("/v1", releasesRest(db, cache));
reads.route("/v1", poolsRest(db, cache));
reads.route("/v1", availabilityRest(db, startAvailability(db)));
reads.route("/v1", lookupRest(db));
// Mounted under Ponder's own app, whose 404 is plain text: answer every other path here, as JSON.
const notFound: Handler = (c) =>
  c.json({ error: { code: "not_found", message: `No route for ${c.req.method} ${c.req.path}.` } }, 404);
reads.all("/v1/*", notFound);
const onError: ErrorHandler = (error, c) => {
  if (error instanceof ApiError) return c.json({ error: { code: error.code, message: error.message } }, error.status);
  return c.json({ error: { code: "internal", message: "The indexer failed to answer." } }, 500);
};
reads.onError(onError);
// Hono copies an app's routes (and its error handler) when it is mounted: `reads` is complete here.
app.route("/", reads);
app.all("*", notFound);
app.onError(onError);
serveRestReads(reads.fetch);

export default app;
