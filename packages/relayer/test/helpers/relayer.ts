/** Starts the relayer under test: in-process (`startRelayer`) or as the real `cairn-relayer` child process. */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Hex } from "viem";
import { type RelayerConfig, startRelayer } from "../../src/index.js";
import { createLogger } from "../../src/log.js";
import { hardhatAccount, type TestChain } from "./chain.js";

/** The relayer's key: Hardhat account 9, used by nobody else in these tests. */
export const RELAYER_KEY = hardhatAccount(9).privateKey;

export function tempDb(): string {
  return join(mkdtempSync(join(tmpdir(), "cairn-relayer-")), "queue.sqlite");
}

export function testConfig(chain: TestChain, overrides: Partial<RelayerConfig> = {}): RelayerConfig {
  return {
    rpcUrl: chain.url,
    registry: chain.registry,
    privateKey: RELAYER_KEY,
    host: "127.0.0.1",
    port: 0,
    dbPath: tempDb(),
    databaseUrl: undefined,
    sqliteSync: "normal",
    batchSize: 50,
    batchMs: 100,
    maxInFlight: 4,
    pollMs: 50,
    replaceAfterMs: 30_000,
    rebroadcastMs: 2_000,
    leaseMs: 3_000,
    maxAttempts: 5,
    feeBumpPercent: 25,
    maxBodyBytes: 256 * 1024,
    maxItemsPerRequest: 500,
    minDeadlineSeconds: 30,
    datasetCacheMs: 500,
    followMs: 200,
    followFromBlock: 0,
    contributorRate: 0,
    contributorBurst: 0,
    clientRate: 0,
    clientBurst: 0,
    trustProxy: false,
    corsOrigins: [],
    headersTimeoutMs: 5_000,
    requestTimeoutMs: 10_000,
    keepAliveTimeoutMs: 5_000,
    maxConnectionsPerClient: 0,
    verifyThreads: 1,
    indexerUrl: undefined,
    policy: {
      datasets: [],
      datasetBudgets: {},
      periodSeconds: 86_400,
      datasetBudget: 0,
      datasetGasBudget: 0,
      datasetGasBudgets: {},
      clientQuota: 0,
      apiKeys: {},
      apiKeyQuota: 0,
      requireApiKey: false,
    },
    logLevel: (process.env.CAIRN_TEST_LOG as never) ?? "silent",
    fault: undefined,
    ...overrides,
  };
}

export async function startTestRelayer(chain: TestChain, overrides: Partial<RelayerConfig> = {}) {
  const config = testConfig(chain, overrides);
  return startRelayer(config, createLogger(config.logLevel));
}

const bin = fileURLToPath(new URL("../../bin/cairn-relayer.js", import.meta.url));

/** Runs `cairn-relayer` as a child process; resolves with its URL once it listens. */
export async function spawnRelayer(
  chain: TestChain,
  { dbPath, port, env = {} }: { dbPath: string; port: number; env?: Record<string, string> },
): Promise<{ url: string; child: ChildProcess; exited: Promise<number | null>; stderr: () => string }> {
  const child = spawn(
    process.execPath,
    [bin, "--rpc-url", chain.url, "--registry", chain.registry, "--port", String(port), "--db", dbPath],
    {
      env: {
        ...process.env,
        NODE_NO_WARNINGS: "1",
        CAIRN_RELAYER_PRIVATE_KEY: RELAYER_KEY,
        CAIRN_RELAYER_CONTRIBUTOR_RATE: "0",
        CAIRN_RELAYER_CLIENT_RATE: "0",
        CAIRN_RELAYER_CLIENT_QUOTA: "0",
        CAIRN_RELAYER_POLL_MS: "50",
        CAIRN_RELAYER_MIN_DEADLINE_S: "30",
        CAIRN_RELAYER_LOG_LEVEL: process.env.CAIRN_TEST_LOG ?? "warn",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let err = "";
  child.stderr?.on("data", (d) => {
    err += d;
    if (process.env.CAIRN_TEST_LOG) process.stderr.write(d);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (d) => {
      out += d;
      const m = /"listening":"([^"]+)"/.exec(out);
      if (m) resolve(m[1]);
    });
    exited.then((code) => reject(new Error(`cairn-relayer exited with ${code}: ${err}`)));
  });
  return { url, child, exited, stderr: () => err };
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

export async function waitUntil<T>(
  fn: () => Promise<T | undefined | false>,
  { timeoutMs = 30_000, intervalMs = 50, what = "condition" } = {},
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export type Key = Hex;
