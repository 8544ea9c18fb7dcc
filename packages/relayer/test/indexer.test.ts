// The relayer's duplicate check through a real Cairn indexer (a Ponder process on PGlite) while its follower cannot
// catch up with the chain (the chain's RPC refuses log ranges, as public endpoints do): the indexer's answers are
// used, checked against the chain, and passed over when it lies, lags or is down.
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { after, before, describe, it } from "node:test";
import { cairnRegistryAbi, relay, type SignedContribution, toRelayJson, waitForRelayed } from "@cairn/sdk";
import { CID } from "multiformats/cid";
import { type Address, bytesToHex, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import {
  type Chain,
  type Deployment,
  deployAll,
  freePort,
  type Indexer,
  startIndexer,
  startTestChain,
  synced,
  wallet,
} from "../../indexer/test/harness.js";
import { createDataset, send, TERMS } from "../../indexer/test/history.js";
import { signItems } from "./helpers/chain.js";
import { postJson, startTestRelayer } from "./helpers/relayer.js";

type Relayer = Awaited<ReturnType<typeof startTestRelayer>>;

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

/** The chain's RPC, except that it refuses `eth_getLogs` (as a public endpoint refuses long ranges). */
async function refusingLogs(rpcUrl: string): Promise<{ url: string; server: Server }> {
  const server = createServer(async (req, res) => {
    const text = await bodyOf(req);
    const calls = JSON.parse(text) as { id: unknown; method: string } | Array<{ id: unknown; method: string }>;
    const one = async (c: { id: unknown; method: string }) => {
      if (c.method === "eth_getLogs")
        return { jsonrpc: "2.0", id: c.id, error: { code: -32005, message: "query exceeds the maximum block range" } };
      const upstream = await fetch(rpcUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(c),
      });
      return upstream.json();
    };
    const out = Array.isArray(calls) ? await Promise.all(calls.map(one)) : await one(calls);
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(out));
  });
  return { url: await listen(server), server };
}

type Lie = "claims every item registered" | "hides every registration" | "answers garbage";

/** The real indexer behind a proxy that rewrites its lookup answers. */
async function lyingIndexer(indexerUrl: string, lie: Lie): Promise<{ url: string; server: Server }> {
  const server = createServer(async (req, res) => {
    const text = req.method === "POST" ? await bodyOf(req) : undefined;
    const upstream = await fetch(new URL(req.url ?? "/", indexerUrl), {
      method: req.method,
      headers: { "content-type": "application/json" },
      body: text,
    });
    const answer = (await upstream.json()) as { indexedBlock: number; registered: unknown[] };
    if (req.url === "/v1/contributions/lookup" && upstream.ok) {
      const asked = (JSON.parse(text as string) as { items: Array<{ datasetId: string; contentHash: string }> }).items;
      if (lie === "claims every item registered")
        answer.registered = asked.map((a) => ({ ...a, contributor: `0x${"ab".repeat(20)}`, status: "accepted" }));
      if (lie === "hides every registration") answer.registered = [];
    }
    const garbage = lie === "answers garbage" && req.url === "/v1/contributions/lookup";
    res
      .writeHead(upstream.status, { "content-type": "application/json" })
      .end(garbage ? JSON.stringify({ indexedBlock: "soon", registered: "none" }) : JSON.stringify(answer));
  });
  return { url: await listen(server), server };
}

