import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** Where the indexer package (packages/indexer) and Ponder live in this repository. */
const indexerRoot = fileURLToPath(new URL("../../../indexer/", import.meta.url));
const ponderBin = fileURLToPath(new URL("../../../../node_modules/ponder/dist/esm/bin/ponder.js", import.meta.url));

/**
 * How the indexer's Ponder process starts, for `cairn dev` and for packages/indexer's tests and bench: Node's flags (a
 * young generation of 32 MB semi-spaces: ~12 % less of Ponder's CPU time in a cold sync, packages/indexer/README.md,
 * "Where sync time goes"), `ponder start` on 127.0.0.1:`port` with JSON logs, and the environment every start shares
 * (Node's compile cache for Ponder's modules: ~0.3 s of each start after the first; no telemetry), and the module hook
 * that runs Ponder's PGlite in a worker thread (packages/indexer/config/ponder-hooks.mjs).
 */
export function ponderStart(port: number, schema = "cairn") {
  return {
    cwd: indexerRoot,
    args: [
      "--max-semi-space-size=32",
      `--import=${pathToFileURL(join(indexerRoot, "config", "ponder-hooks.mjs")).href}`,
      ponderBin,
      "start",
      "--port",
      String(port),
      "--hostname",
      "127.0.0.1",
      "--schema",
      schema,
      "--log-format",
      "json",
    ],
    env: {
      PONDER_TELEMETRY_DISABLED: "true",
      NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE ?? join(indexerRoot, ".ponder", "node-compile-cache"),
    },
  };
}

export type DevIndexer = {
  url: string;
  /** Stops the Ponder process (SIGTERM, then SIGKILL after 5 s). */
  stop(): Promise<void>;
};

/**
 * Starts the Cairn indexer (a Ponder process, PGlite under `<dataDir>/indexer`) on the dev chain, on
 * 127.0.0.1:`port` (0: any free port), and returns its URL at once: the indexer answers a few seconds
 * later, while `cairn dev` goes on. The chain is new on every start, so is the indexer's data.
 * Returns undefined when this installation has no indexer package.
 */
export async function startDevIndexer(p: {
  rpcUrl: string;
  chainId: number;
  registry: string;
  vault: string;
  factory: string;
  /** Release and model registries and the reviewer pool, indexed too when given. */
  releases?: string | undefined;
  models?: string | undefined;
  reviewerPool?: string | undefined;
  dataDir: string;
  port: number;
  onExit?: ((code: number | null) => void) | undefined;
}): Promise<DevIndexer | undefined> {
  if (!existsSync(join(indexerRoot, "ponder.config.ts")) || !existsSync(ponderBin)) return undefined;
  const directory = join(p.dataDir, "indexer");
  await rm(directory, { recursive: true, force: true });
  await mkdir(directory, { recursive: true });
  const port = p.port === 0 ? await freePort() : p.port;
  const ponder = ponderStart(port);
  const child: ChildProcess = spawn(process.execPath, ponder.args, {
    cwd: ponder.cwd,
    env: {
      ...process.env,
      CAIRN_NETWORK_FILE: "",
      CAIRN_RPC_URL: p.rpcUrl,
      CAIRN_CHAIN_ID: String(p.chainId),
      CAIRN_REGISTRY: p.registry,
      CAIRN_VAULT: p.vault,
      CAIRN_FACTORY: p.factory,
      ...(p.releases ? { CAIRN_RELEASES: p.releases } : {}),
      ...(p.models ? { CAIRN_MODELS: p.models } : {}),
      ...(p.reviewerPool ? { CAIRN_REVIEWER_POOL: p.reviewerPool } : {}),
      CAIRN_INDEXER_DATA_DIR: join(directory, "pglite"),
      CAIRN_POLLING_INTERVAL_MS: "200",
      DATABASE_URL: "",
      ...ponder.env,
      // The indexer exits by itself if this process dies without stopping it (SIGKILL).
      CAIRN_EXIT_WITH_PID: String(process.pid),
    },
    stdio: ["ignore", "ignore", "ignore"],
  });
  const exited = new Promise<void>((resolve) =>
    child.once("exit", (code) => {
      p.onExit?.(code);
      resolve();
    }),
  );
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
