// The query planner's statistics on the embedded database. PostgreSQL's autovacuum gathers them as tables grow;
// PGlite runs PostgreSQL in single-user mode, without autovacuum, so the tables Ponder fills are never analyzed and
// the planner believes they are nearly empty: for a page of contributions after a cursor it chose a bitmap scan of
// every row after the cursor and a sort (85 ms on 20,000 rows, growing with the table) over the index scan that
// stops after 101 rows (under 1 ms). This runs ANALYZE on the tables the API reads when they have grown by a fifth
// since the last time (autovacuum's rule, with its threshold doubled), never more than once at a time — and, given
// `ready`, not before Ponder says its backfill is done: during a cold sync the statistics are outdated seconds later,
// and on PGlite each ANALYZE ran in Ponder's own thread, between its batches (README, "Where sync time goes").
import { sql } from "ponder";

// biome-ignore lint/suspicious/noExplicitAny: Ponder's Drizzle database and tables (typed by the schema at build time).
type Any = any;

/** A table whose statistics the planner needs: all its columns', or only `columns`'. */
export type Analyzed = Any | { table: Any; columns: readonly Any[] };

/** `table` or `table (column, …)`, as ANALYZE takes it. */
function analyzeTarget(entry: Analyzed) {
  if (!("columns" in entry && "table" in entry)) return sql`${entry}`;
  return sql`${entry.table} (${sql.join(
    entry.columns.map((column: { name: string }) => sql.identifier(column.name)),
    sql`, `,
  )})`;
}

export type PlannerStats = {
  /** Called whenever the API reads the indexed checkpoint: analyzes in the background when the data has grown. */
  onCheckpoint(checkpoint: string | null): void;
  /** The running ANALYZE, if any (tests await it). */
  readonly running: Promise<void> | undefined;
  /** How many times ANALYZE ran. */
  readonly runs: number;
};

export function createPlannerStats(
  db: Any,
  tables: Analyzed[],
  /** A cheap measure of how many rows were written (the datasets' contribution and review counters). */
  activity: () => Promise<number>,
  {
    threshold = 500,
    scale = 0.2,
    ready,
    busy = () => false,
    maxWaitMs = 5000,
    command = "ANALYZE",
    statisticsTarget,
  }: {
    threshold?: number;
    scale?: number;
    /** Whether the backfill is done (Ponder's `/ready`): nothing is analyzed before. Once true, never asked again. */
    ready?: () => Promise<boolean>;
    /** Whether requests are being answered: a due ANALYZE waits until none are, for at most `maxWaitMs`. */
    busy?: () => boolean;
    maxWaitMs?: number;
    /** What runs when due: ANALYZE, or on PostgreSQL VACUUM (ANALYZE), autovacuum's own work (./index.ts). */
    command?: "ANALYZE" | "VACUUM (ANALYZE)";
    /** The session's `default_statistics_target` set before each run (ANALYZE samples 300 rows per unit). */
    statisticsTarget?: number;
  } = {},
): PlannerStats {
  let last: string | null = null;
  let isReady = !ready;
  let analyzedAt = 0;
  let running: Promise<void> | undefined;
  let runs = 0;
  return {
    get running() {
      return running;
    },
    get runs() {
      return runs;
    },
    onCheckpoint(checkpoint) {
      if (checkpoint === null || checkpoint === last || running) return;
      last = checkpoint;
      running = (async () => {
        if (!isReady) {
          if (!(await ready?.())) {
            last = null; // asked again at the next look, even if no block came meanwhile
            return;
          }
          isReady = true;
        }
        const now = await activity();
        if (now - analyzedAt < threshold + scale * analyzedAt) return;
        // On PGlite, ANALYZE holds the one thread every query waits for (~120 ms at 120,000 contributions): the
        // requests of that moment waited behind it. Due as a block is indexed, it can wait for a moment without
        // any (or run after `maxWaitMs` of steady traffic).
        for (const since = performance.now(); busy() && performance.now() - since < maxWaitMs; )
          await new Promise((resolve) => setTimeout(resolve, 10));
        if (statisticsTarget !== undefined)
          await db.execute(sql.raw(`SET default_statistics_target = ${Math.trunc(statisticsTarget)}`));
        await db.execute(sql`${sql.raw(command)} ${sql.join(tables.map(analyzeTarget), sql`, `)}`);
        analyzedAt = now;
        runs++;
      })()
        // A failed ANALYZE costs only speed; the next checkpoint tries again.
        .catch(() => {
          last = null;
        })
        .finally(() => {
          running = undefined;
        });
    },
  };
}

/**
 * Looks at the checkpoint every `everyMs`, whether or not anyone asks the API: Ponder's live indexing reads the rows
 * each block will write (an OR of their keys per table), and without statistics PostgreSQL plans that OR badly
 * (README, "Where live time goes"). Returns a function that stops it; the timer never keeps the process alive.
 */
export function followIndexing(
  stats: PlannerStats,
  readCheckpoint: () => Promise<string | null>,
  everyMs: number,
): () => void {
  const timer = setInterval(() => {
    readCheckpoint().then(
      (checkpoint) => stats.onCheckpoint(checkpoint),
      () => {}, // the next tick tries again
    );
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
