// Each contribution's JSON, kept by its revision (../../lib/revision.ts), so that a page of a list is read from the
// database as its rows' positions and revisions alone.
//
// Building a page's JSON was ~70 % of PGlite's time on it (~3.5 µs a row in PostgreSQL's text functions), and PGlite
// is one thread that every request waits for; a contribution's JSON changes only when an event writes its row, which
// writes a new revision with it. So a page first asks the database which rows, at which revisions
// (./page-batches.ts); when every one of them is kept here at that revision, the page is made from here. Else the
// page is read again with its JSON, and its rows are kept. That costs a page two statements (~1.0 ms of server CPU a
// page of 100 on PGlite, against ~0.7 for the JSON page alone and ~0.45 from here): while most recent pages were not
// all here (a cold start, a cache started over), pages are read with their JSON at once (`worthAsking`).
//
// Rows are kept as UTF-8 bytes (./json-bytes.ts: a page is then one copy of them, and they live outside the
// JavaScript heap). Bounded by `maxBytes` of JSON: once it is reached the cache starts over (a page then costs what
// it did without it, for as long as it takes to see each row again).

/** A row as kept: its revision (decimal text) and its JSON's bytes, addresses checksummed. */
type Kept = { revision: string; json: Uint8Array };

export type RowCache = {
  /** The JSON objects of the rows at these positions and revisions, in their order; null unless every one of them
   *  is kept at that revision. */
  items(positions: readonly string[], revisions: readonly string[]): Uint8Array[] | null;
  /** Whether every row at these positions is kept at its revision (counted as `items` counts). */
  has(positions: readonly string[], revisions: readonly string[]): boolean;
  /** Whether recent pages were mostly made from here: then a page first asks only for its rows' revisions. */
  worthAsking(): boolean;
  /** Keeps rows: each position's revision and JSON's bytes, kept as they are (never written to afterwards; each in
   *  memory of its own, ./json-bytes.ts `ownBytes`, or it keeps alive all the memory it is a view of). */
  keep(positions: readonly string[], revisions: readonly string[], objects: readonly Uint8Array[]): void;
  /** What it holds: rows, bytes of JSON; pages made from it and pages it could not make, since it was created. */
  stats(): { rows: number; bytes: number; hits: number; misses: number };
};

export function createRowCache({ maxBytes }: { maxBytes: number }): RowCache {
  // By position: a contribution's position (its registering log's block and index) names it in every dataset, and a
  // revision names the content its row had (two datasets' rows never share a revision).
  let kept = new Map<string, Kept>();
  let bytes = 0;
  let hits = 0;
  let misses = 0;
  /** Of the recent pages, the share made from here (a moving average over ~20 pages; none at first). */
  let recentHits = 0;
  const count = (hit: boolean) => {
    if (hit) hits++;
    else misses++;
    recentHits = recentHits * 0.95 + (hit ? 0.05 : 0);
    return hit;
  };

  return {
    items(positions, revisions) {
      const objects: Uint8Array[] = new Array(positions.length);
      for (let i = 0; i < positions.length; i++) {
        const found = kept.get(positions[i] as string);
        if (found?.revision !== revisions[i]) {
          count(false);
          return null;
        }
        objects[i] = found.json;
      }
      count(true);
      return objects;
    },
    has(positions, revisions) {
      for (let i = 0; i < positions.length; i++)
        if (kept.get(positions[i] as string)?.revision !== revisions[i]) return count(false);
      return count(true);
    },
    worthAsking: () => recentHits >= 0.5,
    keep(positions, revisions, objects) {
      if (positions.length !== revisions.length || positions.length !== objects.length)
        throw new Error(`${positions.length} positions, ${revisions.length} revisions, ${objects.length} objects`);
      for (let i = 0; i < positions.length; i++) {
        const position = positions[i] as string;
        const json = objects[i] as Uint8Array;
        if (bytes + json.byteLength > maxBytes) {
          kept = new Map();
          bytes = 0;
          if (json.byteLength > maxBytes) continue;
        }
        bytes += json.byteLength - (kept.get(position)?.json.byteLength ?? 0);
        kept.set(position, { revision: revisions[i] as string, json });
      }
    },
    stats: () => ({ rows: kept.size, bytes, hits, misses }),
  };
}
