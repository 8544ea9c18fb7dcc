/** Logs a statement. */
export declare const logsPerStatement: number;
/** `encodeLog`'s rows as JSON text (their bigints as decimal strings; the rows are changed). */
export declare function logsJson(rows: Record<string, unknown>[]): string;
/** Writes Ponder's `encodeLog` rows through its sync store's query builder, one statement per `logsPerStatement`. */
export declare function insertLogsAsJson(
  // biome-ignore lint/suspicious/noExplicitAny: Ponder's query builder, its drizzle database typed by its schema.
  qb: { wrap(label: { label: string }, run: (db: any) => unknown, context?: unknown): unknown },
  rows: Record<string, unknown>[],
  context: unknown,
  sql: typeof import("drizzle-orm").sql,
): Promise<void>;
