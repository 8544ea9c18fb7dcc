import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { generatePrivateKey } from "viem/accounts";
import { cairn, devKeys, finished, freePort, json, repoRoot, sleep, startDev } from "./helpers.js";

describe("cairn contribute --relayer: gasless contributions through a real relayer", { timeout: 300_000 }, () => {
  let dir: string;
  let dev: Awaited<ReturnType<typeof startDev>>;
  let relayer: ChildProcess;
  let relayerUrl: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "cairn-cli-relayer-"));
    dev = await startDev(dir, await freePort(), await freePort());
    const devFile = JSON.parse(await readFile(join(dir, ".cairn", "dev.json"), "utf8"));
    const port = await freePort();
    relayerUrl = `http://127.0.0.1:${port}`;
    relayer = spawn(
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
          ...process.env,
          CAIRN_RELAYER_PRIVATE_KEY: devKeys[4],
          CAIRN_RELAYER_PORT: String(port),
          CAIRN_RELAYER_DB: join(dir, "relayer.sqlite"),
          CAIRN_RELAYER_BATCH_MS: "200",
          CAIRN_RELAYER_LOG_LEVEL: "warn",
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    for (let i = 0; ; i++) {
      const up = await fetch(`${relayerUrl}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      if (i > 120) throw new Error("the relayer did not become healthy in 60 s");
      await sleep(500);
    }
  });
  after(async () => {
    relayer?.kill("SIGTERM");
    if (relayer) await finished(relayer);
    dev?.child.kill("SIGINT");
    if (dev) await finished(dev.child);
    await rm(dir, { recursive: true, force: true });
  });

  it("registers a folder signed by a key that holds no gas, each file once, and a rerun adds nothing", async () => {
    const steward = { cwd: dir, env: { CAIRN_PRIVATE_KEY: devKeys[0] } };
    const created = await json(
      [
        "dataset",
        "create",
        "--name",
        "Relayed",
        "--description",
        "d",
        "--language",
        "sw",
        "--license",
        "CC0-1.0",
        "--terms",
        "t",
      ],
      steward,
    );
    const datasetId = String(created.datasetId);
    const folder = join(dir, "files");
    await mkdir(folder);
    for (let i = 0; i < 5; i++) await writeFile(join(folder, `${i}.txt`), `relayed proverb ${i}\n`);

    // A brand-new key: zero ETH, so it could not pay for a transaction itself.
    const gasless = { cwd: dir, env: { CAIRN_PRIVATE_KEY: generatePrivateKey() } };
    const status = await json(["status"], gasless);
    assert.equal(status.balances.eth, "0");

    const first = await json(["contribute", folder, "--dataset", datasetId, "--relayer", relayerUrl], gasless);
    assert.equal(first.registered, 5);
    assert.equal(first.skipped, 0);
    const listed = await json(["contributions", datasetId, "--contributor", status.account], gasless);
    assert.equal(listed.contributions.length, 5);

    const again = await cairn(
      ["contribute", folder, "--dataset", datasetId, "--relayer", relayerUrl, "--json"],
      gasless,
    );
    assert.equal(again.code, 0, again.stderr);
    const summary = JSON.parse(again.stdout);
    assert.equal(summary.registered, 0);
    assert.equal(summary.alreadyRegistered, 5);
  });
});
