// Loaded with `node --import` before Ponder (packages/cli/src/dev/indexer.ts, this package's scripts), two module hooks
// on Ponder 0.16's own files, nothing in node_modules changed:
//
// 1. PGlite in a worker thread: Ponder's imports of `@electric-sql/pglite` resolve to config/pglite-thread.mjs (why:
//    that file). Nothing else is redirected: the indexer's own code, drizzle and the worker import the real PGlite.
//    CAIRN_INDEXER_PGLITE_THREAD=0 turns it off.
// 2. A retried indexing transaction starts from the database, not from the failed attempt's rows (`retryFromDatabase`).
//
// Both need synchronous module hooks (`module.registerHooks`, Node 22.15+); on an older Node neither applies.
import module from "node:module";

const thread = new URL("./pglite-thread.mjs", import.meta.url).href;

/** Ponder's runtimes: each indexing transaction of its three orderings is in one of these. */
const runtimes = /\/node_modules\/ponder\/dist\/esm\/runtime\/(omnichain|multichain|isolated)\.js$/;
const transactionStart = "await database.userQB.transaction(async (tx) => {";

/**
 * Ponder 0.16 runs each indexing transaction (a backfill range, a live block) through its query builder, which retries
 * the whole transaction when it fails outside the callback — at COMMIT, e.g. when PostgreSQL goes away right then. The
 * callback clears its row cache when something fails inside it, but not then: the retry ran the same events again on
 * the failed attempt's rows, still in the cache. On PostgreSQL, inserts are not checked against the cache, so the
 * contributions were written once and every counter a handler keeps (a dataset's counts, an account's) was incremented
 * twice — found by the test that kills PostgreSQL mid-indexing (a batch of 20 counted 40 times in one CI run).
 * Rewritten here: every such callback, when it runs again, first empties the cache and marks it incomplete, so the
 * retry reads what the database holds (the failed attempt was rolled back). `test/postgres.test.ts` makes a COMMIT fail
 * once and checks the counts.
 */
export function retryFromDatabase(source) {
  let n = 0;
  const patched = source.replaceAll(transactionStart, () => {
    const attempts = `cairnAttempts${n++}`;
    return `let ${attempts} = 0;\n${transactionStart}\nif (${attempts}++ > 0) { indexingCache.invalidate(); indexingCache.clear(); }`;
  });
  return { source: patched, count: n };
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
      if (!runtimes.test(url) || loaded.source == null) return loaded;
      const text = typeof loaded.source === "string" ? loaded.source : new TextDecoder().decode(loaded.source);
      const { source, count } = retryFromDatabase(text);
      if (count === 0) process.emitWarning(`cairn indexer: no indexing transaction found to patch in ${url}`);
      return { ...loaded, source };
    },
  });
}
