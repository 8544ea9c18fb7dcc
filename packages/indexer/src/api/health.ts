import { sql } from "ponder";
import type { PublicClient } from "viem";

export type HealthReport = {
  ok: boolean;
  chainId: number | null;
  /** The last block whose events are in the tables. */
  indexedBlock: number | null;
  indexedTimestamp: number | null;
  headBlock: number | null;
  lagBlocks: number | null;
  /** Head block's timestamp minus the indexed block's. */
  lagSeconds: number | null;
  error?: string;
};

// Ponder's checkpoint: block timestamp (10 digits), chain id (16), block number (16), then the position.
export function decodeCheckpoint(checkpoint: string) {
  return {
    timestamp: Number(checkpoint.slice(0, 10)),
    chainId: Number(checkpoint.slice(10, 26)),
    blockNumber: Number(checkpoint.slice(26, 42)),
  };
}

type RawDb = { execute: (query: ReturnType<typeof sql>) => Promise<unknown> };

/** The rows of a raw query: node-postgres answers `{ rows }`, Ponder's PGlite driver the rows themselves. */
export async function rawRows<T>(db: RawDb, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as { rows: T[] } | T[];
  return Array.isArray(result) ? result : result.rows;
}

/** Ponder's latest and safe (final) checkpoints, or null before the first. */
export async function readCheckpoints(db: RawDb): Promise<{ latest: string; safe: string } | null> {
  const [row] = await rawRows<{ latest_checkpoint: string; safe_checkpoint: string }>(
    db,
    sql`SELECT latest_checkpoint, safe_checkpoint FROM _ponder_checkpoint`,
  );
  return row ? { latest: row.latest_checkpoint, safe: row.safe_checkpoint } : null;
}

/** Whether Ponder has finished its backfill: the flag its `/ready` answers from (set again on every start). */
export async function readBackfillDone(db: RawDb): Promise<boolean> {
  const [row] = await rawRows<{ ready: number | null }>(
    db,
    sql`SELECT (value->>'is_ready')::int AS ready FROM _ponder_meta WHERE key = 'app'`,
  );
  return row?.ready === 1;
}

/** Ponder's checkpoint: the last block whose events are in the tables (null before the first). */
export async function readCheckpoint(db: RawDb): Promise<string | null> {
  return (await readCheckpoints(db))?.latest ?? null;
}

/**
 * Where the indexer is, against the chain's head. Not ok when the chain cannot be reached, nor while `starting`
 * (./recovery.ts): then the indexed block is the one the tables hold, not the checkpoint the previous run left.
 */
export async function health(
  db: RawDb,
  chain: Pick<PublicClient, "getBlock">,
  onCheckpoint?: (checkpoint: string | null) => void,
  starting?: { message: string; safeCheckpoint: string } | null,
): Promise<HealthReport> {
  let checkpoint: string | null;
  if (starting) checkpoint = starting.safeCheckpoint;
  else {
    checkpoint = await readCheckpoint(db);
    onCheckpoint?.(checkpoint);
  }
  const indexed = checkpoint ? decodeCheckpoint(checkpoint) : undefined;
  try {
    const head = await chain.getBlock({ blockTag: "latest" });
    const headBlock = Number(head.number);
    const headTime = Number(head.timestamp);
    return {
      ok: indexed !== undefined && !starting,
      chainId: indexed?.chainId ?? null,
      indexedBlock: indexed?.blockNumber ?? null,
      indexedTimestamp: indexed?.timestamp ?? null,
      headBlock,
      lagBlocks: indexed ? Math.max(0, headBlock - indexed.blockNumber) : null,
      lagSeconds: indexed ? Math.max(0, headTime - indexed.timestamp) : null,
      ...(starting ? { error: starting.message } : {}),
    };
  } catch (error) {
    return {
      ok: false,
      chainId: indexed?.chainId ?? null,
      indexedBlock: indexed?.blockNumber ?? null,
      indexedTimestamp: indexed?.timestamp ?? null,
      headBlock: null,
      lagBlocks: null,
      lagSeconds: null,
      error: `chain unreachable: ${(error as Error).message.split("\n")[0]}`,
    };
  }
}
