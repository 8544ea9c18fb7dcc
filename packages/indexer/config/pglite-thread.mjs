// PGlite in a worker thread, for Ponder. Ponder 0.16 runs its embedded database (PGlite: PostgreSQL compiled to
// WebAssembly) in its own main thread, beside the indexing, the RPC sync and the HTTP API: on the 2 cores this indexer
// is measured on, a cold sync spent ~45 % of that thread inside PGlite while the second core mostly waited, and every
// REST page's database work queued behind the indexing (README, "Where sync time goes"). On PostgreSQL that work runs
// in another process. This module gives Ponder the same: config/ponder-hooks.mjs points Ponder's imports of
// `@electric-sql/pglite` here, and `new PGlite(dataDir)` starts the real one in config/pglite-thread-worker.mjs.
//
// The class answers Ponder's and drizzle's use of PGlite's API — query, exec, transaction, listen and notifications,
// close — with the same results (rows are copied across threads by structured clone; errors keep their message,
// name and PostgreSQL's fields such as `code`), and it is `instanceof PGlite` (Ponder tells its dialect that way).
// Parsers (functions) run here, on the text the worker returns for their types. What cannot cross a thread —
// serializers, onNotice, extensions, a custom filesystem — is refused with an error that says so; the protocol-level
// methods (execProtocol…) are not offered. CAIRN_INDEXER_PGLITE_THREAD=0 keeps PGlite in Ponder's thread.
import { Worker } from "node:worker_threads";
import { PGlite as InThreadPGlite } from "@electric-sql/pglite";

export * from "@electric-sql/pglite";

const workerUrl = new URL("./pglite-thread-worker.mjs", import.meta.url);

/** Constructor options that are plain data, passed to the worker's PGlite as they are. */
const dataOptions = new Set(["dataDir", "debug", "relaxedDurability", "username", "database", "initialMemory"]);
/** Query options passed as they are (`blob` is a Blob: cloned). */
const queryOptions = new Set(["rowMode", "blob", "paramTypes"]);
/** PGlite's methods below its query API, which this class does not carry across threads. */
const notOffered = ["execProtocol", "execProtocolRaw", "describeQuery", "dumpDataDir", "syncToFs", "runExclusive"];

function unsupported(what) {
  return new Error(
    `${what} cannot cross to PGlite's worker thread (config/pglite-thread.mjs); set CAIRN_INDEXER_PGLITE_THREAD=0 to run PGlite in Ponder's thread`,
  );
}

/** A tagged template's text with `$1`, `$2`… where its values go (PGlite's `sql`). */
const templateText = (strings) => strings.reduce((text, part, i) => `${text}$${i}${part}`);

/** An error from the worker, as PGlite would have thrown it: message, name and PostgreSQL's fields. */
function thrown({ name, message, fields }) {
  const error = Object.assign(new Error(message), fields);
  error.name = name;
  return error;
}

export class PGlite {
  #worker;
  #calls = new Map();
  #nextId = 1;
  #ready = false;
  #notReady = (_error) => {};
  #closed = false;
  #parsers;
  #listeners = new Map();
  #notificationListeners = new Set();

