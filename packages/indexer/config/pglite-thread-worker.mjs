// The PGlite database behind config/pglite-thread.mjs: one real PGlite in this worker thread, driven by messages from
// the Ponder process's main thread. Each message is one call of PGlite's API, run here in the order it arrived, so
// PGlite's own locks order them exactly as they would have been ordered on the main thread (a query sent while a
// transaction is open waits for it, as before). Plain JavaScript: a worker runs it as it is.
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";

/** @typedef {{ id: number, op: string, args: unknown[] }} Call */

const port = /** @type {import("node:worker_threads").MessagePort} */ (parentPort);
const { dataDir, options } = /** @type {{ dataDir: string | undefined, options: object }} */ (workerData);
const db = new PGlite(dataDir, options);

/** An error as plain data: its name, message and PostgreSQL's fields (code, detail…), which cloning would drop. */
function wireError(error) {
  if (!(error instanceof Error)) return { name: "Error", message: String(error), fields: {} };
  const fields = {};
  for (const [key, value] of Object.entries(error)) {
    if (value === null || ["string", "number", "boolean"].includes(typeof value)) fields[key] = value;
  }
  return { name: error.name, message: error.message, fields };
}

function answer(id, work) {
  work.then(
    (value) => port.postMessage({ id, value }),
    (error) => port.postMessage({ id, error: wireError(error) }),
  );
}

/** Open transactions by the id of the call that began them: PGlite's transaction object, and how to end it. */
const transactions = new Map();

/** Begins a transaction: answered with its id once PGlite's BEGIN ran; it stays open until an `end` call for it. */
function begin(id) {
  let end;
  const ended = new Promise((resolve, reject) => {
    end = { commit: resolve, rollback: reject };
  });
  let begun = false;
  const settled = db.transaction((tx) => {
    begun = true;
    transactions.set(id, { tx, end, settled });
    port.postMessage({ id, value: id });
    return ended;
  });
  settled.catch((error) => {
    if (!begun) port.postMessage({ id, error: wireError(error) });
  });
}

/** Commits (or rolls back) the transaction `txId` began; answered when PGlite has. */
async function end(txId, commit) {
  const open = transactions.get(txId);
  if (!open) throw new Error(`no open transaction ${txId}`);
  transactions.delete(txId);
  if (commit) {
    open.end.commit();
    await open.settled;
    return;
  }
  open.end.rollback(new Error("rolled back by the caller"));
  await open.settled.catch(() => {});
}

const asText = (text) => text;

/** Query options as sent: the types whose parsers run on the main thread come back as their text. */
function local(options) {
  if (!options?.rawTypes) return options;
  const { rawTypes, ...rest } = options;
  return { ...rest, parsers: Object.fromEntries(rawTypes.map((type) => [type, asText])) };
}

/** What a call runs; `tx*` calls run inside the open transaction whose id comes first. */
const operations = {
  query: (sql, params, options) => db.query(sql, params, local(options)),
  exec: (sql, options) => db.exec(sql, local(options)),
  txQuery: (txId, sql, params, options) => transactions.get(txId).tx.query(sql, params, local(options)),
  txExec: (txId, sql, options) => transactions.get(txId).tx.exec(sql, local(options)),
  txRollback: (txId) => transactions.get(txId).tx.rollback(),
  end,
  close: () => db.close(),
};

/** The file PGlite 0.2's PostgreSQL opens for writing ("w": truncated) at every query, in the data folder. */
const socketFile = "/tmp/pglite/base/.s.PGSQL.5432.out";

/**
 * Makes PGlite's per-query socket file a no-op. At every query, PGlite 0.2's PostgreSQL opens `socketFile` for writing
 * and closes it without writing: PGlite hands its messages over in WebAssembly memory, and its JavaScript never reads
 * the file. In the data folder on disk that was five system calls a query (truncate, set the times, open, close),
 * ~36 µs of this thread's ~100 for a primary-key lookup, and ~14,000 queries in a cold sync of 100,000 contributions.
 * Only that one file's node in PGlite's virtual filesystem is changed: opening, truncating and closing it do nothing,
 * a write is taken and dropped. Anything else (another PGlite's layout) leaves it as it is, with a warning.
 */
function quietSocketFile() {
  let node;
  try {
    node = db.mod.FS.lookupPath(socketFile).node;
  } catch {
    process.emitWarning(`cairn indexer: PGlite's ${socketFile} not found; left as it is`);
    return;
  }
  node.node_ops = {
    ...node.node_ops,
    setattr: (n, attr) => {
      if (attr.timestamp !== undefined) n.timestamp = attr.timestamp;
    },
  };
  node.stream_ops = {
    ...node.stream_ops,
    open: () => {},
    close: () => {},
    read: () => 0,
    write: (_stream, _buffer, _offset, length) => length,
  };
}

db.onNotification((channel, payload) => port.postMessage({ notification: [channel, payload] }));
db.waitReady.then(
  () => {
    // In memory (no data folder) the file is in memory too.
    if (dataDir) quietSocketFile();
    port.postMessage({ ready: true });
  },
  (error) => port.postMessage({ ready: false, error: wireError(error) }),
);

port.on("message", (/** @type {Call} */ { id, op, args }) => {
  if (op === "begin") return begin(id);
  const run = operations[op];
  // Called at once (an async function runs synchronously up to its first await): the calls reach PGlite in order.
  answer(
    id,
    (async () => {
      if (!run) throw new Error(`unknown call ${op}`);
      return run(...args);
    })(),
  );
});
