// config/pglite-seed.ts on a real PGlite: a new folder gets a working empty database from the template, with every one
// of the installed Ponder's sync-store migrations applied (so Ponder runs none), a folder that holds a database is
// never touched, and the template stays pristine.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { pgliteTemplateName, seedPgliteDirectory } from "../config/pglite-seed.js";

const ponderMigrations = fileURLToPath(
  new URL("../../../node_modules/ponder/dist/esm/sync-store/migrations.js", import.meta.url),
);
/** The names of the installed Ponder's sync-store migrations, from its own provider. */
async function ponderSyncMigrations(): Promise<string[]> {
  const { buildMigrationProvider } = (await import(ponderMigrations)) as {
    buildMigrationProvider(logger: unknown): { getMigrations(): Promise<Record<string, unknown>> };
  };
  return Object.keys(await buildMigrationProvider({}).getMigrations()).sort();
}

test("a new PGlite folder starts as a copy of the empty template; an existing database is left alone", async () => {
  const root = await mkdtemp(join(tmpdir(), "cairn-pglite-seed-"));
  try {
    const templates = join(root, "templates");
    const a = join(root, "a");
    assert.equal(await seedPgliteDirectory(a, templates), true);
    assert.ok(existsSync(join(templates, pgliteTemplateName(), "PG_VERSION")));
    let db = new PGlite(a);
    const applied = await db.query<{ name: string }>("SELECT name FROM ponder_sync.kysely_migration ORDER BY name");
    const expected = await ponderSyncMigrations();
    assert.ok(expected.length > 20, `${expected.length} migrations`);
    assert.deepEqual(
      applied.rows.map((r) => r.name),
      expected,
    );
    assert.deepEqual((await db.query("SELECT count(*)::int AS n FROM ponder_sync.logs")).rows, [{ n: 0 }]);
    await db.exec("CREATE TABLE kept (x int); INSERT INTO kept VALUES (42);");
    await db.close();

    assert.equal(await seedPgliteDirectory(a, templates), false);
    db = new PGlite(a);
    assert.deepEqual((await db.query<{ x: number }>("SELECT x FROM kept")).rows, [{ x: 42 }]);
    await db.close();

    const b = join(root, "b");
    assert.equal(await seedPgliteDirectory(b, templates), true);
    db = new PGlite(b);
    const { rows } = await db.query<{ t: string | null }>("SELECT to_regclass('kept')::text AS t");
    assert.deepEqual(rows, [{ t: null }]);
    await db.close();
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test("where no template can be made (a read-only install), nothing is seeded and nothing fails", async () => {
  const root = await mkdtemp(join(tmpdir(), "cairn-pglite-seed-"));
  try {
    // A file where the templates' folder would be: no template can be made under it.
    const templates = join(root, "not-a-folder");
    await writeFile(templates, "");
    const a = join(root, "a");
    assert.equal(await seedPgliteDirectory(a, templates), false);
    assert.equal(existsSync(a), false);
    const db = new PGlite(a); // PGlite makes the database itself, as without seeding
    assert.deepEqual((await db.query<{ x: number }>("SELECT 1 AS x")).rows, [{ x: 1 }]);
    await db.close();
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
