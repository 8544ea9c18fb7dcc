// The latest availability check of each accepted contribution in each store: an offchain table (Ponder's guide
// "Offchain data"), in a PostgreSQL schema of its own beside Ponder's. Ponder never writes it, so a reorg does not
// roll it back and a restart keeps it; the indexer's own checker (./checker.ts) is its only writer, and the REST
// route joins it with the indexed contributions, so a row whose contribution a reorg removed is never served.
import { bigint, index, numeric, pgSchema, primaryKey, text } from "drizzle-orm/pg-core";

/** The schema's name: `<Ponder's schema>_offchain` (each indexer sharing a PostgreSQL database has its own). */
export function offchainSchemaName(ponderSchema: string | undefined): string {
  return `${(ponderSchema ?? "cairn").toLowerCase().replace(/[^a-z0-9_]/g, "_")}_offchain`.slice(-63);
}

export function availabilityTable(schemaName: string) {
  return pgSchema(schemaName).table(
    "availability",
    {
      datasetId: numeric("dataset_id", { precision: 78, scale: 0 }).notNull(),
      contentHash: text("content_hash").notNull(),
      /** The store's name, as the checker's settings name it. */
      store: text("store").notNull(),
      /** The CID that was fetched (the contribution's, at the time of the check). */
      cid: text("cid").notNull(),
      /** available | missing | corrupt | unreachable (the SDK's CopyStatus). */
      status: text("status").notNull(),
      error: text("error"),
      /** Unix milliseconds. */
      checkedAt: bigint("checked_at", { mode: "number" }).notNull(),
    },
    (t) => [primaryKey({ columns: [t.datasetId, t.contentHash, t.store] }), index().on(t.checkedAt)],
  );
}

/** Creates the schema and the table if missing (the DDL the drizzle definition above describes). */
export function createStatements(schemaName: string): string[] {
  return [
    `CREATE SCHEMA IF NOT EXISTS "${schemaName}"`,
    `CREATE TABLE IF NOT EXISTS "${schemaName}"."availability" (
      dataset_id numeric(78, 0) NOT NULL,
      content_hash text NOT NULL,
      store text NOT NULL,
      cid text NOT NULL,
      status text NOT NULL,
      error text,
      checked_at bigint NOT NULL,
      PRIMARY KEY (dataset_id, content_hash, store)
    )`,
    `CREATE INDEX IF NOT EXISTS availability_checked_at ON "${schemaName}"."availability" (checked_at)`,
  ];
}
