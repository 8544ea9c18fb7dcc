// config/pglite-thread.mjs against the real PGlite: the same script of calls on both (queries, parsers, exec, errors,
// transactions committed, thrown and rolled back, drizzle's nested transactions, COPY from a blob, notifications)
// answers the same; what cannot cross a thread is refused by name; and under config/ponder-hooks.mjs Ponder's own
// `createPglite` makes the threaded one while everything else keeps the real one.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { PGlite as InThread, types } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/pglite";
import { PGlite as Threaded } from "../config/pglite-thread.mjs";

type Db = InThread;
const indexerRoot = fileURLToPath(new URL("../", import.meta.url));

/** The script, run on either database; what it returns is compared. */
async function script(db: Db) {
  const seen: unknown[] = [];
  const failure = async (work: Promise<unknown>) =>
    work.then(
      () => "no error",
      (e: Error & { code?: string }) => ({ name: e.name, message: e.message, code: e.code }),
    );
  await db.exec("CREATE TABLE t (a int PRIMARY KEY, b text, at timestamptz, n numeric(78,0))");
  seen.push(await db.query("INSERT INTO t VALUES ($1, $2, '2026-01-02T03:04:05Z', $3)", [1, "one", "1".repeat(70)]));
  seen.push(await db.query("SELECT * FROM t", [], { rowMode: "array" }));
  // Parsers are functions: they run on the caller's side of the thread, on each value of their type.
  seen.push(await db.query("SELECT at, n FROM t", [], { parsers: { [types.TIMESTAMPTZ]: (v: string) => `at ${v}` } }));
  seen.push((await db.exec("SELECT 1 AS x; SELECT 'two' AS y")).map((r) => r.rows));
  seen.push(await failure(db.query("INSERT INTO t (a) VALUES (1)")));
  seen.push(await failure(db.query("SELECT * FROM missing")));
  seen.push(
    await db.transaction(async (tx) => {
      await tx.query("INSERT INTO t (a, b) VALUES (2, 'two')");
      return (await tx.query("SELECT count(*)::int AS n FROM t")).rows;
    }),
  );
  seen.push(
    await failure(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO t (a, b) VALUES (3, 'thrown')");
        throw new Error("the callback failed");
      }),
    ),
  );
  await db.transaction(async (tx) => {
    await tx.query("INSERT INTO t (a, b) VALUES (4, 'rolled back')");
    await tx.rollback();
    seen.push(tx.closed, await failure(tx.query("SELECT 1")));
  });
  // A query asked while a transaction is open waits for it (one session): it sees the committed row.
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const open = db.transaction(async (tx) => {
    await tx.query("INSERT INTO t (a, b) VALUES (5, 'held')");
    await held;
  });
  const outside = db.query("SELECT b FROM t WHERE a = 5");
  release();
  await open;
  seen.push((await outside).rows);
  // drizzle (Ponder's query builder) with a nested transaction: a savepoint rolled back inside a committed one.
  const orm = drizzle(db);
  await orm.transaction(async (tx) => {
    await tx.execute(sql`INSERT INTO t (a, b) VALUES (6, 'outer')`);
    await tx
      .transaction(async (inner) => {
        await inner.execute(sql`INSERT INTO t (a, b) VALUES (7, 'inner')`);
        throw new Error("inner");
      })
      .catch(() => {});
  });
  seen.push(await orm.execute(sql`SELECT a, b FROM t ORDER BY a`));
  // Ponder's indexing store writes with COPY from a blob on PGlite.
  await db.query("COPY t (a, b) FROM '/dev/blob'", [], { blob: new Blob(["8\tcopied\n9\tas well\n"]) });
  seen.push((await db.query("SELECT a, b FROM t WHERE a > 7 ORDER BY a")).rows);
  const heard: unknown[] = [];
  const unlisten = await db.listen("ch", (payload) => heard.push(["listen", payload]));
  const off = db.onNotification((channel, payload) => heard.push(["any", channel, payload]));
  await db.query("NOTIFY ch, 'hello'");
  await new Promise((resolve) => setTimeout(resolve, 20));
  await unlisten();
  off();
  await db.query("NOTIFY ch, 'unheard'");
  await new Promise((resolve) => setTimeout(resolve, 20));
  seen.push(heard);
  return seen;
}