describe("the relayer's duplicate check through an indexer, the chain being the authority", async () => {
  let chain: Chain;
  let d: Deployment;
  let indexer: Indexer;
  let rpc: { url: string; server: Server };
  let datasetId: bigint;
  /** Registered on-chain directly by account 3 before the relayers start. */
  let registered: Hex;
  const servers: Server[] = [];
  const alice = privateKeyToAccount(generatePrivateKey());
  const target = () => ({ chainId: chain.chainId, registry: d.registry });
  const sign = (count: number, tag: string) => signItems(target(), alice, { datasetId, termsHash: TERMS, count, tag });
  const contributorOf = async (contentHash: Hex): Promise<Address> =>
    (
      await chain.publicClient.readContract({
        address: d.registry,
        abi: cairnRegistryAbi,
        functionName: "getContribution",
        args: [datasetId, contentHash],
      })
    ).contributor;

  /** A relayer whose follower never catches up (its RPC refuses log ranges), asking `indexerUrl`. */
  async function relayerWith(indexerUrl: string): Promise<Relayer> {
    const relayer = await startTestRelayer({ url: rpc.url, registry: d.registry } as never, { indexerUrl });
    return relayer;
  }
  const checks = async (relayer: Relayer, source: string) =>
    relayer.metrics.value("cairn_relayer_duplicate_checks_total", { source });

  /** Alice's signature over the content account 3 registered first (valid, and a duplicate). */
  let duplicate: SignedContribution;
  const duplicateOfRegistered = async () => duplicate;

  before(async () => {
    chain = await startTestChain(12);
    d = await deployAll(chain);
    datasetId = await createDataset(chain, d, { quorum: 0, defaultScore: 50 });
    // Content registered on-chain by account 3 (contributeBatch), then indexed.
    [duplicate] = (await signItems(target(), alice, { datasetId, termsHash: TERMS, count: 1, tag: "registered" })) as [
      SignedContribution,
    ];
    registered = duplicate.contentHash;
    await send(chain, wallet(chain, 3), d.registry, cairnRegistryAbi, "contributeBatch", [
      [
        {
          datasetId,
          contentHash: registered,
          cid: bytesToHex(CID.parse(duplicate.cid).bytes),
          size: duplicate.size,
          metadataCid: "0x",
        },
      ],
    ]);
    indexer = await startIndexer(chain, d);
    await synced(indexer, chain);
    rpc = await refusingLogs(chain.rpcUrl);
    servers.push(rpc.server);
  });
  after(async () => {
    for (const s of servers) s.closeAllConnections?.();
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    await indexer?.stop();
    await chain?.close();
  });

  it("refuses content the indexer says is registered once the chain confirms it, and relays new content on its word", async () => {
    const relayer = await relayerWith(indexer.url);
    try {
      const dup = await duplicateOfRegistered();
      const r = await postJson(`${relayer.url}/v1/contributions`, { items: [toRelayJson(dup)] });
      assert.equal(r.status, 409);
      assert.equal(r.body.error.code, "already_registered");
      assert.match(r.body.error.message, new RegExp(chain.accounts[3]?.address as string, "i"));

      const items = await sign(3, "new");
      const { keys } = await relay(relayer.url, { items });
      for (const key of keys)
        assert.equal(
          (await waitForRelayed(relayer.url, key, { intervalMs: 50, timeoutMs: 60_000 })).status,
          "included",
        );
      for (const item of items) assert.equal(await contributorOf(item.contentHash), alice.address);
      assert.equal(await checks(relayer, "indexer"), 3);
      assert.equal(await checks(relayer, "dry_run"), 0);
      assert.equal(await checks(relayer, "follower"), 0, "the follower never caught up: the RPC refuses logs");
    } finally {
      await relayer.close();
    }
  });

  it("an indexer that claims new content is registered: the chain denies it, the item is relayed, the indexer dropped", async () => {
    const liar = await lyingIndexer(indexer.url, "claims every item registered");
    servers.push(liar.server);
    const relayer = await relayerWith(liar.url);
    try {
      const items = await sign(2, "claimed");
      const { keys } = await relay(relayer.url, { items });
      for (const key of keys)
        assert.equal(
          (await waitForRelayed(relayer.url, key, { intervalMs: 50, timeoutMs: 60_000 })).status,
          "included",
        );
      assert.equal(await relayer.metrics.value("cairn_relayer_indexer_lies_total"), 1);
      assert.equal(await checks(relayer, "dry_run"), 2, "checked by a dry run on the chain instead");
      // Not asked again: the next items go straight to the dry run.
      await relay(relayer.url, { items: await sign(1, "after-lie") });
      assert.equal(await checks(relayer, "indexer"), 0);
      assert.equal(await checks(relayer, "dry_run"), 3);
    } finally {
      await relayer.close();
    }
  });

  it("an indexer that hides a registration: the item it calls new is checked on the chain, refused, and the indexer dropped", async () => {
    const liar = await lyingIndexer(indexer.url, "hides every registration");
    servers.push(liar.server);
    const relayer = await relayerWith(liar.url);
    try {
      const r = await postJson(`${relayer.url}/v1/contributions`, {
        items: [toRelayJson(await duplicateOfRegistered())],
      });
      assert.equal(r.status, 409);
      assert.equal(r.body.error.code, "already_registered");
      assert.equal(await relayer.metrics.value("cairn_relayer_indexer_lies_total"), 1);
      assert.equal(await contributorOf(registered), chain.accounts[3]?.address, "the first registration stands");
    } finally {
      await relayer.close();
    }
  });

  it("an indexer that answers garbage, or is down, is passed over: the chain decides by a dry run", async () => {
    const garbage = await lyingIndexer(indexer.url, "answers garbage");
    servers.push(garbage.server);
    const down = `http://127.0.0.1:${await freePort()}`;
    for (const url of [garbage.url, down]) {
      const relayer = await relayerWith(url);
      try {
        const r = await postJson(`${relayer.url}/v1/contributions`, {
          items: [toRelayJson(await duplicateOfRegistered())],
        });
        assert.equal(r.status, 409, url);
        assert.equal(r.body.error.code, "already_registered");
        const { keys } = await relay(relayer.url, { items: await sign(1, `fallback ${url}`) });
        assert.equal(
          (await waitForRelayed(relayer.url, keys[0] as Hex, { intervalMs: 50, timeoutMs: 60_000 })).status,
          "included",
        );
        assert.equal(await checks(relayer, "indexer"), 0, url);
        assert.equal(await checks(relayer, "dry_run"), 1, url);
        assert.equal(await relayer.metrics.value("cairn_relayer_indexer_lies_total"), 0, "no answer is no lie");
      } finally {
        await relayer.close();
      }
    }
  });

  it("the indexer's lookup answers only what it was asked, and refuses malformed requests", async () => {
    const lookup = (body: unknown) => postJson(`${indexer.url}/v1/contributions/lookup`, body);
    const fresh = (await sign(1, "unknown"))[0]?.contentHash as Hex;
    const r = await lookup({
      items: [
        { datasetId: datasetId.toString(), contentHash: registered },
        { datasetId: datasetId.toString(), contentHash: fresh },
        { datasetId: "999", contentHash: registered },
      ],
    });
    assert.equal(r.status, 200);
    assert.ok(Number.isInteger(r.body.indexedBlock));
    assert.deepEqual(
      r.body.registered.map((x: { datasetId: string; contentHash: string; contributor: string }) => [
        x.datasetId,
        x.contentHash,
        x.contributor,
      ]),
      [[datasetId.toString(), registered, chain.accounts[3]?.address]],
    );
    for (const bad of [
      {},
      { items: [] },
      { items: [{ datasetId: "x", contentHash: registered }] },
      { items: [{ datasetId: "1", contentHash: "0x12" }] },
    ]) {
      const e = await lookup(bad);
      assert.equal(e.status, 400, JSON.stringify(bad));
    }
    assert.equal((await lookup({ items: [], padding: "x".repeat(300 * 1024) })).status, 413);
  });
});
