/**
 * Configuration from flags and environment variables (flags win). The relayer's private key is read from
 * the environment only (`CAIRN_RELAYER_PRIVATE_KEY`), never from a flag, and is never logged.
 */
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { type Address, getAddress, type Hex, isAddress } from "viem";
import type { LogLevel } from "./log.js";

export type RelayerConfig = {
  rpcUrl: string;
  registry: Address;
  privateKey: Hex;
  host: string;
  port: number;
  /** SQLite file (default `.cairn/relayer.sqlite`), unless `databaseUrl` is set. */
  dbPath: string;
  /** PostgreSQL connection string: several instances can share the queue. */
  databaseUrl: string | undefined;
  sqliteSync: "normal" | "full";
  batchSize: number;
  batchMs: number;
  maxInFlight: number;
  pollMs: number;
  replaceAfterMs: number;
  rebroadcastMs: number;
  leaseMs: number;
  maxAttempts: number;
  feeBumpPercent: number;
  maxBodyBytes: number;
  maxItemsPerRequest: number;
  minDeadlineSeconds: number;
  datasetCacheMs: number;
  /** How often the follower reads new registrations from the chain. */
  followMs: number;
  /** The registry's deployment block, where the follower starts reading registrations. */
  followFromBlock: number;
  /** Items per second (and burst) per contributor and per client address; 0 turns a limit off. */
  contributorRate: number;
  contributorBurst: number;
  clientRate: number;
  clientBurst: number;
  /**
   * Which proxies to believe about the client's address (`X-Forwarded-For`): `false` (none: the TCP peer is
   * the client), a number of trusted hops in front of the relayer, or the trusted proxies' addresses/CIDRs.
   * The client is the address the last trusted hop added, never an entry the client could write.
   */
  trustProxy: false | number | string[];
  /** Origins allowed to call the API from a browser (CORS); `["*"]` for any, `[]` for none (same origin only). */
  corsOrigins: string[];
  /** Time to receive a request's headers, and the whole request with its body, before the connection is closed. */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open. */
  keepAliveTimeoutMs: number;
  /** Open connections per client address (TCP peer); 0 for no cap. */
  maxConnectionsPerClient: number;
  /** Worker threads that recover signers (0: on the main thread). */
  verifyThreads: number;
  /**
   * A Cairn indexer (packages/indexer) asked whether content is already registered while the follower has not caught
   * up with the chain, instead of a dry run on the chain; never trusted (src/indexer.ts).
   */
  indexerUrl: string | undefined;
  /** The sponsorship policy: who and what this relayer pays gas for. */
  policy: SponsorshipPolicy;
  logLevel: LogLevel;
  fault: string | undefined;
};

/**
 * Who and what the relayer pays gas for. Budgets and quotas are counted in items (≈ 36k gas each when
 * relayed in a batch) and refill continuously: `n` per `periodSeconds`. 0 turns one off.
 */
export type SponsorshipPolicy = {
  /** The datasets served (decimal ids); empty: every dataset. */
  datasets: string[];
  periodSeconds: number;
  /** Items per dataset per period (overridden per dataset by `datasetBudgets`). */
  datasetBudget: number;
  datasetBudgets: Record<string, number>;
  /**
   * Gas per dataset per period (overridden per dataset by `datasetGasBudgets`): what its batches actually
   * used, from the receipts, apportioned to each dataset's items. An item in a dataset whose registration
   * calls costly outside code (a weight observer, an ERC-1271 wallet) costs more than 36k gas: an item budget
   * alone does not bound the operator's spending, a gas budget does.
   */
  datasetGasBudget: number;
  datasetGasBudgets: Record<string, number>;
  /** Items per client address per period, when no API key is given. Fresh contributor keys do not escape it. */
  clientQuota: number;
  /** API keys (`name` → secret) and the items each may relay per period instead of the client quota. */
  apiKeys: Record<string, string>;
  apiKeyQuota: number;
  /** Refuse requests without a valid API key. */
  requireApiKey: boolean;
};

