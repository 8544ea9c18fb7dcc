/**
 * The embedded queue: one SQLite file through Node's built-in `node:sqlite`, in WAL mode. Every method is
 * one synchronous transaction, so no other request can interleave with it.
 *
 * Durability: `synchronous=NORMAL` in WAL mode keeps every committed transaction across a crash of the
 * process (SIGKILL included); `synchronous=FULL` (option `sync: "full"`) also across a power loss, at the
 * cost of one fsync per commit.
 */

import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { Address, Hex } from "viem";
import { MemoryLimitStore } from "../limits.js";
import { SCHEMA_SQLITE } from "./schema.js";
import type {
  BatchItem,
  ItemBrief,
  ItemOutcome,
  ItemState,
  ItemStatus,
  NewItem,
  OpenBatch,
  QueueStore,
  TxRecord,
} from "./types.js";

type Row = Record<string, unknown>;

export async function createSqliteStore({
  path,
  sync = "normal",
}: {
  path: string;
  sync?: "normal" | "full";
}): Promise<QueueStore> {
  // Loaded lazily: the module prints an experimental warning on Node 22, and PostgreSQL users never need it.
  const { DatabaseSync } = await import("node:sqlite");
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  return new SqliteStore(db, sync);
}

class SqliteStore implements QueueStore {
  readonly kind = "sqlite" as const;
  readonly limits = new MemoryLimitStore();
  private readonly s: Record<string, StatementSync> = {};
  private readonly pendingInserts: {
    items: readonly NewItem[];
    now: number;
    resolve: (inserted: Set<Hex>) => void;
    reject: (error: unknown) => void;
  }[] = [];

  constructor(
    private readonly db: DatabaseSync,
    private readonly sync: "normal" | "full",
  ) {}

  async init() {
    this.db.exec(
      `PRAGMA journal_mode=WAL; PRAGMA synchronous=${this.sync === "full" ? "FULL" : "NORMAL"}; PRAGMA busy_timeout=5000;`,
    );
    this.db.exec(SCHEMA_SQLITE);
    const p = (name: string, sql: string) => {
      this.s[name] = this.db.prepare(sql);
    };
    p("find", "SELECT key, contributor, signature, status FROM items WHERE key = ?");
    p(
      "insert",
      `INSERT INTO items (key, dataset_id, content_hash, contributor, is_contract, signature, calldata, status, attempts, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?) ON CONFLICT (key) DO NOTHING`,
    );
    p(
      "get",
      `SELECT i.*, b.status AS batch_status,
        (SELECT hash FROM txs t WHERE t.batch_id = i.batch_id ORDER BY t.created_at DESC, t.rowid DESC LIMIT 1) AS last_tx
       FROM items i LEFT JOIN batches b ON b.id = i.batch_id WHERE i.key = ?`,
    );
    p("queuedCount", "SELECT count(*) AS n FROM (SELECT 1 FROM items WHERE status = 'queued' LIMIT ?)");
    p("queuedOldest", "SELECT created_at FROM items WHERE status = 'queued' ORDER BY seq LIMIT 1");
    p("counts", "SELECT status, count(*) AS n FROM items GROUP BY status");
    p("regInsert", "INSERT INTO registered (key, contributor) VALUES (?, ?) ON CONFLICT (key) DO NOTHING");
    p("regFind", "SELECT contributor FROM registered WHERE key = ?");
    p("logGet", "SELECT v FROM state WHERE k = 'log_block'");
    p("logSet", "INSERT INTO state (k, v) VALUES ('log_block', ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v");
    p("unsettled", "SELECT count(*) AS n FROM items WHERE status IN ('queued', 'batched')");
    p("nonceGet", "SELECT v FROM state WHERE k = 'next_nonce'");
    p("nonceSet", "INSERT INTO state (k, v) VALUES ('next_nonce', ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v");
    p(
      "claimItems",
      "SELECT key, dataset_id, content_hash, contributor, is_contract, calldata, attempts FROM items WHERE status = 'queued' ORDER BY seq LIMIT ?",
    );
    p(
      "batchInsert",
      "INSERT INTO batches (nonce, status, owner, lease_until, created_at) VALUES (?, 'building', ?, ?, ?)",
    );
    p(
      "itemBatch",
      "UPDATE items SET status = 'batched', batch_id = ?, attempts = attempts + 1, updated_at = ? WHERE key = ?",
    );
    p(
      "txInsert",
      "INSERT INTO txs (hash, batch_id, nonce, gas, max_fee, max_priority, raw, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING",
    );
    p("batchSigned", "UPDATE batches SET status = 'signed' WHERE id = ? AND status = 'building'");
    p(
      "batchSent",
      "UPDATE batches SET status = 'sent', sent_at = ? WHERE id = ? AND status IN ('building', 'signed', 'sent')",
    );
    p("batchSettle", "UPDATE batches SET status = ?, gas_used = ? WHERE id = ?");
    p(
      "itemSettle",
      "UPDATE items SET status = ?, tx_hash = ?, block_number = ?, reason = ?, updated_at = ? WHERE key = ? AND batch_id = ?",
    );
    p(
      "itemRequeue",
      "UPDATE items SET status = 'queued', batch_id = NULL, updated_at = ? WHERE key = ? AND batch_id = ?",
    );
    p(
      "openBatches",
      "SELECT id, nonce, status, sent_at, owner, lease_until FROM batches WHERE status IN ('building', 'signed', 'sent') ORDER BY nonce",
    );
    p("batchOwn", "UPDATE batches SET owner = ?, lease_until = ? WHERE id = ?");
    p(
      "batchItems",
      "SELECT key, dataset_id, content_hash, contributor, is_contract, calldata, attempts FROM items WHERE batch_id = ? AND status = 'batched'",
    );
    p("batchTxs", "SELECT * FROM txs WHERE batch_id = ? ORDER BY created_at, rowid");
    p("renew", "UPDATE batches SET lease_until = ? WHERE owner = ? AND status IN ('building', 'signed', 'sent')");
  }

