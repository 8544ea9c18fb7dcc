// The indexer's own availability checker. Off unless the operator names stores (CAIRN_AVAILABILITY_STORES); it then
// fetches every accepted contribution from each store with the SDK's verified check, soon after it is accepted and
// again every CAIRN_AVAILABILITY_INTERVAL_MS, and keeps the latest result per contribution and store in its
// offchain table (./table.ts). Nobody outside can add or change a result: there is no route that writes.

import { resolve } from "node:path";
import { contribution } from "ponder:schema";
import type { ContentStore } from "@cairn/sdk";
import { and, asc, count, eq, inArray, lt, min, or, sql } from "ponder";
import { availabilityTable, createStatements } from "./table.js";

/** A client that runs SQL with parameters: PGlite's instance and node-postgres's Pool both are. */
export type SqlClient = { query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }> };

export type AvailabilitySettings = {
  /** Store specs: `gateway:<url>`, `kubo:<rpc url>`, `helia:<dir>`. */
  stores: string[];
  /** Each file is checked again after this long. */
  intervalMs: number;
  /** How often to look for accepted files without a result (just accepted, or a store added). */
  pollMs: number;
  /** Fetches in flight at once, over all stores. */
  concurrency: number;
  /** Files checked per round at most. */
  batch: number;
  /** Copies a file should have, for the summary. */
  minCopies: number;
  /** Longest fetch of one file from one store: past it, that copy is `unreachable` this round. */
  fileTimeoutMs: number;
};

/** The checker's settings from the environment; `undefined` (off) when no store is named. */
export function availabilitySettings(env: Record<string, string | undefined>): AvailabilitySettings | undefined {
  const stores = (env.CAIRN_AVAILABILITY_STORES ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (stores.length === 0) return undefined;
  for (const spec of stores)
    if (!/^(gateway|kubo|helia):./.test(spec))
      throw new Error(`CAIRN_AVAILABILITY_STORES: "${spec}" is not gateway:<url>, kubo:<url> or helia:<dir>`);
  const integer = (name: string, fallback: number, low: number, high: number) => {
    const value = env[name];
    if (value === undefined || value === "") return fallback;
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < low || n > high)
      throw new Error(`${name} must be an integer in ${low}..${high}`);
    return n;
  };
  return {
    stores,
    intervalMs: integer("CAIRN_AVAILABILITY_INTERVAL_MS", 600_000, 1_000, 7 * 86_400_000),
    pollMs: integer("CAIRN_AVAILABILITY_POLL_MS", 5_000, 100, 3_600_000),
    concurrency: integer("CAIRN_AVAILABILITY_CONCURRENCY", 8, 1, 64),
    batch: integer("CAIRN_AVAILABILITY_BATCH", 1_000, 1, 100_000),
    minCopies: integer("CAIRN_AVAILABILITY_MIN_COPIES", 2, 1, 100),
    fileTimeoutMs: integer("CAIRN_AVAILABILITY_FILE_TIMEOUT_MS", 300_000, 1_000, 86_400_000),
  };
}

/** A store's name in results: the spec's kind and where (`helia:<dir>` with its absolute path). */
export function storeNameOf(spec: string): string {
  return spec.startsWith("helia:") ? `helia:${resolve(spec.slice("helia:".length))}` : spec;
}

/**
 * The store with a deadline on each fetch: a CID that a contributor chose so that it never resolves (or resolves to
 * endless data) costs one slot for `ms` at most, then counts as `unreachable`, and the round goes on.
 */
function withTimeout<S extends ContentStore>(store: S, ms: number): ContentStore {
  const timed = <O extends { signal?: AbortSignal | undefined }>(options?: O) => ({
    ...options,
    signal: options?.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(ms)]) : AbortSignal.timeout(ms),
  });
  const readVerified = store.readVerified;
  return {
    name: store.name,
    put: (content, options) => store.put(content, options),
    get: (cid, options) => store.get(cid, timed(options)),
    has: (cid, options) => store.has(cid, timed(options)),
    ...(readVerified ? { readVerified: (cid, options) => readVerified(cid, timed(options)) } : {}),
    close: () => store.close(),
  } as ContentStore;
}

type Checker = { stop(): Promise<void>; round(): Promise<number> };

/**
 * Starts the checker: reads candidates through Ponder's database (`db`), writes results through `writer`.
 * Resolves once the table exists; rounds run in the background, one at a time.
 */
