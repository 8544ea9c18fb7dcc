/**
 * Start-up benchmark of the built packages (`npm run build` first): the whole process, from spawn to exit.
 *
 *   cliHelpMs        `cairn --help`
 *   cliStatusMs      `cairn status` against a running `cairn dev` (started here, on free ports)
 *   sdkImportMs      `await import("@cairn/sdk")` from dist, inside a fresh `node` (the import alone)
 *   sdkImportRssMiB  that process's resident memory right after the import
 *
 * Each is the median of BENCH_STARTUP_RUNS (default 10) runs, cold and warm: cold runs start with an empty
 * V8 compile cache (NODE_COMPILE_CACHE in a fresh folder: everything parsed and compiled again), warm runs
 * reuse a filled one (what a second `cairn` invocation on a user's machine sees; `bin/` enables the cache).
 * The files are in the page cache in both (dropping it needs root). The SDK is imported by its package name,
 * as a consumer does (Node's `node` condition). Each process also reports the CPU time it used (`*CpuMs`): on a
 * shared machine the wall time includes waiting for a core, the CPU time does not. Prints a table, writes
 * bench/results/startup.json.
 *
 *   npm run bench:startup
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const root = resolve(import.meta.dirname, "..");
const runs = Number(process.env.BENCH_STARTUP_RUNS ?? 10);
const cairn = join(root, "packages/cli/bin/cairn.js");
const tmp = mkdtempSync(join(tmpdir(), "cairn-startup-"));
// Loaded into every timed process (--import): prints the CPU time the process used as it exits.
const cpuProbe = join(tmp, "cpu-probe.mjs");
writeFileSync(
  cpuProbe,
  [
    'import { writeSync } from "node:fs";',
    'process.on("exit", () => { const u = process.cpuUsage(); writeSync(2, "\\n__cpu_ms " + (u.user + u.system) / 1000 + "\\n"); });',
  ].join("\n"),
);

type Run = { ms: number; cpuMs: number; stdout: string; code: number | null };

/** Spawns `node args`, timing it from spawn to exit. */
function time(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<Run> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, ["--import", pathToFileURL(cpuProbe).href, ...args], {
      cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", fail);
    child.on("close", (code) => {
      const ms = performance.now() - started;
      if (code !== 0) fail(new Error(`node ${args.join(" ")} exited ${code}\n${stderr}${stdout}`));
      else done({ ms, cpuMs: Number(/__cpu_ms ([\d.]+)/.exec(stderr)?.[1]), stdout, code });
    });
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const round = (n: number) => Math.round(n * 10) / 10;

/** Runs `measure` `runs` times with an empty compile cache each time, then `runs` times with a warm one. */
async function coldAndWarm(measure: (env: NodeJS.ProcessEnv) => Promise<number[]>) {
  const base = { ...process.env };
  for (const k of Object.keys(base)) if (k.startsWith("CAIRN_") || k === "NODE_OPTIONS") delete base[k];
  const cold: number[][] = [];
  for (let i = 0; i < runs; i++) {
    const cache = mkdtempSync(join(tmp, "cache-"));
    cold.push(await measure({ ...base, NODE_COMPILE_CACHE: cache }));
    rmSync(cache, { recursive: true, force: true });
  }
  const cache = mkdtempSync(join(tmp, "cache-"));
  await measure({ ...base, NODE_COMPILE_CACHE: cache }); // fills the cache
  const warm: number[][] = [];
  for (let i = 0; i < runs; i++) warm.push(await measure({ ...base, NODE_COMPILE_CACHE: cache }));
  const pick = (all: number[][], i: number) => round(median(all.map((r) => r[i] as number)));
  return { cold: (i = 0) => pick(cold, i), warm: (i = 0) => pick(warm, i) };
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

async function startDev(cwd: string): Promise<ChildProcess> {
  const ports = ["--rpc-port", "--gateway-port", "--web-port", "--indexer-port"];
  const args = [cairn, "dev"];
  for (const flag of ports) args.push(flag, String(await freePort()));
  const child = spawn(process.execPath, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`cairn dev not ready in 120 s:\n${output}`)), 120_000);
    const onData = (d: Buffer) => {
      output += d;
      if (output.includes("cairn dev ready")) {
        clearTimeout(timer);
        ready();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => fail(new Error(`cairn dev exited ${code}:\n${output}`)));
  });
  return child;
}

