// Starts the availability checker in the API's process when the operator configured it (see ./checker.ts).
import pg from "pg";
import { ponderSchema } from "../../config/durable.js";
import {
  type AvailabilitySettings,
  availabilitySettings,
  type SqlClient,
  startAvailabilityChecker,
  storeNameOf,
} from "./checker.js";
import { offchainSchemaName } from "./table.js";

export type AvailabilityService = {
  schemaName: string;
  settings: AvailabilitySettings;
  /** The result names of the configured stores. */
  stores: string[];
  /** Resolves once the table exists. */
  ready: Promise<unknown>;
};

const started = Symbol.for("cairn.indexer.availability");

/**
 * The checker, started once per process (Ponder may load the API module again): undefined when it is off.
 * On PostgreSQL it writes through a pool of its own (Ponder's API connections are read-only); on PGlite through
 * the one embedded database, whose queries wait for Ponder's transactions.
 */
export function startAvailability(
  // biome-ignore lint/suspicious/noExplicitAny: Ponder's read-only Drizzle database (typed by the schema at build time).
  db: any,
  env: Record<string, string | undefined> = process.env,
): AvailabilityService | undefined {
  const global = globalThis as { [started]?: AvailabilityService | undefined };
  if (started in global) return global[started];
  const settings = availabilitySettings(env);
  if (!settings) {
    global[started] = undefined;
    return undefined;
  }
  const schemaName = offchainSchemaName(ponderSchema(process.argv, env));
  const writer: SqlClient = env.DATABASE_URL
    ? new pg.Pool({ connectionString: env.DATABASE_URL, max: 2, application_name: `${schemaName}_checker` })
    : (db.$client as SqlClient);
  const log = (message: string) => console.log(JSON.stringify({ level: 30, time: Date.now(), msg: message }));
  const ready = startAvailabilityChecker(db, writer, schemaName, settings, log).catch((error: unknown) => {
    log(`availability: the checker did not start: ${(error as Error).message}`);
    throw error;
  });
  ready.catch(() => {});
  const service = { schemaName, settings, stores: settings.stores.map(storeNameOf), ready };
  global[started] = service;
  return service;
}