  async close() {
    this.db.close();
  }

  private tx<T>(fn: () => T): T {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const out = fn();
      this.db.exec("COMMIT");
      return out;
    } catch (error) {
      this.db.exec("ROLLBACK");
      throw error;
    }
  }

  async findItems(keys: readonly Hex[]) {
    const out = new Map<Hex, ItemBrief>();
    for (const key of keys) {
      const r = this.s.find.get(key) as Row | undefined;
      if (r)
        out.set(key, {
          key,
          contributor: r.contributor as never,
          signature: r.signature as Hex,
          status: r.status as ItemStatus,
        });
    }
    return out;
  }

  /**
   * Group commit: the requests that arrive in the same turn of the event loop are inserted in one transaction
   * (a commit costs far more than a row), and each is answered once that transaction has committed.
   */
  async insertItems(items: readonly NewItem[], now: number) {
    return new Promise<Set<Hex>>((resolve, reject) => {
      this.pendingInserts.push({ items, now, resolve, reject });
      if (this.pendingInserts.length === 1) setImmediate(() => this.flushInserts());
    });
  }

  private flushInserts() {
    const group = this.pendingInserts.splice(0);
    let results: Set<Hex>[];
    try {
      results = this.tx(() =>
        group.map(({ items, now }) => {
          const inserted = new Set<Hex>();
          for (const i of items) {
            const r = this.s.insert.run(
              i.key,
              i.datasetId,
              i.contentHash,
              i.contributor,
              i.isContract ? 1 : 0,
              i.signature,
              JSON.stringify(i.calldata),
              now,
              now,
            );
            if (r.changes > 0) inserted.add(i.key);
          }
          return inserted;
        }),
      );
    } catch (error) {
      for (const g of group) g.reject(error);
      return;
    }
    group.forEach((g, i) => {
      g.resolve(results[i]);
    });
  }

  async getItem(key: Hex): Promise<ItemState | undefined> {
    const r = this.s.get.get(key) as Row | undefined;
    return r ? toState(r) : undefined;
  }

  async queuedSummary(limit: number) {
    const count = Number((this.s.queuedCount.get(limit) as Row).n);
    const oldest = count > 0 ? (this.s.queuedOldest.get() as Row | undefined) : undefined;
    return { count, oldestAt: oldest ? Number(oldest.created_at) : undefined };
  }

  async addRegistered(entries: readonly { key: Hex; contributor: Address }[], block: number) {
    this.tx(() => {
      for (const e of entries) this.s.regInsert.run(e.key, e.contributor);
      this.s.logSet.run(block);
    });
  }

  async registeredUpTo() {
    const r = this.s.logGet.get() as Row | undefined;
    return r ? Number(r.v) : -1;
  }

  async findRegistered(keys: readonly Hex[]) {
    const out = new Map<Hex, Address>();
    for (const key of keys) {
      const r = this.s.regFind.get(key) as Row | undefined;
      if (r) out.set(key, r.contributor as Address);
    }
    return out;
  }

  async unsettledCount() {
    return Number((this.s.unsettled.get() as Row).n);
  }

  async statusCounts() {
    const out: Record<ItemStatus, number> = { queued: 0, batched: 0, included: 0, skipped: 0, failed: 0 };
    for (const r of this.s.counts.all() as Row[]) out[r.status as ItemStatus] = Number(r.n);
    return out;
  }

  async reconcileNonce(chainPending: number) {
    return this.tx(() => {
      const r = this.s.nonceGet.get() as Row | undefined;
      const next = Math.max(r ? Number(r.v) : 0, chainPending);
      this.s.nonceSet.run(next);
      return next;
    });
  }

  async createBatch(max: number, owner: string, leaseUntil: number, now: number): Promise<OpenBatch | undefined> {
    return this.tx(() => {
      const rows = this.s.claimItems.all(max) as Row[];
      if (rows.length === 0) return undefined;
      const nonceRow = this.s.nonceGet.get() as Row | undefined;
      if (!nonceRow) throw new Error("nonce not reconciled with the chain yet");
      const nonce = Number(nonceRow.v);
      this.s.nonceSet.run(nonce + 1);
      const id = Number(this.s.batchInsert.run(nonce, owner, leaseUntil, now).lastInsertRowid);
      const items = rows.map(toBatchItem);
      for (const item of items) {
        this.s.itemBatch.run(id, now, item.key);
        item.attempts += 1;
      }
      return { id, nonce, status: "building" as const, items, txs: [], sentAt: undefined };
    });
  }

  async recordTx(batchId: number, tx: TxRecord) {
    this.tx(() => {
      this.s.txInsert.run(
        tx.hash,
        batchId,
        tx.nonce,
        tx.gas,
        tx.maxFeePerGas,
        tx.maxPriorityFeePerGas,
        tx.raw,
        tx.createdAt,
      );
      this.s.batchSigned.run(batchId);
    });
  }

  async markSent(batchId: number, now: number) {
    this.s.batchSent.run(now, batchId);
  }

  async settleBatch(
    batchId: number,
    status: "mined" | "dropped",
    outcomes: readonly ItemOutcome[],
    now: number,
    gasUsed?: string,
  ) {
    this.tx(() => {
      this.s.batchSettle.run(status, gasUsed ?? null, batchId);
      for (const o of outcomes) {
        if (o.status === "queued") this.s.itemRequeue.run(now, o.key, batchId);
        else {
          const txHash = "txHash" in o ? o.txHash : null;
          const block = "blockNumber" in o ? o.blockNumber : null;
          const reason = "reason" in o ? JSON.stringify(o.reason) : null;
          this.s.itemSettle.run(o.status, txHash, block, reason, now, o.key, batchId);
        }
      }
    });
  }

  async claimOpenBatches(owner: string, leaseUntil: number, now: number, all: boolean) {
    return this.tx(() => {
      const out: OpenBatch[] = [];
      for (const b of this.s.openBatches.all() as Row[]) {
        if (!all && b.owner !== owner && Number(b.lease_until ?? 0) >= now) continue;
        this.s.batchOwn.run(owner, leaseUntil, b.id as number);
        out.push({
          id: Number(b.id),
          nonce: Number(b.nonce),
          status: b.status as OpenBatch["status"],
          sentAt: b.sent_at == null ? undefined : Number(b.sent_at),
          items: (this.s.batchItems.all(b.id as number) as Row[]).map(toBatchItem),
          txs: (this.s.batchTxs.all(b.id as number) as Row[]).map(toTx),
        });
      }
      return out;
    });
  }

  async renewLeases(owner: string, leaseUntil: number) {
    this.s.renew.run(leaseUntil, owner);
  }
}

