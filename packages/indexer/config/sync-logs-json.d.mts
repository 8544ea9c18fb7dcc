/** Logs a statement. */
export declare const logsPerStatement: number;
/** Writes Ponder's `encodeLog` rows through its sync store's query builder, one statement per `logsPerStatement`. */
export declare function insertLogsAsJson(
  // biome-ignore lint/suspicious/noExplicitAny: Ponder's query builder, its drizzle database typed by its schema.
  qb: { wrap(label: { label: string }, run: (db: any) => unknown, context?: unknown): unknown },
  rows: Record<string, unknown>[],
  context: unknown,
  sql: typeof import("drizzle-orm").sql,
): Promise<void>;
