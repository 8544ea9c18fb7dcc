// A real chain (Hardhat's EDR, served over JSON-RPC on an ephemeral port, as `cairn dev` does), the Cairn
// contracts deployed with the SDK, and a real Ponder process indexing it.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  deployCairn,
  deployGovernance,
  deployReleases,
  deployTestToken,
  reviewerPoolAbi,
  reviewerPoolBytecode,
} from "@cairn/sdk";
import {
  type Address,
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  type PublicClient,
  type WalletClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { devAccounts, startChain } from "../../cli/src/dev/chain.js";
import { ponderStart } from "../../cli/src/dev/indexer.js";
import { rpcHandler } from "../../cli/src/dev/rpc-server.js";

export type Chain = {
  rpcUrl: string;
  chainId: number;
  publicClient: PublicClient;
  wallets: WalletClient[];
  accounts: Array<{ address: Address; privateKey: `0x${string}` }>;
  request(method: string, params?: unknown[]): Promise<unknown>;
  close(): Promise<void>;
};

/** Starts an EDR chain with `count` funded accounts, served on 127.0.0.1:<ephemeral>. */
export async function startTestChain(count = 20): Promise<Chain> {
  const chain = await startChain();
  const server: Server = createServer(rpcHandler(async () => chain.provider));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const rpcUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const viemChain = defineChain({
    id: chain.chainId,
    name: "test",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  // Generous: on a loaded machine the chain (in this process) may answer slowly.
  const transport = http(rpcUrl, { batch: false, timeout: 120_000 });
  const accounts = devAccounts(count);
  return {
    rpcUrl,
    chainId: chain.chainId,
    publicClient: createPublicClient({ chain: viemChain, transport, pollingInterval: 50 }) as PublicClient,
    wallets: accounts.map((a) =>
      createWalletClient({ account: privateKeyToAccount(a.privateKey), chain: viemChain, transport }),
    ),
    accounts,
    request: (method, params = []) => chain.provider.request({ method, params }),
    async close() {
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      await chain.close();
    },
  };
}

export type Deployment = {
  registry: Address;
  vault: Address;
  factory: Address;
  releases: Address;
  models: Address;
  reviewerPool: Address;
  token: Address;
  startBlock: number;
};

export async function deployAll(chain: Chain): Promise<Deployment> {
  const publicClient = chain.publicClient;
  const walletClient = chain.wallets[0] as WalletClient;
  const { registry, vault, blockNumber } = await deployCairn({ publicClient, walletClient } as never);
  const token = await deployTestToken({ publicClient, walletClient, name: "Test", symbol: "TST" } as never);
  const { factory } = await deployGovernance({ publicClient, walletClient, registry } as never);
  const { releases, models } = await deployReleases({ publicClient, walletClient, registry } as never);
  const pool = await walletClient.deployContract({
    abi: reviewerPoolAbi,
    bytecode: reviewerPoolBytecode,
    args: [registry],
    account: walletClient.account,
    chain: walletClient.chain,
  } as never);
  const reviewerPool = (await publicClient.waitForTransactionReceipt({ hash: pool })).contractAddress as Address;
  return { registry, vault, factory, releases, models, reviewerPool, token, startBlock: Number(blockNumber) };
}

export type Indexer = {
  url: string;
  child: ChildProcess;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
};

/** Starts `ponder start` on the deployment; resolves once its HTTP server answers /health. */
export async function startIndexer(
  chain: Pick<Chain, "rpcUrl" | "chainId">,
  deployment: Deployment,
  options: { dataDir?: string; databaseUrl?: string; schema?: string; port?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<Indexer> {
  const dir = await mkdtemp(join(tmpdir(), "cairn-indexer-"));
  const networkFile = join(dir, "network.json");
  await writeFile(networkFile, JSON.stringify({ rpc: chain.rpcUrl, chainId: chain.chainId, ...deployment }, null, 2));
  const port = options.port ?? (await freePort());
  // Started as `cairn dev` starts it: the same Node flags, command line and shared environment.
  const ponder = ponderStart(port, options.schema ?? "cairn");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CAIRN_NETWORK_FILE: networkFile,
    CAIRN_INDEXER_DATA_DIR: options.dataDir ?? join(dir, "pglite"),
    CAIRN_POLLING_INTERVAL_MS: "100",
    DATABASE_URL: options.databaseUrl ?? "",
    ...ponder.env,
    ...options.env,
  };
  const child = spawn(process.execPath, ponder.args, { cwd: ponder.cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const deadline = Date.now() + 300_000; // Ponder builds, then opens PGlite: slow on a loaded machine
  for (;;) {
    if (child.exitCode !== null) {
      await rm(dir, { recursive: true, force: true }).catch(() => {});
      throw new Error(`ponder exited ${child.exitCode}:\n${output.slice(-4000)}`);
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      await exited;
      await rm(dir, { recursive: true, force: true }).catch(() => {});
      throw new Error(`ponder did not answer in 300 s:\n${output.slice(-4000)}`);
    }
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {}
    await sleep(200);
  }
  return {
    url,
    child,
    output: () => output,
    async stop(signal = "SIGTERM") {
      if (process.env.CAIRN_INDEXER_TEST_LOG)
        await writeFile(`${process.env.CAIRN_INDEXER_TEST_LOG}.${port}.log`, output).catch(() => {});
      if (child.exitCode === null) child.kill(signal);
      await Promise.race([exited, sleep(15_000).then(() => child.kill("SIGKILL"))]);
      await exited;
      await rm(dir, { recursive: true, force: true }).catch(() => {});
    },
  };
}

/** Waits until the indexer has indexed the chain's head block (or `block`). */
export async function synced(
  indexer: Pick<Indexer, "url">,
  chain: Pick<Chain, "publicClient">,
  block?: bigint,
  timeoutMs = 180_000,
) {
  const target = Number(block ?? (await chain.publicClient.getBlockNumber({ cacheTime: 0 })));
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${indexer.url}/healthz`);
      last = await res.json();
      if (
        (last as { indexedBlock: number | null }).indexedBlock !== null &&
        (last as { indexedBlock: number }).indexedBlock >= target
      )
        return last;
    } catch (error) {
      last = error;
    }
    await sleep(100);
  }
  throw new Error(`indexer not at block ${target} in ${timeoutMs / 1000} s: ${JSON.stringify(last)}`);
}

// biome-ignore lint/suspicious/noExplicitAny: test results are loosely typed JSON
export async function getJson<T = any>(url: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as T };
}

/** Ponder's SQL over HTTP as @ponder/client sends it: the query as superjson (plain JSON here) in `sql`. */
export async function sqlOverHttp(
  url: string,
  query: string,
  params: unknown[] = [],
  // biome-ignore lint/suspicious/noExplicitAny: rows are loosely typed JSON
): Promise<{ status: number; body: any }> {
  const res = await fetch(
    `${url}/sql/db?sql=${encodeURIComponent(JSON.stringify({ json: { sql: query, params, typings: [] } }))}`,
  );
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) };
  } catch {
    return { status: res.status, body: text };
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const startPostgresScript = fileURLToPath(new URL("../../relayer/scripts/start-postgres.sh", import.meta.url));

/** Debian's newest `pg_ctl`, or undefined when PostgreSQL is not installed. */
export function pgCtl(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(a) - Number(b));
  return versions
    .map((v) => `${root}/${v}/bin/pg_ctl`)
    .filter((p) => existsSync(p))
    .at(-1);
}

/**
 * A PostgreSQL server of the test's own in `directory` (the relayer's start-postgres.sh), on `port` (an ephemeral
 * one by default; give the same one to start it again after a kill): its URL.
 */
export async function startPostgres(directory: string, port?: number): Promise<string> {
  const args = [startPostgresScript, directory, String(port ?? (await freePort()))];
  return execFileSync("bash", args, { encoding: "utf8" }).trim();
}

export function stopPostgres(directory: string): void {
  execFileSync("bash", [startPostgresScript, "--stop", directory]);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The chain's `i`-th wallet (throws if there is none). */
export function wallet(chain: Pick<Chain, "wallets">, i: number): WalletClient {
  const w = chain.wallets[i];
  if (!w) throw new Error(`no wallet ${i}`);
  return w;
}

/** The chain's `i`-th account (throws if there is none). */
export function account(chain: Pick<Chain, "accounts">, i: number): { address: Address; privateKey: `0x${string}` } {
  const a = chain.accounts[i];
  if (!a) throw new Error(`no account ${i}`);
  return a;
}
