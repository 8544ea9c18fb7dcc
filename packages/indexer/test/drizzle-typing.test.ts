import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  date,
  integer,
  json,
  jsonb,
  numeric,
  PgDialect,
  pgSchema,
  pgTable,
  text,
  time,
  timestamp,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { drizzle } from "drizzle-orm/pg-proxy";
import { memoizeDrizzleTyping } from "../config/drizzle-typing.js";

// Every column kind prepareTyping tells apart, and the kinds Ponder's sync tables and ours use.
const every = pgTable("every", {
  t: text("t"),
  v: varchar("v", { length: 66 }),
  b: bigint("b", { mode: "bigint" }),
  n: numeric("n", { precision: 78, scale: 0 }),
  i: integer("i"),
  bo: boolean("bo"),
  j: json("j"),
  jb: jsonb("jb"),
  ts: timestamp("ts"),
  tss: timestamp("tss", { mode: "string" }),
  d: date("d", { mode: "date" }),
  ds: date("ds", { mode: "string" }),
  tm: time("tm"),
  u: uuid("u"),
});
const logs = pgSchema("ponder_sync").table("logs", {
  chainId: bigint("chain_id", { mode: "bigint" }).notNull(),
  blockNumber: bigint("block_number", { mode: "bigint" }).notNull(),
  logIndex: integer("log_index").notNull(),
  address: varchar("address", { length: 42 }).notNull(),
  topic0: varchar("topic0", { length: 66 }),
  data: text("data").notNull(),
});

const row = {
  t: "a",
  v: "0x01",
  b: 1n,
  n: "123456789012345678901234567890",
  i: 7,
  bo: true,
  j: { a: 1 },
  jb: { b: [1, 2] },
  ts: new Date(0),
  tss: "2026-01-01 00:00:00",
  d: new Date(0),
  ds: "2026-01-01",
  tm: "12:00:00",
  u: "00000000-0000-0000-0000-000000000000",
};
const log = (k: number) => ({
  chainId: 31337n,
  blockNumber: BigInt(k),
  logIndex: k,
  address: "0x5fbdb2315678afecb367f032d93f642f64180aa3",
  topic0: k % 2 ? null : `0x${"ab".repeat(32)}`,
  data: "0x",
});

/** The text, parameters and typings drizzle sends for a few queries (Ponder's sync INSERTs among them). */
function built() {
  const dialect = new PgDialect();
  // A database that runs nothing (drizzle's pg-proxy driver, as Ponder's store uses): only the queries are built.
  const db = drizzle(async () => ({ rows: [] }));
  return [
    db.select().from(every).where(sql`${every.jb} = ${row.jb} and ${every.u} = ${row.u}`),
    db.insert(every).values([row, row]),
    db
      .insert(logs)
      .values([log(1), log(2), log(3)])
      .onConflictDoNothing(),
  ].map((q) => dialect.sqlToQuery(q.getSQL()));
}

describe("drizzle's parameter typings, memoized by column (config/drizzle-typing.ts)", () => {
  it("builds the same queries: text, parameters and typings, before and after, memo cold and warm", () => {
    const before = built();
    assert.ok(before.some((q) => (q.typings ?? []).includes("json")));
    assert.ok(before.some((q) => (q.typings ?? []).includes("decimal")));
    assert.ok(before.some((q) => (q.typings ?? []).includes("uuid")));
    assert.equal(memoizeDrizzleTyping(), true);
    assert.equal(memoizeDrizzleTyping(), false, "installed once");
    assert.deepEqual(built(), before);
    assert.deepEqual(built(), before);
  });

  it("is the drizzle Ponder runs: one copy, resolved alike from Ponder and from the indexer", () => {
    const fromIndexer = createRequire(import.meta.url).resolve("drizzle-orm/pg-core");
    const fromPonder = createRequire(fileURLToPath(import.meta.resolve("ponder"))).resolve("drizzle-orm/pg-core");
    assert.equal(fromPonder, fromIndexer);
  });
});
