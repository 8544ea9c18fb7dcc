import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

export const bin = fileURLToPath(new URL("../bin/cairn.js", import.meta.url));
export const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));

/** The public development keys `cairn dev` funds (hardhat's default mnemonic). */
export const devKeys = [
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
  "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
] as const;
export const devAddresses = [
  "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
  "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
  "0x90F79bf6EB2c4f870365e785982E1f101E93b906",
  "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65",
] as const;

export type Result = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

/** Environment without any key or network settings from the caller's shell. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith("CAIRN_")) delete env[k];
  return { ...env, ...extra };
}

/** Starts `cairn …` as a child process. */
export function start(
  args: string[],
  { cwd, env = {} }: { cwd: string; env?: Record<string, string | undefined> },
): ChildProcess {
  return spawn(process.execPath, [bin, ...args], { cwd, env: cleanEnv(env), stdio: ["ignore", "pipe", "pipe"] });
}

/** Runs `cairn …` to the end. */
export function cairn(
  args: string[],
  options: { cwd: string; env?: Record<string, string | undefined> },
): Promise<Result> {
  return finished(start(args, options));
}

export function finished(child: ChildProcess): Promise<Result> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d) => {
    stdout += d;
  });
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** `cairn … --json`, asserting success, parsed. */
// biome-ignore lint/suspicious/noExplicitAny: test results are loosely typed JSON
export async function json<T = any>(
  args: string[],
  options: { cwd: string; env?: Record<string, string | undefined> },
): Promise<T> {
  const result = await cairn([...args, "--json"], options);
  if (result.code !== 0)
    throw new Error(`cairn ${args.join(" ")} exited ${result.code}\n${result.stderr}\n${result.stdout}`);
  return JSON.parse(result.stdout) as T;
}

/** A TCP port free right now on 127.0.0.1. */
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

/** Starts `cairn dev` (without its indexer unless `extra` says otherwise) and waits for its ready line. */
export async function startDev(
  cwd: string,
  rpcPort: number,
  gatewayPort: number,
  extra: string[] = ["--no-indexer"],
): Promise<{ child: ChildProcess; output: () => string }> {
  const child = start(["dev", "--rpc-port", String(rpcPort), "--gateway-port", String(gatewayPort), ...extra], { cwd });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`cairn dev not ready in 60 s:\n${output}`)), 60_000);
    const onData = (d: Buffer) => {
      output += d;
      if (output.includes("cairn dev ready")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`cairn dev exited ${code} before ready:\n${output}`));
    });
  });
  return { child, output: () => output };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
