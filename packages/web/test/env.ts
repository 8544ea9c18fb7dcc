import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium } from "playwright-core";

export const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
export const webRoot = fileURLToPath(new URL("..", import.meta.url));

/** Debian's Chromium (never a downloaded browser). */
export const chromiumPath = process.env.CAIRN_CHROMIUM ?? "/usr/bin/chromium";

export function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath))
    throw new Error(`No Chromium at ${chromiumPath}: apt-get install chromium (or set CAIRN_CHROMIUM).`);
  return chromium.launch({
    executablePath: chromiumPath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}

/** Builds the web app (vite build, a few seconds) so `cairn dev` serves what the sources say. */
export function buildWeb(): void {
  execFileSync(process.execPath, [join(repoRoot, "node_modules/vite/bin/vite.js"), "build", "--logLevel", "warn"], {
    cwd: webRoot,
    stdio: "inherit",
  });
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

export type DevNetwork = {
  rpc: string;
  gateway: string;
  web: string;
  chainId: number;
  registry: `0x${string}`;
  vault: `0x${string}`;
  token: `0x${string}`;
  accounts: Array<{ address: `0x${string}`; privateKey: `0x${string}` }>;
  relayer: string;
  /** The indexer `cairn dev` started (only with `indexer: true`). */
  indexer?: string | undefined;
  /** The `cairn dev` process id. */
  pid: number;
  dir: string;
  stop(): Promise<void>;
};

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
}

/** `cairn dev` (chain, IPFS, gateway with `add`, web app) and a real relayer (packages/relayer) in front of it. */
export async function startNetwork({
  relayer = true,
  indexer = false,
  gatewayPort = 0,
  devEnv = {},
}: {
  relayer?: boolean;
  indexer?: boolean;
  gatewayPort?: number;
  /** Extra environment for `cairn dev` (and the indexer it starts), e.g. CAIRN_AVAILABILITY_STORES. */
  devEnv?: Record<string, string>;
} = {}): Promise<DevNetwork> {
  const dir = await mkdtemp(join(tmpdir(), "cairn-web-"));
  const relayerPort = await freePort();
  const relayerUrl = `http://127.0.0.1:${relayerPort}`;
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith("CAIRN_")) delete env[k];
  const devArgs = [
    "dev",
    "--rpc-port",
    "0",
    "--gateway-port",
    String(gatewayPort),
    "--web-port",
    "0",
    "--data-dir",
    join(dir, ".cairn"),
  ];
  if (!indexer) devArgs.push("--no-indexer");
  if (relayer) devArgs.push("--relayer-url", relayerUrl);
  const dev = spawn(process.execPath, [join(repoRoot, "packages/cli/bin/cairn.js"), ...devArgs], {
    cwd: dir,
    env: { ...env, ...devEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const limit = indexer ? 300_000 : 90_000; // Ponder builds, then opens PGlite: slow on a loaded machine
    const timer = setTimeout(() => reject(new Error(`cairn dev not ready in ${limit / 1000} s:\n${output}`)), limit);
    const onData = (d: Buffer) => {
      output += d;
      if (output.includes("cairn dev ready")) {
        clearTimeout(timer);
        resolve();
      }
    };
    dev.stdout?.on("data", onData);
    dev.stderr?.on("data", onData);
    dev.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`cairn dev exited ${code}:\n${output}`));
    });
  });
  const devFile = JSON.parse(await readFile(join(dir, ".cairn", "dev.json"), "utf8"));
  let relayerChild: ChildProcess | undefined;
  if (relayer) {
    relayerChild = spawn(
      process.execPath,
      [
        join(repoRoot, "packages/relayer/bin/cairn-relayer.js"),
        "--rpc-url",
        devFile.rpc,
        "--registry",
        devFile.registry,
      ],
      {
        cwd: dir,
        env: {
          ...env,
          CAIRN_RELAYER_PRIVATE_KEY: devFile.accounts[4].privateKey,
          CAIRN_RELAYER_PORT: String(relayerPort),
          CAIRN_RELAYER_DB: join(dir, "relayer.sqlite"),
          CAIRN_RELAYER_BATCH_MS: "200",
          CAIRN_RELAYER_LOG_LEVEL: "warn",
        },
        stdio: ["ignore", "inherit", "inherit"],
      },
    );
    for (let i = 0; ; i++) {
      const up = await fetch(`${relayerUrl}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      if (i > 120) throw new Error("the relayer did not become healthy in 60 s");
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  return {
    ...devFile,
    pid: dev.pid as number,
    relayer: relayerUrl,
    dir,
    async stop() {
      relayerChild?.kill("SIGTERM");
      if (relayerChild) await exited(relayerChild);
      dev.kill("SIGINT");
      await exited(dev);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