const options = {
  "rpc-url": { type: "string" },
  registry: { type: "string" },
  host: { type: "string" },
  port: { type: "string" },
  db: { type: "string" },
  "database-url": { type: "string" },
  "indexer-url": { type: "string" },
  "batch-size": { type: "string" },
  "batch-ms": { type: "string" },
  "max-in-flight": { type: "string" },
  "replace-after-ms": { type: "string" },
  "log-level": { type: "string" },
  "trust-proxy": { type: "string" },
  "cors-origins": { type: "string" },
  datasets: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

export const usage = `cairn-relayer — takes wallet-signed contributions over HTTP and registers them on-chain in batches

Usage: cairn-relayer [flags]            (every flag also reads from the environment variable shown)

  --rpc-url URL          CAIRN_RPC_URL            the chain's JSON-RPC endpoint (default http://127.0.0.1:8545)
  --registry ADDRESS     CAIRN_REGISTRY           the CairnRegistry address (required)
                         CAIRN_RELAYER_PRIVATE_KEY the key that pays the gas (environment only; required)
  --host HOST            CAIRN_RELAYER_HOST       address to listen on (default 127.0.0.1)
  --port N               CAIRN_RELAYER_PORT       port (default 8787)
  --db PATH              CAIRN_RELAYER_DB         SQLite queue file (default .cairn/relayer.sqlite)
  --database-url URL     DATABASE_URL             PostgreSQL queue instead of SQLite (several instances may share it)
  --indexer-url URL      CAIRN_INDEXER_URL        a Cairn indexer asked for duplicates until the follower has caught up
                         (its answers are checked against the chain; without it, a dry run on the chain)
  --batch-size N         CAIRN_RELAYER_BATCH_SIZE items per transaction (default 100)
  --batch-ms MS          CAIRN_RELAYER_BATCH_MS   longest wait for a batch to fill (default 1000)
  --max-in-flight N      CAIRN_RELAYER_MAX_IN_FLIGHT batches sent and not yet mined (default 4)
  --replace-after-ms MS  CAIRN_RELAYER_REPLACE_AFTER_MS replace a transaction not mined by then (default 30000)
  --log-level LEVEL      CAIRN_RELAYER_LOG_LEVEL  debug | info | warn | error | silent (default info)
  --trust-proxy HOPS|ADDRS CAIRN_RELAYER_TRUST_PROXY behind a reverse proxy: the number of trusted hops (1 = one
                         proxy), or the proxies' addresses/CIDRs (10.0.0.0/8,loopback); default none
  --cors-origins LIST    CAIRN_RELAYER_CORS_ORIGINS origins whose pages may call the API (https://app.example,…
                         or *); default none
  --datasets LIST        CAIRN_RELAYER_DATASETS   the dataset ids served, each with an optional item budget and gas
                         budget per period (1,2:5000,3:5000:200000000,4::90000000); default every dataset

Also from the environment: CAIRN_RELAYER_MAX_BODY_BYTES (1048576), CAIRN_RELAYER_MAX_ITEMS (500),
CAIRN_RELAYER_CONTRIBUTOR_RATE / _BURST (20 / 200 items), CAIRN_RELAYER_CLIENT_RATE / _BURST (2000 / 10000 items),
CAIRN_RELAYER_MIN_DEADLINE_S (60), CAIRN_RELAYER_POLL_MS (250), CAIRN_RELAYER_SQLITE_SYNC (normal | full),
CAIRN_RELAYER_FOLLOW_MS (1000), CAIRN_RELAYER_DATASET_CACHE_MS (2000),
CAIRN_RELAYER_FROM_BLOCK (the registry's deployment block: where reading its events starts; default 0),
CAIRN_RELAYER_VERIFY_THREADS (worker threads recovering signatures; default the cores less one, at most 4,
and none on two cores or fewer).
Slow clients: CAIRN_RELAYER_HEADERS_TIMEOUT_MS (5000), CAIRN_RELAYER_REQUEST_TIMEOUT_MS (10000),
CAIRN_RELAYER_KEEP_ALIVE_TIMEOUT_MS (5000), CAIRN_RELAYER_MAX_CONNECTIONS_PER_CLIENT (256).
Sponsorship (per CAIRN_RELAYER_PERIOD_S, default 86400): CAIRN_RELAYER_DATASET_BUDGET (items; 0: none),
CAIRN_RELAYER_DATASET_GAS_BUDGET (gas used by its batches, from the receipts; 0: none),
CAIRN_RELAYER_CLIENT_QUOTA (1000), CAIRN_RELAYER_API_KEYS (name:secret,…; sent as x-api-key or Authorization:
Bearer), CAIRN_RELAYER_API_KEY_QUOTA (100000), CAIRN_RELAYER_REQUIRE_API_KEY (0 | 1).
`;

export class ConfigError extends Error {}

export function loadConfig(
  argv: string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): RelayerConfig | "help" {
  const { values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false });
  if (values.help) return "help";
  const str = (flag: string | undefined, name: string, fallback?: string) => flag ?? env[name] ?? fallback;
  const num = (flag: string | undefined, name: string, fallback: number) => {
    const v = str(flag, name);
    if (v === undefined || v === "") return fallback;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new ConfigError(`${name} must be a non-negative number, not "${v}"`);
    return n;
  };
  const registry = str(values.registry, "CAIRN_REGISTRY");
  if (!registry || !isAddress(registry, { strict: false }))
    throw new ConfigError("give the registry address: --registry 0x… or CAIRN_REGISTRY");
  const privateKey = env.CAIRN_RELAYER_PRIVATE_KEY;
  if (!privateKey || !/^0x[0-9a-fA-F]{64}$/.test(privateKey)) {
    throw new ConfigError("set CAIRN_RELAYER_PRIVATE_KEY to the relayer's private key (0x + 64 hex digits)");
  }
  const headersTimeoutMs = num(undefined, "CAIRN_RELAYER_HEADERS_TIMEOUT_MS", 5_000);
  const logLevel = (str(values["log-level"], "CAIRN_RELAYER_LOG_LEVEL", "info") as LogLevel) ?? "info";
  return {
    rpcUrl: str(values["rpc-url"], "CAIRN_RPC_URL", "http://127.0.0.1:8545") as string,
    registry: getAddress(registry),
    privateKey: privateKey as Hex,
    host: str(values.host, "CAIRN_RELAYER_HOST", "127.0.0.1") as string,
    port: num(values.port, "CAIRN_RELAYER_PORT", 8787),
    dbPath: str(values.db, "CAIRN_RELAYER_DB", ".cairn/relayer.sqlite") as string,
    databaseUrl: str(values["database-url"], "DATABASE_URL") || undefined,
    sqliteSync: env.CAIRN_RELAYER_SQLITE_SYNC === "full" ? "full" : "normal",
    batchSize: Math.max(1, num(values["batch-size"], "CAIRN_RELAYER_BATCH_SIZE", 100)),
    batchMs: num(values["batch-ms"], "CAIRN_RELAYER_BATCH_MS", 1000),
    maxInFlight: Math.max(1, num(values["max-in-flight"], "CAIRN_RELAYER_MAX_IN_FLIGHT", 4)),
    pollMs: num(undefined, "CAIRN_RELAYER_POLL_MS", 250),
    replaceAfterMs: num(values["replace-after-ms"], "CAIRN_RELAYER_REPLACE_AFTER_MS", 30_000),
    rebroadcastMs: num(undefined, "CAIRN_RELAYER_REBROADCAST_MS", 10_000),
    leaseMs: num(undefined, "CAIRN_RELAYER_LEASE_MS", 30_000),
    maxAttempts: Math.max(1, num(undefined, "CAIRN_RELAYER_MAX_ATTEMPTS", 5)),
    feeBumpPercent: Math.max(10, num(undefined, "CAIRN_RELAYER_FEE_BUMP_PERCENT", 25)),
    maxBodyBytes: num(undefined, "CAIRN_RELAYER_MAX_BODY_BYTES", 1024 * 1024),
    maxItemsPerRequest: Math.max(1, num(undefined, "CAIRN_RELAYER_MAX_ITEMS", 500)),
    minDeadlineSeconds: num(undefined, "CAIRN_RELAYER_MIN_DEADLINE_S", 60),
    datasetCacheMs: num(undefined, "CAIRN_RELAYER_DATASET_CACHE_MS", 2000),
    followMs: num(undefined, "CAIRN_RELAYER_FOLLOW_MS", 1000),
    followFromBlock: num(undefined, "CAIRN_RELAYER_FROM_BLOCK", 0),
    contributorRate: num(undefined, "CAIRN_RELAYER_CONTRIBUTOR_RATE", 20),
    contributorBurst: num(undefined, "CAIRN_RELAYER_CONTRIBUTOR_BURST", 200),
    clientRate: num(undefined, "CAIRN_RELAYER_CLIENT_RATE", 2000),
    clientBurst: num(undefined, "CAIRN_RELAYER_CLIENT_BURST", 10_000),
    trustProxy: parseTrustProxy(str(values["trust-proxy"], "CAIRN_RELAYER_TRUST_PROXY", "")),
    corsOrigins: list(str(values["cors-origins"], "CAIRN_RELAYER_CORS_ORIGINS", "")),
    headersTimeoutMs: Math.max(100, headersTimeoutMs),
    requestTimeoutMs: Math.max(headersTimeoutMs, num(undefined, "CAIRN_RELAYER_REQUEST_TIMEOUT_MS", 10_000)),
    keepAliveTimeoutMs: num(undefined, "CAIRN_RELAYER_KEEP_ALIVE_TIMEOUT_MS", 5_000),
    maxConnectionsPerClient: num(undefined, "CAIRN_RELAYER_MAX_CONNECTIONS_PER_CLIENT", 256),
    // On two cores the chain node, the database or the proxy usually share the machine: a recovery thread then
    // competes with the main thread more than it helps (bench/results/relayer.json).
    verifyThreads: Math.floor(
      num(
        undefined,
        "CAIRN_RELAYER_VERIFY_THREADS",
        availableParallelism() > 2 ? Math.min(4, availableParallelism() - 1) : 0,
      ),
    ),
    indexerUrl: str(values["indexer-url"], "CAIRN_INDEXER_URL") || undefined,
    policy: {
      ...parseDatasets(str(values.datasets, "CAIRN_RELAYER_DATASETS", "")),
      periodSeconds: Math.max(1, num(undefined, "CAIRN_RELAYER_PERIOD_S", 86_400)),
      datasetBudget: num(undefined, "CAIRN_RELAYER_DATASET_BUDGET", 0),
      datasetGasBudget: num(undefined, "CAIRN_RELAYER_DATASET_GAS_BUDGET", 0),
      clientQuota: num(undefined, "CAIRN_RELAYER_CLIENT_QUOTA", 1000),
      apiKeys: parseApiKeys(env.CAIRN_RELAYER_API_KEYS ?? ""),
      apiKeyQuota: num(undefined, "CAIRN_RELAYER_API_KEY_QUOTA", 100_000),
      requireApiKey: env.CAIRN_RELAYER_REQUIRE_API_KEY === "1",
    },
    logLevel,
    fault: env.CAIRN_RELAYER_FAULT || undefined,
  };
}

