/**
 * Indexer benchmark, against a real Ponder process (PGlite) and an in-process chain (EDR) served over
 * JSON-RPC on 127.0.0.1:
 *  1. eventsPerSecond: a history of BENCH_CONTRIBUTIONS (default 100,000) contributions, in batches, then a
 *     cold start of the indexer; events indexed / seconds from spawn to synced (startup included). The results
 *     also give Ponder's CPU time for it (from /proc) and when each phase began (`history.coldPhases`, from its log).
 *  2. lagSeconds: contributions arrive at a steady BENCH_RATE (default 1,000/s) for BENCH_LAG_SECONDS, in
 *     batches of 100 as a relayer sends them; lag = when /healthz shows a block indexed − when it was mined
 *     (p50, p99 and max; `lagSeconds` is the p99).
 *  3. p50Ms/p99Ms: 50 concurrent clients (BENCH_CLIENTS) on each REST endpoint, a page of 100, each request a
 *     random page (by the cursors the API hands out) of a random filter, the answers cached before each endpoint's
 *     run dropped (the indexed block moves); the worst endpoint's figures, and every endpoint's, each with the CPU
 *     time per request of the indexer's process (`serverCpuMsPerRequest`, PGlite included), of this process (the
 *     clients: `clientCpuMsPerRequest`), of PostgreSQL's processes (`databaseCpuMsPerRequest`) and of the whole
 *     machine (`machineCpuMsPerRequest`, other work included), all from /proc. The clients are undici's Pool (the
 *     HTTP engine of Node's `fetch` without its WHATWG objects: the same GETs at about half the client CPU, which
 *     with `fetch` was as much as the indexer's). BENCH_REQUESTS per endpoint (default 1,000), after BENCH_WARMUP
 *     (default 200) not measured, before the block moves.
 *     BENCH_ENDPOINTS=<substring> runs only the endpoints whose name contains it (a quick look; printed, not written).
 * Writes bench/results/indexer.json (indexer-postgres.json with BENCH_DATABASE_URL).
 *
 *   npm run bench:indexer
 *   BENCH_CONTRIBUTIONS=10000 BENCH_LAG_SECONDS=5 npm run bench:indexer
 *   BENCH_DATABASE_URL=postgres://… npm run bench:indexer     # PostgreSQL: writes bench/results/indexer-postgres.json
 * On PostgreSQL each run indexes into a schema of its own (`cairn_bench_<ms>`), left there afterwards.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cairnRegistryAbi } from "@cairn/sdk";
import { Pool } from "undici";
import { deployAll, getJson, startIndexer, startTestChain, synced, wallet } from "../packages/indexer/test/harness.js";
import { content, createDataset, send } from "../packages/indexer/test/history.js";

const here = dirname(fileURLToPath(import.meta.url));
const total = Number(process.env.BENCH_CONTRIBUTIONS ?? 100_000);
const batchSize = Number(process.env.BENCH_BATCH_SIZE ?? 400);
const rate = Number(process.env.BENCH_RATE ?? 1000);
const lagSeconds = Number(process.env.BENCH_LAG_SECONDS ?? 20);
const clients = Number(process.env.BENCH_CLIENTS ?? 50);
const requestsPerEndpoint = Number(process.env.BENCH_REQUESTS ?? 1000);
const warmupPerEndpoint = Number(process.env.BENCH_WARMUP ?? 200);
const log = (s: string) => process.stderr.write(`${s}\n`);
// Blocks of 400 contributions: a wider eth_getLogs answer would pass viem's 10 MiB response limit.
process.env.CAIRN_LOGS_BLOCK_RANGE ??= "20";

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux); null elsewhere. */
function cpuMsOf(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return null;
  }
}

/**
 * When the cold start's phases began, in seconds after the spawn, from Ponder's JSON log (packages/indexer/README.md,
 * "Where sync time goes"): its build until the database is connected, migrations until HTTP is up, the backfill, the
 * indexes created after it, and the live blocks up to the head.
 */
function coldPhases(output: string, spawnedAt: number): Record<string, number | null> {
  const marks: Record<string, string> = {
    databaseConnected: "Connected to database",
    httpUp: "Created HTTP server",
    backfillStarted: "Started backfill indexing",
    backfillDone: "Completed backfill indexing across all chains",
    indexesCreated: "Created database indexes",
    liveStarted: "Started live indexing",
  };
  const seen = new Map<string, number>();
  for (const line of output.split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      const { msg, time } = JSON.parse(line) as { msg?: string; time?: number };
      if (msg && typeof time === "number" && !seen.has(msg)) seen.set(msg, time);
    } catch {}
  }
  return Object.fromEntries(
    Object.entries(marks).map(([key, msg]) => {
      const at = seen.get(msg);
      return [key, at === undefined ? null : round((at - spawnedAt) / 1000, 2)];
    }),
  );
}

