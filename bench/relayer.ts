/**
 * Relayer benchmark: concurrent clients on loopback post pre-signed contributions to a real `cairn-relayer`
 * process (SQLite queue) for 30 s; the relayer batches them on an in-process chain (EDR) served over
 * JSON-RPC on 127.0.0.1. Signing is the client's cost, so every item is signed before the clock starts.
 * Prints accepted/s, request latency p50/p99, items included on-chain, gas per item and the relayer's peak
 * RSS, and writes bench/results/relayer.json.
 *
 *   npm run bench:relayer
 *   BENCH_SECONDS=10 BENCH_CLIENTS=8 BENCH_ITEMS_PER_REQUEST=20 npm run bench:relayer
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { createRequire } from "node:module";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cairnRegistryAbi } from "@cairn/sdk";
import { CID } from "multiformats/cid";
import * as Digest from "multiformats/hashes/digest";
import { bytesToHex, hexToBytes } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { contributionDigest, domainSeparator } from "../packages/relayer/src/crypto.js";
import { startTestChain } from "../packages/relayer/test/helpers/chain.js";
import { spawnRelayer } from "../packages/relayer/test/helpers/relayer.js";

const here = dirname(fileURLToPath(import.meta.url));
const seconds = Number(process.env.BENCH_SECONDS ?? 30);
const clients = Number(process.env.BENCH_CLIENTS ?? 16);
const loadBefore = loadavg()[0];
const perRequest = Number(process.env.BENCH_ITEMS_PER_REQUEST ?? 25);
const total = Number(process.env.BENCH_ITEMS ?? 60_000);
const contributors = Number(process.env.BENCH_CONTRIBUTORS ?? 500);
const batchSize = Number(process.env.BENCH_BATCH_SIZE ?? 250);

const secp = createRequire(import.meta.url)("secp256k1/bindings.js") as {
  ecdsaSign(msg: Uint8Array, key: Uint8Array): { signature: Uint8Array; recid: number };
};

const log = (s: string) => process.stderr.write(`${s}\n`);

const chain = await startTestChain();
const { datasetId, termsHash } = await chain.createDataset();
const dbPath = join(tmpdir(), `cairn-bench-relayer-${process.pid}.sqlite`);

// ---------------------------------------------------------------- pre-sign (not timed)
log(`signing ${total} contributions by ${contributors} contributors…`);
const signStart = performance.now();
const separator = domainSeparator(chain.chainId, chain.registry);
const keys = Array.from({ length: contributors }, () => generatePrivateKey());
const addresses = keys.map((k) => privateKeyToAccount(k).address);
const deadline = BigInt(Math.floor(Date.now() / 1000) + 86_400);
const terms = hexToBytes(termsHash);
const bodies: string[] = [];
let batch: unknown[] = [];
for (let i = 0; i < total; i++) {
  const c = i % contributors;
  const bytes = new TextEncoder().encode(`bench ${process.pid} item ${i}`);
  const digest = createHash("sha256").update(bytes).digest();
  const cid = CID.createV1(0x55, Digest.create(0x12, digest));
  const d = contributionDigest(separator, {
    datasetId,
    contentHash: digest,
    cid: cid.bytes,
    size: BigInt(bytes.length),
    metadataCid: new Uint8Array(0),
    termsHash: terms,
    deadline,
  });
  const { signature, recid } = secp.ecdsaSign(d, hexToBytes(keys[c]));
  const sig = new Uint8Array(65);
  sig.set(signature);
  sig[64] = 27 + recid;
  batch.push({
    datasetId: datasetId.toString(),
    contentHash: bytesToHex(digest),
    cid: cid.toString(),
    size: String(bytes.length),
    deadline: deadline.toString(),
    contributor: addresses[c],
    signature: bytesToHex(sig),
    chainId: chain.chainId,
    registry: chain.registry,
    termsHash,
  });
  if (batch.length === perRequest) {
    bodies.push(JSON.stringify({ items: batch }));
    batch = [];
  }
}
log(`signed in ${((performance.now() - signStart) / 1000).toFixed(1)} s; ${bodies.length} requests of ${perRequest}`);

// ---------------------------------------------------------------- the relayer, as a real process
const relayer = await spawnRelayer(chain, {
  dbPath,
  port: 0,
  env: {
    CAIRN_RELAYER_BATCH_SIZE: String(batchSize),
    CAIRN_RELAYER_BATCH_MS: "250",
    CAIRN_RELAYER_MAX_IN_FLIGHT: "4",
    CAIRN_RELAYER_POLL_MS: "100",
    CAIRN_RELAYER_LOG_LEVEL: "warn",
    // Every client is 127.0.0.1 here: the per-address and per-contributor limits would measure themselves.
    CAIRN_RELAYER_CONTRIBUTOR_RATE: "0",
    CAIRN_RELAYER_CLIENT_RATE: "0",
    CAIRN_RELAYER_CLIENT_QUOTA: "0",
    // e.g. BENCH_RELAYER_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the relayer's process.
    ...(process.env.BENCH_RELAYER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_RELAYER_NODE_OPTIONS } : {}),
  },
});
const { port } = new URL(relayer.url);
const agent = new Agent({ keepAlive: true, maxSockets: clients });

function post(body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path: "/v1/contributions",
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

// CPU time the relayer's process has used (user + system, all its threads), from /proc: on a shared machine the
// wall-clock rate measures the neighbours as much as the relayer; its CPU time per item does not.
const CLOCK_TICKS = 100;
const relayerCpuSeconds = () => {
  const fields = readFileSync(`/proc/${relayer.child.pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
};

// ---------------------------------------------------------------- load (timed)
log(`posting for ${seconds} s with ${clients} concurrent clients…`);
const cpuBefore = relayerCpuSeconds();
const benchCpuBefore = process.cpuUsage();
const latencies: number[] = [];
const statusCounts = new Map<number, number>();
let next = 0;
let accepted = 0;
const start = performance.now();
const until = start + seconds * 1000;
await Promise.all(
  Array.from({ length: clients }, async () => {
    while (performance.now() < until && next < bodies.length) {
      const body = bodies[next++];
      const t = performance.now();
      const status = await post(body);
      latencies.push(performance.now() - t);
      statusCounts.set(status, (statusCounts.get(status) ?? 0) + 1);
      if (status === 202) accepted += perRequest;
    }
  }),
);
const elapsed = (performance.now() - start) / 1000;
const cpuSeconds = relayerCpuSeconds() - cpuBefore;
const benchCpu = process.cpuUsage(benchCpuBefore);
const loadDuring = loadavg()[0];
if (next >= bodies.length) log(`! ran out of pre-signed items after ${elapsed.toFixed(1)} s: raise BENCH_ITEMS`);

// ---------------------------------------------------------------- drain: wait until every accepted item is settled
log(`accepted ${accepted} in ${elapsed.toFixed(1)} s; waiting for the chain…`);
const metric = async (name: string) => {
  const text = await (await fetch(`${relayer.url}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\d+)`, "m").exec(text)?.[1] ?? 0);
};
const drainStart = performance.now();
for (;;) {
  const queued = await metric("cairn_relayer_queued");
  if (queued === 0) break;
  if (performance.now() - drainStart > 300_000) throw new Error(`still ${queued} queued after 5 min`);
  await new Promise((r) => setTimeout(r, 250));
}
const drainSeconds = (performance.now() - drainStart) / 1000;
const status = readFileSync(`/proc/${relayer.child.pid}/status`, "utf8");
const peakRssMiB = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
const gasUsed = await metric("cairn_relayer_gas_used_total");
const batches = await metric("cairn_relayer_batch_size_count");
// Counted from the chain itself, a few blocks at a time (a response has a size limit).
let registered = 0;
const head = await chain.publicClient.getBlockNumber();
for (let from = 0n; from <= head; from += 20n) {
  const logs = await chain.publicClient.getContractEvents({
    address: chain.registry,
    abi: cairnRegistryAbi,
    eventName: "ContributionRegistered",
    args: { datasetId },
    fromBlock: from,
    toBlock: from + 19n > head ? head : from + 19n,
  });
  registered += logs.length;
}
const included = registered;
relayer.child.kill("SIGTERM");
await relayer.exited;
agent.destroy();
await chain.close();

latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
const result = {
  acceptedPerSecond: Math.round(accepted / elapsed),
  p50Ms: Math.round(pct(50) * 100) / 100,
  p99Ms: Math.round(pct(99) * 100) / 100,
  accepted,
  included,
  gasPerItem: included > 0 ? Math.round(gasUsed / included) : 0,
  peakRssMiB: Math.round(peakRssMiB),
  // The relayer's own CPU time while the clients posted (all its threads), and what it gives per CPU-second:
  // ≥ 1,000 accepted per CPU-second means the relayer alone needs less than one core for 1,000 items/s.
  relayerCpuSeconds: Math.round(cpuSeconds * 10) / 10,
  acceptedPerRelayerCpuSecond: cpuSeconds > 0 ? Math.round(accepted / cpuSeconds) : 0,
  // The benchmark's own process (the 16 clients and the in-process chain) on the same two cores.
  benchProcessCpuSeconds: Math.round(((benchCpu.user + benchCpu.system) / 1e6) * 10) / 10,
  seconds: Math.round(elapsed * 10) / 10,
  drainSeconds: Math.round(drainSeconds * 10) / 10,
  clients,
  itemsPerRequest: perRequest,
  batchSize,
  batches,
  httpStatuses: Object.fromEntries(statusCounts),
  cpus: cpus().length,
  cpu: cpus()[0]?.model,
  // Other work on the machine (1-minute load average before the benchmark started): above the core count, the
  // figures measure the machine's contention as much as the relayer.
  loadAverageBefore: Math.round(loadBefore * 100) / 100,
  loadAverageAfterLoad: Math.round(loadDuring * 100) / 100,
  node: process.version,
  queue: "sqlite",
  date: new Date().toISOString(),
};
const rows: [string, string][] = [
  ["accepted/s (sustained)", String(result.acceptedPerSecond)],
  ["request latency p50", `${result.p50Ms} ms (${perRequest} items per request)`],
  ["request latency p99", `${result.p99Ms} ms`],
  ["accepted", String(accepted)],
  ["included on-chain", `${included} (${accepted > 0 ? ((100 * included) / accepted).toFixed(1) : 0} %)`],
  ["gas per item", `${result.gasPerItem} (batches of up to ${batchSize}, ${batches} batches)`],
  [
    "relayer CPU while loaded",
    `${result.relayerCpuSeconds} s (${result.acceptedPerRelayerCpuSecond} accepted per CPU-second)`,
  ],
  ["relayer peak RSS", `${result.peakRssMiB} MiB`],
  ["machine load average", `${result.loadAverageBefore} before, ${result.loadAverageAfterLoad} after the load`],
  ["drain after load", `${result.drainSeconds} s`],
];
const w = Math.max(...rows.map(([k]) => k.length));
process.stdout.write(
  `\nrelayer benchmark — ${clients} clients, ${seconds} s, ${cpus().length} cores (${result.cpu})\n`,
);
for (const [k, v] of rows) process.stdout.write(`  ${k.padEnd(w)}  ${v}\n`);
mkdirSync(join(here, "results"), { recursive: true });
writeFileSync(join(here, "results", "relayer.json"), `${JSON.stringify(result, null, 2)}\n`);
process.exit(included === accepted ? 0 : 1);
