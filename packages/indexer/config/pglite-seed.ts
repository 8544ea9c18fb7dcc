import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { PGlite } from "@electric-sql/pglite";

/** The version of the PGlite Ponder opens (the same package: packages/indexer pins the version Ponder pins). */
export function pgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  return (JSON.parse(readFileSync(join(dirname(entry), "..", "package.json"), "utf8")) as { version: string }).version;
}

/** The version of Ponder installed beside this package, and the folder of its ES modules. */
function ponderInstall(): { version: string; esm: string } {
  // Found as Node finds it; Ponder's package exports only its ES entry, so neither `require.resolve` nor its
  // package.json can be asked for by name.
  const folders = createRequire(import.meta.url).resolve.paths("ponder") ?? [];
  const root = folders.map((folder) => join(folder, "ponder")).find((dir) => existsSync(join(dir, "package.json")));
  if (root === undefined) throw new Error("ponder is not installed beside @cairn/indexer");
  const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
  return { version, esm: join(root, "dist", "esm") };
}

/**
 * Runs Ponder's own migrations of its sync store (`ponder_sync`) on `db`, as Ponder runs them when it starts
 * (`migrateSync` in its database/index.js: Kysely's Migrator over Ponder's PGlite dialect, with Ponder's migrations).
 * Ponder then finds them all applied and runs none: ~0.7 s of every cold start on PGlite.
 */
async function migratePonderSync(db: PGlite): Promise<void> {
  const { esm } = ponderInstall();
  // Not a module Vite could bundle (Ponder loads this file through its Vite module runner): without the comment Vite
  // printed a warning at every start, "The above dynamic import cannot be analyzed by Vite".
  const load = (path: string) => import(/* @vite-ignore */ pathToFileURL(path).href);
  const { createPgliteKyselyDialect } = await load(join(esm, "utils", "pglite.js"));
  const { buildMigrationProvider } = await load(join(esm, "sync-store", "migrations.js"));
  const { Kysely, Migrator, WithSchemaPlugin } = await load(createRequire(join(esm, "index.js")).resolve("kysely"));
  const quiet = { debug() {}, info() {}, warn() {}, error() {}, trace() {} };
  const kysely = new Kysely({ dialect: createPgliteKyselyDialect(db), plugins: [new WithSchemaPlugin("ponder_sync")] });
  const migrator = new Migrator({
    db: kysely,
    provider: buildMigrationProvider(quiet),
    migrationTableSchema: "ponder_sync",
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
}

/**
 * Gives a new PGlite folder its empty database by copying a template instead of letting PGlite create it. PGlite
 * creates a database by running initdb inside its WebAssembly Postgres: ~2 s of CPU on every cold start (and
 * `cairn dev` starts its indexer on a new folder every time), against ~0.2 s to open an existing one. The template is
 * that same empty database, made once per PGlite and Ponder version by PGlite itself in `templateRoot` (the indexer
 * package's own `.ponder` folder) with Ponder's sync store migrated (the same for every configuration:
 * `migratePonderSync`), closed cleanly, and copied; a folder that already holds a database is left as it
 * is. Returns whether it seeded `directory`.
 *
 * Never fatal: where the template cannot be made (a read-only install) or the folder is not new and empty, it seeds
 * nothing and PGlite creates the database itself, as it always did. The copy is made beside `directory` and renamed
 * into place, so a start killed mid-copy never leaves a half database that PGlite would then open.
 */
export async function seedPgliteDirectory(directory: string, templateRoot: string): Promise<boolean> {
  if (existsSync(directory) && readdirSync(directory).length > 0) return false;
  let template: string;
  try {
    template = await pgliteTemplate(templateRoot);
  } catch {
    return false;
  }
  const staging = `${directory}.seed-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    cpSync(template, staging, { recursive: true });
    rmSync(directory, { recursive: true, force: true }); // empty, checked above
    mkdirSync(dirname(directory), { recursive: true });
    renameSync(staging, directory);
    return true;
  } catch {
    return false;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** The template's folder name: one per PGlite version (its files) and Ponder version (its sync store's migrations). */
export function pgliteTemplateName(): string {
  return `pglite-template-${pgliteVersion()}-ponder-${ponderInstall().version}`;
}

/** The template of these PGlite and Ponder versions under `templateRoot`, made the first time. */
async function pgliteTemplate(templateRoot: string): Promise<string> {
  const template = join(templateRoot, pgliteTemplateName());
  if (existsSync(join(template, "PG_VERSION"))) return template;
  // Made aside and renamed into place: a concurrent start never copies a half-made template.
  const scratch = `${template}.${process.pid}.${randomBytes(4).toString("hex")}`;
  mkdirSync(templateRoot, { recursive: true });
  try {
    const db = new PGlite(scratch);
    try {
      await db.waitReady;
      try {
        await migratePonderSync(db);
      } catch (error) {
        // Another Ponder's files, laid out otherwise: the template stays an empty database (Kysely runs the
        // migrations in one transaction, so none is half applied) and Ponder migrates each new folder itself.
        process.emitWarning(
          `cairn indexer: the PGlite template holds no sync-store migrations (${(error as Error).message})`,
        );
      }
    } finally {
      await db.close();
    }
    renameSync(scratch, template);
  } catch (error) {
    if (!existsSync(join(template, "PG_VERSION"))) throw error;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return template;
}
