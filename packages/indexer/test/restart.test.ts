// An indexer restarted with no new block since it stopped: Ponder's crash recovery reverts the rows of the blocks
// that were not final yet (30 blocks on chain 31337) and indexes them again only when its realtime sync runs. The API
// must never answer from that half-recovered state: it answers what the chain says, or 503 "indexer starting".
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  type Chain,
  type Deployment,
  deployAll,
  getJson,
  type Indexer,
  pgCtl,
  sleep,
  startIndexer,
  startPostgres,
  startTestChain,
  stopPostgres,
  synced,
} from "./harness.js";
import { contributeBatch, createDataset } from "./history.js";

for (const database of ["pglite", "postgres"] as const)
  describe(`indexer restarted without new blocks, on ${database} (a real Ponder process on a real chain)`, () => {
    let chain: Chain;
    let d: Deployment;
    let indexer: Indexer | undefined;
    let dataDir: string;
    let datasetId: bigint;
    let databaseUrl: string | undefined;

    before(async () => {
      chain = await startTestChain(4);
      d = await deployAll(chain);
      datasetId = await createDataset(chain, d);
      await contributeBatch(chain, d, 1, datasetId, 3, "restart");
      dataDir = await mkdtemp(join(tmpdir(), "cairn-indexer-restart-"));
      if (database === "postgres") {
        // Debian's postgresql is installed by .ci/run: without it, this fails on CI and is skipped elsewhere.
        if (!pgCtl() && process.env.CI !== "true") return;
        databaseUrl = await startPostgres(dataDir);
      }
    });
    after(async () => {
      await indexer?.stop();
      await chain?.close();
      if (databaseUrl) stopPostgres(dataDir);
      await rm(dataDir, { recursive: true, force: true });
    });

    it("answers right or 503 'indexer starting' from the moment it answers again, and /healthz agrees", async (t) => {
      if (database === "postgres" && !databaseUrl)
        return t.skip("PostgreSQL is not installed (apt-get install -y postgresql)");
      const options = database === "postgres" ? { databaseUrl, schema: "cairn_restart" } : { dataDir };
      indexer = await startIndexer(chain, d, options);
      await synced(indexer, chain);
      assert.equal((await getJson(`${indexer.url}/v1/datasets/${datasetId}`)).status, 200);
      await indexer.stop();
      const head = Number(await chain.publicClient.getBlockNumber({ cacheTime: 0 }));

      const restarted = await startIndexer(chain, d, options);
      indexer = restarted;
      // For 10 s without a new block: each answer is right, or 503 "indexer starting" (and /healthz agrees).
      const seen = new Set<number>();
      for (const until = Date.now() + 10_000; Date.now() < until; ) {
        const health = await getJson(`${restarted.url}/healthz`);
        const dataset = await getJson(`${restarted.url}/v1/datasets/${datasetId}`);
        seen.add(dataset.status);
        if (dataset.status === 503) {
          assert.equal(dataset.body.error.code, "indexer_starting");
          assert.equal(health.status, 503, "/healthz says the indexer is starting too");
          assert.equal(health.body.ok, false);
          assert.ok(health.body.indexedBlock < head, `while starting, /healthz reports ${health.body.indexedBlock}`);
          const graphql = await fetch(`${restarted.url}/graphql`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ query: "{ datasets { totalCount } }" }),
          });
          assert.equal(graphql.status, 503, "GraphQL reads the same tables: not answered either");
        } else {
          assert.equal(
            dataset.status,
            200,
            `GET /v1/datasets/${datasetId} after the restart: ${JSON.stringify(dataset.body)}`,
          );
          assert.equal(dataset.body.contributions.total, 3);
          assert.equal(health.status, 200);
          assert.equal(health.body.indexedBlock, head);
        }
        await sleep(200);
      }
      assert.equal(Number(await chain.publicClient.getBlockNumber({ cacheTime: 0 })), head, "no block was mined");
      // With the chain's next block, Ponder indexes the reverted blocks again: it answers, and right.
      await chain.request("hardhat_mine", ["0x1"]);
      await synced(restarted, chain);
      const recovered = await getJson(`${restarted.url}/v1/datasets/${datasetId}`);
      assert.equal(recovered.status, 200, JSON.stringify(recovered.body));
      assert.equal(recovered.body.contributions.total, 3);
      assert.equal((await getJson(`${restarted.url}/healthz`)).status, 200);
      t.diagnostic(`answers while no block was mined: ${[...seen].join(", ")}`);
    });
  });
