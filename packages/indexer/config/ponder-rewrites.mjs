// What config/ponder-hooks.mjs changes in Ponder 0.16's own modules as they load: each rewrite takes a module's text
// and answers the new text, or null when what it rewrites is not found (another Ponder version: the module is then
// left as it is, with a warning). Pure functions, so that tests can read them without registering the hooks.

/** Whether `text` occurs in `source` exactly once. */
const once = (source, text) => source.split(text).length === 2;

/** Ponder's runtimes: each indexing transaction of its three orderings is in one of these. */
export const runtimeModule = /\/node_modules\/ponder\/dist\/esm\/runtime\/(omnichain|multichain|isolated)\.js$/;
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
  return n === 0 ? null : patched;
}

/** Ponder's per-table commits of a live block's reorg records, as each of its runtimes writes them. */
const perTableCommits =
  /await Promise\.all\(tables\.map\(\(table\) => commitBlock\(tx, \{ table, checkpoint, preBuild \}, context\)(?:, context)?\)\);/g;
const commitBlocksModule = new URL("./commit-blocks.mjs", import.meta.url).href;

/**
 * Ponder's runtime with a live block's reorg records committed in one statement (`commitBlocks`,
 * config/commit-blocks.mjs; why: that file), or `null` when its per-table commits are not found.
 */
export function commitBlocksAtOnce(source) {
  let n = 0;
  const patched = source.replace(perTableCommits, () => {
    n++;
    return "await cairnCommitBlocks(tx, { tables, checkpoint, preBuild }, context, CAIRN_MAX_CHECKPOINT_STRING);";
  });
  if (n === 0) return null;
  const imports = [
    `import { commitBlocks as cairnCommitBlocks } from ${JSON.stringify(commitBlocksModule)};`,
    `import { MAX_CHECKPOINT_STRING as CAIRN_MAX_CHECKPOINT_STRING } from "../utils/checkpoint.js";`,
  ];
  return `${imports.join("\n")}\n${patched}`;
}

/** Ponder's build (its database check) and its database (where the indexing's PGlite is opened). */
export const buildModule = /\/node_modules\/ponder\/dist\/esm\/build\/index\.js$/;
export const databaseModule = /\/node_modules\/ponder\/dist\/esm\/database\/index\.js$/;
const checkClose = "await driver.close();";
const databaseOpen = "createPglite(preBuild.databaseConfig.options)";
const pgliteReuseModule = new URL("./pglite-reuse.mjs", import.meta.url).href;

/**
 * Ponder's build with its database check keeping its PGlite for the database (`keepChecked`, config/pglite-reuse.mjs;
 * why: that file), or `null` when the check's close is not found exactly once.
 */
export function checkedPgliteKept(source) {
  if (!once(source, checkClose) || !once(source, databaseOpen)) return null;
  const keep = "await cairnKeepChecked(driver, preBuild.databaseConfig.options, common.options.command);";
  return `import { keepChecked as cairnKeepChecked } from ${JSON.stringify(pgliteReuseModule)};\n${source.replace(checkClose, () => keep)}`;
}

/** Ponder's database opening the PGlite its check kept (`reuseChecked`), or `null` when its open is not found once. */
export function checkedPgliteReused(source) {
  if (!once(source, databaseOpen)) return null;
  const reuse = "cairnReuseChecked(preBuild.databaseConfig.options, createPglite)";
  return `import { reuseChecked as cairnReuseChecked } from ${JSON.stringify(pgliteReuseModule)};\n${source.replace(databaseOpen, () => reuse)}`;
}

/** Ponder's bloom checks of live blocks. */
export const bloomModule = /\/node_modules\/ponder\/dist\/esm\/sync-realtime\/bloom\.js$/;
const bloomLines = ["const bloom = hexToBytes(_bloom);", "const hash = hexToBytes(keccak256(input));"];
const bloomMemoModule = new URL("./bloom-memo.mjs", import.meta.url).href;

/**
 * Ponder's `isInBloom` with its bloom's bytes and its input's hash remembered (`bloomInputs`, config/bloom-memo.mjs;
 * why: that file), or `null` when its two lines are not found exactly once each.
 */
export function bloomChecksRemembered(source) {
  if (!bloomLines.every((line) => once(source, line))) return null;
  const patched = source
    .replace(bloomLines[0], () => "const bloom = cairnBloom.bloomBytes(_bloom);")
    .replace(bloomLines[1], () => "const hash = cairnBloom.hashBytes(input);");
  // Imports are hoisted: Ponder's `hexToBytes` and `keccak256` are bound before this line runs.
  return `import { bloomInputs as cairnBloomInputs } from ${JSON.stringify(bloomMemoModule)};\nconst cairnBloom = cairnBloomInputs(hexToBytes, keccak256);\n${patched}`;
}

