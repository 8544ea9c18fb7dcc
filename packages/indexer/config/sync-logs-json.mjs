// The logs Ponder's sync store keeps (ponder_sync.logs), written as one JSON parameter per statement. Ponder 0.16
// writes them as multi-row INSERTs with twelve parameters a log (16,000 parameters a statement): in a cold sync of
// 119,797 events, building those statements with drizzle (its `is` checks and SQL chunks, for every parameter) was a
// third of Ponder's thread while it fetched, and on PGlite serializing 1.4 million parameters into the protocol and
// parsing statements with 16,000 placeholders was a quarter of the database thread (packages/indexer/README.md,
// "Where sync time goes"). Here each batch of logs is one `json_to_recordset` of their JSON text (made by the engine's
// JSON.stringify), into the same columns with the same ON CONFLICT DO NOTHING, on both storages.
// config/ponder-hooks.mjs makes Ponder's `insertLogs` call `insertLogsAsJson` with the rows of its own `encodeLog` and
// its own drizzle's `sql` (so that the statement is an object of the drizzle Ponder runs).

/** Logs a statement: ~3 MB of JSON (a log's row is ~600 bytes of text). */
export const logsPerStatement = 5000;

/** ponder_sync.logs' columns, each with the key `encodeLog` gives it and its SQL type. */
const columns = [
  ["chain_id", "chainId", "bigint"],
  ["block_number", "blockNumber", "bigint"],
  ["log_index", "logIndex", "integer"],
  ["transaction_index", "transactionIndex", "integer"],
  ["block_hash", "blockHash", "varchar(66)"],
  ["transaction_hash", "transactionHash", "varchar(66)"],
  ["address", "address", "varchar(42)"],
  ["topic0", "topic0", "varchar(66)"],
  ["topic1", "topic1", "varchar(66)"],
  ["topic2", "topic2", "varchar(66)"],
  ["topic3", "topic3", "varchar(66)"],
  ["data", "data", "text"],
];

/** The statement's text before and after its one parameter, the JSON text of the logs. */
const head = `INSERT INTO "ponder_sync"."logs" (${columns.map(([name]) => `"${name}"`).join(", ")})
  SELECT ${columns.map(([, key]) => `"${key}"`).join(", ")} FROM json_to_recordset(`;
const tail = `::json) AS x(${columns.map(([, key, type]) => `"${key}" ${type}`).join(", ")})
  ON CONFLICT ("chain_id", "block_number", "log_index") DO NOTHING`;

/** `encodeLog`'s rows as JSON text: its two bigints as decimal strings (JSON has no bigint), the rest as they are. */
function logsJson(rows) {
  for (const row of rows) {
    row.chainId = row.chainId.toString();
    row.blockNumber = row.blockNumber.toString();
  }
  return JSON.stringify(rows);
}

/**
 * Writes `rows` (fresh rows of Ponder's `encodeLog`; their bigints are replaced by strings) through `qb`, Ponder's
 * query builder of the sync store or its transaction, labelled as Ponder labels its own insert; `sql` is the drizzle
 * tag of Ponder's sync store.
 */
export async function insertLogsAsJson(qb, rows, context, sql) {
  for (let i = 0; i < rows.length; i += logsPerStatement) {
    const json = logsJson(rows.slice(i, i + logsPerStatement));
    await qb.wrap({ label: "insert_logs" }, (db) => db.execute(sql`${sql.raw(head)}${json}${sql.raw(tail)}`), context);
  }
}
