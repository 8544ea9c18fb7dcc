// The sync store's logs written as JSON (config/sync-logs-json.mjs) are the rows Ponder's own insert writes: the same
// columns and values for the same logs (topics absent or present, data of any length, block numbers past 2^53), more
// logs than one statement takes, and logs already there left as they are. Both run on a real PGlite with Ponder's own
// `encodeLog` and sync store; config/ponder-hooks.mjs's rewrite applies to the Ponder installed.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/pglite";
import type { Hex } from "viem";
import { logsAsJson } from "../config/ponder-rewrites.mjs";
import { insertLogsAsJson, logsPerStatement } from "../config/sync-logs-json.mjs";

const ponderSyncStore = join(
  fileURLToPath(new URL("../../../node_modules/ponder/dist/esm/sync-store/", import.meta.url)),
  "index.js",
);
type RpcLog = {
  address: Hex;
  blockHash: Hex;
  blockNumber: Hex;
  data: Hex;
  logIndex: Hex;
  transactionHash: Hex;
  transactionIndex: Hex;
  topics: Hex[];
};
// Ponder's own modules, as Ponder runs them (without the hooks: its original insertLogs).
const { createSyncStore } = (await import(ponderSyncStore)) as {
  createSyncStore(args: { common: unknown; qb: unknown }): {
    insertLogs(args: { logs: RpcLog[]; chainId: number }, context?: unknown): Promise<void>;
  };
};
const { encodeLog } = (await import(join(ponderSyncStore, "../encode.js"))) as {
  encodeLog(args: { log: RpcLog; chainId: number }): Record<string, unknown>;
};
const PONDER_SYNC = (await import(join(ponderSyncStore, "../schema.js"))) as Record<string, unknown>;

// ponder_sync.logs as Ponder's migrations leave it (sync-store/schema.js).
const logsTable = `CREATE SCHEMA ponder_sync;
  CREATE TABLE ponder_sync.logs (chain_id bigint NOT NULL, block_number bigint NOT NULL, log_index integer NOT NULL,
    transaction_index integer NOT NULL, block_hash varchar(66) NOT NULL, transaction_hash varchar(66) NOT NULL,
    address varchar(42) NOT NULL, topic0 varchar(66), topic1 varchar(66), topic2 varchar(66), topic3 varchar(66),
    data text NOT NULL, CONSTRAINT logs_pkey PRIMARY KEY (chain_id, block_number, log_index))`;

/**
 * A real PGlite with the sync store's logs table, and Ponder's query builder's one method the sync store uses;
 * `writeAsJson` writes logs as the rewritten `insertLogs` does (the rows of Ponder's `encodeLog`).
 */
async function database() {
  const client = new PGlite();
  await client.exec(logsTable);
  const db = drizzle(client, { casing: "snake_case", schema: PONDER_SYNC });
  const qb = { $dialect: "pglite", wrap: (_label: unknown, run: (d: typeof db) => unknown) => run(db) };
  const rows = async () =>
    (await client.query("SELECT * FROM ponder_sync.logs ORDER BY chain_id, block_number, log_index")).rows;
  const writeAsJson = (given: RpcLog[], chainId: number) =>
    insertLogsAsJson(
      qb,
      given.map((log) => encodeLog({ log, chainId })),
      undefined,
      sql,
    );
  return { client, qb, rows, writeAsJson };
}

/** JSON.stringify's replacer for rows with bigints. */
const big = (_: string, v: unknown) => (typeof v === "bigint" ? v.toString() : v);
const hex = (n: number | bigint, bytes = 32) => `0x${n.toString(16).padStart(bytes * 2, "0")}` as Hex;

/** `n` logs over a few blocks: every topic count from 0 to 4, data empty to long, one block number past 2^53. */
function logs(n: number, firstBlock = 7n): RpcLog[] {
  return Array.from({ length: n }, (_, i) => {
    const block = i === n - 1 ? 2n ** 60n + 3n : firstBlock + BigInt(Math.floor(i / 400));
    return {
      address: `0x${"Ab".repeat(20)}`,
      blockHash: hex(block * 7n),
      blockNumber: `0x${block.toString(16)}`,
      data: i % 3 === 0 ? "0x" : hex(BigInt(i), 32 * (1 + (i % 5))),
      logIndex: `0x${(i % 400).toString(16)}`,
      transactionHash: hex(BigInt(i) * 13n),
      transactionIndex: `0x${(i % 3).toString(16)}`,
      topics: Array.from({ length: i % 5 }, (_, t) => hex(BigInt(i * 10 + t))),
    };
  });
}

describe("the sync store's logs, written as JSON", () => {
  it("are the rows Ponder's own insert writes, over more logs than one statement takes", async () => {
    const given = logs(logsPerStatement + 17);
    const ponders = await database();
    const ours = await database();
    try {
      const common = { options: { databaseMaxQueryParameters: 16_000 } };
      await createSyncStore({ common, qb: ponders.qb }).insertLogs({ logs: given, chainId: 31337 });
      await ours.writeAsJson(given, 31337);
      const expected = await ponders.rows();
      assert.equal(expected.length, given.length);
      assert.deepEqual(await ours.rows(), expected);
      const last = expected.at(-1) as { block_number: bigint; address: string; topic0: string | null };
      assert.equal(BigInt(last.block_number), 2n ** 60n + 3n); // exact past 2^53
      assert.equal(last.address, `0x${"ab".repeat(20)}`); // lowercased as Ponder does
    } finally {
      await Promise.all([ponders.client.close(), ours.client.close()]);
    }
  });

  it("leaves the logs already there as they are, and writes the new ones", async () => {
    const ours = await database();
    try {
      const first = logs(50);
      await ours.writeAsJson(first, 1);
      const before = await ours.rows();
      // The same positions again with other contents, and 10 new ones in later blocks.
      const again = [...first.map((log) => ({ ...log, data: "0xdeadbeef" as Hex })), ...logs(10, 1000n)];
      await ours.writeAsJson(again, 1);
      const after = await ours.rows();
      assert.equal(after.length, 60);
      assert.deepEqual(
        after.filter((r) => before.some((b) => JSON.stringify(b, big) === JSON.stringify(r, big))).length,
        before.length,
      );
      assert.ok(!after.some((r) => (r as { data: string }).data === "0xdeadbeef"));
    } finally {
      await ours.client.close();
    }
  });

  it("is what config/ponder-hooks.mjs makes the installed Ponder's sync store call", () => {
    const source = readFileSync(ponderSyncStore, "utf8");
    const rewritten = logsAsJson(source);
    assert.ok(rewritten, "Ponder's insertLogs not found: the rewrite does not apply to this Ponder");
    assert.match(
      rewritten,
      /return cairnInsertLogsAsJson\(qb, logs\.map\(\(log\) => encodeLog\(\{ log, chainId \}\)\)/,
    );
    assert.equal(logsAsJson(source.replace("insertLogs: async", "insertLogs: function")), null);
  });
});