export async function startAvailabilityChecker(
  // biome-ignore lint/suspicious/noExplicitAny: Ponder's read-only Drizzle database (typed by the schema at build time).
  db: any,
  writer: SqlClient,
  schemaName: string,
  settings: AvailabilitySettings,
  log: (message: string) => void = () => {},
): Promise<Checker> {
  for (const statement of createStatements(schemaName)) await writer.query(statement);
  const table = availabilityTable(schemaName);
  const sdk = await import("@cairn/sdk");
  const stores = await Promise.all(
    settings.stores.map(async (spec) => {
      const where = spec.slice(spec.indexOf(":") + 1);
      const name = storeNameOf(spec);
      // The SDK's stores are plain objects whose methods close over their state: renaming one is safe.
      if (spec.startsWith("gateway:")) return Object.assign(sdk.createGatewayStore({ url: where }), { name });
      if (spec.startsWith("kubo:")) return Object.assign(sdk.createKuboStore({ url: where }), { name });
      return Object.assign(await sdk.createHeliaStore({ directory: resolve(where) }), { name });
    }),
  );
  const names = stores.map((s) => s.name);
  const timed = stores.map((store) => withTimeout(store, settings.fileTimeoutMs));

  const round = async (): Promise<number> => {
    const staleBefore = Date.now() - settings.intervalMs;
    // Accepted contributions with a result missing for a configured store, or one older than the interval,
    // or of another CID (the results of a chain that was replaced): the oldest first, never-checked before all.
    const checks = count(table.store);
    const oldest = min(table.checkedAt);
    const due: Array<{ datasetId: bigint; contentHash: string; cid: string }> = await db
      .select({ datasetId: contribution.datasetId, contentHash: contribution.contentHash, cid: contribution.cid })
      .from(contribution)
      .leftJoin(
        table,
        and(
          eq(table.datasetId, contribution.datasetId),
          eq(table.contentHash, contribution.contentHash),
          eq(table.cid, contribution.cid),
          inArray(table.store, names),
        ),
      )
      .where(eq(contribution.status, "accepted"))
      .groupBy(contribution.datasetId, contribution.contentHash, contribution.cid)
      .having(or(lt(checks, names.length), lt(oldest, staleBefore)))
      .orderBy(asc(sql`coalesce(${oldest}, 0)`), asc(contribution.datasetId), asc(contribution.contentHash))
      .limit(settings.batch);
    if (due.length === 0) return 0;
    const report = await sdk.checkAvailability({
      items: due.map((d) => ({ cid: d.cid, contentHash: d.contentHash as `0x${string}` })),
      stores: timed,
      minCopies: settings.minCopies,
      concurrency: settings.concurrency,
    });
    const checkedAt = Date.now();
    const rows = report.files.flatMap((file, i) =>
      Object.entries(file.stores).map(([store, copy]) => [
        (due[i] as { datasetId: bigint }).datasetId.toString(),
        file.contentHash.toLowerCase(),
        store,
        file.cid,
        copy.status,
        copy.error?.slice(0, 500) ?? null,
        checkedAt,
      ]),
    );
    for (let start = 0; start < rows.length; start += 500) {
      const chunk = rows.slice(start, start + 500);
      const values = chunk.map((_, r) => `(${Array.from({ length: 7 }, (_, c) => `$${r * 7 + c + 1}`).join(", ")})`);
      await writer.query(
        `INSERT INTO "${schemaName}"."availability" (dataset_id, content_hash, store, cid, status, error, checked_at)
         VALUES ${values.join(", ")}
         ON CONFLICT (dataset_id, content_hash, store) DO UPDATE
         SET cid = excluded.cid, status = excluded.status, error = excluded.error, checked_at = excluded.checked_at`,
        chunk.flat(),
      );
    }
    log(`availability: checked ${due.length} file(s) in ${names.length} store(s)`);
    return due.length;
  };

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const loop = () => {
    if (stopped) return;
    running = round()
      .catch((error: unknown) => log(`availability: round failed: ${(error as Error).message}`))
      .then((checked) => {
        // A full batch: more are due, go on at once; else wait for the next poll.
        if (!stopped) timer = setTimeout(loop, checked === settings.batch ? 0 : settings.pollMs);
      });
  };
  timer = setTimeout(loop, 0);
  return {
    round,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      await Promise.allSettled(stores.map((s) => s.close()));
    },
  };
}