// The import alone, timed inside the child (process start-up is Node's, the same for every program).
const importProbe = `
const before = process.cpuUsage();
const started = performance.now();
await import("@cairn/sdk");
const ms = performance.now() - started;
const cpu = process.cpuUsage(before);
process.stdout.write(JSON.stringify({ ms, rssMiB: process.memoryUsage().rss / 2 ** 20, cpuMs: (cpu.user + cpu.system) / 1000 }));
`;

let dev: ChildProcess | undefined;
try {
  const help = await coldAndWarm(async (env) => {
    const run = await time([cairn, "--help"], env, tmp);
    return [run.ms, run.cpuMs];
  });

  const sdkImport = await coldAndWarm(async (env) => {
    // NODE_COMPILE_CACHE in env turns the cache on for this process too.
    // From the repository root, where `@cairn/sdk` resolves to the workspace package.
    const { stdout } = await time(["--input-type=module", "-e", importProbe], env, root);
    const { ms, rssMiB, cpuMs } = JSON.parse(stdout) as { ms: number; rssMiB: number; cpuMs: number };
    return [ms, rssMiB, cpuMs];
  });

  const devDir = mkdtempSync(join(tmp, "dev-"));
  dev = await startDev(devDir);
  const status = await coldAndWarm(async (env) => {
    const run = await time([cairn, "status"], env, devDir);
    if (!/registry/i.test(run.stdout)) throw new Error(`cairn status printed no registry:\n${run.stdout}`);
    return [run.ms, run.cpuMs];
  });

  const results = {
    cliHelpMs: { cold: help.cold(), warm: help.warm() },
    cliStatusMs: { cold: status.cold(), warm: status.warm() },
    sdkImportMs: { cold: sdkImport.cold(0), warm: sdkImport.warm(0) },
    sdkImportRssMiB: { cold: sdkImport.cold(1), warm: sdkImport.warm(1) },
    cliHelpCpuMs: { cold: help.cold(1), warm: help.warm(1) },
    cliStatusCpuMs: { cold: status.cold(1), warm: status.warm(1) },
    sdkImportCpuMs: { cold: sdkImport.cold(2), warm: sdkImport.warm(2) },
    runs,
    statistic: "median",
    cold: "empty V8 compile cache (files in the page cache)",
    warm: "V8 compile cache filled by a previous run",
    node: process.version,
    cpus: cpus().length,
    loadAverage: loadavg().map(round),
    date: new Date().toISOString(),
  };
  console.table({
    "cairn --help (ms)": results.cliHelpMs,
    "cairn status (ms)": results.cliStatusMs,
    'import("@cairn/sdk") (ms)': results.sdkImportMs,
    'import("@cairn/sdk") RSS (MiB)': results.sdkImportRssMiB,
    "cairn --help CPU (ms)": results.cliHelpCpuMs,
    "cairn status CPU (ms)": results.cliStatusCpuMs,
    'import("@cairn/sdk") CPU (ms)': results.sdkImportCpuMs,
  });
  writeFileSync(join(root, "bench/results/startup.json"), `${JSON.stringify(results, null, 2)}\n`);
  console.log("wrote bench/results/startup.json");
} finally {
  if (dev && dev.exitCode === null) {
    const exited = new Promise((done) => dev?.once("exit", done));
    dev.kill("SIGINT");
    await Promise.race([exited, new Promise((done) => setTimeout(done, 10_000))]);
  }
  rmSync(tmp, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
}
