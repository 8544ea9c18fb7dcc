import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { type Address, getAddress, isAddress } from "viem";

/** What the indexer needs to know about the network it follows. */
export type IndexerSettings = {
  chainId: number;
  rpcUrl: string;
  registry: Address;
  vault: Address;
  /** The GovernedDatasetFactory; without one, a placeholder address that never emits. */
  factory: Address;
  /** The ReleaseRegistry and the ModelRegistry (placeholders when absent, as for the factory). */
  releases: Address;
  models: Address;
  /** A ReviewerPool (optional, as the releases). */
  reviewerPool: Address;
  startBlock: number;
  /** PostgreSQL connection string; PGlite under `pgliteDirectory` when absent. */
  databaseUrl: string | undefined;
  pgliteDirectory: string;
  pollingInterval: number;
  /** How many endpoints of the JSON-RPC relay Ponder is given, each with its own rate limit (config/transport.ts). */
  rpcLanes: number;
  logsBlockRange: number | undefined;
  disableCache: boolean;
};

/** The keys of a network file (`cairn dev`'s dev.json has them all). */
type NetworkFile = {
  rpc?: string;
  chainId?: number;
  registry?: string;
  vault?: string;
  factory?: string;
  releases?: string;
  models?: string;
  reviewerPool?: string;
  startBlock?: number;
};

/** Chain ids of local development chains (Hardhat, Anvil). */
const devChainIds = new Set([31337, 1337]);

const noFactory: Address = "0x000000000000000000000000000000000000dEaD";

/**
 * Reads the settings: CAIRN_NETWORK_FILE (a JSON network file such as `.cairn/dev.json`), then the env
 * variables CAIRN_RPC_URL, CAIRN_CHAIN_ID, CAIRN_REGISTRY, CAIRN_VAULT, CAIRN_FACTORY, CAIRN_RELEASES, CAIRN_MODELS, CAIRN_REVIEWER_POOL,
 * CAIRN_START_BLOCK,
 * which win over the file. DATABASE_URL selects PostgreSQL; else PGlite in CAIRN_INDEXER_DATA_DIR
 * (default `.ponder/pglite` in the working directory).
 */
export function loadSettings(env: Record<string, string | undefined>): IndexerSettings {
  let file: NetworkFile = {};
  const filePath = env.CAIRN_NETWORK_FILE;
  if (filePath) {
    try {
      file = JSON.parse(readFileSync(filePath, "utf8")) as NetworkFile;
    } catch (error) {
      throw new Error(`CAIRN_NETWORK_FILE ${filePath}: ${(error as Error).message}`);
    }
  }
  const need = (value: string | number | undefined, name: string): string => {
    if (value === undefined || value === "") throw new Error(`The indexer needs ${name} (env or CAIRN_NETWORK_FILE).`);
    return String(value);
  };
  const address = (value: string | undefined, name: string): Address => {
    const text = need(value, name);
    if (!isAddress(text)) throw new Error(`${name} is not an address: ${text}`);
    return getAddress(text);
  };
  const integer = (value: string | number | undefined, name: string, fallback?: number): number => {
    if ((value === undefined || value === "") && fallback !== undefined) return fallback;
    const n = Number(need(value, name));
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, not ${value}`);
    return n;
  };
  const factoryText = env.CAIRN_FACTORY ?? file.factory;
  const optional = (value: string | undefined, name: string) => (value ? address(value, name) : noFactory);
  const chainId = integer(env.CAIRN_CHAIN_ID ?? file.chainId, "CAIRN_CHAIN_ID");
  return {
    rpcUrl: need(env.CAIRN_RPC_URL ?? file.rpc, "CAIRN_RPC_URL"),
    chainId,
    registry: address(env.CAIRN_REGISTRY ?? file.registry, "CAIRN_REGISTRY"),
    vault: address(env.CAIRN_VAULT ?? file.vault, "CAIRN_VAULT"),
    factory: factoryText ? address(factoryText, "CAIRN_FACTORY") : noFactory,
    releases: optional(env.CAIRN_RELEASES ?? file.releases, "CAIRN_RELEASES"),
    models: optional(env.CAIRN_MODELS ?? file.models, "CAIRN_MODELS"),
    reviewerPool: optional(env.CAIRN_REVIEWER_POOL ?? file.reviewerPool, "CAIRN_REVIEWER_POOL"),
    startBlock: integer(env.CAIRN_START_BLOCK ?? file.startBlock, "CAIRN_START_BLOCK", 0),
    databaseUrl: env.DATABASE_URL || undefined,
    pgliteDirectory: resolve(env.CAIRN_INDEXER_DATA_DIR ?? ".ponder/pglite"),
    pollingInterval: integer(env.CAIRN_POLLING_INTERVAL_MS, "CAIRN_POLLING_INTERVAL_MS", 1000),
    // Ponder starts each endpoint at 20 requests/s: a local chain answers far more; a remote provider may not.
    rpcLanes: integer(env.CAIRN_RPC_LANES, "CAIRN_RPC_LANES", devChainIds.has(chainId) ? 8 : 1) || 1,
    logsBlockRange: env.CAIRN_LOGS_BLOCK_RANGE
      ? integer(env.CAIRN_LOGS_BLOCK_RANGE, "CAIRN_LOGS_BLOCK_RANGE")
      : undefined,
    // A development chain restarts (or reverts) at the same addresses: cached answers would be stale there.
    disableCache: env.CAIRN_DISABLE_RPC_CACHE ? env.CAIRN_DISABLE_RPC_CACHE !== "0" : devChainIds.has(chainId),
  };
}

/**
 * When CAIRN_EXIT_WITH_PID names a process (`cairn dev` sets its own), exits once that process is gone, so an
 * indexer started by `cairn dev` never outlives it, even when `cairn dev` is killed with SIGKILL.
 */
export function exitWithParent(env: Record<string, string | undefined>): void {
  const pid = Number(env.CAIRN_EXIT_WITH_PID);
  if (!Number.isSafeInteger(pid) || pid <= 0) return;
  setInterval(() => {
    try {
      process.kill(pid, 0);
    } catch {
      process.exit(0);
    }
  }, 1000).unref();
}
