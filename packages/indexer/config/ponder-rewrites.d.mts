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
