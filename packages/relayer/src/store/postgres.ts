/**
 * The shared queue: PostgreSQL, so several relayer instances can accept and submit from one queue.
 * Batches are claimed with `SELECT … FOR UPDATE SKIP LOCKED` (instances never claim the same item) and the
 * next nonce is taken from a row that the claiming transaction locks (instances never share a nonce).
 */
import pg from "pg";
import type { Address, Hex } from "viem";
import { PostgresLimitStore } from "../limits.js";
import { SCHEMA_POSTGRES } from "./schema.js";
import { toBatchItem, toState, toTx } from "./sqlite.js";
import type {
  ItemBrief,
  ItemOutcome,
  ItemState,
  ItemStatus,
  NewItem,
  OpenBatch,
  QueueStore,
  TxRecord,
} from "./types.js";

export async function createPostgresStore({ url, max = 10 }: { url: string; max?: number }): Promise<QueueStore> {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on("error", () => {
    // An idle client lost its connection; the pool replaces it on the next query.
  });
  return new PostgresStore(pool);
}

class PostgresStore implements QueueStore {
  readonly kind = "postgres" as const;
  readonly limits: PostgresLimitStore;
  constructor(private readonly pool: pg.Pool) {
    this.limits = new PostgresLimitStore(pool);
  }

  async init() {
    const c = await this.pool.connect();
    try {
      // Two instances starting together must not race on CREATE TABLE.
      await c.query("SELECT pg_advisory_lock(7320191)");
      await c.query(SCHEMA_POSTGRES);
      await c.query("SELECT pg_advisory_unlock(7320191)");
    } finally {
      c.release();
    }
  }

  async close() {
    await this.pool.end();
  }

