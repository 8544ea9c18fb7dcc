import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { devKeys, finished, json, sleep, start } from "./helpers.js";

/** Starts `cairn dev` on ephemeral ports with this data folder; resolves with its --json ready line. */
async function startDev(cwd: string, dataDir: string, extra: string[] = []) {
  const child = start(["dev", "--rpc-port", "0", "--gateway-port", "0", "--data-dir", dataDir, "--json", ...extra], {
    cwd,
  });
  let out = "";
  // biome-ignore lint/suspicious/noExplicitAny: the ready line is loosely typed JSON
  const ready = await new Promise<any>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`cairn dev not ready in 120 s:\n${out}`)), 120_000);
    const onData = (d: Buffer) => {
      out += d;
      const line = out.split("\n").find((l) => l.startsWith('{"ready":true'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line));
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`cairn dev exited ${code} before ready:\n${out}`));
    });
  });
  return { child, ready };
}

async function stop(child: ChildProcess, signal: NodeJS.Signals) {
  const done = finished(child);
  child.kill(signal);
  const result = await Promise.race([done, sleep(20_000).then(() => undefined)]);
  if (!result) child.kill("SIGKILL");
  assert.ok(result, `cairn dev did not stop on ${signal}`);
}

async function rpc(url: string, method: string, params: unknown[] = []) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  return ((await response.json()) as { result: unknown }).result;
}

describe("cairn dev remembers its chain across restarts", { timeout: 900_000, concurrency: false }, () => {
  let dir: string;
  let dataDir: string;
  let dev: ChildProcess | undefined;
  const as = (key: number) => ({ cwd: dir, env: { CAIRN_PRIVATE_KEY: devKeys[key], CAIRN_DATA_DIR: dataDir } });
  // biome-ignore lint/suspicious/noExplicitAny: JSON from the CLI
  let before1: any;
  // biome-ignore lint/suspicious/noExplicitAny: JSON from the CLI
  let firstReady: any;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "cairn-dev-restart-"));
    dataDir = join(dir, "data");
    await mkdir(join(dir, "files"));
    await writeFile(join(dir, "files", "a.txt"), "Haba na haba hujaza kibaba.\n");
    await writeFile(join(dir, "files", "b.txt"), "Asiyesikia la mkuu huvunjika guu.\n");
    await writeFile(join(dir, "late.txt"), "Pole pole ndio mwendo.\n");
  });

  after(async () => {
    if (dev && dev.exitCode === null && dev.signalCode === null) await stop(dev, "SIGINT");
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("first start: a new chain, contracts deployed; a dataset, two contributions and funding", async () => {
    const started = await startDev(dir, dataDir);
    dev = started.child;
    firstReady = started.ready;
    assert.match(firstReady.chain, /a new chain/);
    assert.equal(firstReady.restored, null);
    await json(
      [
        "dataset",
        "create",
        "--name",
        "Methali",
        "--description",
        "Swahili proverbs",
        "--language",
        "sw",
        "--license",
        "CC-BY-4.0",
        "--guidelines",
        "One per file",
        "--terms",
        "CC-BY-4.0",
        "--quorum",
        "0",
      ],
      as(0),
    );
    await json(["contribute", join(dir, "files"), "--dataset", "1"], as(1));
    await json(["fund", "1", "250"], as(0));
    before1 = {
      status: await json(["status"], as(1)),
      contributions: await json(["contributions", "1"], as(1)),
      rewards: await json(["rewards"], as(1)),
    };
    assert.equal(before1.contributions.count, 2);
  });

  it("killed (SIGKILL) and started again: datasets, contributions, balances, rewards and block number are back", async () => {
    assert.ok(dev);
    await stop(dev, "SIGKILL");
    const started = await startDev(dir, dataDir);
    dev = started.child;
    assert.match(started.ready.chain, /restored/);
    assert.equal(started.ready.restored.block, Number(before1.status.blockNumber));
    for (const key of ["registry", "vault", "token", "factory"]) assert.equal(started.ready[key], firstReady[key]);
    const status = await json(["status"], as(1));
    assert.equal(status.blockNumber, before1.status.blockNumber);
    assert.equal(status.datasetCount, before1.status.datasetCount);
    assert.deepEqual(status.balances, before1.status.balances);
    assert.deepEqual(await json(["contributions", "1"], as(1)), before1.contributions);
    assert.deepEqual(await json(["rewards"], as(1)), before1.rewards);
    const verified = await json(["verify", "1"], as(1));
    assert.equal(verified.ok, true);
    assert.equal(verified.verified, 2);
  });

  it("new blocks after a restart follow the wall clock, and are kept too (stopped with Ctrl-C this time)", async () => {
    assert.ok(dev);
    await json(["contribute", join(dir, "late.txt"), "--dataset", "1"], as(2));
    const devFile = JSON.parse(await readFile(join(dataDir, "dev.json"), "utf8"));
    const latest = (await rpc(devFile.rpc, "eth_getBlockByNumber", ["latest", false])) as { timestamp: string };
    assert.ok(Math.abs(Number(latest.timestamp) - Date.now() / 1000) < 60, "the chain's clock lags the wall clock");
    await stop(dev, "SIGINT");
    const started = await startDev(dir, dataDir);
    dev = started.child;
    assert.equal((await json(["contributions", "1"], as(1))).count, 3);
  });

  it("a journal that no longer replays the same: says so, keeps the old one aside, starts a new chain", async () => {
    assert.ok(dev);
    await stop(dev, "SIGINT");
    const journalPath = join(dataDir, "chain", "journal.jsonl");
    const lines = (await readFile(journalPath, "utf8")).trim().split("\n");
    // the genesis date decides every block hash: another date, another chain
    const genesisPath = join(dataDir, "chain", "genesis.json");
    const genesis = JSON.parse(await readFile(genesisPath, "utf8"));
    genesis.initialDate = new Date(Date.parse(genesis.initialDate) - 86_400_000).toISOString();
    await writeFile(genesisPath, JSON.stringify(genesis));
    const started = await startDev(dir, dataDir);
    dev = started.child;
    assert.match(started.ready.chain, /did not replay the same/);
    assert.equal((await json(["status"], as(1))).datasetCount, "0");
    const old = (await readdir(dataDir)).filter((name) => /^chain\..*\.old$/.test(name));
    assert.equal(old.length, 1);
    assert.equal(
      (await readFile(join(dataDir, old[0], "journal.jsonl"), "utf8")).trim().split("\n").length,
      lines.length,
    );
    // dev.json names this run's contracts, which exist
    const devFile = JSON.parse(await readFile(join(dataDir, "dev.json"), "utf8"));
    assert.notEqual(await rpc(devFile.rpc, "eth_getCode", [devFile.registry, "latest"]), "0x");
  });

  it("--fresh starts over", async () => {
    assert.ok(dev);
    await json(
      [
        "dataset",
        "create",
        "--name",
        "X",
        "--description",
        "x",
        "--language",
        "en",
        "--license",
        "CC0-1.0",
        "--guidelines",
        "g",
        "--terms",
        "t",
      ],
      as(0),
    );
    await stop(dev, "SIGINT");
    const started = await startDev(dir, dataDir, ["--fresh"]);
    dev = started.child;
    assert.match(started.ready.chain, /--fresh/);
    assert.equal((await json(["status"], as(1))).datasetCount, "0");
    assert.ok(existsSync(join(dataDir, "ipfs")), "IPFS content stays");
  });
});
