// `ponder start` opens PGlite once (config/pglite-reuse.mjs): config/ponder-hooks.mjs's rewrites apply to the Ponder
// installed, the database takes the PGlite the check kept (real PGlite, in its worker thread as Ponder runs it here),
// and anything else gets a PGlite of its own.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { keepChecked, reuseChecked } from "../config/pglite-reuse.mjs";
import { PGlite } from "../config/pglite-thread.mjs";
import { checkedPgliteKept, checkedPgliteReused } from "../config/ponder-rewrites.mjs";

const ponderEsm = fileURLToPath(new URL("../../../node_modules/ponder/dist/esm/", import.meta.url));
const create = (options: { dataDir?: string }) => new PGlite(options);

describe("one PGlite for ponder start", () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), "cairn-pglite-reuse-"));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("is what config/ponder-hooks.mjs makes the installed Ponder's check and database do", () => {
    const build = checkedPgliteKept(readFileSync(join(ponderEsm, "build", "index.js"), "utf8"));
    assert.ok(build, "the check's close is found");
    assert.equal(build.match(/await cairnKeepChecked\(driver, preBuild\.databaseConfig\.options/g)?.length, 1);
    assert.doesNotMatch(build, /await driver\.close\(\);/);
    const database = checkedPgliteReused(readFileSync(join(ponderEsm, "database", "index.js"), "utf8"));
    assert.ok(database, "the database's open is found");
    assert.match(database, /cairnReuseChecked\(preBuild\.databaseConfig\.options, createPglite\)/);
    assert.equal(checkedPgliteKept("await driver.close();"), null);
    assert.equal(checkedPgliteReused(""), null);
  });

  it("gives the database the PGlite start checked, still open, and nothing to another folder or command", async () => {
    const options = { dataDir: join(root, "db") };
    const checked = create(options);
    await checked.query("SELECT version()");
    await keepChecked(checked, options, "start");
    assert.equal(checked.closed, false);
    const database = reuseChecked({ ...options }, create);
    assert.equal(database, checked, "the database took the checked PGlite");
    await database.exec("CREATE TABLE t (x int); INSERT INTO t VALUES (1)");
    // Taken once: the next PGlite is a new one (here on another folder, as two on one folder must never be).
    const other = reuseChecked({ dataDir: join(root, "other") }, create);
    assert.notEqual(other, checked);
    await other.close();
    await database.close();

    // Another folder than the one checked: the kept PGlite is closed, the database gets its own.
    const kept = create({ dataDir: join(root, "a") });
    await keepChecked(kept, { dataDir: join(root, "a") }, "start");
    const elsewhere = reuseChecked({ dataDir: join(root, "b") }, create);
    assert.notEqual(elsewhere, kept);
    await elsewhere.close();
    // Closed in the background (its worker thread ends): waited for, up to 10 s on a loaded machine (50 ms was not
    // always enough in CI).
    for (const deadline = Date.now() + 10_000; !kept.closed && Date.now() < deadline; )
      await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(kept.closed, true, "the kept PGlite of another folder is closed");

    // Any other command closes its check's PGlite, as Ponder does.
    const listed = create({ dataDir: join(root, "c") });
    await keepChecked(listed, { dataDir: join(root, "c") }, "list");
    assert.equal(listed.closed, true);
  });
});