export function toBatchItem(r: Row): BatchItem {
  return {
    key: r.key as Hex,
    datasetId: String(r.dataset_id),
    contentHash: r.content_hash as Hex,
    contributor: r.contributor as never,
    isContract: Number(r.is_contract) === 1,
    calldata: typeof r.calldata === "string" ? JSON.parse(r.calldata) : (r.calldata as never),
    attempts: Number(r.attempts),
  };
}

export function toTx(r: Row): TxRecord {
  return {
    hash: r.hash as Hex,
    nonce: Number(r.nonce),
    gas: String(r.gas),
    maxFeePerGas: String(r.max_fee),
    maxPriorityFeePerGas: String(r.max_priority),
    raw: r.raw as Hex,
    createdAt: Number(r.created_at),
  };
}

export function toState(r: Row): ItemState {
  const reason = r.reason == null ? undefined : typeof r.reason === "string" ? JSON.parse(r.reason) : r.reason;
  return {
    key: r.key as Hex,
    datasetId: String(r.dataset_id),
    contentHash: r.content_hash as Hex,
    contributor: r.contributor as never,
    status: r.status as ItemStatus,
    batchStatus: (r.batch_status ?? undefined) as ItemState["batchStatus"],
    txHash: ((r.tx_hash as string | null) ?? (r.last_tx as string | null) ?? undefined) as Hex | undefined,
    blockNumber: r.block_number == null ? undefined : String(r.block_number),
    reason,
    attempts: Number(r.attempts),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}
