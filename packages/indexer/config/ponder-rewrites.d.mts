/** Ponder's runtime modules (omnichain, multichain, isolated), by URL. */
export declare const runtimeModule: RegExp;
/** Ponder's sync store module, by URL. */
export declare const syncStoreModule: RegExp;
/** Ponder's runtime text with its indexing transactions retried from the database, or null when none is found. */
export declare function retryFromDatabase(source: string): string | null;
/** Ponder's sync store text with its logs written as JSON, or null when its insertLogs is not found exactly once. */
export declare function logsAsJson(source: string): string | null;
/** Ponder's runtime text with a live block's reorg records committed in one statement, or null when not found. */
export declare function commitBlocksAtOnce(source: string): string | null;
/** Ponder's bloom checks module, by URL. */
export declare const bloomModule: RegExp;
/** Ponder's bloom checks with their bloom bytes and input hashes remembered, or null when not found. */
export declare function bloomChecksRemembered(source: string): string | null;
/** PGlite's modules, by URL. */
export declare const pgliteModule: RegExp;
/** Whether a PGlite module's text is the one that parses query results. */
export declare function pgliteResultsModule(source: string): boolean;
/** PGlite's results parser without a copy of its type parsers per query, or null when not found. */
export declare function pgliteParsersShared(source: string): string | null;
/** PGlite's protocol reader decoding text fields in place, or null when not found. */
export declare function pgliteTextInPlace(source: string): string | null;
/** Ponder's build module (its database check), by URL. */
export declare const buildModule: RegExp;
/** Ponder's database module, by URL. */
export declare const databaseModule: RegExp;
/** Ponder's build with its database check keeping its PGlite, or null when not found. */
export declare function checkedPgliteKept(source: string): string | null;
/** Ponder's database taking the PGlite its check kept, or null when not found. */
export declare function checkedPgliteReused(source: string): string | null;