const list = (v: string | undefined) =>
  (v ?? "")
    .split(",")
    .map((x) => x.trim())
    .filter((x) => x.length > 0);

/** `""`/`0`/`false`: no proxy; a number: that many trusted hops; else the trusted proxies' addresses or CIDRs. */
export function parseTrustProxy(v: string | undefined): false | number | string[] {
  const t = (v ?? "").trim();
  if (t === "" || t === "0" || t === "false") return false;
  if (/^[0-9]+$/.test(t)) return Number(t);
  if (t === "true")
    throw new ConfigError(
      "CAIRN_RELAYER_TRUST_PROXY=true would believe any X-Forwarded-For a client writes: give the number of proxy hops or their addresses",
    );
  return list(t);
}

/**
 * `1,2:5000,3::90000000`: datasets 1, 2 and 3; dataset 2 with its own budget of 5000 items per period, dataset 3
 * with its own gas budget of 90 M gas per period (`id:items:gas`; an empty part keeps the default).
 */
export function parseDatasets(v: string | undefined): {
  datasets: string[];
  datasetBudgets: Record<string, number>;
  datasetGasBudgets: Record<string, number>;
} {
  const datasets: string[] = [];
  const datasetBudgets: Record<string, number> = {};
  const datasetGasBudgets: Record<string, number> = {};
  for (const entry of list(v)) {
    const m = /^([1-9][0-9]*)(?::([0-9]*))?(?::([0-9]+))?$/.exec(entry);
    if (!m)
      throw new ConfigError(
        `CAIRN_RELAYER_DATASETS: "${entry}" is not a dataset id (with an optional :items budget and :gas budget)`,
      );
    datasets.push(m[1]);
    if (m[2] !== undefined && m[2] !== "") datasetBudgets[m[1]] = Number(m[2]);
    if (m[3] !== undefined) datasetGasBudgets[m[1]] = Number(m[3]);
  }
  return { datasets, datasetBudgets, datasetGasBudgets };
}

function parseApiKeys(v: string): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const entry of list(v)) {
    const at = entry.indexOf(":");
    const name = entry.slice(0, at);
    const secret = entry.slice(at + 1);
    if (at <= 0 || secret.length < 16)
      throw new ConfigError(
        "CAIRN_RELAYER_API_KEYS: each entry is name:secret, with a secret of 16 characters or more",
      );
    keys[name] = secret;
  }
  return keys;
}
