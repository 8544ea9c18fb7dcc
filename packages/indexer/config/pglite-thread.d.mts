import type { PGlite as InThreadPGlite, PGliteOptions } from "@electric-sql/pglite";

export * from "@electric-sql/pglite";

/** PGlite's API with the database in a worker thread (see pglite-thread.mjs); `instanceof` the real PGlite. */
export declare class PGlite extends InThreadPGlite {
  constructor(dataDirOrOptions?: string | PGliteOptions, options?: PGliteOptions);
}
