// Loaded with `node --import` before Ponder (packages/cli/src/dev/indexer.ts, this package's scripts), module hooks
// on Ponder 0.16's own files, nothing in node_modules changed:
//
// 1. PGlite in a worker thread: Ponder's imports of `@electric-sql/pglite` resolve to config/pglite-thread.mjs (why:
//    that file). Nothing else is redirected: the indexer's own code, drizzle and the worker import the real PGlite.
//    CAIRN_INDEXER_PGLITE_THREAD=0 turns it off.
// 2. A retried indexing transaction starts from the database, not from the failed attempt's rows (`retryFromDatabase`,
//    config/ponder-rewrites.mjs).
// 3. The sync store's logs are written as JSON, one parameter a statement (`logsAsJson`, same file; why:
//    config/sync-logs-json.mjs).
// 4. A live block's reorg records are committed in one statement, not one per table (`commitBlocksAtOnce`, same file;
//    why: config/commit-blocks.mjs).
// 5. The bloom checks of live blocks remember their hashes (`bloomChecksRemembered`, same file; why:
//    config/bloom-memo.mjs).
// 6. `ponder start` opens PGlite once: its database takes the PGlite its database check opened (`checkedPgliteKept`,
//    `checkedPgliteReused`, same file; why: config/pglite-reuse.mjs).
// 7. PGlite's results are parsed without copying its 314 type parsers for each query (`pgliteParsersShared`) nor each
//    text field's bytes (`pgliteTextInPlace`, same file). These apply wherever PGlite runs: its worker thread (which
//    runs this file too: a worker inherits `--import`) or, with CAIRN_INDEXER_PGLITE_THREAD=0, Ponder's thread.
//
// All need synchronous module hooks (`module.registerHooks`, Node 22.15+); on an older Node none applies.
import module from "node:module";
import {
  bloomChecksRemembered,
  bloomModule,
  buildModule,
  checkedPgliteKept,
  checkedPgliteReused,
  commitBlocksAtOnce,
  databaseModule,
  logsAsJson,
  pgliteModule,
  pgliteParsersShared,
  pgliteResultsModule,
  pgliteTextInPlace,
  retryFromDatabase,
  runtimeModule,
  syncStoreModule,
} from "./ponder-rewrites.mjs";

const thread = new URL("./pglite-thread.mjs", import.meta.url).href;

const textOf = (loaded) =>
  typeof loaded.source === "string" ? loaded.source : new TextDecoder().decode(loaded.source);

/** The module's text, rewritten by `rewrite` (a warning and the text as it was when `rewrite` finds nothing). */
function rewritten(loaded, url, rewrite, what) {
  const text = textOf(loaded);
  const source = rewrite(text);
  if (source === null) process.emitWarning(`cairn indexer: ${what} not found in ${url}; left as it is`);
  return source === null ? loaded : { ...loaded, source };
}

if (typeof module.registerHooks === "function") {
  module.registerHooks({
    resolve(specifier, context, nextResolve) {
      if (
        specifier === "@electric-sql/pglite" &&
        process.env.CAIRN_INDEXER_PGLITE_THREAD !== "0" &&
        context.parentURL?.includes("/node_modules/ponder/")
      ) {
        return { url: thread, shortCircuit: true };
      }
      return nextResolve(specifier, context);
    },
    load(url, context, nextLoad) {
      const loaded = nextLoad(url, context);
      if (loaded.source == null) return loaded;
      if (runtimeModule.test(url)) {
        const retried = rewritten(loaded, url, retryFromDatabase, "an indexing transaction");
        return rewritten(retried, url, commitBlocksAtOnce, "a live block's per-table commits");
      }
      if (buildModule.test(url)) return rewritten(loaded, url, checkedPgliteKept, "the database check's PGlite");
      if (databaseModule.test(url)) return rewritten(loaded, url, checkedPgliteReused, "the database's PGlite");
      if (syncStoreModule.test(url)) return rewritten(loaded, url, logsAsJson, "the sync store's insertLogs");
      if (bloomModule.test(url)) return rewritten(loaded, url, bloomChecksRemembered, "the bloom checks' hashing");
      if (pgliteModule.test(url) && pgliteResultsModule(textOf(loaded))) {
        const shared = rewritten(loaded, url, pgliteParsersShared, "PGlite's per-query parsers");
        return rewritten(shared, url, pgliteTextInPlace, "PGlite's text fields");
      }
      return loaded;
    },
  });
}
