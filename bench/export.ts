/**
 * Export benchmark: a release exported as Parquet from a local store (the embedded Helia node on disk), with
 * verification included (the release's tree rebuilt from the chain and checked against its root; every item's
 * sha256 and CID checked as it streams). Two runs: 10,000 small files (1 KiB) and 1 GiB of large ones (16 x 64 MiB).
 * Prints a table and writes bench/results/export.json (`filesPerSecond`, `mbPerSecond`; MB = 10^6 bytes).
 *
 *   npm run bench:export
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import {
  contribute,
  createCairnClient,
  createDataset,
  createHeliaStore,
  cutRelease,
  deployCairn,
  deployReleases,
  exportRelease,
  withClient,
} from "@cairn/sdk";
import { network } from "hardhat";

// CAIRN_BENCH_SMALL / CAIRN_BENCH_LARGE shrink the runs for profiling; the committed figures use the defaults.
const SMALL_FILES = Number(process.env.CAIRN_BENCH_SMALL ?? 10_000);
const SMALL_SIZE = 1024;
const LARGE_FILES = Number(process.env.CAIRN_BENCH_LARGE ?? 16);
const LARGE_SIZE = 64 * 2 ** 20;

const { viem } = await network.create();
const publicClient = (await viem.getPublicClient()) as never;
const [steward] = await viem.getWalletClients();
const walletClient = steward as never;
const dir = await mkdtemp(join(tmpdir(), "cairn-bench-export-"));
const store = await createHeliaStore({ directory: join(dir, "ipfs") });
try {
  const { registry } = await deployCairn({ publicClient, walletClient });
  const { releases } = await deployReleases({ publicClient, walletClient, registry });
  const client = withClient(await createCairnClient({ publicClient, registry, store, releases }), { walletClient });

  /** A dataset that auto-accepts, filled with `count` random files of `size` bytes, and its release. */
  async function release(label: string, count: number, size: number) {
    const { datasetId } = await createDataset(client, {
      manifest: {
        schema: "cairn.manifest/1",
        name: `bench ${label}`,
        description: "export benchmark",
        language: "und",
        license: "CC0-1.0",
        items: { kind: "other" },
        guidelines: "none",
        terms: "bench",
      },
      quorum: 0,
    });
    const batch = size > 2 ** 20 ? 4 : 500;
    for (let start = 0; start < count; start += batch) {
      const contents = Array.from({ length: Math.min(batch, count - start) }, () => randomBytes(size));
      await contribute(client, { datasetId, contents, batchSize: 100 });
    }
    const cut = await cutRelease(client, { datasetId });
    console.log(`${label}: ${cut.itemCount} items in release ${cut.releaseId}`);
    return cut.releaseId;
  }

  async function timeExport(releaseId: bigint, label: string) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const result = await exportRelease(client, { releaseId, directory: join(dir, `out-${label}`), format: "parquet" });
    const seconds = (performance.now() - started) / 1000;
    // CPU time of this process's threads (JavaScript, hashing workers, DuckDB): what the machine's load does not change.
    const { user, system } = process.cpuUsage(cpu);
    const cpuSeconds = Number(((user + system) / 1e6).toFixed(2));
    if (result.failures.length > 0) throw new Error(`${label}: ${result.failures.length} items failed verification`);
    await rm(join(dir, `out-${label}`), { recursive: true, force: true });
    return { items: result.items, bytes: result.bytes, seconds, cpuSeconds, shards: result.files.length };
  }

  const small = await timeExport(await release("small", SMALL_FILES, SMALL_SIZE), "small");
  const large = await timeExport(await release("large", LARGE_FILES, LARGE_SIZE), "large");
  const results = {
    filesPerSecond: Math.round(small.items / small.seconds),
    mbPerSecond: Math.round(large.bytes / 1e6 / large.seconds),
    small: { ...small, files: small.items, items: undefined, seconds: Number(small.seconds.toFixed(2)) },
    large: { ...large, files: large.items, items: undefined, seconds: Number(large.seconds.toFixed(2)) },
    format: "parquet",
    verification: "tree rebuilt from the chain and checked against the root; sha256 + CID of every item",
    store: "embedded Helia node on local disk",
    targets: { filesPerSecond: 1000, mbPerSecond: 200 },
    // The machine is shared: the load average when the run ended says how much of it the run had.
    cores: availableParallelism(),
    loadAverage: loadavg().map((l) => Number(l.toFixed(1))),
  };
  console.table([
    { run: "10,000 small files", value: `${results.filesPerSecond} files/s`, target: "≥ 1,000 files/s" },
    { run: "1 GiB of large files", value: `${results.mbPerSecond} MB/s`, target: "≥ 200 MB/s" },
  ]);
  if (SMALL_FILES === 10_000 && LARGE_FILES === 16) {
    mkdirSync("bench/results", { recursive: true });
    writeFileSync("bench/results/export.json", `${JSON.stringify(results, null, 2)}\n`);
    console.log("wrote bench/results/export.json");
  } else console.log(JSON.stringify(results));
} finally {
  await store.close();
  await rm(dir, { recursive: true, force: true });
}
