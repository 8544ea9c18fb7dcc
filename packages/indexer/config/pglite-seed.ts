import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { PGlite } from "@electric-sql/pglite";

/** The version of the PGlite Ponder opens (the same package: packages/indexer pins the version Ponder pins). */
export function pgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  return (JSON.parse(readFileSync(join(dirname(entry), "..", "package.json"), "utf8")) as { version: string }).version;
}

/**
 * Gives a new PGlite folder its empty database by copying a template instead of letting PGlite create it. PGlite
 * creates a database by running initdb inside its WebAssembly Postgres: ~2 s of CPU on every cold start (and
 * `cairn dev` starts its indexer on a new folder every time), against ~0.2 s to open an existing one. The template is
 * that same empty database, made once per PGlite version by PGlite itself in `templateRoot` (the indexer package's
 * own `.ponder` folder), closed cleanly, and copied; a folder that already holds a database is left as it
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

/** The empty database of this PGlite version under `templateRoot`, made by PGlite itself the first time. */
async function pgliteTemplate(templateRoot: string): Promise<string> {
  const template = join(templateRoot, `pglite-template-${pgliteVersion()}`);
  if (existsSync(join(template, "PG_VERSION"))) return template;
  // Made aside and renamed into place: a concurrent start never copies a half-made template.
  const scratch = `${template}.${process.pid}.${randomBytes(4).toString("hex")}`;
  mkdirSync(templateRoot, { recursive: true });
  try {
    const db = new PGlite(scratch);
    await db.waitReady;
    await db.close();
    renameSync(scratch, template);
  } catch (error) {
    if (!existsSync(join(template, "PG_VERSION"))) throw error;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return template;
}
