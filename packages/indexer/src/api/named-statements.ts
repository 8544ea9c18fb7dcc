// The REST reads' statements: each one named, its text built once, and run in one round trip. Kept apart from
// Ponder's virtual modules so that they are tested on their own (test/named-statements.test.ts).
import { is, Param, Placeholder, type SQL } from "drizzle-orm";
import { literal } from "./sql-text.js";

// biome-ignore lint/suspicious/noExplicitAny: Ponder's read-only Drizzle database (typed by the schema at build time).
type Db = any;

/** A statement's text (`$1`… where its values go) and its values. */
export type Statement = { text: string; params: readonly unknown[] };

/** The statements prepared in each PGlite session (Ponder's one session), by name. */
const preparedIn = new WeakMap<object, Map<string, Promise<void>>>();

/**
 * Runs one read in one round trip, parsed and planned once per session. On PGlite, a query with parameters costs six
 * protocol exchanges with the WASM backend (parse, describe, bind, describe, execute, sync: each one a file write and
 * read in its emulated filesystem), a simple query two: the statement is prepared once (`PREPARE name AS …`) and
 * then run as a simple `EXECUTE name(…)` with the values inlined as literals (every value here is validated first:
 * integers, hex addresses, status names; strings are quoted all the same). Parsing and planning were a fifth of the
 * Ponder thread's time on uncached pages. On PostgreSQL, a named prepared statement (`name`) on each pooled
 * connection. `name` must stand for one statement text: the caller names each shape of query.
 */
export async function readStatement<T>(db: Db, { text, params }: Statement, name: string): Promise<T[]> {
  const client = db.$client;
  if (typeof client?.exec !== "function") {
    const result = await client.query({ name, text, values: params });
    return result.rows as T[];
  }
  const statements = preparedIn.get(client) ?? new Map<string, Promise<void>>();
  preparedIn.set(client, statements);
  const execute = `EXECUTE ${name}${params.length ? `(${params.map(literal).join(", ")})` : ""}`;
  for (let attempt = 0; ; attempt++) {
    let ready = statements.get(name);
    if (!ready) {
      const preparing: Promise<void> = client.exec(`PREPARE ${name} AS ${text}`).then(() => undefined);
      statements.set(name, preparing);
      preparing.catch(() => statements.delete(name));
      ready = preparing;
    }
    await ready;
    try {
      const [result] = await client.exec(execute);
      return (result?.rows ?? []) as T[];
    } catch (error) {
      // Deallocated meanwhile (a session reset): prepared again, once.
      if (attempt > 0 || !/prepared statement .* does not exist/.test(String((error as Error)?.message))) throw error;
      statements.delete(name);
    }
  }
}

/** Each named statement as drizzle built it: its text, and the name of the placeholder behind each of its `$n`. */
const built = new Map<string, { text: string; keys: string[] }>();

/** The placeholder's name of a parameter drizzle built, or undefined when it is a value. */
const placeholderOf = (param: unknown): string | undefined =>
  is(param, Placeholder) ? param.name : is(param, Param) && is(param.value, Placeholder) ? param.value.name : undefined;

/**
 * `readStatement` of the query `build` gives, with `values` for its placeholders (`sql.placeholder(key)`). drizzle
 * builds the text once per name: building it again at every request (its SQL chunks, an `is` check for each) was
 * ~20 % of the API thread's busy time on `GET /v1/datasets/:id/contributions/:contentHash` (a `--cpu-prof` of the
 * bench's REST part). `build` must give the same text every time, with every value a placeholder: a value written
 * into it would be the first request's for every later one, so it is refused.
 */
export async function readNamed<T>(
  db: Db,
  name: string,
  build: () => SQL,
  values: Record<string, string | bigint | number>,
): Promise<T[]> {
  let statement = built.get(name);
  if (!statement) {
    const { sql: text, params } = db.dialect.sqlToQuery(build()) as { sql: string; params: unknown[] };
    const keys = params.map(placeholderOf);
    const fixed = keys.filter((key) => key === undefined).length;
    if (fixed > 0) throw new Error(`${name}: ${fixed} value(s) not a placeholder`);
    statement = { text, keys: keys as string[] };
    built.set(name, statement);
  }
  const params = statement.keys.map((key) => {
    if (!(key in values)) throw new Error(`${name}: no value for placeholder "${key}"`);
    return values[key];
  });
  return readStatement<T>(db, { text: statement.text, params }, name);
}
