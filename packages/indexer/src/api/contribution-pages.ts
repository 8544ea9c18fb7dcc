// Contributions as JSON built by the database: one query, one row of text per page, passed through to the response
// (no 101 rows of 16 typed columns parsed into objects, mapped to strings and serialized again). Measured under the
// bench's load (20,000 contributions, PGlite): the Node process's CPU per uncached page went from ~1.5 ms to ~0.8 ms,
// most of it from the round trips saved (./named-statements.ts); the JSON alone moved little on PGlite (the same
// process builds it in WASM instead of JS) but moves the work off the API's one thread on PostgreSQL. The text is byte
// for byte what JSON.stringify made of the objects the API answered before (the SDK's `Contribution`): same keys in
// the same order, numerics as decimal strings, integers as numbers, the two optional fields left out when null, and
// PostgreSQL's to_json escapes strings as JSON.stringify does. The one thing SQL cannot do is EIP-55 (keccak): the
// addresses come out lowercase and are checksummed here (./sql-text.ts, each address's checksum memoized).
import { accountContributions, claim, contribution, governor, pool, position, review } from "ponder:schema";
import { sql } from "ponder";
import { fitsInt8 } from "../../lib/int8.js";
import type { ContributionStatus } from "../../lib/statuses.js";
import { readNamed } from "./named-statements.js";
import { checksummed } from "./sql-text.js";

// biome-ignore lint/suspicious/noExplicitAny: Ponder's read-only Drizzle database (typed by the schema at build time).
type Db = any;

const c = contribution;

/** One contribution as the text of a JSON object (the SDK's `Contribution`). Concatenation: row_to_json with
 *  json_strip_nulls cost PostgreSQL ~10 µs a row, this ~4 µs; to_json escapes the free-text columns (the CIDs, which
 *  contributors write). The status is quoted as it is: the handlers write only the names of `ContributionStatus`
 *  (src/registry.ts), and to_json (a type lookup per call) was ~10 % of a page's time in PGlite. */
export const contributionObject = sql`'{"datasetId":"' || ${c.datasetId}::text || '","contentHash":"' || ${c.contentHash}
  || '","contributor":"' || ${c.contributor} || '","owner":"' || ${c.owner} || '","status":"' || ${c.status} || '"'
  || ',"score":' || ${c.score} || ',"accepts":' || ${c.accepts} || ',"rejects":' || ${c.rejects}
  || ',"cid":' || to_json(${c.cid})::text || ',"size":"' || ${c.size}::text || '"'
  || coalesce(',"metadataCid":' || to_json(${c.metadataCid})::text, '')
  || coalesce(',"acceptableAt":"' || ${c.acceptableAt}::text || '"', '')
  || ',"blockNumber":"' || ${c.blockNumber}::text || '","logIndex":' || ${c.logIndex}
  || ',"transactionHash":"' || ${c.transactionHash} || '"}'`;

const r = review;
/** A review as `{ curator, accepted, score, blockNumber }`. */
const reviewObject = sql`'{"curator":"' || ${r.curator} || '","accepted":' || ${r.accepted}::text || ',"score":' || ${r.score}
  || ',"blockNumber":"' || ${r.blockNumber}::text || '"}'`;

/** A contribution with its reviews (by block, then curator) as JSON text; null if the dataset has no such content. */
export async function contributionWithReviews(db: Db, datasetId: bigint, contentHash: string): Promise<string | null> {
  if (!fitsInt8(datasetId)) return null; // no dataset there has contributions (../../lib/int8.ts)
  const [row] = await readNamed<{ j: string; reviews: string | null }>(
    db,
    "cairn_contribution",
    () => sql`SELECT ${contributionObject} AS j,
      (SELECT string_agg(${reviewObject}, ',' ORDER BY ${r.blockNumber}, ${r.curator}) FROM ${r}
        WHERE ${r.datasetId} = ${c.datasetId} AND ${r.contentHash} = ${c.contentHash}) AS reviews
    FROM ${c}
    WHERE ${c.datasetId} = ${sql.placeholder("datasetId")} AND ${c.contentHash} = ${sql.placeholder("contentHash")}`,
    { datasetId, contentHash },
  );
  if (!row) return null;
  return checksummed(`${row.j.slice(0, -1)},"reviews":[${row.reviews ?? ""}]}`);
}

