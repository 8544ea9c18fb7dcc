// Loaded with `node --import` before Ponder (packages/cli/src/dev/indexer.ts, this package's scripts): Ponder's own
// imports of `@electric-sql/pglite` resolve to config/pglite-thread.mjs, whose PGlite runs the database in a worker
// thread instead of Ponder's main thread (why: that file). Nothing else is redirected: the indexer's own code, drizzle
// and the worker import the real PGlite. CAIRN_INDEXER_PGLITE_THREAD=0 turns it off; so does a Node without
// synchronous module hooks (`module.registerHooks`, Node 22.15+), where PGlite stays in Ponder's thread.
import module from "node:module";

const thread = new URL("./pglite-thread.mjs", import.meta.url).href;

if (process.env.CAIRN_INDEXER_PGLITE_THREAD !== "0" && typeof module.registerHooks === "function") {
  module.registerHooks({
    resolve(specifier, context, nextResolve) {
      if (specifier === "@electric-sql/pglite" && context.parentURL?.includes("/node_modules/ponder/")) {
        return { url: thread, shortCircuit: true };
      }
      return nextResolve(specifier, context);
    },
  });
}
