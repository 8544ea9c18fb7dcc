/**
 * npm run bench:availability → bench/results/availability.json
 *
 * How fast `checkAvailability` verifies a dataset against a local store (an embedded Helia node on disk):
 * - filesPerSecond: 10,000 small files (1 KiB each), every byte fetched and checked (CID and sha256);
 * - mbPerSecond: 1 GB of large files (16 × 64 MiB), the same.
 * Targets: ≥ 2,000 files/s and ≥ 300 MB/s. The stores are filled first (not timed).
 */
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { type AvailabilityItem, checkAvailability, createHeliaStore } from "@cairn/sdk";

const smallCount = 10_000;
const smallSize = 1024;
const largeCount = 16;
const largeSize = 64 * 1024 * 1024;

const dir = await mkdtemp(join(tmpdir(), "cairn-bench-availability-"));
try {
  const store = await createHeliaStore({ directory: join(dir, "ipfs") });
  const small: AvailabilityItem[] = [];
  for (let i = 0; i < smallCount; i++) {
    const { cid, sha256 } = await store.put(randomBytes(smallSize));
    small.push({ cid, contentHash: sha256 });
  }
  const large: AvailabilityItem[] = [];
  for (let i = 0; i < largeCount; i++) {
    const { cid, sha256 } = await store.put(randomBytes(largeSize));
    large.push({ cid, contentHash: sha256 });
  }

  let t = performance.now();
  const smallReport = await checkAvailability({ items: small, stores: [store], minCopies: 1 });
  const smallSeconds = (performance.now() - t) / 1000;
  if (smallReport.summary.healthy !== smallCount) throw new Error("a small file did not verify");

  t = performance.now();
  const cpu = process.cpuUsage();
  const largeReport = await checkAvailability({ items: large, stores: [store], minCopies: 1, concurrency: 4 });
  const largeSeconds = (performance.now() - t) / 1000;
  // CPU time of this process and its worker threads: the figure the machine's load does not change.
  const { user, system } = process.cpuUsage(cpu);
  const cpuSeconds = (user + system) / 1e6;
  if (largeReport.summary.healthy !== largeCount) throw new Error("a large file did not verify");
  await store.close();

  const result = {
    filesPerSecond: Math.round(smallCount / smallSeconds),
    mbPerSecond: Math.round((largeCount * largeSize) / 1e6 / largeSeconds),
    smallFiles: { count: smallCount, bytesEach: smallSize, seconds: Number(smallSeconds.toFixed(2)) },
    largeFiles: {
      count: largeCount,
      bytesEach: largeSize,
      seconds: Number(largeSeconds.toFixed(2)),
      cpuSeconds: Number(cpuSeconds.toFixed(2)),
      mbPerCpuSecond: Math.round((largeCount * largeSize) / 1e6 / cpuSeconds),
    },
    targets: { filesPerSecond: 2000, mbPerSecond: 300 },
    store: "embedded Helia (blockstore-fs) on local disk",
    machine: {
      cpus: cpus().length,
      model: cpus()[0]?.model,
      node: process.version,
      // The machine is shared: the load average when the run ended says how much of it the run had.
      loadAverage: loadavg().map((l) => Number(l.toFixed(1))),
    },
    date: new Date().toISOString(),
  };
  console.table({ filesPerSecond: result.filesPerSecond, mbPerSecond: result.mbPerSecond });
  await mkdir("bench/results", { recursive: true });
  await writeFile("bench/results/availability.json", `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
