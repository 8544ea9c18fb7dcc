/**
 * Token buckets for rate limits, quotas and budgets, taken all-or-nothing: a request is charged to every
 * bucket it touches (its client, each contributor, its quota, each dataset's budget) or to none.
 *
 * Two stores: in memory (one process: the SQLite queue has one instance) and PostgreSQL (the buckets live
 * beside the shared queue, so every instance on that queue draws from the same buckets).
 */
import type pg from "pg";

/** One charge: `n` tokens from the bucket `key`, which refills `rate` tokens per second up to `burst`. */
export type Charge = { key: string; n: number; rate: number; burst: number };

/** Granted, or refused at `charges[index]` with the seconds to wait before it could be granted. */
export type TakeResult = { ok: true } | { ok: false; index: number; waitSeconds: number };

export interface LimitStore {
  /** Takes every charge, or none of them. Charges with `rate <= 0` are not limited. */
  take(charges: readonly Charge[], now?: number): Promise<TakeResult>;
  /** Gives back what an earlier granted `take` charged (the request was then refused for another reason). */
  refund(charges: readonly Charge[]): Promise<void>;
  /**
   * Takes what was spent, whatever the bucket holds: the level may go below zero, and `take` refuses until
   * it has refilled (gas is known only once a batch is mined, after its items were accepted).
   */
  debit(charges: readonly Charge[], now?: number): Promise<void>;
}

type Bucket = { tokens: number; at: number };

const refill = (b: Bucket, c: Charge, now: number) =>
  Math.min(c.burst, b.tokens + (Math.max(0, now - b.at) / 1000) * c.rate);

const waitFor = (tokens: number, c: Charge) => Math.max(1, Math.ceil((Math.min(c.n, c.burst) - tokens) / c.rate));

/** Decides a take on current bucket levels; returns the new levels if granted. */
function decide(charges: readonly Charge[], levels: readonly number[]): TakeResult {
  for (let i = 0; i < charges.length; i++) {
    const c = charges[i];
    if (levels[i] < c.n) return { ok: false, index: i, waitSeconds: waitFor(levels[i], c) };
  }
  return { ok: true };
}

/** Charges on the same key are merged (two contributors never share a key, but be safe). */
function limited(charges: readonly Charge[]): Charge[] {
  const byKey = new Map<string, Charge>();
  for (const c of charges) {
    if (c.rate <= 0 || c.n <= 0) continue;
    const prior = byKey.get(c.key);
    byKey.set(c.key, prior ? { ...prior, n: prior.n + c.n } : { ...c });
  }
  return [...byKey.values()];
}

export class MemoryLimitStore implements LimitStore {
  private readonly buckets = new Map<string, Bucket & { rate: number; burst: number }>();
  private lastSweep = 0;

  async take(charges: readonly Charge[], now = Date.now()): Promise<TakeResult> {
    return this.takeSync(charges, now);
  }

  takeSync(charges: readonly Charge[], now = Date.now()): TakeResult {
    this.sweep(now);
    const cs = limited(charges);
    const levels = cs.map((c) => {
      const b = this.buckets.get(c.key);
      return b ? refill(b, c, now) : c.burst;
    });
    const r = decide(cs, levels);
    if (!r.ok) return { ...r, index: charges.findIndex((c) => c.key === cs[r.index].key) };
    cs.forEach((c, i) => {
      this.buckets.set(c.key, { tokens: levels[i] - c.n, at: now, rate: c.rate, burst: c.burst });
    });
    return r;
  }

  async refund(charges: readonly Charge[]) {
    for (const c of limited(charges)) {
      const b = this.buckets.get(c.key);
      if (b) b.tokens = Math.min(c.burst, b.tokens + c.n);
    }
  }

  async debit(charges: readonly Charge[], now = Date.now()) {
    for (const c of limited(charges)) {
      const b = this.buckets.get(c.key);
      const level = b ? refill(b, c, now) : c.burst;
      this.buckets.set(c.key, { tokens: level - c.n, at: now, rate: c.rate, burst: c.burst });
    }
  }

  private sweep(now: number) {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    // A bucket refilled to the brim carries no information.
    for (const [k, b] of this.buckets) if (refill(b, { key: k, n: 0, ...b }, now) >= b.burst) this.buckets.delete(k);
  }
}

export const LIMITS_SCHEMA_POSTGRES = `
CREATE TABLE IF NOT EXISTS rate_buckets (
  key TEXT PRIMARY KEY,
  tokens DOUBLE PRECISION NOT NULL,
  at BIGINT NOT NULL,
  full_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS rate_buckets_full_at ON rate_buckets (full_at);
`;

/**
 * Buckets in PostgreSQL: one transaction locks the rows of the keys charged (in key order, so two requests
 * never deadlock), decides, and writes the new levels. Instances sharing the queue share the limits.
 */
