// A live block's reorg records committed in one statement (config/commit-blocks.mjs) end as Ponder's own per-table
// `commitBlock`s leave them: on two real PGlite databases holding the same reorg records (uncommitted ones, committed
// ones of earlier blocks, tables without any), one gets Ponder's commits and the other the one statement, and their rows
// are compared — under the default ordering and under the isolated one (where only the block's chain is committed).
// config/ponder-hooks.mjs's rewrite applies to the three runtimes of the Ponder installed.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { pgSchema, text } from "drizzle-orm/pg-core";
import { drizzle } from "drizzle-orm/pglite";
import { commitBlocks, commitBlocksSql } from "../config/commit-blocks.mjs";
import { commitBlocksAtOnce } from "../config/ponder-rewrites.mjs";

const ponderEsm = fileURLToPath(new URL("../../../node_modules/ponder/dist/esm/", import.meta.url));
// Ponder's own modules, as Ponder runs them (without the hooks).
const { commitBlock } = (await import(join(ponderEsm, "database/actions.js"))) as {
  commitBlock(
    qb: unknown,
    args: { table: unknown; checkpoint: string; preBuild: unknown },
    context?: unknown,
  ): Promise<void>;
};
const { MAX_CHECKPOINT_STRING, encodeCheckpoint } = (await import(join(ponderEsm, "utils/checkpoint.js"))) as {
  MAX_CHECKPOINT_STRING: string;
  encodeCheckpoint(c: Record<string, bigint>): string;
};

const cairn = pgSchema("cairn");
const names = ["dataset", "contribution", "review", "payout"];
const tables = names.map((name) => cairn.table(name, { id: text().primaryKey() }));

const checkpoint = (blockNumber: bigint, chainId = 31337n) =>
  encodeCheckpoint({
    blockTimestamp: 1_700_000_000n + blockNumber,
    chainId,
    blockNumber,
    transactionIndex: 9_999_999_999_999_999n,
    eventType: 9n,
    eventIndex: 9_999_999_999_999_999n,
  });

/**
 * A real PGlite with each table's reorg table as Ponder creates it (with `chain_id` under the isolated ordering),
 * holding records of earlier, committed blocks and uncommitted ones of two chains; `payout` has none.
 */
async function database(isolated: boolean) {
  const client = new PGlite();
  const chainColumn = isolated ? ", chain_id bigint NOT NULL" : "";
  await client.exec(`CREATE SCHEMA cairn; CREATE SEQUENCE cairn.operation_id;
    ${names
      .map(
        (name) => `CREATE TABLE cairn.${name} (id text PRIMARY KEY);
      CREATE TABLE cairn._reorg__${name} (id text, operation_id integer PRIMARY KEY DEFAULT nextval('cairn.operation_id'),
        operation integer NOT NULL, checkpoint varchar(75) NOT NULL${chainColumn});
      CREATE INDEX ON cairn._reorg__${name} (checkpoint);`,
      )
      .join("\n")}`);
  for (const [t, name] of ["dataset", "contribution", "review"].entries()) {
    for (let i = 0; i < 5 + t; i++) {
      for (const [chainId, mark] of [
        [31337n, MAX_CHECKPOINT_STRING],
        [31337n, checkpoint(BigInt(10 + i))],
        [1n, MAX_CHECKPOINT_STRING],
      ] as const) {
        const values = [`${name}-${chainId}-${i}`, i % 3, mark, ...(isolated ? [chainId] : [])];
        await client.query(
          `INSERT INTO cairn._reorg__${name} (id, operation, checkpoint${isolated ? ", chain_id" : ""})
           VALUES ($1, $2, $3${isolated ? ", $4" : ""})`,
          values.map(String),
        );
      }
    }
  }
  const db = drizzle(client, { casing: "snake_case" });
  const qb = { wrap: (_label: unknown, run: (d: typeof db) => unknown) => run(db) };
  const rows = async () =>
    Promise.all(
      names.map(async (name) => (await client.query(`SELECT * FROM cairn._reorg__${name} ORDER BY operation_id`)).rows),
    );
  return { client, qb, rows };
}

describe("a live block's reorg records, committed in one statement", () => {
  for (const ordering of ["omnichain", "experimental_isolated"]) {
    it(`ends as Ponder's own commits do (${ordering})`, async () => {
      const isolated = ordering === "experimental_isolated";
      const ponder = await database(isolated);
      const ours = await database(isolated);
      const block = checkpoint(40n);
      const preBuild = { ordering };
      await Promise.all(tables.map((table) => commitBlock(ponder.qb, { table, checkpoint: block, preBuild })));
      await commitBlocks(ours.qb, { tables, checkpoint: block, preBuild }, undefined, MAX_CHECKPOINT_STRING);
      const expected = await ponder.rows();
      assert.deepEqual(await ours.rows(), expected);
      // Not vacuous: the block's records moved, the committed ones did not, and (isolated) the other chain's stayed.
      const marks = expected.flat().map((r) => (r as { checkpoint: string }).checkpoint);
      assert.ok(marks.includes(block));
      assert.ok(marks.includes(checkpoint(10n)));
      assert.equal(marks.includes(MAX_CHECKPOINT_STRING), isolated);
      await Promise.all([ponder.client.close(), ours.client.close()]);
    });
  }

  it("writes only checkpoints, and nothing for no tables", () => {
    assert.equal(commitBlocksSql([], { checkpoint: checkpoint(1n), maxCheckpoint: MAX_CHECKPOINT_STRING }), null);
    assert.throws(
      () => commitBlocksSql(tables, { checkpoint: "1'; DROP TABLE x; --", maxCheckpoint: MAX_CHECKPOINT_STRING }),
      /not a checkpoint/,
    );
  });

  it("applies to the three runtimes of the Ponder installed", () => {
    for (const runtime of ["omnichain", "multichain", "isolated"]) {
      const source = readFileSync(join(ponderEsm, "runtime", `${runtime}.js`), "utf8");
      const rewritten = commitBlocksAtOnce(source);
      assert.ok(rewritten, runtime);
      assert.equal(rewritten.match(/await cairnCommitBlocks\(/g)?.length, 1, runtime);
      assert.doesNotMatch(rewritten, /commitBlock\(tx/, runtime);
    }
  });
});