/** Busy CPU time of the whole machine so far (ms, every core; /proc/stat less idle and iowait); null elsewhere. */
function machineBusyMs(): number | null {
  try {
    const fields = (readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "").trim().split(/\s+/).slice(1).map(Number);
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
    return ((total - (fields[3] ?? 0) - (fields[4] ?? 0)) * 1000) / 100;
  } catch {
    return null;
  }
}

/** CPU time (ms) of this process (the bench's clients; the in-process chain is idle during part 3). */
const clientCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** On PostgreSQL, the CPU time (ms) its server processes (backends and background workers, listed by
 *  pg_stat_activity) have used so far, by pid; one connection of the bench's own, opened once. */
let pgClient: import("pg").Client | undefined;
async function databaseCpuByPid(): Promise<Map<number, number> | null> {
  const databaseUrl = process.env.BENCH_DATABASE_URL;
  if (!databaseUrl) return null;
  if (!pgClient) {
    const { default: pg } = await import("pg");
    pgClient = new pg.Client({ connectionString: databaseUrl });
    await pgClient.connect();
  }
  const { rows } = await pgClient.query<{ pid: number }>(
    "SELECT pid FROM pg_stat_activity WHERE pid <> pg_backend_pid()",
  );
  const byPid = new Map<number, number>();
  for (const { pid } of rows) {
    const ms = cpuMsOf(pid);
    if (ms !== null) byPid.set(pid, ms);
  }
  return byPid;
}
/** CPU (ms) the database's processes used between two readings (a process that started meanwhile counts whole). */
const databaseCpuBetween = (before: Map<number, number> | null, after: Map<number, number> | null) => {
  if (!before || !after) return null;
  let ms = 0;
  for (const [pid, cpu] of after) ms += cpu - (before.get(pid) ?? 0);
  return ms;
};

const percentile = (sorted: number[], p: number) =>
  sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number) : Number.NaN;
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

let serial = 0;
function items(datasetId: bigint, n: number) {
  return Array.from({ length: n }, () => {
    const c = content(`bench/${serial++}`);
    return { datasetId, contentHash: c.contentHash, size: c.size, cid: c.cid, metadataCid: "0x" as const };
  });
}

