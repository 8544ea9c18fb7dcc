// Pages of contributions asked at the same time, read in one statement.
//
// On this kind of machine (2 virtual cores), what an uncached page costs is less the query than the round trip: the
// API's write of each query to a pooled connection (waking a PostgreSQL backend) took ~0.2 ms of the API thread, as
// much as writing the 47 KB answer to the client, and PostgreSQL pays its own share of each wake-up and of the
// protocol's Bind/Execute/Sync. So the pages of one shape (which filters, which page size) that requests ask within
// one turn of the event loop are read together: one `unnest` of their inputs (dataset, cursor, filters), each row a
// LATERAL page of the same query as before (`limit + 1` rows in position order, aggregated in that order: no sort,
// no window), answered as its rows' positions and revisions and its next cursor. The rows' JSON comes from
// ./row-cache.ts, kept by revision: the database no longer builds it for each page (~70 % of PGlite's time on one).
// Measured with pgbench, 8 clients, pages of 100 of 100,000 (when the database built the JSON): 510 statements of 8
// pages/s (4,100 pages/s) against 2,400-2,900 pages/s one page a statement.
// A request alone is a batch of one, sent at once (setImmediate), so nothing waits for company.
//
// Each shape's statement text is built once (its values are all in the arrays) and prepared once per connection;
// page sizes in `literalLimits` are written into it so that the planner keeps one generic plan (with `LIMIT $n` it
// assumes a tenth of the table and plans each execution anew, ~0.1 ms a page), any other size is a parameter.

import { contribution, review } from "ponder:schema";
import type { SQL } from "drizzle-orm";
import { sql } from "ponder";
import { fitsInt8 } from "../../lib/int8.js";
import { contributionObject } from "./contribution-pages.js";
import { ownBytes } from "./json-bytes.js";
import { readStatement } from "./named-statements.js";
import type { RowCache } from "./row-cache.js";
import { checksummed } from "./sql-text.js";

// biome-ignore lint/suspicious/noExplicitAny: Ponder's read-only Drizzle database (typed by the schema at build time).
type Db = any;

/** A page of a dataset's contributions, by position after a cursor; the filters present make its shape. */
export type PageQuery = {
  datasetId: bigint;
  /** Only positions after this one (the cursor; -1 for the first page). */
  after: bigint;
  /** 1 to 1000. */
  limit: number;
  /** Only this status; when absent, any status but removed (taken down: listed only when asked for). */
  status?: string | undefined;
  contributor?: `0x${string}` | undefined;
  owner?: `0x${string}` | undefined;
  /** Only contributions this curator has not reviewed. */
  unreviewedBy?: `0x${string}` | undefined;
};

export type ContributionPage = {
  /** The page's contributions: each one's JSON object, as UTF-8 bytes (./json-bytes.ts). */
  items: readonly Uint8Array[];
  /** Whether the page holds no contribution. */
  empty: boolean;
  /** The key of the page's last contribution when another page follows, else null. */
  nextCursor: string | null;
};

/** Page sizes written into the statement's text (each its own prepared statement: bounded, so that a client cycling
 *  through sizes cannot make a thousand prepared statements per connection). */
const literalLimits = new Set([10, 20, 25, 50, 100, 200, 250, 500, 1000]);
/** At most this many pages a statement (~47 KB each at 100 contributions). */
const maxBatch = 16;

/** The per-page inputs of a shape: the column of `q` each fills, its SQL array type, and its value. */
type Input = { column: string; type: "int8" | "text" | "int"; value: (q: PageQuery) => string };
const always: Input[] = [
  { column: "d", type: "int8", value: (q) => q.datasetId.toString() },
  { column: "after", type: "int8", value: (q) => q.after.toString() },
];
const optional: Array<Input & { present: (q: PageQuery) => boolean; key: string }> = [
  { key: "s", column: "s", type: "text", present: (q) => q.status !== undefined, value: (q) => q.status as string },
  { key: "c", column: "who", type: "text", present: (q) => !!q.contributor, value: (q) => q.contributor as string },
  { key: "o", column: "own", type: "text", present: (q) => !!q.owner, value: (q) => q.owner as string },
  { key: "r", column: "cur", type: "text", present: (q) => !!q.unreviewedBy, value: (q) => q.unreviewedBy as string },
];

