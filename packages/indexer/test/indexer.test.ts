import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { compareGovernance, compareWithChain } from "./compare.js";
import { type Chain, type Deployment, deployAll, getJson, type Indexer, startIndexer, startTestChain, synced } from "./harness.js";
import { contributeBatch, type History, scriptedHistory } from "./history.js";

describe("indexer (a real Ponder process on a real chain)", () => {
  let chain: Chain;
  let d: Deployment;
  let history: History;
  let indexer: Indexer | undefined;
  let dataDir: string;

  before(async () => {
    chain = await startTestChain(20);
    d = await deployAll(chain);
    history = await scriptedHistory(chain, d);
    dataDir = await mkdtemp(join(tmpdir(), "cairn-indexer-data-"));
  });
  after(async () => {
    await indexer?.stop();
    await chain?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("answers what the chain's logs and views say after 1,000 contributions from 20 accounts", async () => {
    indexer = await startIndexer(chain, d, { dataDir });
    await synced(indexer, chain);
    const total = [...history.hashes.values()].reduce((s, h) => s + h.length, 0);
    assert.ok(total >= 1000, `history has ${total} contributions`);
    assert.deepEqual(await compareWithChain(indexer.url, chain, d), []);
    assert.deepEqual(await compareGovernance(indexer.url, chain, history.governor, history.votes), []);
  });

  it("answers errors as JSON, with CORS, /healthz and Prometheus /metrics", async () => {
    const url = indexer!.url;
    const missing = await getJson(`${url}/v1/datasets/999`);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, "dataset_not_found");
    assert.equal((await getJson(`${url}/v1/datasets/1/contributions?status=bogus`)).status, 400);
    assert.equal((await getJson(`${url}/v1/datasets/1/contributions?limit=100000`)).status, 400);
    assert.equal((await getJson(`${url}/v1/accounts/not-an-address`)).status, 400);
    assert.equal((await getJson(`${url}/v1/nothing`)).status, 404);
    const res = await fetch(`${url}/v1/datasets`, { headers: { origin: "http://example.test" } });
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
    const health = await getJson(`${url}/healthz`);
    assert.equal(health.status, 200);
    assert.equal(health.body.indexedBlock, Number(await chain.publicClient.getBlockNumber()));
    assert.equal(health.body.lagBlocks, 0);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    assert.match(metrics, /^ponder_/m);
  });

  it("follows a reorg (evm_snapshot, new blocks, evm_revert, other blocks)", async () => {
    const snapshot = await chain.request("evm_snapshot");
    const doomed = await contributeBatch(chain, d, 6, history.reviewed, 5, "doomed");
    await synced(indexer!, chain);
    const before = await getJson(`${indexer!.url}/v1/datasets/${history.reviewed}/contributions/${doomed[0]}`);
    assert.equal(before.status, 200, "the indexer saw the block before the reorg");
    await chain.request("evm_revert", [snapshot]);
    // The new branch is longer than the old one, so the indexer must switch to it.
    await contributeBatch(chain, d, 8, history.reviewed, 3, "branch");
    await chain.request("hardhat_mine", ["0x3"]);
    await synced(indexer!, chain);
    const gone = await getJson(`${indexer!.url}/v1/datasets/${history.reviewed}/contributions/${doomed[0]}`);
    assert.equal(gone.status, 404, "a reverted contribution is gone");
    assert.deepEqual(await compareWithChain(indexer!.url, chain, d), []);
  });

  it("resumes where it stopped after a restart", async () => {
    await indexer!.stop();
    await contributeBatch(chain, d, 9, history.autoAccepted, 7, "while-down");
    indexer = await startIndexer(chain, d, { dataDir });
    await synced(indexer, chain);
    assert.match(indexer.output(), /resum|crash recovery|checkpoint/i, "the restart reused the indexed tables");
    assert.deepEqual(await compareWithChain(indexer.url, chain, d), []);
  });
});
