// A live block's reorg records committed in one statement. In live mode Ponder 0.16's triggers copy every row a block
// changes into the table's `_reorg__` table, marked with the largest checkpoint; once the block is written, Ponder's
// `commitBlock` gives those records the block's checkpoint with one UPDATE per table — 31 statements a block for the
// indexer's 31 tables, each a round trip (on PGlite, through the database's thread, ~1 ms each): ~30 ms of the ~110 ms
// a block of 267 events took (packages/indexer/README.md, "Where sync time goes"). Here the same UPDATEs are one
// statement, each a data-modifying WITH query (PostgreSQL runs every one of them to completion, read or not), on both
// storages. config/ponder-hooks.mjs makes Ponder's three runtimes call `commitBlocks` instead of their `Promise.all` of
// `commitBlock`s.
import { getTableName } from "drizzle-orm";
import { getTableConfig } from "drizzle-orm/pg-core";

/** A checkpoint as Ponder encodes it: 75 decimal digits (so that it can be written into the statement). */
const checkpointText = /^[0-9]{75}$/;

const identifier = (/** @type {string} */ name) => `"${name.replaceAll('"', '""')}"`;

/**
 * The statement that marks the uncommitted reorg records (checkpoint `maxCheckpoint`) of each of `tables` (Ponder's
 * drizzle tables) with `checkpoint`; with `chainId`, only that chain's records (Ponder's isolated ordering, where
 * chains are indexed in parallel). `null` for no tables.
 * @param {unknown[]} tables
 * @param {{ checkpoint: string, maxCheckpoint: string, chainId?: bigint }} marks
 */
export function commitBlocksSql(tables, { checkpoint, maxCheckpoint, chainId }) {
  if (!checkpointText.test(checkpoint) || !checkpointText.test(maxCheckpoint)) {
    throw new Error(`commitBlocks: not a checkpoint: ${checkpoint} / ${maxCheckpoint}`);
  }
  if (tables.length === 0) return null;
  const where = `"checkpoint" = '${maxCheckpoint}'${chainId === undefined ? "" : ` AND "chain_id" = ${BigInt(chainId)}`}`;
  const updates = tables.map((table, i) => {
    const reorg = `${identifier(getTableConfig(table).schema ?? "public")}.${identifier(`_reorg__${getTableName(table)}`)}`;
    return `c${i} AS (UPDATE ${reorg} SET "checkpoint" = '${checkpoint}' WHERE ${where})`;
  });
  return `WITH ${updates.join(",\n")}\nSELECT 1`;
}

/**
 * What Ponder's `Promise.all(tables.map((table) => commitBlock(tx, { table, checkpoint, preBuild }, context)))` does,
 * in one statement through `qb` (the block's transaction), labelled as Ponder labels each of its own.
 * `maxCheckpoint` is Ponder's MAX_CHECKPOINT_STRING, the mark its triggers give uncommitted records.
 */
export async function commitBlocks(qb, { tables, checkpoint, preBuild }, context, maxCheckpoint) {
  // Ponder's own filter under the isolated ordering: the chain id is the checkpoint's digits 11–26.
  const chainId = preBuild.ordering === "experimental_isolated" ? BigInt(checkpoint.slice(10, 26)) : undefined;
  const statement = commitBlocksSql(tables, { checkpoint, maxCheckpoint, chainId });
  if (statement === null) return;
  await qb.wrap({ label: "commit_block" }, (db) => db.execute(statement), context);
}
