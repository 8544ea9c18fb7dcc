// Ponder on PGlite killed (SIGKILL) while blocks arrive: its database, in a worker thread of the same process
// (config/pglite-thread.mjs), goes down mid-write with it. The next start on the same folder must recover it from
// PGlite's write-ahead log and index the rest of the chain: nothing lost, nothing counted twice.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { compareWithChain } from "./compare.js";
import {
  type Chain,
  type Deployment,
  deployAll,
  getJson,
  type Indexer,
  sleep,
  startIndexer,
  startTestChain,
  synced,
} from "./harness.js";
import { contributeBatch, createDataset } from "./history.js";

describe("indexer on PGlite, killed while it indexes (a real Ponder process on a real chain)", () => {
  let chain: Chain;
  let d: Deployment;
  let indexer: Indexer | undefined;
  let dataDir: string;

  before(async () => {
    chain = await startTestChain(10);
    d = await deployAll(chain);
    dataDir = await mkdtemp(join(tmpdir(), "cairn-indexer-kill-"));
  });
  after(async () => {
    await indexer?.stop();
    await chain?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("recovers its folder on the next start and loses nothing", async () => {
    const datasetId = await createDataset(chain, d, { quorum: 0, defaultScore: 30 });
    indexer = await startIndexer(chain, d, { dataDir });
    await synced(indexer, chain);

    let batch = 0;
    const more = async (n: number) => {
      for (let k = 0; k < n; k++, batch++) await contributeBatch(chain, d, batch % 10, datasetId, 20, `kill${batch}`);
    };
    // Killed while a steady stream of blocks is being indexed: most kills land in a transaction or a commit.
    const stream = more(12);
    await sleep(400);
    await indexer.stop("SIGKILL"); // waits for it to exit and removes its temporary files; the data folder stays
    await stream;
    await more(3);

    // The killed process never released Ponder's lock in the database: the next start waits for its heartbeat to
    // expire (25 s), then recovers the folder and goes on.
    indexer = await startIndexer(chain, d, { dataDir });
    await synced(indexer, chain, undefined, 180_000);
    assert.deepEqual(await compareWithChain(indexer.url, chain, d), []);
    const { body } = await getJson(`${indexer.url}/v1/datasets/${datasetId}`);
    assert.equal(Number(body.contributions.total), 15 * 20);
  });
});
