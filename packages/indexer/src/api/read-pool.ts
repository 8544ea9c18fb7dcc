// The API's PostgreSQL connections, opened before the first requests need them and kept.
//
// Ponder's read-only pool (node-postgres) opens a connection when a query finds none idle, and closes one idle for
// 10 s. Under load, each moment with one more statement in flight than ever before opened a connection there and
// then: a new PostgreSQL backend (its fork, its session settings, its first catalog lookups, each page statement
// prepared again) held that statement's pages 30-50 ms, the REST bench's worst batches. So the pool is opened to
// `connections` at start (all checked out together, so that they are distinct), and idle ones are kept: the pool
// stays within the same bound (Ponder's `max`), it only stops shrinking.

type ReadPool = {
  connect(): Promise<{ release(): void }>;
  options: { max?: number; idleTimeoutMillis?: number };
  totalCount: number;
};

const isReadPool = (client: unknown): client is ReadPool =>
  typeof (client as ReadPool | undefined)?.connect === "function" &&
  typeof (client as ReadPool | undefined)?.totalCount === "number" &&
  typeof (client as ReadPool | undefined)?.options === "object";

/** Opens up to `connections` (at most the pool's `max`) and keeps idle connections open; nothing on PGlite. */
export async function openReadPool(client: unknown, connections: number): Promise<void> {
  if (!isReadPool(client)) return;
  client.options.idleTimeoutMillis = 0;
  const n = Math.min(connections, client.options.max ?? connections) - client.totalCount;
  if (n <= 0) return;
  const opened = await Promise.all(Array.from({ length: n }, () => client.connect()));
  for (const c of opened) c.release();
}
