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
  /** The JSON objects of the rows at these positions and revisions (each list as the database answers it: decimal
   *  texts joined by commas), in their order; null unless every one of them is kept at that revision. */
  items(positions: string, revisions: string): Uint8Array[] | null;
  /** Whether every row at these positions is kept at its revision (counted as `items` counts). */
  has(positions: string, revisions: string): boolean;
  /** Whether recent pages were mostly made from here: then a page first asks only for its rows' revisions. */
  worthAsking(): boolean;
  /** Keeps rows: each position's revision and JSON's bytes, kept as they are (never written to afterwards; each in
   *  memory of its own, ./json-bytes.ts `ownBytes`, or it keeps alive all the memory it is a view of). */
  keep(positions: readonly string[], revisions: readonly string[], objects: readonly Uint8Array[]): void;
  /** What it holds: rows, bytes of JSON; pages made from it and pages it could not make, since it was created. */
  stats(): { rows: number; bytes: number; hits: number; misses: number };
};

/**
 * The key a position is kept under, from its decimal text (`text` from `from` up to `to`): the number itself when it
 * has at most 15 digits (every such number is exact in a double), else the text. A page's rows are looked up without
 * cutting its texts into strings: splitting them and hashing each string was most of a page's time here (~35 µs of
 * ~45 for 100 rows, in a profile of the API thread under the bench's load).
 */
function keyAt(text: string, from: number, to: number): number | string {
  if (to - from > 15) return text.slice(from, to);
  let n = 0;
  for (let i = from; i < to; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return text.slice(from, to);
    n = n * 10 + digit;
  }
  return n;
}

/** Where the item that starts at `from` ends in a list joined by commas. */
const endOf = (text: string, from: number) => {
  const comma = text.indexOf(",", from);
  return comma < 0 ? text.length : comma;
};

export function createRowCache({ maxBytes }: { maxBytes: number }): RowCache {
  // By position: a contribution's position (its registering log's block and index) names it in every dataset, and a
  // revision names the content its row had (two datasets' rows never share a revision).
  let kept = new Map<number | string, Kept>();
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
  /** The rows at these positions and revisions, each handed to `found` in order; false at the first one not kept at
   *  its revision (or when the lists do not pair up). */
  function walk(positions: string, revisions: string, found: (row: Kept) => void): boolean {
    let p = 0;
    let r = 0;
    for (;;) {
      const pEnd = endOf(positions, p);
      const rEnd = endOf(revisions, r);
      const row = kept.get(keyAt(positions, p, pEnd));
      if (row === undefined || row.revision.length !== rEnd - r || !revisions.startsWith(row.revision, r)) return false;
      found(row);
      if (pEnd === positions.length || rEnd === revisions.length)
        return pEnd === positions.length && rEnd === revisions.length;
      p = pEnd + 1;
      r = rEnd + 1;
    }
  }

  return {
    items(positions, revisions) {
      const objects: Uint8Array[] = [];
      return count(walk(positions, revisions, (row) => objects.push(row.json))) ? objects : null;
    },
    has: (positions, revisions) => count(walk(positions, revisions, () => {})),
    worthAsking: () => recentHits >= 0.5,
    keep(positions, revisions, objects) {
      if (positions.length !== revisions.length || positions.length !== objects.length)
        throw new Error(`${positions.length} positions, ${revisions.length} revisions, ${objects.length} objects`);
      for (let i = 0; i < positions.length; i++) {
        const position = positions[i] as string;
        const key = keyAt(position, 0, position.length);
        const json = objects[i] as Uint8Array;
        if (bytes + json.byteLength > maxBytes) {
          kept = new Map();
          bytes = 0;
          if (json.byteLength > maxBytes) continue;
        }
        bytes += json.byteLength - (kept.get(key)?.json.byteLength ?? 0);
        kept.set(key, { revision: revisions[i] as string, json });
      }
    },
    stats: () => ({ rows: kept.size, bytes, hits, misses }),
  };
}
