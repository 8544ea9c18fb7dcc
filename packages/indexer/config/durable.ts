import pg from "pg";

/**
 * Ponder 0.16 opens every PostgreSQL connection with `SET synchronous_commit = off`: a commit returns before its
 * WAL record is flushed, so when the server crashes the last few hundred milliseconds of committed blocks are gone
 * — data and checkpoint together, so the database stays consistent, but a Ponder process that stays up carries on
 * from its own position in memory and never indexes those blocks again (the kill test lost them in half the runs).
 *
 * Every indexing transaction of Ponder (historical batch, live block, finalization) writes `_ponder_checkpoint`,
 * so a trigger on that table asks, for that transaction only, for a durable commit. A commit Ponder has seen
 * succeed then survives a crash of the server; what was in flight failed and Ponder retries it.
 */
export const durableCommitTrigger = "cairn_durable_commit";

export function durableCommitSql(schema: string): string {
  const s = `"${schema.replaceAll('"', '""')}"`;
  return `
CREATE OR REPLACE FUNCTION ${s}.${durableCommitTrigger}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('synchronous_commit', 'on', true);
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS ${durableCommitTrigger} ON ${s}."_ponder_checkpoint";
CREATE TRIGGER ${durableCommitTrigger} AFTER INSERT OR UPDATE OR DELETE ON ${s}."_ponder_checkpoint"
  FOR EACH STATEMENT EXECUTE FUNCTION ${s}.${durableCommitTrigger}();`;
}

/** The schema Ponder writes to: `--schema` on its command line, else DATABASE_SCHEMA. */
export function ponderSchema(argv: string[], env: Record<string, string | undefined>): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--schema") return argv[i + 1];
    if (arg.startsWith("--schema=")) return arg.slice("--schema=".length);
  }
  return env.DATABASE_SCHEMA || undefined;
}

/**
 * Installs the trigger once Ponder has created `_ponder_checkpoint` (polling, in the background, for at most
 * `timeoutMs`). Returns a promise that settles when it is installed or given up on; it never rejects.
 */
export async function keepCommitsDurable(
  databaseUrl: string,
  schema: string,
  options: { intervalMs?: number; timeoutMs?: number } = {},
): Promise<boolean> {
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  for (;;) {
    const client = new pg.Client({ connectionString: databaseUrl, application_name: `${schema}_cairn_durable` });
    client.on("error", () => {});
    try {
      await client.connect();
      const { rows } = await client.query("SELECT to_regclass($1) AS t", [`"${schema}"."_ponder_checkpoint"`]);
      if (rows[0]?.t) {
        await client.query(`SET synchronous_commit = on; ${durableCommitSql(schema)}`);
        return true;
      }
    } catch (error) {
      if (Date.now() > deadline)
        process.stderr.write(`cairn indexer: durable commits not installed: ${(error as Error).message}\n`);
    } finally {
      await client.end().catch(() => {});
    }
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 250).unref());
  }
}