// A loaded machine (other jobs on the same 2 cores) slows every figure: the result records the load averages.
const loadBefore = loadavg().map((x) => round(x));
const chain = await startTestChain(20);
let indexer: Awaited<ReturnType<typeof startIndexer>> | undefined;
try {
  const d = await deployAll(chain);
  const curated = await createDataset(chain, d, {
    curators: [chain.accounts[1]?.address as `0x${string}`],
    quorum: 1,
    rewardToken: d.token,
  });
  const auto = await createDataset(chain, d, { quorum: 0, defaultScore: 50, rewardToken: d.token });

  // 1. The history: most in a curated dataset (one event each), a tenth auto-accepted (three events each),
  //    and a few thousand reviews, so the queue and the accounts have something to say.
  log(`building a history of ${total} contributions...`);
  const started = Date.now();
  const hashes: `0x${string}`[] = [];
  for (let done = 0, k = 0; done < total; k++) {
    const toAuto = k % 10 === 9;
    const n = Math.min(toAuto ? Math.floor(batchSize / 3) : batchSize, total - done);
    const batch = items(toAuto ? auto : curated, n);
    await send(chain, wallet(chain, k % 20), d.registry, cairnRegistryAbi, "contributeBatch", [batch]);
    if (!toAuto) hashes.push(...batch.map((b) => b.contentHash));
    done += n;
    if (k % 50 === 0) log(`  ${done}/${total}`);
  }
  const reviews = hashes
    .filter((_, i) => i % 20 === 0)
    .map((contentHash, i) => ({ datasetId: curated, contentHash, accept: i % 3 !== 0, score: 1 + (i % 100) }));
  for (let i = 0; i < reviews.length; i += 100)
    await send(chain, wallet(chain, 1), d.registry, cairnRegistryAbi, "reviewBatch", [reviews.slice(i, i + 100)]);
  const historySeconds = (Date.now() - started) / 1000;
  const head = await chain.publicClient.getBlockNumber({ cacheTime: 0 });
  let events = 0;
  for (let from = 0n; from <= head; from += 20n) {
    const logs = await chain.publicClient.getLogs({
      address: [d.registry, d.vault],
      fromBlock: from,
      toBlock: from + 19n > head ? head : from + 19n,
    });
    events += logs.length;
  }
  log(`history: ${events} events in ${head} blocks, built in ${round(historySeconds, 1)} s`);

  // Cold start.
  const spawned = Date.now();
  // On PostgreSQL, a schema of this run's own: in the schema an earlier run left (the same chain id and addresses on a
  // chain started anew), Ponder took up that run's tables, its "cold start" took 2 s, and the run failed after it.
  indexer = await startIndexer(chain, d, {
    databaseUrl: process.env.BENCH_DATABASE_URL,
    schema: process.env.BENCH_DATABASE_URL ? `cairn_bench_${Date.now()}` : undefined,
  });
  await synced(indexer, chain, undefined, 3_600_000);
  const coldSeconds = (Date.now() - spawned) / 1000;
  const eventsPerSecond = Math.round(events / coldSeconds);
  const coldCpuSeconds = ((cpuMsOf(indexer.child.pid) ?? Number.NaN) / 1000).toFixed(1);
  const phases = coldPhases(indexer.output(), spawned);
  log(`cold start: ${events} events in ${round(coldSeconds, 1)} s = ${eventsPerSecond} events/s`);
  log(`  Ponder's CPU ${coldCpuSeconds} s; phases (s after spawn): ${JSON.stringify(phases)}`);

  // 2. Lag under a steady load.
  log(`steady ${rate} contributions/s for ${lagSeconds} s...`);
  const mined = new Map<number, number>();
  const perBatch = 100;
  const interval = (1000 * perBatch) / rate;
  const lags: number[] = [];
  let stop = false;
  const watcher = (async () => {
    const url = indexer?.url as string;
    // Bounded: after the load stops, wait at most 5 minutes for the blocks still in flight.
    let stoppedAt = 0;
    for (;;) {
      if (stop && stoppedAt === 0) stoppedAt = Date.now();
      if (stop && (mined.size === 0 || Date.now() - stoppedAt > 300_000)) break;
      const { body } = await getJson(`${url}/healthz`);
      const now = Date.now();
      for (const [block, at] of mined) {
        if (body.indexedBlock !== null && body.indexedBlock >= block) {
          lags.push((now - at) / 1000);
          mined.delete(block);
        }
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    // A block never indexed counts with the time it waited.
    for (const at of mined.values()) lags.push((Date.now() - at) / 1000);
  })();
  const loadStart = Date.now();
  let sent = 0;
  for (let k = 0; Date.now() - loadStart < lagSeconds * 1000; k++) {
    const due = loadStart + k * interval;
    if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    const receipt = await send(chain, wallet(chain, k % 20), d.registry, cairnRegistryAbi, "contributeBatch", [
      items(curated, perBatch),
    ]);
    mined.set(Number(receipt.blockNumber), Date.now());
    sent += perBatch;
  }
  const achievedRate = sent / ((Date.now() - loadStart) / 1000);
  stop = true;
  await watcher;
  lags.sort((a, b) => a - b);
  log(`lag: p50 ${percentile(lags, 50)} s, p99 ${percentile(lags, 99)} s at ${round(achievedRate, 0)}/s`);

  // 3. REST latency, 50 concurrent clients, pages of 100. Clients page as real ones do, with the cursors the API
  //    hands out (the position of each page's last item): each request asks a random page of a random filter's
  //    list, so that most pages are asked for the first time; and before each endpoint the indexed block moves
  //    (one contribution to the other dataset), so that no answer cached earlier is reused.
  const url = indexer.url;
  const curator = chain.accounts[1]?.address as string;
  type Row = { contributor: string; status: string; blockNumber: string; logIndex: number };
  const rows: Row[] = [];
  for (let cursor: string | null = null; ; ) {
    const { body }: { body: { contributions: Row[]; nextCursor: string | null } } = await getJson(
      `${url}/v1/datasets/${curated}/contributions?limit=1000${cursor ? `&cursor=${cursor}` : ""}`,
    );
    rows.push(...body.contributions);
    cursor = body.nextCursor;
    if (!cursor) break;
  }
  /** The cursors of every page of the rows that `keep` keeps ("" for the first page). */
  const pagesOf = (keep: (r: Row) => boolean) => {
    const kept = rows.filter(keep);
    const cursors = [""];
    for (let i = 99; i < kept.length - 1; i += 100) {
      const r = kept[i] as Row;
      cursors.push((BigInt(r.blockNumber) * 1_000_000n + BigInt(r.logIndex)).toString());
    }
    return cursors;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;
  const withCursor = (cursor: string) => (cursor ? `&cursor=${cursor}` : "");
  const contributors = chain.accounts.map((a) => a.address.toLowerCase());
  const allPages = pagesOf(() => true);
  const acceptedPages = pagesOf((r) => r.status === "accepted");
  const pendingPages = pagesOf((r) => r.status === "pending");
  const byContributor = new Map(
    contributors.map((a) => [a, pagesOf((r) => r.contributor.toLowerCase() === a && r.status === "pending")]),
  );
  // Each endpoint: the path (and query) of its next request.
  const endpoints: Record<string, () => string> = {
    "GET /v1/datasets": () => `/v1/datasets?limit=100`,
    "GET /v1/datasets/:id": () => `/v1/datasets/${curated}`,
    "GET /v1/datasets/:id/contributions": () =>
      `/v1/datasets/${curated}/contributions?limit=100${withCursor(pick(allPages))}`,
    "GET /v1/datasets/:id/contributions?status=accepted": () =>
      `/v1/datasets/${curated}/contributions?limit=100&status=accepted${withCursor(pick(acceptedPages))}`,
    "GET /v1/datasets/:id/contributions?contributor=&status=pending": () => {
      const who = pick(contributors);
      return `/v1/datasets/${curated}/contributions?limit=100&status=pending&contributor=${who}${withCursor(pick(byContributor.get(who) ?? [""]))}`;
    },
    "GET /v1/accounts/:address": () => `/v1/accounts/${pick(contributors)}`,
    "GET /v1/datasets/:id/review-queue?curator=": () =>
      `/v1/datasets/${curated}/review-queue?limit=100&curator=${curator}${withCursor(pick(pendingPages))}`,
    "GET /v1/datasets/:id/contributions/:contentHash": () => `/v1/datasets/${curated}/contributions/${pick(hashes)}`,
  };
  // The clients' HTTP: undici's Pool (keep-alive, one connection per client), the engine under Node's `fetch`
  // without the WHATWG Request/Response objects around each request: the same GETs at ~a fifth of `fetch`'s CPU
  // (0.4-0.7 ms a request with `fetch`, as much as the indexer spent answering, on the same 2 cores).
  const http = new Pool(url, { connections: clients });
  const perEndpoint: Record<
    string,
    {
      p50Ms: number;
      p99Ms: number;
      requestsPerSecond: number;
      errors: number;
      distinctUrls: number;
      /** The indexer process's CPU time per request (Node, with PGlite in it; not PostgreSQL's own processes). */
      serverCpuMsPerRequest: number | null;
      /** The bench process's CPU time per request (its 50 HTTP clients; the chain in it is idle meanwhile). */
      clientCpuMsPerRequest: number;
      /** PostgreSQL's processes' CPU time per request (null on PGlite, which runs in the indexer's process). */
      databaseCpuMsPerRequest: number | null;
      /** The whole machine's busy CPU time per request (every core, other work on the machine included). */
      machineCpuMsPerRequest: number | null;
    }
  > = {};
  // BENCH_ENDPOINTS (a substring of the names, for a quick look at one endpoint) runs only those that contain it.
  const only = process.env.BENCH_ENDPOINTS;
  /** `n` requests from the 50 clients; the time each took, and how many were not 200. */
  const load = async (n: number, pathOf: () => string, asked: Set<string>) => {
    const times: number[] = [];
    let errors = 0;
    let next = 0;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (next < n) {
          next++;
          const path = pathOf();
          asked.add(path);
          const s = performance.now();
          const res = await http.request({ path, method: "GET" });
          // Read to its last byte, chunk by chunk, without gathering them: the answer's time is the server's, and a
          // 47 KB page copied into one buffer was this process's CPU on the same 2 cores.
          let bytes = 0;
          for await (const chunk of res.body) bytes += (chunk as Buffer).length;
          times.push(performance.now() - s);
          if (res.statusCode !== 200 || bytes !== Number(res.headers["content-length"] ?? bytes)) errors++;
        }
      }),
    );
    return { times, errors };
  };
  for (const [name, pathOf] of Object.entries(endpoints)) {
    if (only && !name.includes(only)) continue;
    // A warm-up first, not measured (a running server's steady state, not its compiler's first minutes on code
    // that the cold sync never ran); then the indexed block moves, so the measured requests find no answer cached.
    await load(warmupPerEndpoint, pathOf, new Set());
    await send(chain, wallet(chain, 2), d.registry, cairnRegistryAbi, "contributeBatch", [items(auto, 1)]);
    await synced(indexer, chain);
    const asked = new Set<string>();
    const db0 = await databaseCpuByPid();
    const client0 = clientCpuMs();
    const machine0 = machineBusyMs();
    const cpu0 = cpuMsOf(indexer.child.pid);
    const t0 = Date.now();
    const { times, errors } = await load(requestsPerEndpoint, pathOf, asked);
    const cpu1 = cpuMsOf(indexer.child.pid);
    const machine1 = machineBusyMs();
    const client1 = clientCpuMs();
    const databaseMs = databaseCpuBetween(db0, await databaseCpuByPid());
    const perRequest = (ms: number | null) => (ms === null ? null : round(ms / requestsPerEndpoint, 3));
    times.sort((a, b) => a - b);
    perEndpoint[name] = {
      p50Ms: round(percentile(times, 50)),
      p99Ms: round(percentile(times, 99)),
      requestsPerSecond: Math.round(requestsPerEndpoint / ((Date.now() - t0) / 1000)),
      errors,
      distinctUrls: asked.size,
      serverCpuMsPerRequest: cpu0 === null || cpu1 === null ? null : perRequest(cpu1 - cpu0),
      clientCpuMsPerRequest: perRequest(client1 - client0) as number,
      databaseCpuMsPerRequest: perRequest(databaseMs),
      machineCpuMsPerRequest: machine0 === null || machine1 === null ? null : perRequest(machine1 - machine0),
    };
    log(
      `${name}: p50 ${perEndpoint[name].p50Ms} ms, p99 ${perEndpoint[name].p99Ms} ms, ${perEndpoint[name].requestsPerSecond}/s, CPU ms/request: server ${perEndpoint[name].serverCpuMsPerRequest}, client ${perEndpoint[name].clientCpuMsPerRequest}, database ${perEndpoint[name].databaseCpuMsPerRequest}, machine ${perEndpoint[name].machineCpuMsPerRequest}; ${errors} errors`,
    );
  }
  await http.close();
  // With BENCH_ENDPOINTS matching none (a look at the cold sync and the lag alone) there is no worst endpoint.
  const worst = (Object.entries(perEndpoint).sort((a, b) => b[1].p99Ms - a[1].p99Ms)[0] ?? [null, {}]) as [
    string | null,
    { p50Ms?: number; p99Ms?: number },
  ];

  const result = {
    eventsPerSecond,
    lagSeconds: round(percentile(lags, 99)),
    p50Ms: worst[1].p50Ms ?? null,
    p99Ms: worst[1].p99Ms ?? null,
    worstEndpoint: worst[0],
    endpoints: perEndpoint,
    history: {
      contributions: total,
      events,
      blocks: Number(head),
      coldSeconds: round(coldSeconds, 1),
      coldCpuSeconds: Number(coldCpuSeconds),
      coldPhases: phases,
    },
    lag: {
      p50Seconds: round(percentile(lags, 50)),
      p99Seconds: round(percentile(lags, 99)),
      maxSeconds: round(lags.at(-1) ?? Number.NaN),
      targetRate: rate,
      achievedRate: Math.round(achievedRate),
      seconds: lagSeconds,
      blocks: lags.length,
      source: "contributeBatch of 100 items at a steady rate (the on-chain load the relayer produces)",
    },
    clients,
    requestsPerEndpoint,
    warmupPerEndpoint,
    pageSize: 100,
    storage: process.env.BENCH_DATABASE_URL ? "postgres" : "pglite",
    pollingIntervalMs: 100,
    cpus: cpus().length,
    loadAverage: { before: loadBefore, after: loadavg().map((x) => round(x)) },
    node: process.version,
    date: new Date().toISOString(),
  };
  // PostgreSQL's figures go beside PGlite's (the default storage), not over them.
  const out = join(here, "results", process.env.BENCH_DATABASE_URL ? "indexer-postgres.json" : "indexer.json");
  // A partial run (BENCH_ENDPOINTS, or a smaller history) is printed, never written over the results file.
  if (only === undefined && total >= 100_000) {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  } else log(`a partial run: ${out} left as it was`);
  console.log(JSON.stringify(result, null, 2));
} finally {
  await pgClient?.end();
  await indexer?.stop();
  await chain.close();
}
