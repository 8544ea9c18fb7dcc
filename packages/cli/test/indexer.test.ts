/**
 * `cairn dev` starts the indexer and writes its URL to dev.json; `cairn contributions` and `cairn rewards`
 * with `--indexer` answer what the log-reading path answers, and a lying indexer is caught.
 */
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { cairnRegistryAbi, rewardVaultAbi, testTokenAbi } from "@cairn/sdk";
import { concatHex, createPublicClient, createWalletClient, http, sha256, toHex, zeroAddress } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { cairn, devAddresses, devKeys, finished, freePort, json, sleep, startDev } from "./helpers.js";

describe("cairn dev's indexer and --indexer", { timeout: 600_000 }, () => {
  let dir: string;
  let dev: ChildProcess;
  // biome-ignore lint/suspicious/noExplicitAny: dev.json, loosely typed
  let devFile: any;
  let liar: Server | undefined;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "cairn-cli-indexer-"));
    ({ child: dev } = await startDev(dir, await freePort(), await freePort(), []));
    devFile = JSON.parse(await readFile(join(dir, ".cairn", "dev.json"), "utf8"));
  });
  after(async () => {
    liar?.close();
    liar?.closeAllConnections();
    if (dev && dev.exitCode === null) {
      const done = finished(dev);
      dev.kill("SIGINT");
      if (!(await Promise.race([done, sleep(20_000).then(() => undefined)]))) dev.kill("SIGKILL");
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("lists and sums from the indexer what the chain's logs and views say, and catches a lie", async () => {
    assert.match(devFile.indexer, /^http:\/\/127\.0\.0\.1:\d+$/);
    const transport = http(devFile.rpc);
    const publicClient = createPublicClient({ chain: hardhat, transport });
    const send = async (key: number, address: `0x${string}`, abi: never, functionName: string, args: unknown[]) => {
      const wallet = createWalletClient({ account: privateKeyToAccount(devKeys[key]), chain: hardhat, transport });
      const hash = await wallet.writeContract({ address, abi, functionName, args } as never);
      await publicClient.waitForTransactionReceipt({ hash });
    };
    const manifest = concatHex(["0x01551220", sha256(toHex("cli indexer test"))]);
    await send(0, devFile.registry, cairnRegistryAbi as never, "createDataset", [
      {
        steward: devAddresses[0],
        manifestCid: manifest,
        termsHash: sha256(toHex("terms")),
        curators: [],
        quorum: 0,
        defaultScore: 40,
        rewardToken: devFile.token,
        weightObserver: zeroAddress,
      },
    ]);
    const items = Array.from({ length: 30 }, (_, i) => {
      const contentHash = sha256(toHex(`cli indexer item ${i}`));
      return { datasetId: 1n, contentHash, size: 20n, cid: concatHex(["0x01551220", contentHash]), metadataCid: "0x" };
    });
    await send(1, devFile.registry, cairnRegistryAbi as never, "contributeBatch", [items]);
    await send(0, devFile.token, testTokenAbi as never, "approve", [devFile.vault, 10n ** 24n]);
    await send(0, devFile.vault, rewardVaultAbi as never, "fund", [1n, 10n ** 21n]);

    const head = Number(await publicClient.getBlockNumber({ cacheTime: 0 }));
    for (let i = 0; ; i++) {
      const health = (await fetch(`${devFile.indexer}/healthz`)
        .then((r) => r.json())
        .catch(() => undefined)) as { indexedBlock: number } | undefined;
      if (health && health.indexedBlock >= head) break;
      assert.ok(i < 600, `the indexer did not reach block ${head}: ${JSON.stringify(health)}`);
      await sleep(250);
    }

    const fromLogs = await json(["contributions", "1"], { cwd: dir });
    const fromIndexer = await json(["contributions", "1", "--indexer", devFile.indexer], { cwd: dir });
    assert.equal(fromIndexer.count, 30);
    assert.deepEqual(fromIndexer, fromLogs);
    const rewards = await json(["rewards", "--account", devAddresses[1]], { cwd: dir });
    const viaIndexer = await json(["rewards", "--account", devAddresses[1], "--indexer", devFile.indexer], {
      cwd: dir,
    });
    assert.equal(viaIndexer.rewards.length, 1);
    assert.deepEqual(viaIndexer, rewards);

    // An indexer that reports another owner for one contribution.
    liar = createServer(async (req, res) => {
      const upstream = await fetch(`${devFile.indexer}${req.url}`);
      // biome-ignore lint/suspicious/noExplicitAny: the indexer's JSON, tampered with
      const body: any = await upstream.json();
      if (body.contributions?.[5]) body.contributions[5].owner = devAddresses[4];
      res.writeHead(upstream.status, { "content-type": "application/json" }).end(JSON.stringify(body));
    });
    await new Promise<void>((r) => liar?.listen(0, "127.0.0.1", r));
    const lie = await cairn(
      ["contributions", "1", "--indexer", `http://127.0.0.1:${(liar.address() as { port: number }).port}`],
      { cwd: dir },
    );
    assert.notEqual(lie.code, 0);
    assert.match(lie.stderr, /contradicted by the chain \(owner\)/);
  });
});
