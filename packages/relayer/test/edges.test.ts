/**
 * The relayer's HTTP edges, against the real service on loopback: browsers on another origin (CORS, JSON
 * only), client addresses behind proxies, slow clients on raw sockets, connections per client, and the
 * status of an item whose signed contribution someone else registered first.
 */
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { type AddressInfo, connect, type Socket } from "node:net";
import { after, before, describe, it } from "node:test";
import { cairnRegistryAbi, relay, toRelayJson, toSignedCalldata, waitForRelayed } from "@cairn/sdk";
import type { Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { ConnectionCounter } from "../src/server.js";
import { signItems, startTestChain, type TestChain } from "./helpers/chain.js";
import { postJson, startTestRelayer } from "./helpers/relayer.js";

type Relayer = Awaited<ReturnType<typeof startTestRelayer>>;

/** A raw TCP connection to the relayer; `closed` resolves with what the server wrote before closing. */
function rawSocket(url: string): Promise<{ socket: Socket; closed: Promise<string> }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      let got = "";
      socket.on("data", (d) => {
        got += d;
      });
      const closed = new Promise<string>((done) => socket.once("close", () => done(got)));
      resolve({ socket, closed });
    });
    socket.once("error", reject);
  });
}

const within = <T>(p: Promise<T>, ms: number, what: string) =>
  Promise.race([
    p,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} still open after ${ms} ms`)), ms)),
  ]);

describe("relayer edges: CORS, JSON only, proxies, slow clients, connection cap, truthful status", async () => {
  let chain: TestChain;
  let datasetId: bigint;
  let termsHash: Hex;
  const started: Relayer[] = [];
  const start = async (overrides: Parameters<typeof startTestRelayer>[1]) => {
    const r = await startTestRelayer(chain, overrides);
    started.push(r);
    return r;
  };

  before(async () => {
    chain = await startTestChain();
    ({ datasetId, termsHash } = await chain.createDataset());
  });
  after(async () => {
    for (const r of started) await r.close();
    await chain?.close();
  });

  it("answers a browser's preflight for allowed origins only, and lets that page read the answer", async () => {
    const relayer = await start({ corsOrigins: ["https://app.example"] });
    const preflight = (origin: string) =>
      fetch(`${relayer.url}/v1/contributions`, {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "content-type, x-api-key",
        },
      });
    const ok = await preflight("https://app.example");
    assert.equal(ok.status, 204);
    assert.equal(ok.headers.get("access-control-allow-origin"), "https://app.example");
    assert.match(ok.headers.get("access-control-allow-methods") ?? "", /POST/);
    assert.match(ok.headers.get("access-control-allow-headers") ?? "", /content-type/);
    const other = await preflight("https://evil.example");
    assert.equal(other.headers.get("access-control-allow-origin"), null);

    // The SDK's relay() from that origin: the answer carries the header the browser needs to hand it over.
    const items = await signItems(chain, privateKeyToAccount(generatePrivateKey()), { datasetId, termsHash, count: 1 });
    let seen: string | null = null;
    const { keys } = await relay(relayer.url, {
      items,
      fetch: async (url, init) => {
        const res = await fetch(url, {
          ...init,
          headers: { ...(init?.headers as object), origin: "https://app.example" },
        });
        seen = res.headers.get("access-control-allow-origin");
        return res;
      },
    });
    assert.equal(seen, "https://app.example");
    assert.equal((await waitForRelayed(relayer.url, keys[0], { intervalMs: 50 })).status, "included");
  });

  it("refuses a body that is not JSON (a cross-origin text/plain form post) with 415 and queues nothing", async () => {
    const relayer = await start({ corsOrigins: [] });
    const items = await signItems(chain, privateKeyToAccount(generatePrivateKey()), { datasetId, termsHash, count: 1 });
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const r = await postJson(
        `${relayer.url}/v1/contributions`,
        { items: items.map(toRelayJson) },
        {
          "content-type": type,
          origin: "https://evil.example",
        },
      );
      assert.equal(r.status, 415, type);
      assert.equal(r.body.error.code, "unsupported_media_type");
    }
    // No content-type at all: not JSON either.
    const bare = await rawSocket(relayer.url);
    const body = JSON.stringify({ items: items.map(toRelayJson) });
    bare.socket.write(
      `POST /v1/contributions HTTP/1.1\r\nHost: x\r\nconnection: close\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    assert.match(await bare.closed, /^HTTP\/1\.1 415/);
    assert.equal(await relayer.store.unsettledCount(), 0);
    assert.match(
      await relayer.metrics.render(),
      /^cairn_relayer_rejected_total\{reason="unsupported_media_type"\} 4$/m,
    );
  });

  it("keys limits on the address the trusted proxy added, not on what the client wrote in X-Forwarded-For", async () => {
    // One trusted hop: the client is the rightmost X-Forwarded-For entry.
    const oneHop = await start({ trustProxy: 1, clientRate: 0.001, clientBurst: 1 });
    // Trusted proxies by address: the client is the first untrusted entry from the right.
    const byAddress = await start({ trustProxy: ["127.0.0.1", "10.0.0.0/8"], clientRate: 0.001, clientBurst: 1 });
    const signer = privateKeyToAccount(generatePrivateKey());
    const items = await signItems(chain, signer, { datasetId, termsHash, count: 6 });
    const post = (r: Relayer, i: number, xff: string) =>
      postJson(`${r.url}/v1/contributions`, { items: [toRelayJson(items[i])] }, { "x-forwarded-for": xff });

    assert.equal((await post(oneHop, 0, "6.6.6.6, 9.9.9.9")).status, 202);
    const spoofed = await post(oneHop, 1, "1.2.3.4, 9.9.9.9");
    assert.equal(spoofed.status, 429, "a new leftmost entry is not a new client");
    assert.match(spoofed.body.error.message, /from 9\.9\.9\.9;/);
    assert.equal((await post(oneHop, 2, "6.6.6.6, 9.9.9.8")).status, 202, "another client behind the proxy");

    assert.equal((await post(byAddress, 3, "6.6.6.6, 5.5.5.5, 10.1.2.3")).status, 202);
    const again = await post(byAddress, 4, "7.7.7.7, 5.5.5.5, 10.9.9.9");
    assert.equal(again.status, 429);
    assert.match(again.body.error.message, /from 5\.5\.5\.5;/);
  });

  it("closes a connection whose headers or body trickle in, within a few seconds", async () => {
    const relayer = await start({ headersTimeoutMs: 1_000, requestTimeoutMs: 2_000 });
    // Headers, one byte every 200 ms: never finished.
    const h = await rawSocket(relayer.url);
    h.socket.write("POST /v1/contributions HTTP/1.1\r\nHost: x\r\n");
    const drip = setInterval(() => h.socket.writable && h.socket.write("X"), 200);
    const headersAnswer = await within(h.closed, 5_000, "a slow-headers connection");
    clearInterval(drip);
    assert.match(headersAnswer, /^HTTP\/1\.1 408/);

    // Complete headers, then a body one byte every 200 ms.
    const b = await rawSocket(relayer.url);
    b.socket.write(
      "POST /v1/contributions HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ncontent-length: 10000\r\n\r\n{",
    );
    const bodyDrip = setInterval(() => b.socket.writable && b.socket.write(" "), 200);
    const bodyAnswer = await within(b.closed, 6_000, "a slow-body connection");
    clearInterval(bodyDrip);
    assert.match(bodyAnswer, /^HTTP\/1\.1 408/);
    assert.match(bodyAnswer, /"code":"request_timeout"/);
    assert.match(await relayer.metrics.render(), /^cairn_relayer_slow_requests_closed_total 2$/m);
    // The relayer still serves everyone else.
    assert.equal((await fetch(`${relayer.url}/healthz`)).status, 200);
  });

  it("caps open connections per client address", async () => {
    const relayer = await start({ maxConnectionsPerClient: 4 });
    const held = await Promise.all([0, 1, 2, 3].map(() => rawSocket(relayer.url)));
    const extra = await rawSocket(relayer.url);
    const answer = await within(extra.closed, 3_000, "a connection over the cap");
    assert.match(answer, /^HTTP\/1\.1 429/);
    assert.match(answer, /too_many_connections/);
    // One of the four leaves: a new connection is served.
    held[0].socket.destroy();
    await held[0].closed;
    await new Promise((r) => setTimeout(r, 50));
    assert.equal((await fetch(`${relayer.url}/healthz`, { headers: { connection: "close" } })).status, 200);
    for (const s of held.slice(1)) s.socket.destroy();
    assert.match(await relayer.metrics.render(), /^cairn_relayer_connections_refused_total 1$/m);
  });

  it("counts an IPv6 client's connections by /64, as its rates are: fresh addresses of one host do not escape the cap", () => {
    const counter = new ConnectionCounter(2);
    assert.ok(counter.opened("2001:db8:1:2::a"));
    assert.ok(counter.opened("2001:db8:1:2:ffff:ffff:ffff:ffff"));
    assert.equal(counter.opened("2001:db8:1:2::b"), false, "a third address of the same /64");
    assert.ok(counter.opened("2001:db8:1:3::a"), "another /64 is another client");
    assert.ok(counter.opened("203.0.113.1"));
    assert.ok(counter.opened("::ffff:203.0.113.1"), "IPv4-mapped is the IPv4 client");
    assert.equal(counter.opened("203.0.113.1"), false);
    counter.closed("2001:db8:1:2::a");
    assert.ok(counter.opened("2001:db8:1:2::c"), "a closed connection frees its place");
  });

  it("reports an item as included when someone else registered its exact signed contribution before the batch", async () => {
    // A slow batch: the item waits in the queue while a stranger submits the same signed item first.
    const relayer = await start({ batchMs: 4_000, batchSize: 500 });
    const contributor = privateKeyToAccount(generatePrivateKey());
    const [item] = await signItems(chain, contributor, { datasetId, termsHash, count: 1 });
    const { keys } = await relay(relayer.url, { items: [item] });
    const hash = await chain.steward.writeContract({
      address: chain.registry,
      abi: cairnRegistryAbi,
      functionName: "contributeBatchBySig",
      args: [[toSignedCalldata(item, { isContract: false })]],
      chain: null,
      account: chain.steward.account as never,
    });
    await chain.publicClient.waitForTransactionReceipt({ hash });
    const s = await waitForRelayed(relayer.url, keys[0], { intervalMs: 100, timeoutMs: 30_000 });
    assert.equal(s.status, "included", JSON.stringify(s));
    if (s.status === "included") {
      assert.equal(s.tx, hash, "the transaction that registered it");
      assert.equal(s.contributionId, `${datasetId}:${item.contentHash}`);
    }
  });

  it("finds the registering transaction through an RPC that refuses long eth_getLogs ranges, as public ones do", async () => {
    // A JSON-RPC proxy in front of the chain that refuses logs over more than 100 blocks; the history is longer.
    const MAX_RANGE = 100;
    const head = async () => Number(await chain.publicClient.getBlockNumber({ cacheTime: 0 }));
    const proxy = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = JSON.parse(Buffer.concat(chunks).toString());
      const one = async (call: { id: number; method: string; params?: { fromBlock?: string; toBlock?: string }[] }) => {
        if (call.method === "eth_getLogs") {
          const f = call.params?.[0] ?? {};
          const n = async (b: string | undefined) => (b === undefined || b === "latest" ? head() : Number(b));
          if ((await n(f.toBlock)) - (await n(f.fromBlock ?? "0x0")) >= MAX_RANGE)
            return {
              jsonrpc: "2.0",
              id: call.id,
              error: { code: -32005, message: `query exceeds max block range ${MAX_RANGE}` },
            };
        }
        const r = await fetch(chain.url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(call),
        });
        return r.json();
      };
      const answer = Array.isArray(body) ? await Promise.all(body.map(one)) : await one(body);
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(answer));
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    try {
      if ((await head()) < 3 * MAX_RANGE) await chain.rpc("hardhat_mine", [`0x${(3 * MAX_RANGE).toString(16)}`]);
      const { port } = proxy.address() as AddressInfo;
      const relayer = await start({ rpcUrl: `http://127.0.0.1:${port}`, batchMs: 4_000, batchSize: 500 });
      const contributor = privateKeyToAccount(generatePrivateKey());
      const [item] = await signItems(chain, contributor, { datasetId, termsHash, count: 1 });
      const { keys } = await relay(relayer.url, { items: [item] });
      const hash = await chain.steward.writeContract({
        address: chain.registry,
        abi: cairnRegistryAbi,
        functionName: "contributeBatchBySig",
        args: [[toSignedCalldata(item, { isContract: false })]],
        chain: null,
        account: chain.steward.account as never,
      });
      await chain.publicClient.waitForTransactionReceipt({ hash });
      const s = await waitForRelayed(relayer.url, keys[0], { intervalMs: 100, timeoutMs: 30_000 });
      assert.equal(s.status, "included", JSON.stringify(s));
      if (s.status === "included") assert.equal(s.tx, hash, "the transaction that registered it");
    } finally {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});
