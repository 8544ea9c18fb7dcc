// One PGlite for `ponder start`, not two. Ponder 0.16's start first checks the database (`databaseDiagnostic` in its
// build/index.js: a PGlite opened on the data folder, `SELECT version()`, closed), then opens the same folder again
// for the indexing (`createDatabase` in its database/index.js). Opening PGlite is the slow part of both: its worker
// thread, its WebAssembly, PostgreSQL's start on the folder; ~0.5 s of every start, on Ponder's single-threaded path to
// the backfill. config/ponder-hooks.mjs makes the check keep its PGlite (`keepChecked`) and the database take it
// (`reuseChecked`) when it is the same folder, still open. Only for `ponder start`: its next PGlite is the database's;
// other commands close theirs as Ponder does. The check runs nothing but `SELECT version()`, so the session the
// database takes over is the one it would have had.

/** The PGlite `ponder start` checked, until its database takes it. */
let checked;

/**
 * Keeps `instance` (the PGlite Ponder's check opened with `options`) for the database, when `command` is `start`;
 * else closes it, as Ponder does.
 * @param {{ close(): Promise<void> }} instance
 * @param {{ dataDir?: string }} options
 * @param {string} command
 */
export async function keepChecked(instance, options, command) {
  if (command !== "start" || options.dataDir === undefined || checked !== undefined) return instance.close();
  checked = { dataDir: options.dataDir, instance };
}

/**
 * The PGlite the check kept, if it opened `options.dataDir` and is still open; else `create(options)`, as Ponder does.
 * @template {{ closed?: boolean }} P
 * @param {{ dataDir?: string }} options
 * @param {(options: { dataDir?: string }) => P} create
 * @returns {P}
 */
export function reuseChecked(options, create) {
  const kept = checked;
  checked = undefined;
  if (kept && kept.dataDir === options.dataDir && kept.instance.closed !== true) return kept.instance;
  if (kept) void kept.instance.close().catch(() => {});
  return create(options);
}
