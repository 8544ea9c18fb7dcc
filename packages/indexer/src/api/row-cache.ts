// Each contribution's JSON, kept by its revision (../../lib/revision.ts), so that a page of a list is read from the
// database as its rows' positions and revisions alone.
//
// Building a page's JSON was ~70 % of PGlite's time on it (~3.5 µs a row in PostgreSQL's text functions), and PGlite
// is one thread that every request waits for; a contribution's JSON changes only when an event writes its row, which
// writes a new revision with it. So a page asks the database which rows (and at which revisions) and takes the JSON
// of those it knows from here; the others are read in one more statement, their addresses checksummed once, and kept.
// The two statements are not one snapshot: a row read at another revision than its page named (an event wrote it in
// between) is reported, and the caller reads the page again.
//
// Bounded by `maxBytes` of JSON text: once it is reached the cache starts over (a page then costs what it did
// without it, for as long as it takes to see each row again).

import { contribution } from "ponder:schema";
import { sql } from "ponder";
import { contributionObject, readStatement } from "./contribution-pages.js";
import { checksummed } from "./sql-text.js";

// biome-ignore lint/suspicious/noExplicitAny: Ponder's read-only Drizzle database (typed by the schema at build time).
type Db = any;

/** A row as kept: its revision (decimal text) and its JSON text, addresses checksummed. */
type Kept = { revision: string; json: string };

export type RowCache = {
  /** The JSON objects of one dataset's rows at these positions and revisions, joined by commas in their order; null
   *  when one of them is no longer at that revision (or no longer there): the page is out of date. */
  items(datasetId: bigint, positions: readonly string[], revisions: readonly string[]): Promise<string | null>;
  /** What it holds: rows, bytes of JSON, rows found and rows read since it was made. */
  stats(): { rows: number; bytes: number; hits: number; misses: number };
};

const c = contribution;

export function createRowCache(db: Db, { maxBytes }: { maxBytes: number }): RowCache {
  // By position: a contribution's position (its registering log's block and index) names it in every dataset.
  let kept = new Map<string, Kept>();
  let bytes = 0;
  let hits = 0;
  let misses = 0;
  let statement: string | undefined;

  function keep(position: string, row: Kept) {
    if (bytes + row.json.length > maxBytes) {
      kept = new Map();
      bytes = 0;
    }
    const before = kept.get(position);
    if (before) bytes -= before.json.length;
    kept.set(position, row);
    bytes += row.json.length;
  }

  /** Reads the rows at these positions: by position, their revisions and JSON, each kept. */
  async function readAt(datasetId: bigint, positions: string[]): Promise<Map<string, Kept>> {
    statement ??= db.dialect.sqlToQuery(
      sql`SELECT ${c.position}::text AS p, ${c.revision}::text AS v, ${contributionObject} AS j FROM ${c}
        WHERE ${c.datasetId} = ${sql.raw("$1::numeric")} AND ${c.position} = ANY(${sql.raw("$2::numeric[]")})`,
    ).sql as string;
    const rows = await readStatement<{ p: string; v: string; j: string }>(
      db,
      { text: statement, params: [datasetId.toString(), positions] },
      "cairn_rows",
    );
    const read = new Map<string, Kept>();
    for (const row of rows) {
      const found = { revision: row.v, json: checksummed(row.j) };
      read.set(row.p, found);
      keep(row.p, found);
    }
    return read;
  }

  return {
    async items(datasetId, positions, revisions) {
      const objects: string[] = new Array(positions.length);
      const missing: string[] = [];
      for (const [i, position] of positions.entries()) {
        const found = kept.get(position);
        if (found?.revision === revisions[i]) objects[i] = found.json;
        else missing.push(position);
      }
      hits += positions.length - missing.length;
      misses += missing.length;
      if (missing.length > 0) {
        const read = await readAt(datasetId, missing);
        for (const [i, position] of positions.entries()) {
          if (objects[i] !== undefined) continue;
          const found = read.get(position);
          if (found?.revision !== revisions[i]) return null;
          objects[i] = found.json;
        }
      }
      return objects.join(",");
    },
    stats: () => ({ rows: kept.size, bytes, hits, misses }),
  };
}