describe("PGlite in a worker thread (config/pglite-thread.mjs)", () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), "cairn-pglite-thread-"));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("answers a script of calls exactly as PGlite in this thread does", async () => {
    const real = new InThread(join(root, "real"));
    const threaded = new Threaded(join(root, "threaded")) as unknown as Db;
    try {
      assert.ok(threaded instanceof InThread, "Ponder tells its dialect by `instanceof PGlite`");
      const expected = await script(real);
      assert.deepEqual(await script(threaded), expected);
      assert.equal((expected[2] as { rows: Array<{ at: string }> }).rows[0]?.at.startsWith("at 2026-01-02"), true);
    } finally {
      await real.close();
      await threaded.close();
    }
    assert.equal(threaded.closed, true);
    await assert.rejects(threaded.query("SELECT 1"), /PGlite is closed/);
  });

  it("keeps its data on disk: a second PGlite, in this thread, opens what the threaded one wrote", async () => {
    const dir = join(root, "kept");
    const threaded = new Threaded(dir) as unknown as Db;
    await threaded.exec("CREATE TABLE kept (x int); INSERT INTO kept VALUES (42)");
    await threaded.close();
    const real = new InThread(dir);
    assert.deepEqual((await real.query("SELECT x FROM kept")).rows, [{ x: 42 }]);
    await real.close();
  });

  it("leaves PostgreSQL's per-query socket file alone on disk, where the in-thread PGlite touches it every query", async () => {
    const touched = async (db: Db, dir: string) => {
      await db.query("SELECT 1");
      const file = join(dir, ".s.PGSQL.5432.out");
      const before = (await stat(file)).mtimeMs;
      await new Promise((resolve) => setTimeout(resolve, 30));
      for (let i = 0; i < 3; i++) await db.query("SELECT $1::int AS i", [i]);
      return (await stat(file)).mtimeMs !== before;
    };
    const real = new InThread(join(root, "socket-real"));
    const threaded = new Threaded(join(root, "socket-threaded")) as unknown as Db;
    try {
      assert.equal(await touched(real, join(root, "socket-real")), true, "PGlite itself truncates it at every query");
      assert.equal(await touched(threaded, join(root, "socket-threaded")), false);
      assert.deepEqual((await threaded.query("SELECT 41 + 1 AS n")).rows, [{ n: 42 }]);
    } finally {
      await real.close();
      await threaded.close();
    }
  });

  it("refuses by name what cannot cross a thread", async () => {
    assert.throws(() => new Threaded({ dataDir: join(root, "x"), extensions: {} }), /option "extensions" cannot cross/);
    const db = new Threaded(join(root, "refusals")) as unknown as Db;
    try {
      await assert.rejects(db.query("SELECT 1", [], { onNotice: () => {} }), /query option "onNotice" cannot cross/);
      assert.throws(() => db.execProtocolRaw(new Uint8Array()), /execProtocolRaw\(\) cannot cross/);
      assert.deepEqual((await db.query("SELECT 1 AS one")).rows, [{ one: 1 }]);
    } finally {
      await db.close();
    }
  });

  it("is what Ponder's createPglite makes under config/ponder-hooks.mjs, and only there", async () => {
    const probe = join(root, "probe.mjs");
    await writeFile(
      probe,
      `
      const { createPglite } = await import(${JSON.stringify(join(indexerRoot, "../../node_modules/ponder/dist/esm/utils/pglite.js"))});
      const { PGlite } = await import(${JSON.stringify(join(indexerRoot, "../../node_modules/@electric-sql/pglite/dist/index.js"))});
      const db = createPglite({ dataDir: ${JSON.stringify(join(root, "ponder"))} });
      await db.waitReady;
      const { rows } = await db.query("SELECT 2 AS two");
      console.log(JSON.stringify({ threaded: db.constructor !== PGlite, real: db instanceof PGlite, rows }));
      await db.close();`,
    );
    const run = (env: Record<string, string>) =>
      JSON.parse(
        execFileSync(process.execPath, ["--import", "./config/ponder-hooks.mjs", probe], {
          cwd: indexerRoot,
          env: { ...process.env, ...env },
          encoding: "utf8",
        }),
      );
    assert.deepEqual(run({}), { threaded: true, real: true, rows: [{ two: 2 }] });
    assert.deepEqual(run({ CAIRN_INDEXER_PGLITE_THREAD: "0" }), { threaded: false, real: true, rows: [{ two: 2 }] });
  });
});