/** Any other page size: an input of its own, page by page. */
const limitInput: Input = { column: "lim", type: "int", value: (q) => String(q.limit) };

/** A shape: its statement's name, its per-page inputs, its page size when the statement's text holds it, and
 *  whether it answers the rows' JSON (else only their positions and revisions). */
type Shape = { name: string; inputs: Input[]; literalLimit: number | null; objects: boolean };

function shapeOf(q: PageQuery, objects: boolean): Shape {
  const present = optional.filter((i) => i.present(q));
  const literalLimit = literalLimits.has(q.limit) ? q.limit : null;
  return {
    name: `cairn_pages_${present.map((i) => i.key).join("") || "n"}_${literalLimit ?? "p"}${objects ? "_j" : ""}`,
    inputs: [...always, ...present, ...(literalLimit === null ? [limitInput] : [])],
    literalLimit,
    objects,
  };
}

const c = contribution;
const col = (name: string) => sql.raw(`q.${name}`);

/** The statement of a shape: one row (k, positions, revisions, next, and objects when the shape asks for them) per
 *  page asked, k its place in the arrays (1-based). */
function statementOf(db: Db, shape: Shape): string {
  const has = (column: string) => shape.inputs.some((i) => i.column === column);
  const conditions: SQL[] = [sql`${c.datasetId} = ${col("d")}`, sql`${c.position} > ${col("after")}`];
  conditions.push(has("s") ? sql`${c.status} = ${col("s")}` : sql`${c.status} <> 'removed'`);
  if (has("who")) conditions.push(sql`${c.contributor} = ${col("who")}`);
  if (has("own")) conditions.push(sql`${c.owner} = ${col("own")}`);
  // `OFFSET 0` keeps the subquery a per-row lookup of the review's primary key. Flattened into an anti join,
  // PostgreSQL without fresh statistics (right after Ponder's bulk backfill) picked a nested loop reading all the
  // curator's reviews for each contribution: 240 ms a page of 100, not 0.6 ms.
  // A pending contribution without votes has no review at all, so its lookup is skipped: every vote on a pending
  // contribution counts in its accepts or rejects (only a provisional one's decider does not, and nothing becomes
  // pending again), and most of a review queue is contributions nobody has voted on yet. The lookups were about half
  // of PostgreSQL's time on a queue's page.
  if (has("cur"))
    conditions.push(
      sql`((${c.status} = 'pending' AND ${c.accepts} = 0 AND ${c.rejects} = 0) OR NOT EXISTS (SELECT 1 FROM ${review}
        WHERE ${review.datasetId} = ${c.datasetId} AND ${review.contentHash} = ${c.contentHash}
        AND ${review.curator} = ${col("cur")} OFFSET 0))`,
    );
  const arrays = shape.inputs.map((input, i) => sql.raw(`$${i + 1}::${input.type}[]`));
  const columns = sql.raw(shape.inputs.map((i) => i.column).join(", "));
  const take = sql.raw(shape.literalLimit === null ? "q.lim + 1" : String(shape.literalLimit + 1));
  const limit = sql.raw(shape.literalLimit === null ? "q.lim" : String(shape.literalLimit));
  // Each page: its first `limit + 1` rows in position order (the extra one says whether another page follows), as
  // arrays aggregated in that order (the positions, the revisions, and the objects' texts when asked); then the
  // first `limit` of each, joined (positions and revisions by commas, objects by newlines: a JSON text built here
  // has none, to_json escapes them in the CIDs), and the next cursor (the last item's position, when another page
  // follows).
  const objects = shape.objects
    ? {
        out: sql`, array_to_string(p.objects[1:${limit}], E'\\n') AS objects`,
        agg: sql`, array_agg(r.object) AS objects`,
        row: sql`, ${contributionObject} AS object`,
      }
    : { out: sql``, agg: sql``, row: sql`` };
  const query = sql`SELECT q.k::int AS k, array_to_string(p.positions[1:${limit}], ',') AS positions,
      array_to_string(p.revisions[1:${limit}], ',') AS revisions${objects.out},
      CASE WHEN cardinality(p.positions) > ${limit} THEN p.positions[${limit}]::text END AS next
    FROM unnest(${sql.join(arrays, sql`, `)}) WITH ORDINALITY AS q(${columns}, k),
    LATERAL (SELECT array_agg(r.position) AS positions, array_agg(r.revision) AS revisions${objects.agg} FROM (
      SELECT ${c.position} AS position, ${c.revision} AS revision${objects.row} FROM ${c}
      WHERE ${sql.join(conditions, sql` AND `)} ORDER BY ${c.position} LIMIT ${take}
    ) AS r) AS p`;
  const { sql: text, params } = db.dialect.sqlToQuery(query) as { sql: string; params: unknown[] };
  if (params.length > 0) throw new Error(`${shape.name}: values belong in the arrays, found ${params.length} more`);
  return text;
}

