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

/** Ponder's checkpoint: the last block whose events are in the tables (null before the first). */
export async function readCheckpoint(db: RawDb): Promise<string | null> {
  const result = (await db.execute(sql`SELECT latest_checkpoint FROM _ponder_checkpoint`)) as
    | { rows: Array<{ latest_checkpoint: string }> }
    | Array<{ latest_checkpoint: string }>;
  const rows = Array.isArray(result) ? result : result.rows;
  return rows[0]?.latest_checkpoint ?? null;
}

/** Where the indexer is, against the chain's head. Not ok when the chain cannot be reached. */
export async function health(
  db: RawDb,
  chain: Pick<PublicClient, "getBlock">,
  onCheckpoint?: (checkpoint: string | null) => void,
): Promise<HealthReport> {
  const checkpoint = await readCheckpoint(db);
  onCheckpoint?.(checkpoint);
  const indexed = checkpoint ? decodeCheckpoint(checkpoint) : undefined;
  try {
    const head = await chain.getBlock({ blockTag: "latest" });
    const headBlock = Number(head.number);
    const headTime = Number(head.timestamp);
    return {
      ok: indexed !== undefined,
      chainId: indexed?.chainId ?? null,
      indexedBlock: indexed?.blockNumber ?? null,
      indexedTimestamp: indexed?.timestamp ?? null,
      headBlock,
      lagBlocks: indexed ? Math.max(0, headBlock - indexed.blockNumber) : null,
      lagSeconds: indexed ? Math.max(0, headTime - indexed.timestamp) : null,
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
