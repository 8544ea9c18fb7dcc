/**
 * The queue's tables, the same in SQLite and PostgreSQL apart from the auto-increment syntax.
 *
 * - `items`: one row per accepted key (chain, registry, dataset, content), in arrival order (`seq`).
 * - `batches`: a claimed set of items and the nonce it holds; `building` → `signed` → `sent` → `mined` | `dropped`.
 * - `txs`: every signed transaction of a batch (the first and its fee-bumped replacements), recorded
 *   with its raw bytes before it is sent, so a restarted relayer can find or re-broadcast it.
 * - `registered`: keys already registered on-chain (by anyone), from the registry's `ContributionRegistered`
 *   events, so that validation needs no RPC call per item.
 * - `state`: the nonce manager's next nonce, and the last block whose events are in `registered`.
 */
const tables = (serial: string, bigint: string) => `
CREATE TABLE IF NOT EXISTS items (
  seq ${serial},
  key TEXT NOT NULL UNIQUE,
  dataset_id TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  contributor TEXT NOT NULL,
  is_contract INTEGER NOT NULL,
  signature TEXT NOT NULL,
  calldata TEXT NOT NULL,
  status TEXT NOT NULL,
  batch_id ${bigint},
  attempts INTEGER NOT NULL DEFAULT 0,
  tx_hash TEXT,
  block_number TEXT,
  reason TEXT,
  created_at ${bigint} NOT NULL,
  updated_at ${bigint} NOT NULL
);
CREATE INDEX IF NOT EXISTS items_queued ON items (seq) WHERE status = 'queued';
CREATE INDEX IF NOT EXISTS items_batch ON items (batch_id);
CREATE INDEX IF NOT EXISTS items_unsettled ON items (status) WHERE status IN ('queued', 'batched');
CREATE TABLE IF NOT EXISTS batches (
  id ${serial},
  nonce ${bigint} NOT NULL,
  status TEXT NOT NULL,
  owner TEXT,
  lease_until ${bigint},
  created_at ${bigint} NOT NULL,
  sent_at ${bigint},
  gas_used TEXT
);
CREATE INDEX IF NOT EXISTS batches_open ON batches (nonce) WHERE status IN ('building', 'signed', 'sent');
CREATE TABLE IF NOT EXISTS txs (
  hash TEXT PRIMARY KEY,
  batch_id ${bigint} NOT NULL,
  nonce ${bigint} NOT NULL,
  gas TEXT NOT NULL,
  max_fee TEXT NOT NULL,
  max_priority TEXT NOT NULL,
  raw TEXT NOT NULL,
  created_at ${bigint} NOT NULL
);
CREATE INDEX IF NOT EXISTS txs_batch ON txs (batch_id);
CREATE TABLE IF NOT EXISTS registered (
  key TEXT PRIMARY KEY,
  contributor TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS state (
  k TEXT PRIMARY KEY,
  v ${bigint} NOT NULL
);
`;

export const SCHEMA_SQLITE = tables("INTEGER PRIMARY KEY AUTOINCREMENT", "INTEGER");
export const SCHEMA_POSTGRES = tables("BIGSERIAL PRIMARY KEY", "BIGINT");