export class PostgresLimitStore implements LimitStore {
  private ready: Promise<void> | undefined;
  private lastSweep = 0;

  constructor(private readonly pool: pg.Pool) {}

  private init() {
    this.ready ??= (async () => {
      const c = await this.pool.connect();
      try {
        await c.query("SELECT pg_advisory_lock(7320192)");
        await c.query(LIMITS_SCHEMA_POSTGRES);
        await c.query("SELECT pg_advisory_unlock(7320192)");
      } finally {
        c.release();
      }
    })();
    return this.ready;
  }

  async take(charges: readonly Charge[], now = Date.now()): Promise<TakeResult> {
    const cs = limited(charges).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    if (cs.length === 0) return { ok: true };
    await this.init();
    await this.sweep(now);
    const c = await this.pool.connect();
    try {
      await c.query("BEGIN");
      const keys = cs.map((x) => x.key);
      // Missing buckets start full; then every row charged is locked.
      await c.query(
        `INSERT INTO rate_buckets (key, tokens, at, full_at)
         SELECT k, b, $3, $3 FROM unnest($1::text[], $2::float8[]) AS t(k, b)
         ON CONFLICT (key) DO NOTHING`,
        [keys, cs.map((x) => x.burst), now],
      );
      const { rows } = await c.query<{ key: string; tokens: number; at: string }>(
        "SELECT key, tokens, at FROM rate_buckets WHERE key = ANY($1) ORDER BY key FOR UPDATE",
        [keys],
      );
      const byKey = new Map(rows.map((r) => [r.key, { tokens: Number(r.tokens), at: Number(r.at) }]));
      const levels = cs.map((x) => {
        const b = byKey.get(x.key);
        return b ? refill(b, x, now) : x.burst;
      });
      const r = decide(cs, levels);
      if (!r.ok) {
        await c.query("ROLLBACK");
        return { ...r, index: charges.findIndex((x) => x.key === cs[r.index].key) };
      }
      const after = cs.map((x, i) => levels[i] - x.n);
      await c.query(
        `UPDATE rate_buckets SET tokens = t.tokens, at = $3, full_at = t.full_at
         FROM unnest($1::text[], $2::float8[], $4::int8[]) AS t(key, tokens, full_at)
         WHERE rate_buckets.key = t.key`,
        [keys, after, now, cs.map((x, i) => Math.ceil(now + ((x.burst - after[i]) / x.rate) * 1000))],
      );
      await c.query("COMMIT");
      return r;
    } catch (error) {
      await c.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      c.release();
    }
  }

  async refund(charges: readonly Charge[]) {
    const cs = limited(charges);
    if (cs.length === 0) return;
    await this.init();
    await this.pool.query(
      `UPDATE rate_buckets SET tokens = LEAST(t.burst, rate_buckets.tokens + t.n)
       FROM unnest($1::text[], $2::float8[], $3::float8[]) AS t(key, n, burst)
       WHERE rate_buckets.key = t.key`,
      [cs.map((x) => x.key), cs.map((x) => x.n), cs.map((x) => x.burst)],
    );
  }

  async debit(charges: readonly Charge[], now = Date.now()) {
    const cs = limited(charges);
    if (cs.length === 0) return;
    await this.init();
    const keys = cs.map((x) => x.key);
    // A missing bucket starts full; then each level is refilled to now and charged (it may go below zero).
    await this.pool.query(
      `INSERT INTO rate_buckets (key, tokens, at, full_at)
       SELECT k, b, $3::int8, $3::int8 FROM unnest($1::text[], $2::float8[]) AS t(k, b)
       ON CONFLICT (key) DO NOTHING`,
      [keys, cs.map((x) => x.burst), now],
    );
    await this.pool.query(
      `UPDATE rate_buckets AS r SET
         tokens = LEAST(t.burst, r.tokens + GREATEST(0, $5::int8 - r.at) / 1000.0 * t.rate) - t.n,
         at = $5::int8,
         full_at = $5::int8 + ceil((t.burst - LEAST(t.burst, r.tokens + GREATEST(0, $5::int8 - r.at) / 1000.0 * t.rate) + t.n) / t.rate * 1000)::int8
       FROM unnest($1::text[], $2::float8[], $3::float8[], $4::float8[]) AS t(key, n, rate, burst)
       WHERE r.key = t.key`,
      [keys, cs.map((x) => x.n), cs.map((x) => x.rate), cs.map((x) => x.burst), now],
    );
  }

  /** Buckets refilled to the brim carry no information. */
  private async sweep(now: number) {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    await this.pool.query("DELETE FROM rate_buckets WHERE full_at < $1", [now]);
  }
}
