// The planner's statistics on PGlite follow the indexing even when nobody reads the API (src/api/planner-stats.ts):
// a real PGlite, a table that grows, and no request at all.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PGlite } from "@electric-sql/pglite";
import { integer, pgTable, text } from "drizzle-orm/pg-core";
import { drizzle } from "drizzle-orm/pglite";
import { createPlannerStats, followIndexing } from "../src/api/planner-stats.js";

const item = pgTable("item", { key: text("key").primaryKey() });
const wide = pgTable("wide", { key: text("key").primaryKey(), kind: integer("kind_of"), note: text("note") });

describe("the planner's statistics while indexing", () => {
  it("are gathered from the checkpoint alone once the table has grown, and not again until it grows by a fifth", async () => {
    const pg = new PGlite();
    const db = drizzle(pg);
    await pg.exec("CREATE TABLE item (key text PRIMARY KEY)");
    let checkpoint = 0;
    const count = async () => (await pg.query<{ n: number }>("SELECT count(*)::int AS n FROM item")).rows[0]?.n ?? 0;
    const analyzed = async () =>
      (await pg.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stats WHERE tablename = 'item'")).rows[0]?.n ??
      0;
    const stats = createPlannerStats(db, [item], count, { threshold: 500, scale: 0.2 });
    const stop = followIndexing(stats, async () => String(checkpoint), 20);
    const settle = async () => {
      for (let i = 0; i < 50; i++) {
        await new Promise((r) => setTimeout(r, 30));
        await stats.running;
      }
    };
    /** Indexes `n` more rows (a new checkpoint), then lets the timer look at it; answers how often ANALYZE ran. */
    const grow = async (prefix: string, n: number) => {
      await pg.exec(`INSERT INTO item SELECT '${prefix}' || g FROM generate_series(1, ${n}) g`);
      checkpoint++;
      await settle();
      return stats.runs;
    };
    try {
      await settle();
      assert.equal(stats.runs, 0, "an empty table is not analyzed");
      assert.equal(await grow("k", 600), 1);
      assert.ok((await analyzed()) > 0, "pg_stats has the table");
      assert.equal(await grow("m", 100), 1, "100 rows on 600 are under the threshold (500 + a fifth)");
      assert.equal(await grow("n", 700), 2);
    } finally {
      stop();
      await pg.close();
    }
  });
  it("sample as many rows as the statistics target says, when one is given", async () => {
    const pg = new PGlite();
    const db = drizzle(pg);
    await pg.exec("CREATE TABLE item (key text PRIMARY KEY)");
    await pg.exec("INSERT INTO item SELECT 'k' || g FROM generate_series(1, 5000) g");
    const buckets = async () =>
      (
        await pg.query<{ n: number }>(
          "SELECT array_length(histogram_bounds, 1) AS n FROM pg_stats WHERE tablename = 'item' AND attname = 'key'",
        )
      ).rows[0]?.n;
    for (const [statisticsTarget, bounds] of [
      [10, 11],
      [undefined, 101],
    ] as const) {
      const stats = createPlannerStats(db, [item], async () => 5000, { statisticsTarget });
      stats.onCheckpoint("1");
      await stats.running;
      assert.equal(await buckets(), bounds, `statistics target ${statisticsTarget ?? "left as it was"}`);
      // A target given is the session's: set back, as the next test expects the default.
      if (statisticsTarget !== undefined) await pg.exec("RESET default_statistics_target");
    }
    await pg.close();
  });
  it("are gathered for the columns named, and only those, where a table is given with its columns", async () => {
    const pg = new PGlite();
    const db = drizzle(pg);
    await pg.exec(
      "CREATE TABLE wide (key text PRIMARY KEY, kind_of int, note text); CREATE TABLE item (key text PRIMARY KEY)",
    );
    await pg.exec("INSERT INTO wide SELECT 'k' || g, g % 7, repeat('n', 60) || g FROM generate_series(1, 2000) g");
    await pg.exec("INSERT INTO item SELECT 'k' || g FROM generate_series(1, 10) g");
    const stats = createPlannerStats(db, [{ table: wide, columns: [wide.kind] }, item], async () => 2010);
    try {
      stats.onCheckpoint("1");
      await stats.running;
      assert.equal(stats.runs, 1);
      const columns = await pg.query<{ t: string; c: string }>(
        "SELECT tablename AS t, attname AS c FROM pg_stats WHERE tablename IN ('wide', 'item') ORDER BY 1, 2",
      );
      assert.deepEqual(columns.rows, [
        { t: "item", c: "key" },
        { t: "wide", c: "kind_of" },
      ]);
    } finally {
      await pg.close();
    }
  });

  it("wait for the backfill's end when told how to know it, then analyze without waiting for a new block", async () => {
    const pg = new PGlite();
    const db = drizzle(pg);
    await pg.exec("CREATE TABLE item (key text PRIMARY KEY)");
    const count = async () => (await pg.query<{ n: number }>("SELECT count(*)::int AS n FROM item")).rows[0]?.n ?? 0;
    let backfilled = false;
    let asked = 0;
    const ready = async () => {
      asked++;
      return backfilled;
    };
    const stats = createPlannerStats(db, [item], count, { threshold: 500, scale: 0.2, ready });
    const stop = followIndexing(stats, async () => "1", 20);
    const settle = async () => {
      for (let i = 0; i < 20; i++) {
        await new Promise((r) => setTimeout(r, 30));
        await stats.running;
      }
    };
    try {
      await pg.exec("INSERT INTO item SELECT 'k' || g FROM generate_series(1, 2000) g");
      await settle();
      assert.equal(stats.runs, 0, "not analyzed during the backfill, however much it grew");
      assert.ok(asked > 1, "the backfill's state is asked again at each look, on the same checkpoint");
      backfilled = true;
      await settle();
      assert.equal(stats.runs, 1, "analyzed once the backfill is done, though no block came");
      const after = asked;
      await settle();
      assert.equal(asked, after, "not asked again once the backfill is done");
      assert.equal(stats.runs, 1);
    } finally {
      stop();
      await pg.close();
    }
  });

  it("waits for a moment without requests to analyze, or for at most maxWaitMs of steady traffic", async () => {
    const pg = new PGlite();
    const db = drizzle(pg);
    await pg.exec("CREATE TABLE item (key text PRIMARY KEY)");
    await pg.exec("INSERT INTO item SELECT 'k' || g FROM generate_series(1, 2000) g");
    let busy = true;
    const stats = createPlannerStats(db, [item], async () => 2000, { busy: () => busy, maxWaitMs: 400 });
    try {
      stats.onCheckpoint("1");
      await new Promise((r) => setTimeout(r, 150));
      assert.equal(stats.runs, 0, "due, but requests are being answered");
      busy = false;
      await stats.running;
      assert.equal(stats.runs, 1, "ran once none were");

      await pg.exec("INSERT INTO item SELECT 'm' || g FROM generate_series(1, 2000) g");
      const steady = createPlannerStats(db, [item], async () => 4000, { busy: () => true, maxWaitMs: 300 });
      const started = performance.now();
      steady.onCheckpoint("2");
      await steady.running;
      assert.equal(steady.runs, 1, "ran under steady traffic all the same");
      assert.ok(performance.now() - started >= 290, "after waiting maxWaitMs");
    } finally {
      await pg.close();
    }
  });
});
