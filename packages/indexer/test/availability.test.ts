import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  type CairnClient,
  contribute,
  createCairnClient,
  createDataset,
  createHeliaStore,
  createIndexerClient,
  type HeliaStore,
} from "@cairn/sdk";
import { CID } from "multiformats/cid";
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
  wallet,
} from "./harness.js";

const manifest = {
  schema: "cairn.manifest/1" as const,
  name: "Kept alive",
  description: "Checked by the indexer.",
  language: "sw",
  license: "CC0-1.0",
  items: { kind: "text" as const, mediaTypes: ["text/plain"] },
  guidelines: "Proverbs.",
  terms: "Mine to give.",
};

/** The blocks on disk under a Helia node, as a failing disk or a careless operator would change them. */
const disk = (store: HeliaStore) =>
  (store.helia.blockstore as unknown as { child: { delete(cid: CID): Promise<void> } }).child;

// biome-ignore lint/suspicious/noExplicitAny: REST answers are loosely typed JSON
type Answer = any;

/**
 * The indexer runs the SDK's availability check itself against the stores its operator names (here two Helia
 * nodes on disk, one of which loses a file), keeps the latest result per contribution and store in an offchain
 * table that outlives a restart, and serves it; nothing outside can write a result.
 */
for (const backend of ["pglite", "postgres"] as const)
  describe(`indexer availability checks (a real Ponder process on ${backend}, real stores)`, {
    timeout: 900_000,
    // Outside CI a machine without PostgreSQL skips that half; in CI the `before` below fails instead.
    skip: backend === "postgres" && !pgCtl() && process.env.CI !== "true" ? "PostgreSQL is not installed" : false,
  }, () => {
    let chain: Chain;
    let d: Deployment;
    let dir: string;
    let dataDir: string;
    let primary: HeliaStore;
    let client: CairnClient;
    let datasetId: bigint;
    let indexer: Indexer | undefined;
    const cids: string[] = [];
    const running = (): Indexer => {
      if (!indexer) throw new Error("the indexer is not running");
      return indexer;
    };
    const dirA = () => join(dir, "a");
    const dirB = () => join(dir, "b");
    const names = () => [`helia:${dirA()}`, `helia:${dirB()}`];
    const env = (intervalMs: number) => ({
      CAIRN_AVAILABILITY_STORES: names().join(","),
      CAIRN_AVAILABILITY_INTERVAL_MS: String(intervalMs),
      CAIRN_AVAILABILITY_POLL_MS: "200",
      CAIRN_AVAILABILITY_CONCURRENCY: "4",
    });
    const availability = async (query = ""): Promise<Answer> => {
      const { status, body } = await getJson(`${indexer?.url}/v1/datasets/${datasetId}/availability${query}`);
      assert.equal(status, 200, JSON.stringify(body));
      return body;
    };
    /** Polls the route until `done` holds (the checker runs in the background). */
    const until = async (done: (a: Answer) => boolean, what: string, timeoutMs = 120_000): Promise<Answer> => {
      const deadline = Date.now() + timeoutMs;
      let last: Answer;
      while (Date.now() < deadline) {
        last = await availability();
        if (done(last)) return last;
        await sleep(200);
      }
      throw new Error(`${what}: not in ${timeoutMs / 1000} s; last answer ${JSON.stringify(last)}`);
    };

    let databaseUrl: string | undefined;
    let pgDir: string | undefined;
    const start = (intervalMs: number) =>
      startIndexer(chain, d, {
        dataDir,
        databaseUrl,
        schema: backend === "postgres" ? "cairn_availability" : "cairn",
        env: env(intervalMs),
      });

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), "cairn-indexer-availability-"));
      if (backend === "postgres") {
        assert.ok(pgCtl(), "PostgreSQL must be installed in CI (apt-get install -y postgresql)");
        // a folder of its own: the script hands it to the postgres user
        pgDir = await mkdtemp(join(tmpdir(), "cairn-indexer-availability-pg-"));
        databaseUrl = await startPostgres(pgDir);
      }
      chain = await startTestChain(2);
      d = await deployAll(chain);
      dataDir = join(dir, "pglite");
      primary = await createHeliaStore({ directory: dirA() });
      client = await createCairnClient({
        publicClient: chain.publicClient as never,
        walletClient: wallet(chain, 0) as never,
        registry: d.registry,
        vault: d.vault,
        store: primary,
      });
      ({ datasetId } = await createDataset(client, { manifest, quorum: 0 }));
      const files = ["Haba na haba hujaza kibaba.\n", "Bandu bandu huisha gogo.\n", "Haraka haraka haina baraka.\n"];
      const { outcomes } = await contribute(client, {
        datasetId,
        contents: files.map((f) => new TextEncoder().encode(f)),
      });
      // a second copy of each in store B
      const backup = await createHeliaStore({ directory: dirB() });
      for (const f of files) cids.push((await backup.put(new TextEncoder().encode(f))).cid);
      await backup.close();
      assert.deepEqual(
        outcomes.map((o) => o.status),
        ["registered", "registered", "registered"],
      );
    });

    after(async () => {
      await indexer?.stop();
      await primary?.close();
      await chain?.close();
      if (pgDir) {
        stopPostgres(pgDir);
        await rm(pgDir, { recursive: true, force: true });
      }
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it("checks every accepted file in each configured store: two verified copies each", async () => {
      indexer = await start(1_500);
      await synced(indexer, chain);
      const answer = await until((a) => a.summary.healthy === 3, "3 healthy files");
      assert.deepEqual(answer.stores, names());
      assert.equal(answer.minCopies, 2);
      assert.deepEqual(answer.summary, {
        files: 3,
        healthy: 3,
        atRisk: 0,
        lost: 0,
        unchecked: 0,
        byStore: Object.fromEntries(names().map((n) => [n, { available: 3, missing: 0, corrupt: 0, unreachable: 0 }])),
      });
      for (const f of answer.files) {
        assert.equal(f.copies, 2);
        for (const n of names()) assert.equal(f.stores[n].status, "available");
      }
    });

    it("a store loses a file: the next periodic check reports it missing there, one copy left", async () => {
      const b = await createHeliaStore({ directory: dirB() });
      await disk(b).delete(CID.parse(cids[0] as string));
      await b.close();
      const answer = await until((a) => a.summary.atRisk === 1, "the lost copy reported");
      const lost = answer.files.find((f: Answer) => f.cid === cids[0]);
      assert.equal(lost.copies, 1);
      assert.equal(lost.stores[`helia:${dirB()}`].status, "missing");
      assert.equal(lost.stores[`helia:${dirA()}`].status, "available");
      assert.equal(answer.summary.byStore[`helia:${dirB()}`].missing, 1);
      assert.equal(answer.summary.healthy, 2);
    });

    it("a new acceptance is checked soon after it is indexed; pages continue from the cursor", async () => {
      await contribute(client, {
        datasetId,
        contents: [new TextEncoder().encode("Asiyesikia la mkuu huvunjika guu.\n")],
      });
      await synced(running(), chain);
      const answer = await until((a) => a.summary.files === 4 && a.summary.unchecked === 0, "the fourth file checked");
      assert.equal(answer.summary.atRisk, 2, "the new file is only in store A");
      const first = await availability("?limit=3");
      assert.equal(first.files.length, 3);
      assert.ok(first.nextCursor);
      const second = await availability(`?limit=3&cursor=${first.nextCursor}`);
      assert.equal(second.files.length, 1);
      assert.equal(second.nextCursor, null);
      assert.equal(new Set([...first.files, ...second.files].map((f: Answer) => f.cid)).size, 4);
    });

    it("nothing outside writes a result: POST and PUT find no route; bad ids are refused", async () => {
      const url = `${running().url}/v1/datasets/${datasetId}/availability`;
      for (const method of ["POST", "PUT", "DELETE"]) {
        const res = await fetch(url, {
          method,
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ files: [{ cid: cids[0], stores: { evil: { status: "available" } } }] }),
        });
        assert.equal(res.status, 404, method);
      }
      assert.equal((await getJson(`${running().url}/v1/datasets/x/availability`)).status, 400);
      assert.equal((await getJson(`${running().url}/v1/datasets/999/availability`)).status, 404);
      const answer = await availability();
      assert.deepEqual(answer.stores, names());
      // the SDK's indexer client reads the same route
      const viaSdk = await createIndexerClient({ url: running().url }).getAvailability({ datasetId, limit: 2 });
      assert.equal(viaSdk.datasetId, datasetId);
      assert.deepEqual(viaSdk.summary, answer.summary);
      assert.deepEqual(
        viaSdk.files.map((f) => f.position),
        [0n, 1n].map((i) => BigInt(answer.files[Number(i)].position)),
      );
      assert.ok(viaSdk.nextCursor);
    });

    it("follows a reorg: a reverted acceptance leaves the answer, the other results stay", async () => {
      const before = await availability();
      const snapshot = await chain.request("evm_snapshot");
      const doomed = await contribute(client, { datasetId, contents: [new TextEncoder().encode("Doomed proverb.\n")] });
      const doomedHash = doomed.outcomes[0]?.contentHash.toLowerCase();
      await synced(running(), chain);
      await until(
        (a) => a.summary.files === before.summary.files + 1 && a.summary.unchecked === 0,
        "the doomed file checked",
      );
      await chain.request("evm_revert", [snapshot]);
      // The new branch is longer than the old one, so the indexer must switch to it.
      await contribute(client, { datasetId, contents: [new TextEncoder().encode("The branch's proverb.\n")] });
      await chain.request("hardhat_mine", ["0x3"]);
      await synced(running(), chain);
      const after = await until(
        (a) =>
          a.summary.files === before.summary.files + 1 &&
          a.summary.unchecked === 0 &&
          a.files.every((f: Answer) => f.contentHash.toLowerCase() !== doomedHash),
        "the reorg followed",
      );
      const statuses = (a: Answer) =>
        a.files.map((f: Answer) => [f.cid, f.copies, names().map((n) => f.stores[n]?.status)]);
      assert.deepEqual(statuses(after).slice(0, before.files.length), statuses(before));
    });

    it("results survive a restart of the indexer (offchain table beside Ponder's); an acceptance while down is checked", async () => {
      const before = await availability();
      await running().stop();
      const stoppedAt = Date.now();
      const { outcomes } = await contribute(client, {
        datasetId,
        contents: [new TextEncoder().encode("Mwenye macho haambiwi tazama.\n")],
      });
      // A long interval: nothing checked before the restart is due again, so what is served for it was kept.
      indexer = await start(3_600_000);
      await synced(indexer, chain);
      const n = before.files.length;
      const again = await until(
        (a) => a.summary.files === n + 1 && a.summary.unchecked === 0,
        "the file accepted while down checked",
      );
      const statuses = (a: Answer) =>
        a.files.map((f: Answer) => [f.cid, f.copies, names().map((n) => f.stores[n]?.status)]);
      assert.deepEqual(statuses(again).slice(0, n), statuses(before));
      for (const f of again.files.slice(0, n))
        for (const n of names()) assert.ok(f.stores[n].checkedAt < stoppedAt, "kept from before the restart");
      const added = again.files[n];
      assert.equal(added.contentHash.toLowerCase(), outcomes[0]?.contentHash.toLowerCase());
      assert.ok(added.stores[`helia:${dirA()}`].checkedAt > stoppedAt);
      assert.equal(again.summary.atRisk, before.summary.atRisk + 1, "the new file is only in store A");
    });
  });
