/**
 * Web app benchmark, in Debian's Chromium against `cairn dev` (all on loopback):
 * - firstLoadGzipKiB: JavaScript the first page (the datasets list) loads, gzipped (level 9), in KiB;
 * - datasetPageInteractiveMs: from navigation to a dataset page until its manifest, terms and
 *   contributions table are shown (median of 5 cold loads, each in a new browser context), checked every
 *   animation frame;
 * - browserHashRatio: the app's in-browser hashing (Web Worker) of a 200 MB file, MB/s, over the SDK's
 *   `hashFile` in Node on the same file: runs alternate (Node, browser, Node, ...; 5 pairs), the ratio is the
 *   median of the pairs' ratios, and each pair's load average is recorded. The browser's time runs from choosing
 *   the file to its CID on the page. `sha256InMemoryMBps` is what bounds it: WebCrypto's sha256 against Node's.
 * - hashCeiling: what bounds that ratio in this browser (bench/web-hash-ceiling.ts): the file's read rate, WebCrypto's
 *   one-shot sha256, whether it computes on the calling thread, whether two workers' digests run in parallel.
 * Prints a table and writes bench/results/web.json.   npm run bench:web
 * BENCH_WEB_ONLY=hash measures the hashing alone (the same way) and keeps the file's other figures.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { hashFile } from "../packages/sdk/src/index.js";
import { buildWeb, launchChromium, repoRoot, startNetwork } from "../packages/web/test/env.js";
import { datasetWithProverbs, fresh, writeBigFile } from "../packages/web/test/flows.js";
import { measureHashCeiling } from "./web-hash-ceiling.js";

const hashMiB = Number(process.env.BENCH_WEB_MIB ?? 200);
const loads = 5;
const hashRuns = Number(process.env.BENCH_WEB_HASH_RUNS ?? 5);
const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;
const hashOnly = process.env.BENCH_WEB_ONLY === "hash";
const resultsPath = join(repoRoot, "bench/results/web.json");
const previous = hashOnly && existsSync(resultsPath) ? JSON.parse(readFileSync(resultsPath, "utf8")) : {};

buildWeb();
const net = await startNetwork({ relayer: false });
const browser = await launchChromium();
try {
  // A dataset with a few contributions, made through the app itself (direct submission, no relayer).
  await datasetWithProverbs(browser, net, 5);

  const scripts = new Map<string, number>();
  let firstLoadGzipKiB: number = previous.firstLoadGzipKiB;
  const times: number[] = previous.datasetPageLoadsMs ?? [];
  if (!hashOnly) {
    // First load: every script the datasets page fetches in a fresh context, gzipped.
    const firstContext = await browser.newContext();
    const first = await firstContext.newPage();
    first.on("response", async (response) => {
      const type = response.headers()["content-type"] ?? "";
      if (!type.includes("javascript")) return;
      const body = await response.body().catch(() => undefined);
      if (body) scripts.set(response.url(), gzipSync(body, { level: 9 }).length);
    });
    await first.goto(`${net.web}/#/`, { waitUntil: "networkidle" });
    await first.getByRole("link", { name: "Swahili proverbs" }).waitFor();
    firstLoadGzipKiB = [...scripts.values()].reduce((a, b) => a + b, 0) / 1024;
    await firstContext.close();

    // Dataset page: cold loads, each in a new context (no cache).
    for (let i = 0; i < loads; i++) {
      const ctx = await browser.newContext();
      const p = await ctx.newPage();
      const start = performance.now();
      await p.goto(`${net.web}/#/datasets/1`);
      // Title, contributions table and terms shown, checked every animation frame (a locator's wait polls up to
      // every 500 ms, which would count as loading).
      await p.waitForFunction(
        () =>
          Boolean(document.querySelector("h1")?.textContent?.includes("Swahili proverbs")) &&
          document.querySelector("table") !== null &&
          Boolean(document.body.textContent?.includes("I give this under CC-BY-4.0")),
        undefined,
        { polling: "raf", timeout: 60_000 },
      );
      times.push(performance.now() - start);
      await ctx.close();
    }
  }
  times.sort((a, b) => a - b);
  const datasetPageInteractiveMs = hashOnly ? previous.datasetPageInteractiveMs : times[Math.floor(times.length / 2)];
  // Hashing: the same file in Node (SDK hashFile) and in the app's worker, run after run in turn (Node, browser,
  // Node, ...) so that each pair meets the same load; the ratio is the median of the pairs' ratios.
  const path = join(net.dir, "big.bin");
  await writeBigFile(path, hashMiB);
  const bytes = hashMiB * 1024 * 1024;
  const mbps = (ms: number) => bytes / 1e6 / (ms / 1000);
  const ctx = await browser.newContext();
  const hp = await ctx.newPage();
  const pairs: Array<{ nodeMBps: number; browserMBps: number; ratio: number; load1m: number }> = [];
  const loadBefore = loadavg()[0];
  for (let i = 0; i < hashRuns; i++) {
    let t = performance.now();
    const { cid } = await hashFile(path);
    const nodeMs = performance.now() - t;
    await fresh(hp, net.web, "#/datasets/1/contribute");
    const input = hp.getByLabel("Choose files");
    await input.waitFor({ state: "attached" });
    t = performance.now();
    await input.setInputFiles(path);
    // Checked every animation frame (a locator's wait polls up to every 500 ms, which would count as hashing).
    await hp.waitForFunction((c) => document.body.textContent?.includes(c), cid, {
      polling: "raf",
      timeout: 300_000,
    });
    const browserMs = performance.now() - t;
    pairs.push({
      nodeMBps: round1(mbps(nodeMs)),
      browserMBps: round1(mbps(browserMs)),
      ratio: Math.round((nodeMs / browserMs) * 1000) / 1000,
      load1m: round2(loadavg()[0]),
    });
  }
  // What bounds the ratio: the browser's native sha256 (WebCrypto, one thread per page) against Node's
  // (OpenSSL) on the same 64 MiB in memory, best of 3 each.
  const sample = 64 * 1024 * 1024;
  const webCryptoMs = await hp.evaluate(async (n) => {
    const data = new Uint8Array(n).map((_, i) => i);
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      await crypto.subtle.digest("SHA-256", data);
      best = Math.min(best, performance.now() - t);
    }
    return best;
  }, sample);
  const data = new Uint8Array(sample).map((_, i) => i);
  let opensslMs = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    createHash("sha256").update(data).digest();
    opensslMs = Math.min(opensslMs, performance.now() - t);
  }
  const hashCeiling = await measureHashCeiling(hp, path);
  await ctx.close();
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const browserHashRatio = median(pairs.map((p) => p.ratio));
  const browserMBps = median(pairs.map((p) => p.browserMBps));
  const nodeMBps = median(pairs.map((p) => p.nodeMBps));

  const result = {
    firstLoadGzipKiB: Math.round(firstLoadGzipKiB * 10) / 10,
    datasetPageInteractiveMs: Math.round(datasetPageInteractiveMs),
    browserHashRatio,
    browserHashMBps: browserMBps,
    nodeHashMBps: nodeMBps,
    hashFileMiB: hashMiB,
    hashPairs: pairs,
    hashLoadAverage1m: { before: round2(loadBefore), after: round2(loadavg()[0]) },
    sha256InMemoryMBps: {
      webCrypto: round1(sample / 1e6 / (webCryptoMs / 1000)),
      nodeOpenssl: round1(sample / 1e6 / (opensslMs / 1000)),
    },
    hashCeiling,
    datasetPageLoadsMs: times.map(Math.round),
    firstLoadScripts: hashOnly ? previous.firstLoadScripts : scripts.size,
    targets: { firstLoadGzipKiB: 250, datasetPageInteractiveMs: 1500, browserHashRatio: 0.5 },
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim(),
    loadAverage1m: Math.round(loadavg()[0] * 100) / 100,
    chromium: browser.version(),
    date: new Date().toISOString(),
  };
  console.table([
    { metric: "firstLoadGzipKiB", value: result.firstLoadGzipKiB, target: "<= 250" },
    { metric: "datasetPageInteractiveMs", value: result.datasetPageInteractiveMs, target: "<= 1500" },
    { metric: "browserHashRatio", value: result.browserHashRatio, target: ">= 0.5" },
    { metric: "browser MB/s", value: result.browserHashMBps, target: "" },
    { metric: "node MB/s", value: result.nodeHashMBps, target: "" },
  ]);
  mkdirSync(join(repoRoot, "bench/results"), { recursive: true });
  writeFileSync(resultsPath, `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await browser.close();
  await net.stop();
}