/** Ponder's sync store: where the logs fetched from the RPC are written. */
export const syncStoreModule = /\/node_modules\/ponder\/dist\/esm\/sync-store\/index\.js$/;
const insertLogsStart = "insertLogs: async ({ logs, chainId }, context) => {";
const syncLogsJson = new URL("./sync-logs-json.mjs", import.meta.url).href;

/**
 * Ponder's sync store with its `insertLogs` writing through `insertLogsAsJson` (config/sync-logs-json.mjs, with the rows
 * of Ponder's own `encodeLog` and Ponder's drizzle `sql`), or `null` when the function is not found exactly once.
 * Ponder's own body stays below the new first line, unreached.
 */
export function logsAsJson(source) {
  if (!once(source, insertLogsStart)) return null;
  const call = `${insertLogsStart}\nreturn cairnInsertLogsAsJson(qb, logs.map((log) => encodeLog({ log, chainId })), context, sql);`;
  return `import { insertLogsAsJson as cairnInsertLogsAsJson } from ${JSON.stringify(syncLogsJson)};\n${source.replace(insertLogsStart, () => call)}`;
}

/** PGlite's own modules (the version Ponder pins); the one that parses query results names `parseResults`. */
export const pgliteModule = /\/node_modules\/@electric-sql\/pglite\/dist\/[^/]+\.js$/;
export const pgliteResultsModule = (source) => source.includes("parseResults:");
/** `f={...t,...n?.parsers}`: the type parsers of one query, merged anew for each query. */
const mergedParsers = /(\w+)=\{\.\.\.(\w+),\.\.\.(\w+)\?\.parsers\}/g;

/**
 * PGlite 0.2's `parseResults` with the query's parsers looked up through PGlite's, not copied over them. It spread
 * PGlite's 314 type parsers (one per type and array type, keyed by OID) into a new object for every query to add
 * the query's own: ~80 µs of the PGlite thread a query, more than PostgreSQL's own work for a prepared page or a
 * primary-key lookup (`EXECUTE` of one went from ~190 to ~80 µs; a query with parameters from ~380 to ~250).
 * The merged object is only read (`parsers[oid] ?? defaults[oid]`): PGlite's own parsers when the query brings none,
 * else an object of the query's parsers whose prototype is PGlite's. Null when the merge is not found.
 */
export function pgliteParsersShared(source) {
  let n = 0;
  const patched = source.replace(mergedParsers, (_, merged, own, options) => {
    n++;
    return `${merged}=${options}?.parsers?Object.assign(Object.create(${own}),${options}.parsers):${own}`;
  });
  return n === 0 ? null : patched;
}

/** The protocol reader's `bytes` (a copy of the next `t` bytes) and `string` (their text, through that copy). */
const readerBytes =
  /bytes\((\w+)\)\{let (\w+)=(\w+)\(this,(\w+)\)\.buffer\.slice\(\3\(this,(\w+)\),\3\(this,\5\)\+\1\);return (\w+)\(this,\5,\3\(this,\5\)\+\1\),new Uint8Array\(\2\)\}/;
const readerString = /string\((\w+)\)\{return (\w+)\(this,(\w+)\)\.decode\(this\.bytes\(\1\)\)\}/;

/**
 * PGlite 0.2's protocol reader with each text field decoded where it lies in the message, not from a copy: `string`
 * sliced a new ArrayBuffer for every field of every row before decoding it (the reader's most expensive line:
 * ~12 % of the PGlite thread on small queries, and the garbage it leaves). `bytes`, whose copies callers keep (e.g.
 * COPY's data), is unchanged. Null when either method is not found as PGlite 0.2.13 writes it.
 */
export function pgliteTextInPlace(source) {
  const bytes = source.match(readerBytes);
  const string = source.match(readerString);
  if (!bytes || !string) return null;
  const [, , , get, view, offset, set] = bytes;
  const decoder = `${string[2]}(this,${string[3]})`;
  const text = `string(t){let o=${get}(this,${offset});${set}(this,${offset},o+t);return ${decoder}.decode(new Uint8Array(${get}(this,${view}).buffer,o,t))}`;
  return source.replace(readerString, () => text);
}
