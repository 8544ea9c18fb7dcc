import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  cairnRegistryAbi,
  contributionVotesAbi,
  createCairnClient,
  createIndexerClient,
  IndexerMismatchError,
  listContributions,
} from "@cairn/sdk";
import type { Hex } from "viem";
import { allPages, compareGovernance, compareWithChain } from "./compare.js";
import {
  account,
  type Chain,
  type Deployment,
  deployAll,
  getJson,
  type Indexer,
  sqlOverHttp,
  startIndexer,
  startTestChain,
  synced,
  wallet,
} from "./harness.js";
import { content, contributeBatch, type History, scriptedHistory, send } from "./history.js";
import { comparePools, poolHistory } from "./pools-history.js";
import { compareReleases, releaseHistory } from "./releases-history.js";

describe("indexer (a real Ponder process on a real chain)", () => {
  let chain: Chain;
  let d: Deployment;
  let history: History;
  let pooled: { datasetId: bigint; contentHash: `0x${string}` };
  let indexer: Indexer | undefined;
  let dataDir: string;
  const running = (): Indexer => {
    if (!indexer) throw new Error("the indexer is not running");
    return indexer;
  };

  before(async () => {
    chain = await startTestChain(20);
    d = await deployAll(chain);
    history = await scriptedHistory(chain, d);
    // A release of the auto-accepted dataset, a model citing it, a dividend paid and claimed.
    history.hashes.get(history.autoAccepted)?.push(await releaseHistory(chain, d, history.autoAccepted));
    // A dataset reviewed by a reviewer pool: members, a drawn vote, a settled review.
    pooled = await poolHistory(chain, d);
    history.hashes.set(pooled.datasetId, [pooled.contentHash]);
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
    assert.deepEqual(await compareReleases(indexer.url, chain, d), []);
    assert.deepEqual(await comparePools(indexer.url, chain, d, pooled.datasetId), []);
  });

  it("answers errors as JSON, with CORS, /healthz and Prometheus /metrics", async () => {
    const url = running().url;
    const missing = await getJson(`${url}/v1/datasets/999`);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, "dataset_not_found");
    assert.equal((await getJson(`${url}/v1/datasets/1/contributions?status=bogus`)).status, 400);
    assert.equal((await getJson(`${url}/v1/datasets/1/contributions?limit=100000`)).status, 400);
    assert.equal((await getJson(`${url}/v1/accounts/not-an-address`)).status, 400);
    assert.equal((await getJson(`${url}/v1/nothing`)).status, 404);
    // Dataset ids and cursors beyond int8, the type of the contribution table's keys (lib/int8.ts), name nothing:
    // they are answered as such, not sent to the database (whose out-of-range error would be a 500).
    const huge = (2n ** 63n).toString();
    const hash = `0x${"ab".repeat(32)}`;
    for (const path of ["/contributions", "/review-queue", `/contributions/${hash}`])
      assert.equal((await getJson(`${url}/v1/datasets/${huge}${path}`)).body.error?.code, "dataset_not_found", path);
    for (const list of ["contributions", "review-queue"])
      for (const cursor of [huge, "9".repeat(78)]) {
        const page = await getJson(`${url}/v1/datasets/${history.reviewed}/${list}?cursor=${cursor}`);
        assert.equal(page.status, 200, `${list} after ${cursor}`);
        assert.deepEqual([page.body.contributions, page.body.nextCursor], [[], null], `${list} after ${cursor}`);
      }
    const lookup = await fetch(`${url}/v1/contributions/lookup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ items: [{ datasetId: huge, contentHash: hash }] }),
    });
    assert.equal(lookup.status, 200);
    assert.deepEqual(((await lookup.json()) as { registered: unknown[] }).registered, []);
    // availability checks are off unless the operator names stores (test/availability.test.ts runs them)
    assert.equal((await getJson(`${url}/v1/datasets/1/availability`)).body.error.code, "availability_off");
    const res = await fetch(`${url}/v1/datasets`, { headers: { origin: "http://example.test" } });
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
    const health = await getJson(`${url}/healthz`);
    assert.equal(health.status, 200);
    assert.equal(health.body.indexedBlock, Number(await chain.publicClient.getBlockNumber({ cacheTime: 0 })));
    assert.equal(health.body.lagBlocks, 0);
    // A CORS preflight is Ponder's to answer (its middleware); the GETs under /v1/ skip Ponder's app
    // (src/api/fast-path.ts): its request metrics never see them.
    const preflight = await fetch(`${url}/v1/datasets`, {
      method: "OPTIONS",
      headers: { origin: "http://example.test", "access-control-request-method": "GET" },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get("access-control-allow-origin"), "*");
    const metrics = await (await fetch(`${url}/metrics`)).text();
    assert.match(metrics, /^ponder_/m);
    assert.match(metrics, /^ponder_http_server_request_duration_ms_count\{method="GET",path="\/healthz"/m);
    assert.doesNotMatch(metrics, /^ponder_http_server_request_duration_ms_count\{method="GET",path="\/v1/m);
  });

  it("answers Ponder's SQL over HTTP (/sql/db) right or refuses it, and never writes", async (t) => {
    const url = running().url;
    const registered = [...history.hashes.values()].reduce((s, h) => s + h.length, 0);
    const total = await sqlOverHttp(url, "SELECT count(*)::int AS n FROM contribution");
    if (total.status === 503) {
      // PGlite: Ponder's bulk updates left a temporary table of that name in the one session (src/api/index.ts).
      assert.equal(total.body.error.code, "sql_unavailable");
      assert.match(total.body.error.message, /contribution/);
      t.diagnostic("SQL over HTTP refused on PGlite (a temporary table shadows contribution); tested on PostgreSQL");
    } else {
      assert.equal(total.status, 200, JSON.stringify(total.body));
      assert.equal(total.body.rows[0].n, registered);
      const byStatus = await sqlOverHttp(
        url,
        "SELECT status, count(*)::int AS n FROM contribution WHERE dataset_id = $1 GROUP BY status ORDER BY status",
        [history.reviewed.toString()],
      );
      const rest = (await getJson(`${url}/v1/datasets/${history.reviewed}`)).body.contributions;
      for (const row of byStatus.body.rows) assert.equal(row.n, rest[row.status], `${row.status} contributions`);
    }
    assert.notEqual((await sqlOverHttp(url, "DELETE FROM contribution")).status, 200);
    const kept = await getJson(`${url}/v1/datasets/${history.reviewed}`);
    assert.ok(kept.body.contributions.total > 0, "nothing was deleted");
  });

  it("pages with any size: the cursor of a full last page says nothing follows, and any limit walks the same list", async () => {
    const url = running().url;
    const hashes = history.hashes.get(history.reviewed) ?? [];
    assert.ok(hashes.length > 2 && hashes.length <= 1000, `${hashes.length} contributions`);
    type Page = { contributions: Array<{ contentHash: string }>; nextCursor: string | null };
    const pageOf = async (query: string) =>
      (await getJson(`${url}/v1/datasets/${history.reviewed}/contributions?${query}`)).body as Page;
    // Pages of sizes given as parameters, asked together (one statement), each get their own size,
    // whichever was asked first.
    const sizes = [3, 9, 4, 13, 2];
    const together = await Promise.all(sizes.map((limit) => pageOf(`limit=${limit}`)));
    together.forEach((page, i) => {
      assert.deepEqual(
        page.contributions.map((c) => c.contentHash),
        hashes.slice(0, sizes[i]),
        `limit ${sizes[i]} among others`,
      );
    });
    // A page exactly as long as the list: nothing after it.
    const whole = await pageOf(`limit=${hashes.length}`);
    assert.deepEqual(
      whole.contributions.map((c) => c.contentHash),
      hashes,
    );
    assert.equal(whole.nextCursor, null);
    // One short: a cursor, then a last page of one.
    const most = await pageOf(`limit=${hashes.length - 1}`);
    assert.equal(most.contributions.length, hashes.length - 1);
    assert.ok(most.nextCursor);
    const last = await pageOf(`limit=${hashes.length - 1}&cursor=${most.nextCursor}`);
    assert.deepEqual(
      last.contributions.map((c) => c.contentHash),
      hashes.slice(-1),
    );
    assert.equal(last.nextCursor, null);
    // Sizes given as a parameter (7) and written into the statement (1, 10) walk the same list.
    for (const limit of [1, 7, 10]) {
      const walked: string[] = [];
      for (let cursor: string | null = null, pages = 0; pages < 2000; pages++) {
        const page: Page = await pageOf(`limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`);
        walked.push(...page.contributions.map((c) => c.contentHash));
        assert.ok(page.contributions.length <= limit);
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      assert.deepEqual(walked, hashes, `limit ${limit}`);
    }
  });

  it("serves the SDK's indexer client, which checks what matters against the chain and catches a lying indexer", async () => {
    const client = await createCairnClient({ publicClient: chain.publicClient, registry: d.registry, vault: d.vault });
    const honest = createIndexerClient({ url: running().url, verifyWith: client });
    const first = await honest.listContributions({ datasetId: history.reviewed, limit: 100 });
    assert.deepEqual(
      first.contributions.map((c) => c.contentHash),
      history.hashes.get(history.reviewed)?.slice(0, 100),
    );
    assert.ok(first.nextCursor);
    const all = await createIndexerClient({ url: running().url }).listAllContributions({
      datasetId: history.reviewed,
      limit: 250,
    });
    assert.deepEqual(
      all.map((c) => c.contentHash),
      history.hashes.get(history.reviewed),
    );
    // The log-reading fallback, paging through ranges of 7 blocks, finds the same list.
    const paged = await createCairnClient({
      publicClient: chain.publicClient,
      registry: d.registry,
      vault: d.vault,
      logBlockRange: 7,
    });
    const fromLogs = await listContributions(paged, { datasetId: history.reviewed, limit: 5000 });
    assert.deepEqual(fromLogs.contributions, all);
    const paid = await honest.getAccount({ address: account(chain, 7).address });
    assert.ok(paid.payouts.length > 0, "account 7 was paid");
    const who = account(chain, 9).address;
    const me = await honest.getAccount({ address: who });
    assert.ok(
      me.datasets.some((x) => x.claimable > 0n),
      "account 9 may claim",
    );

    // A lying indexer: the real one behind a proxy that swaps one CID and inflates a claimable amount.
    const liar = createServer(async (req, res) => {
      const upstream = await fetch(`${running().url}${req.url}`);
      // biome-ignore lint/suspicious/noExplicitAny: the indexer's JSON, tampered with
      const body: any = await upstream.json();
      if (body.contributions?.[3]) body.contributions[3].cid = body.contributions[0].cid;
      for (const x of body.datasets ?? []) if (x.claimable) x.claimable = (BigInt(x.claimable) + 1n).toString();
      res.writeHead(upstream.status, { "content-type": "application/json" }).end(JSON.stringify(body));
    });
    await new Promise<void>((r) => liar.listen(0, "127.0.0.1", r));
    try {
      const lying = createIndexerClient({
        url: `http://127.0.0.1:${(liar.address() as { port: number }).port}`,
        verifyWith: client,
      });
      await assert.rejects(
        lying.listContributions({ datasetId: history.reviewed }),
        (e) => e instanceof IndexerMismatchError && e.field === "cid",
      );
      await assert.rejects(
        lying.getAccount({ address: who }),
        (e) => e instanceof IndexerMismatchError && e.field === "claimable",
      );
      // Unchecked, the lie goes through: the check is what catches it.
      const unchecked = createIndexerClient({ url: `http://127.0.0.1:${(liar.address() as { port: number }).port}` });
      const page = await unchecked.listContributions({ datasetId: history.reviewed });
      assert.equal(page.contributions[3]?.cid, page.contributions[0]?.cid);
    } finally {
      liar.close();
      liar.closeAllConnections();
    }
  });

  it("lists each contribution as its latest event left it, after its page was listed (the rows' JSON is kept)", async () => {
    // The tests before listed every page: each row's JSON is kept by its revision. Now every kind of event that writes
    // a listed row: a vote that leaves it pending, votes that accept and reject it, a transfer, a withdrawal, a
    // takedown, a provisional one confirmed.
    const list = history.hashes.get(history.reviewed) ?? [];
    const [voted, accepted, rejected, moved, withdrawn, takenDown] = [16, 17, 19, 20, 22, 23].map(
      (k) => list[k] as Hex,
    );
    const vote = (curator: number, contentHash: Hex, accept: boolean) =>
      send(chain, wallet(chain, curator), d.registry, cairnRegistryAbi, "reviewBatch", [
        [{ datasetId: history.reviewed, contentHash, accept, score: accept ? 60 : 0 }],
      ]);
    const listed = async (contentHash: Hex, status = "") => {
      const items = await allPages<{ contentHash: Hex }>(
        `${running().url}/v1/datasets/${history.reviewed}/contributions${status}`,
        "contributions",
      );
      return items.find((x) => x.contentHash === contentHash);
    };
    assert.ok(await listed(takenDown), "listed before its takedown");
    await vote(1, voted, true);
    await vote(1, accepted, true);
    await vote(2, accepted, true);
    await vote(1, rejected, false);
    await vote(2, rejected, false);
    await send(chain, wallet(chain, 0), d.registry, cairnRegistryAbi, "transferContribution", [
      history.reviewed,
      moved,
      account(chain, 3).address,
    ]);
    await send(chain, wallet(chain, 0), d.registry, cairnRegistryAbi, "withdrawContribution", [
      history.reviewed,
      withdrawn,
    ]);
    await send(chain, wallet(chain, 0), d.registry, cairnRegistryAbi, "takedownContribution", [
      history.reviewed,
      takenDown,
      1,
      content("takedown").cid,
    ]);
    const provisional = history.hashes.get(history.challenged) ?? [];
    await send(chain, wallet(chain, 9), d.registry, cairnRegistryAbi, "confirmContributions", [
      history.challenged,
      provisional.slice(6),
    ]);
    await synced(running(), chain);
    assert.equal(await listed(takenDown), undefined, "a contribution taken down leaves the list");
    assert.equal((await listed(takenDown, "?status=removed"))?.contentHash, takenDown);
    assert.deepEqual(await compareWithChain(running().url, chain, d), []);
  });

  it("follows a reorg (evm_snapshot, new blocks, evm_revert, other blocks)", async () => {
    const snapshot = await chain.request("evm_snapshot");
    const doomed = await contributeBatch(chain, d, 6, history.reviewed, 5, "doomed");
    await synced(running(), chain);
    const before = await getJson(`${running().url}/v1/datasets/${history.reviewed}/contributions/${doomed[0]}`);
    assert.equal(before.status, 200, "the indexer saw the block before the reorg");
    await chain.request("evm_revert", [snapshot]);
    // The new branch is longer than the old one, so the indexer must switch to it.
    await contributeBatch(chain, d, 8, history.reviewed, 3, "branch");
    await chain.request("hardhat_mine", ["0x3"]);
    await synced(running(), chain);
    const gone = await getJson(`${running().url}/v1/datasets/${history.reviewed}/contributions/${doomed[0]}`);
    assert.equal(gone.status, 404, "a reverted contribution is gone");
    assert.deepEqual(await compareWithChain(running().url, chain, d), []);
  });

  it("resumes where it stopped after a restart", async () => {
    await running().stop();
    await contributeBatch(chain, d, 9, history.autoAccepted, 7, "while-down");
    // A delegation while it is down: the votes token (a factory child) must still be followed after the restart.
    await send(chain, wallet(chain, 3), history.votes, contributionVotesAbi, "delegate", [account(chain, 4).address]);
    indexer = await startIndexer(chain, d, { dataDir });
    await synced(indexer, chain);
    // Ponder recovered its tables and fetched only the blocks after its checkpoint, not the whole history.
    assert.match(indexer.output(), /Detected crash recovery/, "the restart reused the indexed tables");
    const range = /"block_range":"\[(\d+),(\d+)\]"/.exec(indexer.output());
    assert.ok(range && Number(range[1]) > d.startBlock + 10, `resumed from block ${range?.[1]}, not from the start`);
    assert.deepEqual(await compareWithChain(indexer.url, chain, d), []);
    assert.deepEqual(await compareGovernance(indexer.url, chain, history.governor, history.votes), []);
  });
});