  private async tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query("BEGIN");
      const out = await fn(c);
      await c.query("COMMIT");
      return out;
    } catch (error) {
      await c.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      c.release();
    }
  }

  async findItems(keys: readonly Hex[]) {
    const out = new Map<Hex, ItemBrief>();
    if (keys.length === 0) return out;
    const { rows } = await this.pool.query(
      "SELECT key, contributor, signature, status FROM items WHERE key = ANY($1)",
      [keys],
    );
    for (const r of rows)
      out.set(r.key, { key: r.key, contributor: r.contributor, signature: r.signature, status: r.status });
    return out;
  }

  async insertItems(items: readonly NewItem[], now: number) {
    const cols = {
      key: [] as string[],
      dataset: [] as string[],
      content: [] as string[],
      contributor: [] as string[],
      contract: [] as number[],
      signature: [] as string[],
      calldata: [] as string[],
    };
    for (const i of items) {
      cols.key.push(i.key);
      cols.dataset.push(i.datasetId);
      cols.content.push(i.contentHash);
      cols.contributor.push(i.contributor);
      cols.contract.push(i.isContract ? 1 : 0);
      cols.signature.push(i.signature);
      cols.calldata.push(JSON.stringify(i.calldata));
    }
    // One statement for the whole request; unnest keeps the arrival order for `seq`.
    const { rows } = await this.pool.query(
      `INSERT INTO items (key, dataset_id, content_hash, contributor, is_contract, signature, calldata, status, attempts, created_at, updated_at)
       SELECT k, d, h, c, ic, s, cd, 'queued', 0, $8, $8
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[]) WITH ORDINALITY AS t(k, d, h, c, ic, s, cd, n)
       ORDER BY n
       ON CONFLICT (key) DO NOTHING RETURNING key`,
      [cols.key, cols.dataset, cols.content, cols.contributor, cols.contract, cols.signature, cols.calldata, now],
    );
    return new Set<Hex>(rows.map((r) => r.key));
  }

  async getItem(key: Hex): Promise<ItemState | undefined> {
    const { rows } = await this.pool.query(
      `SELECT i.*, b.status AS batch_status,
        (SELECT hash FROM txs t WHERE t.batch_id = i.batch_id ORDER BY t.created_at DESC, t.hash LIMIT 1) AS last_tx
       FROM items i LEFT JOIN batches b ON b.id = i.batch_id WHERE i.key = $1`,
      [key],
    );
    return rows[0] ? toState(rows[0]) : undefined;
  }

  async queuedSummary(limit: number) {
    const { rows } = await this.pool.query(
      `SELECT (SELECT count(*) FROM (SELECT 1 FROM items WHERE status = 'queued' LIMIT $1) q) AS n,
              (SELECT created_at FROM items WHERE status = 'queued' ORDER BY seq LIMIT 1) AS oldest`,
      [limit],
    );
    return { count: Number(rows[0].n), oldestAt: rows[0].oldest == null ? undefined : Number(rows[0].oldest) };
  }

  async addRegistered(entries: readonly { key: Hex; contributor: Address }[], block: number) {
    await this.tx(async (c) => {
      if (entries.length > 0) {
        await c.query(
          "INSERT INTO registered (key, contributor) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (key) DO NOTHING",
          [entries.map((e) => e.key), entries.map((e) => e.contributor)],
        );
      }
      // Several instances follow the chain: the recorded progress only moves forward.
      await c.query(
        "INSERT INTO state (k, v) VALUES ('log_block', $1) ON CONFLICT (k) DO UPDATE SET v = GREATEST(state.v, excluded.v)",
        [block],
      );
    });
  }

  async registeredUpTo() {
    const { rows } = await this.pool.query("SELECT v FROM state WHERE k = 'log_block'");
    return rows[0] ? Number(rows[0].v) : -1;
  }

  async findRegistered(keys: readonly Hex[]) {
    const out = new Map<Hex, Address>();
    if (keys.length === 0) return out;
    const { rows } = await this.pool.query("SELECT key, contributor FROM registered WHERE key = ANY($1)", [keys]);
    for (const r of rows) out.set(r.key, r.contributor);
    return out;
  }

  async unsettledCount() {
    const { rows } = await this.pool.query("SELECT count(*) AS n FROM items WHERE status IN ('queued', 'batched')");
    return Number(rows[0].n);
  }

  async statusCounts() {
    const out: Record<ItemStatus, number> = { queued: 0, batched: 0, included: 0, skipped: 0, failed: 0 };
    const { rows } = await this.pool.query("SELECT status, count(*) AS n FROM items GROUP BY status");
    for (const r of rows) out[r.status as ItemStatus] = Number(r.n);
    return out;
  }

  async reconcileNonce(chainPending: number) {
    const { rows } = await this.pool.query(
      `INSERT INTO state (k, v) VALUES ('next_nonce', $1)
       ON CONFLICT (k) DO UPDATE SET v = GREATEST(state.v, excluded.v) RETURNING v`,
      [chainPending],
    );
    return Number(rows[0].v);
  }

  async createBatch(max: number, owner: string, leaseUntil: number, now: number): Promise<OpenBatch | undefined> {
    return this.tx(async (c) => {
      const { rows } = await c.query(
        `SELECT key, dataset_id, content_hash, contributor, is_contract, calldata, attempts FROM items
         WHERE status = 'queued' ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [max],
      );
      if (rows.length === 0) return undefined;
      const n = await c.query("UPDATE state SET v = v + 1 WHERE k = 'next_nonce' RETURNING v - 1 AS nonce");
      if (n.rows.length === 0) throw new Error("nonce not reconciled with the chain yet");
      const nonce = Number(n.rows[0].nonce);
      const b = await c.query(
        "INSERT INTO batches (nonce, status, owner, lease_until, created_at) VALUES ($1, 'building', $2, $3, $4) RETURNING id",
        [nonce, owner, leaseUntil, now],
      );
      const id = Number(b.rows[0].id);
      const items = rows.map(toBatchItem);
      await c.query(
        "UPDATE items SET status = 'batched', batch_id = $1, attempts = attempts + 1, updated_at = $2 WHERE key = ANY($3)",
        [id, now, items.map((i) => i.key)],
      );
      for (const item of items) item.attempts += 1;
      return { id, nonce, status: "building" as const, items, txs: [], sentAt: undefined };
    });
  }

  async recordTx(batchId: number, tx: TxRecord) {
    await this.tx(async (c) => {
      await c.query(
        `INSERT INTO txs (hash, batch_id, nonce, gas, max_fee, max_priority, raw, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (hash) DO NOTHING`,
        [tx.hash, batchId, tx.nonce, tx.gas, tx.maxFeePerGas, tx.maxPriorityFeePerGas, tx.raw, tx.createdAt],
      );
      await c.query("UPDATE batches SET status = 'signed' WHERE id = $1 AND status = 'building'", [batchId]);
    });
  }

  async markSent(batchId: number, now: number) {
    await this.pool.query(
      "UPDATE batches SET status = 'sent', sent_at = $1 WHERE id = $2 AND status IN ('building', 'signed', 'sent')",
      [now, batchId],
    );
  }

  async settleBatch(
    batchId: number,
    status: "mined" | "dropped",
    outcomes: readonly ItemOutcome[],
    now: number,
    gasUsed?: string,
  ) {
    await this.tx(async (c) => {
      await c.query("UPDATE batches SET status = $1, gas_used = $2 WHERE id = $3", [status, gasUsed ?? null, batchId]);
      const requeue = outcomes.filter((o) => o.status === "queued").map((o) => o.key);
      if (requeue.length > 0) {
        await c.query(
          "UPDATE items SET status = 'queued', batch_id = NULL, updated_at = $1 WHERE key = ANY($2) AND batch_id = $3",
          [now, requeue, batchId],
        );
      }
      const done = outcomes.filter((o) => o.status !== "queued");
      if (done.length > 0) {
        await c.query(
          `UPDATE items SET status = u.s, tx_hash = u.h, block_number = u.b, reason = u.r, updated_at = $1
           FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS u(k, s, h, b, r)
           WHERE items.key = u.k AND items.batch_id = $7`,
          [
            now,
            done.map((o) => o.key),
            done.map((o) => o.status),
            done.map((o) => ("txHash" in o ? o.txHash : null)),
            done.map((o) => ("blockNumber" in o ? o.blockNumber : null)),
            done.map((o) => ("reason" in o ? JSON.stringify(o.reason) : null)),
            batchId,
          ],
        );
      }
    });
  }

  async claimOpenBatches(owner: string, leaseUntil: number, now: number, all: boolean) {
    return this.tx(async (c) => {
      const { rows } = await c.query(
        `SELECT id, nonce, status, sent_at FROM batches
         WHERE status IN ('building', 'signed', 'sent') AND ($1 OR owner = $2 OR lease_until < $3)
         ORDER BY nonce FOR UPDATE SKIP LOCKED`,
        [all, owner, now],
      );
      const out: OpenBatch[] = [];
      for (const b of rows) {
        await c.query("UPDATE batches SET owner = $1, lease_until = $2 WHERE id = $3", [owner, leaseUntil, b.id]);
        const items = await c.query(
          "SELECT key, dataset_id, content_hash, contributor, is_contract, calldata, attempts FROM items WHERE batch_id = $1 AND status = 'batched'",
          [b.id],
        );
        const txs = await c.query("SELECT * FROM txs WHERE batch_id = $1 ORDER BY created_at, hash", [b.id]);
        out.push({
          id: Number(b.id),
          nonce: Number(b.nonce),
          status: b.status,
          sentAt: b.sent_at == null ? undefined : Number(b.sent_at),
          items: items.rows.map(toBatchItem),
          txs: txs.rows.map(toTx),
        });
      }
      return out;
    });
  }

  async renewLeases(owner: string, leaseUntil: number) {
    await this.pool.query(
      "UPDATE batches SET lease_until = $1 WHERE owner = $2 AND status IN ('building', 'signed', 'sent')",
      [leaseUntil, owner],
    );
  }
}