/** A page as the statement answers it: its rows' positions and revisions (decimal, joined by commas; null when none),
 *  their JSON objects when the shape asks for them (joined by newlines), and its next cursor. */
type PageRow = { positions: string | null; revisions: string | null; objects?: string | null; next: string | null };
type Waiting = { query: PageQuery; resolve: (page: PageRow | null) => void; reject: (error: unknown) => void };
type Queue = { db: Db; shape: Shape; text: string; waiting: Waiting[]; scheduled: boolean };

/** Per database (Ponder's read-only one: one per process), the pages waiting for the next statement, by shape. */
const queues = new WeakMap<object, Map<string, Queue>>();

function send(queue: Queue) {
  queue.scheduled = false;
  const all = queue.waiting;
  queue.waiting = [];
  for (let from = 0; from < all.length; from += maxBatch) {
    const batch = all.slice(from, from + maxBatch);
    const params: unknown[] = queue.shape.inputs.map((input) => batch.map((w) => input.value(w.query)));
    readStatement<PageRow & { k: number }>(queue.db, { text: queue.text, params }, queue.shape.name).then(
      (rows) => {
        const byPlace = new Map(rows.map((r) => [Number(r.k), r]));
        for (const [i, w] of batch.entries()) w.resolve(byPlace.get(i + 1) ?? null);
      },
      (error) => {
        for (const w of batch) w.reject(error);
      },
    );
  }
}

function pageRows(db: Db, query: PageQuery, objects: boolean): Promise<PageRow | null> {
  const shape = shapeOf(query, objects);
  let byShape = queues.get(db);
  if (!byShape) {
    byShape = new Map<string, Queue>();
    queues.set(db, byShape);
  }
  let queue = byShape.get(shape.name);
  if (!queue) {
    queue = { db, shape, text: statementOf(db, shape), waiting: [], scheduled: false };
    byShape.set(shape.name, queue);
  }
  const q = queue;
  return new Promise((resolve, reject) => {
    q.waiting.push({ query, resolve, reject });
    if (!q.scheduled) {
      q.scheduled = true;
      setImmediate(() => send(q));
    }
  });
}

/**
 * The first `query.limit` contributions by position after `query.after` that the query's filters keep. First only
 * their positions and revisions; when ./row-cache.ts knows every row at its revision, the page is made from there.
 * Else the page is read again with its rows' JSON (one statement: one snapshot), and its rows are kept. While
 * recent pages mostly missed, the page is read with its JSON at once.
 */
export async function contributionPage(db: Db, rows: RowCache, query: PageQuery): Promise<ContributionPage> {
  // Beyond int8 (../../lib/int8.ts): no dataset there has contributions, and no position follows such a cursor.
  if (!fitsInt8(query.datasetId) || !fitsInt8(query.after)) return emptyPage(null);
  const asking = rows.worthAsking();
  if (asking) {
    const found = await pageRows(db, query, false);
    if (!found?.positions) return emptyPage(found);
    const items = rows.items(found.positions, found.revisions ?? "");
    if (items !== null) return { items, empty: false, nextCursor: found.next };
  }
  const full = await pageRows(db, query, true);
  if (!full?.positions) return emptyPage(full);
  // Read at once: whether the rows were all here tells `worthAsking` when to ask first again.
  if (!asking) rows.has(full.positions, full.revisions ?? "");
  const items = checksummed(full.objects ?? "")
    .split("\n")
    .map(ownBytes);
  rows.keep(full.positions.split(","), (full.revisions ?? "").split(","), items);
  return { items, empty: false, nextCursor: full.next };
}

const emptyPage = (row: PageRow | null): ContributionPage => ({
  items: [],
  empty: true,
  nextCursor: row?.next ?? null,
});