  constructor(dataDirOrOptions = {}, more = {}) {
    const options = typeof dataDirOrOptions === "string" ? { dataDir: dataDirOrOptions, ...more } : dataDirOrOptions;
    const { parsers, ...rest } = options ?? {};
    for (const key of Object.keys(rest)) if (!dataOptions.has(key)) throw unsupported(`PGlite's option "${key}"`);
    this.dataDir = rest.dataDir;
    this.#parsers = parsers ?? {};
    this.#worker = new Worker(workerUrl, { workerData: { dataDir: rest.dataDir, options: rest } });
    this.waitReady = new Promise((resolve, reject) => {
      this.#notReady = reject;
      this.#worker.on("error", (error) => this.#fail(error));
      this.#worker.on("exit", (code) => this.#fail(new Error(`PGlite's worker thread exited (code ${code})`)));
      this.#worker.on("message", (message) => {
        if ("id" in message) return this.#settle(message);
        if ("notification" in message) return this.#notify(...message.notification);
        if (message.ready) {
          this.#ready = true;
          resolve();
        } else reject(thrown(message.error));
      });
    });
    this.waitReady.catch(() => {});
  }

  get ready() {
    return this.#ready && !this.#closed;
  }

  get closed() {
    return this.#closed;
  }

  /** Every call still waiting fails with `error` (the worker died), and so does `waitReady` if it was. */
  #fail(error) {
    this.#closed = true;
    this.#notReady(error);
    for (const { reject } of this.#calls.values()) reject(error);
    this.#calls.clear();
  }

  #settle({ id, value, error }) {
    const call = this.#calls.get(id);
    if (!call) return;
    this.#calls.delete(id);
    if (error) call.reject(thrown(error));
    else call.resolve(value);
  }

  #notify(channel, payload) {
    for (const listener of this.#listeners.get(channel) ?? []) queueMicrotask(() => listener(payload));
    for (const listener of this.#notificationListeners) queueMicrotask(() => listener(channel, payload));
  }

  /** Sends one call (a `begin` is answered with its own id: the transaction's). */
  #call(op, args) {
    if (this.#closed) return Promise.reject(new Error("PGlite is closed"));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#calls.set(id, { resolve, reject });
      this.#worker.postMessage({ id, op, args });
    });
  }

  /** Query options as sent, and the parsers to run here on what comes back. */
  #wire(options) {
    const sent = {};
    for (const [key, value] of Object.entries(options ?? {})) {
      if (key === "parsers" || value === undefined) continue;
      if (!queryOptions.has(key)) throw unsupported(`the query option "${key}"`);
      sent[key] = value;
    }
    const parsers = { ...this.#parsers, ...options?.parsers };
    const rawTypes = Object.keys(parsers).map(Number);
    if (rawTypes.length > 0) sent.rawTypes = rawTypes;
    return { sent, parsers };
  }

  #parse(result, parsers) {
    for (const [at, field] of result.fields.entries()) {
      const parse = parsers[field.dataTypeID];
      if (!parse) continue;
      const key = Array.isArray(result.rows[0]) ? at : field.name;
      for (const row of result.rows) if (row[key] !== null) row[key] = parse(row[key], field.dataTypeID);
    }
    return result;
  }

  async #query(op, args, options) {
    const { sent, parsers } = this.#wire(options);
    const result = await this.#call(op, [...args, sent]);
    return this.#parse(result, parsers);
  }

  async #exec(op, args, options) {
    const { sent, parsers } = this.#wire(options);
    const results = await this.#call(op, [...args, sent]);
    return results.map((result) => this.#parse(result, parsers));
  }

  query(sql, params = [], options) {
    return this.#query("query", [sql, params], options);
  }

  sql(strings, ...values) {
    return this.query(templateText(strings), values);
  }

  exec(sql, options) {
    return this.#exec("exec", [sql], options);
  }

  /** As PGlite's: BEGIN, the callback with a transaction object, then COMMIT, or ROLLBACK if it throws. */
  async transaction(callback) {
    const txId = await this.#call("begin", []);
    let closed = false;
    const open = () => {
      if (closed) throw new Error("Transaction is closed");
    };
    const tx = {
      query: async (sql, params = [], options) => {
        open();
        return this.#query("txQuery", [txId, sql, params], options);
      },
      sql: (strings, ...values) => tx.query(templateText(strings), values),
      exec: async (sql, options) => {
        open();
        return this.#exec("txExec", [txId, sql], options);
      },
      rollback: async () => {
        open();
        await this.#call("txRollback", [txId]);
        closed = true;
      },
      get closed() {
        return closed;
      },
    };
    let value;
    try {
      value = await callback(tx);
    } catch (error) {
      closed = true;
      await this.#call("end", [txId, false]);
      throw error;
    }
    closed = true;
    await this.#call("end", [txId, true]);
    return value;
  }

  async listen(channel, callback) {
    const listeners = this.#listeners.get(channel) ?? new Set();
    this.#listeners.set(channel, listeners);
    listeners.add(callback);
    await this.exec(`LISTEN "${channel}"`);
    return () => this.unlisten(channel, callback);
  }

  async unlisten(channel, callback) {
    const listeners = this.#listeners.get(channel);
    if (callback) listeners?.delete(callback);
    if (!callback || listeners?.size === 0) {
      await this.exec(`UNLISTEN "${channel}"`);
      this.#listeners.delete(channel);
    }
  }

  onNotification(callback) {
    this.#notificationListeners.add(callback);
    return () => this.#notificationListeners.delete(callback);
  }

  offNotification(callback) {
    this.#notificationListeners.delete(callback);
  }

  async close() {
    if (this.#closed) return;
    await this.#call("close", []);
    this.#closed = true;
    await this.#worker.terminate();
  }

  async [Symbol.asyncDispose]() {
    await this.close();
  }

  static async create(dataDirOrOptions, options) {
    const db = new PGlite(dataDirOrOptions, options);
    await db.waitReady;
    return db;
  }
}

// `instanceof PGlite` holds for Ponder's and drizzle's checks against the real class, without running its constructor
// (which would start a second database here).
Object.setPrototypeOf(PGlite.prototype, InThreadPGlite.prototype);
for (const name of notOffered) {
  Object.defineProperty(PGlite.prototype, name, {
    value() {
      throw unsupported(`PGlite's ${name}()`);
    },
  });
}