/** What `GET /v1/accounts/:address` is made of; every integer of 78 digits as its decimal text. */
export type AccountRows = {
  positions: Array<{ d: string; weight: string; debt: string; claimed: string; rewardPerWeight: string | null }>;
  /** Per dataset: contributions made, and owned in each status (the `accountContributions` table). */
  counts: Array<{ d: string; contributed: number } & Record<ContributionStatus, number>>;
  payouts: Array<{ datasetId: string; amount: string; blockNumber: string; transactionHash: string }>;
  governed: Array<{ datasetId: string; governor: string; votes: string }>;
};

/**
 * An account's positions (with their pool's accumulator), its counts per dataset (kept by the handlers: it was a
 * count of the account's contributions, ~5 ms for 6,200 of them on PostgreSQL, paid by each account asked first
 * after every block), its first 1,000 payouts (by block, then id) and the governors of the datasets it has anything
 * in: one statement (it was five queries with parameters; on PGlite each one six protocol exchanges and a plan, ~5x
 * the executor's own time). Numerics go out as text (JSON numbers would lose digits in JSON.parse).
 */
export async function accountRows(db: Db, account: `0x${string}`): Promise<AccountRows> {
  const p = position;
  const a = accountContributions;
  const who = sql.placeholder("account");
  const [row] = await readNamed<{ [K in keyof AccountRows]: AccountRows[K] | null }>(
    db,
    "cairn_account",
    () => sql`WITH pos AS (
      SELECT ${p.datasetId} AS d, ${p.weight} AS weight, ${p.debt} AS debt, ${p.claimed} AS claimed,
        ${pool.rewardPerWeight} AS rpw
      FROM ${p} LEFT JOIN ${pool} ON ${pool.datasetId} = ${p.datasetId} WHERE ${p.account} = ${who}
    ), counts AS (
      -- A row stays once its account has given away all it had: left out, as an account with nothing there.
      SELECT ${a.datasetId} AS d, ${a.contributed} AS contributed, ${a.pending} AS pending,
        ${a.provisional} AS provisional, ${a.accepted} AS accepted, ${a.rejected} AS rejected,
        ${a.withdrawn} AS withdrawn, ${a.removed} AS removed
      FROM ${a} WHERE ${a.account} = ${who} AND (${a.contributed} > 0 OR ${a.pending} > 0
        OR ${a.provisional} > 0 OR ${a.accepted} > 0 OR ${a.rejected} > 0 OR ${a.withdrawn} > 0 OR ${a.removed} > 0)
    ), payouts AS (
      SELECT ${claim.datasetId} AS d, ${claim.amount} AS amount, ${claim.blockNumber} AS b, ${claim.id} AS id,
        ${claim.transactionHash} AS tx
      FROM ${claim} WHERE ${claim.account} = ${who} ORDER BY ${claim.blockNumber}, ${claim.id} LIMIT 1000
    )
    SELECT
      (SELECT json_agg(json_build_object('d', d::text, 'weight', weight::text, 'debt', debt::text,
        'claimed', claimed::text, 'rewardPerWeight', rpw::text)) FROM pos) AS positions,
      (SELECT json_agg(json_build_object('d', d::text, 'contributed', contributed, 'pending', pending,
        'provisional', provisional, 'accepted', accepted, 'rejected', rejected, 'withdrawn', withdrawn,
        'removed', removed)) FROM counts) AS counts,
      (SELECT json_agg(json_build_object('datasetId', d::text, 'amount', amount::text, 'blockNumber', b::text,
        'transactionHash', tx) ORDER BY b, id) FROM payouts) AS payouts,
      (SELECT json_agg(json_build_object('datasetId', ${governor.datasetId}::text, 'governor', ${governor.address},
        'votes', ${governor.votes}) ORDER BY ${governor.datasetId}, ${governor.address}) FROM ${governor}
        WHERE ${governor.datasetId} IN (SELECT d FROM pos UNION SELECT d FROM counts)) AS governed`,
    { account },
  );
  // json columns: node-postgres parses them; PGlite's EXECUTE answers them parsed as well.
  const list = <T>(value: T[] | string | null | undefined): T[] =>
    typeof value === "string" ? (JSON.parse(value) as T[]) : (value ?? []);
  return {
    positions: list(row?.positions),
    counts: list(row?.counts),
    payouts: list(row?.payouts),
    governed: list(row?.governed),
  };
}
