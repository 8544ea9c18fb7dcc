/**
 * The indexer on a real PostgreSQL (Debian's `postgresql`, started by the relayer's start-postgres.sh), in
 * its own schema: the server is killed while the indexer is busy and brought back, and nothing is lost.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it, type TestContext } from "node:test";
import pg from "pg";
import { durableCommitTrigger } from "../config/durable.js";
import { compareWithChain } from "./compare.js";
import {
  type Chain,
  type Deployment,
  deployAll,
  freePort,
  type Indexer,
  pgCtl,
  sleep,
  sqlOverHttp,
  startIndexer,
  startPostgres,
  startTestChain,
  stopPostgres,
  synced,
} from "./harness.js";
import { contributeBatch, createDataset } from "./history.js";

/** Stops the server at once (no shutdown checkpoint), as a crash would. */
function killPostgres(dir: string) {
  const ctl = pgCtl() as string;
  const args = ["-D", join(dir, "data"), "-m", "immediate", "stop"];
  if (process.getuid?.() === 0) execFileSync("runuser", ["-u", "postgres", "--", ctl, ...args], { stdio: "ignore" });
  else execFileSync(ctl, args, { stdio: "ignore" });
}

describe("indexer on PostgreSQL", () => {
  const available = pgCtl() !== undefined;
  /** Skips a test where PostgreSQL is not installed; in CI that fails instead. */
  const skippedWithoutPostgres = (t: TestContext) => {
    if (available) return false;
    assert.notEqual(process.env.CI, "true", "PostgreSQL must be installed in CI (apt-get install -y postgresql)");
    t.skip("PostgreSQL is not installed");
    return true;
  };
  let dir: string;
  let url: string;
  let chain: Chain;
  let d: Deployment;
  let indexer: Indexer | undefined;
  let port: number;

  before(async () => {
    if (!available) return;
    dir = await mkdtemp(join(tmpdir(), "cairn-indexer-pg-"));
    port = await freePort();
    const server = await startPostgres(dir, port);
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    const name = `cairn_indexer_${process.pid}`;
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    url = server.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
    chain = await startTestChain(10);
    d = await deployAll(chain);
  });
  after(async () => {
    await indexer?.stop();
    await chain?.close();
    if (dir) {
      stopPostgres(dir);
      await rm(dir, { recursive: true, force: true });
    }
  });

  // Ponder 0.16 commits with synchronous_commit off: without the indexer's durable-commit trigger
  // (config/durable.ts), the blocks committed in the last few hundred milliseconds before the kill were lost in
  // about half of the runs, while Ponder, which stayed up, went on from its position in memory.
  it("loses nothing when PostgreSQL is killed mid-indexing and brought back", async (t) => {
    if (skippedWithoutPostgres(t)) return;
    const datasetId = await createDataset(chain, d, { quorum: 0, defaultScore: 30 });
    indexer = await startIndexer(chain, d, { databaseUrl: url, schema: "cairn_indexer" });
    await synced(indexer, chain);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const trigger = async () =>
      (
        await client.query(
          "SELECT count(*)::int AS n FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace s ON s.oid = c.relnamespace WHERE t.tgname = $1 AND c.relname = '_ponder_checkpoint' AND s.nspname = 'cairn_indexer'",
          [durableCommitTrigger],
        )
      ).rows[0].n;
    for (let i = 0; i < 100 && (await trigger()) === 0; i++) await sleep(100);
    assert.equal(await trigger(), 1, "the indexer installed its durable-commit trigger");
    await client.end();

    let batch = 0;
    const more = async (n: number) => {
      for (let k = 0; k < n; k++, batch++) await contributeBatch(chain, d, batch % 10, datasetId, 20, `pg${batch}`);
    };
    await more(10);
    killPostgres(dir);
    await more(10); // the chain goes on while the database is gone
    await sleep(2000);
    await startPostgres(dir, port);
    await more(10);
    assert.match(indexer.output(), /Connection terminated|ECONNREFUSED/, "the indexer saw its database go away");

    // Ponder may give up while its database is gone (now or a little later): then it is started again, as an
    // operator (or a process supervisor) would.
    for (let attempt = 0; ; attempt++) {
      if (indexer.child.exitCode !== null) {
        t.diagnostic(`ponder exited (${indexer.child.exitCode}) after PostgreSQL went away; restarting it`);
        await indexer.stop();
        indexer = await startIndexer(chain, d, { databaseUrl: url, schema: "cairn_indexer" });
      }
      try {
        await synced(indexer, chain, undefined, 60_000);
        break;
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
    assert.deepEqual(await compareWithChain(indexer.url, chain, d), []);

    // The tables live in the indexer's own schema.
    const check = new pg.Client({ connectionString: url });
    await check.connect();
    const { rows } = await check.query(
      "SELECT count(*)::int AS n FROM cairn_indexer.contribution WHERE dataset_id = $1",
      [datasetId.toString()],
    );
    assert.equal(rows[0].n, 600);
    // Once the backfill is done and rows were written, the API vacuums its tables and the sync store's (src/api/index.ts):
    // a manual VACUUM, which autovacuum never records as its own.
    const vacuumed = async () =>
      (
        await check.query(
          "SELECT schemaname || '.' || relname AS t FROM pg_stat_user_tables WHERE last_vacuum IS NOT NULL AND last_analyze IS NOT NULL AND (schemaname, relname) IN (('cairn_indexer', 'contribution'), ('ponder_sync', 'logs')) ORDER BY 1",
        )
      ).rows.map((r) => r.t);
    for (let i = 0; i < 100 && (await vacuumed()).length < 2; i++) await sleep(100);
    assert.deepEqual(await vacuumed(), ["cairn_indexer.contribution", "ponder_sync.logs"]);
    await check.end();

    // Ponder's SQL over HTTP, on PostgreSQL's read-only sessions: the same count, and no writes.
    const viaHttp = await sqlOverHttp(
      indexer.url,
      "SELECT count(*)::int AS n FROM contribution WHERE dataset_id = $1",
      [datasetId.toString()],
    );
    assert.equal(viaHttp.status, 200, JSON.stringify(viaHttp.body));
    assert.equal(viaHttp.body.rows[0].n, 600);
    assert.notEqual((await sqlOverHttp(indexer.url, "DELETE FROM contribution")).status, 200);
    const still = await sqlOverHttp(indexer.url, "SELECT count(*)::int AS remaining FROM contribution");
    assert.equal(still.body.rows[0].remaining, 600);
  });

  // Ponder's query builder retries a whole indexing transaction that fails at COMMIT, outside the callback that clears
  // its row cache on errors: without config/ponder-hooks.mjs's `retryFromDatabase`, the retry ran the block's events
  // again on the failed attempt's cached rows, and every counter a handler keeps was incremented twice (the kill test
  // above hit it when PostgreSQL died at that moment). Here a deferred trigger makes the next live block's COMMIT fail
  // once (a sequence counts the attempts: it is not rolled back with them).
  it("counts a block once when its COMMIT fails and Ponder retries it", async (t) => {
    if (skippedWithoutPostgres(t)) return;
    await indexer?.stop();
    const schema = "cairn_commit_retry";
    indexer = await startIndexer(chain, d, { databaseUrl: url, schema });
    await synced(indexer, chain);
    // The dataset first: the block that fails is one whose handlers add to rows that exist already.
    const datasetId = await createDataset(chain, d, { quorum: 0, defaultScore: 30 });
    await synced(indexer, chain);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`
        CREATE SEQUENCE ${schema}.commit_attempts;
        CREATE FUNCTION ${schema}.fail_first_commit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF nextval('${schema}.commit_attempts') = 1 THEN RAISE EXCEPTION 'cairn test: this commit fails once'; END IF;
          RETURN NULL;
        END $$;
        CREATE CONSTRAINT TRIGGER fail_first_commit AFTER UPDATE ON ${schema}."_ponder_checkpoint"
          DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
          WHEN (OLD.latest_checkpoint IS DISTINCT FROM NEW.latest_checkpoint)
          EXECUTE FUNCTION ${schema}.fail_first_commit();`);
      await contributeBatch(chain, d, 3, datasetId, 20, "commit-retry");
      await synced(indexer, chain);
      const { rows } = await admin.query(`SELECT last_value::int AS n FROM ${schema}.commit_attempts`);
      assert.ok(rows[0].n >= 2, `a COMMIT failed and was retried (${rows[0].n} attempts)`);
      assert.match(indexer.output(), /this commit fails once/);
      assert.deepEqual(await compareWithChain(indexer.url, chain, d), []);
    } finally {
      await admin.end();
    }
  });
});
