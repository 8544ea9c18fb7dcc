import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
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
 */
export async function seedPgliteDirectory(directory: string, templateRoot: string): Promise<boolean> {
  if (existsSync(join(directory, "PG_VERSION"))) return false;
  const template = join(templateRoot, `pglite-template-${pgliteVersion()}`);
  if (!existsSync(join(template, "PG_VERSION"))) {
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
  }
  cpSync(template, directory, { recursive: true });
  return true;
}
