import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { withBitswap } from "@helia/bitswap";
import { withLibp2pLight } from "@helia/libp2p";
import { unixfs } from "@helia/unixfs";
import { identify } from "@libp2p/identify";
import { noise } from "@libp2p/noise";
import { tcp } from "@libp2p/tcp";
import { yamux } from "@libp2p/yamux";
import type { Multiaddr } from "@multiformats/multiaddr";
import { MemoryBlockstore } from "blockstore-core";
import { FsBlockstore } from "blockstore-fs";
import { MemoryDatastore } from "datastore-core";
import { createHeliaLight } from "helia";
import type { Blockstore } from "interface-blockstore";
import { CID } from "multiformats/cid";
// Imported from their modules, not the package index, so these tests do not depend on unrelated SDK areas.
import {
  BlockVerificationError,
  CidMismatchError,
  ContentNotFoundError,
  ReadOnlyStoreError,
  ReplicationError,
  StoreRequestError,
} from "../src/errors/store.js";
import { hashBytes } from "../src/hash/hashBytes.js";
import { hashFile } from "../src/hash/hashFile.js";
import { createGatewayStore } from "../src/stores/gateway.js";
import { createHeliaStore, type HeliaStore } from "../src/stores/helia.js";
import { createKuboStore } from "../src/stores/kubo.js";
import { createReplicatedStore, replicate } from "../src/stores/replicated.js";
import type { ContentStore } from "../src/stores/types.js";
import { pseudoRandomBytes } from "./utils/bytes.js";

const MiB = 1024 * 1024;

async function collect(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of source) parts.push(chunk);
  return Buffer.concat(parts);
}

function* pieces(bytes: Uint8Array, size = 100_000): Generator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * A trustless gateway (raw blocks: `GET|HEAD /ipfs/{cid}?format=raw`) over a Helia blockstore,
 * on loopback. With `corrupt`, it flips one byte of every block it serves.
 */
async function startTrustlessGateway(blockstore: Blockstore, options: { corrupt?: boolean } = {}) {
  const requests: string[] = [];
  const server = createServer(async (req, res) => {
    requests.push(`${req.method} ${req.url} accept=${req.headers.accept}`);
    const url = new URL(req.url ?? "/", "http://gateway");
    const match = /^\/ipfs\/([^/]+)$/.exec(url.pathname);
    const wantsRaw = url.searchParams.get("format") === "raw" || req.headers.accept === "application/vnd.ipld.raw";
    if (!match || !wantsRaw) return void res.writeHead(400).end("only raw block requests are served here");
    let cid: CID;
    try {
      cid = CID.parse(match[1] as string);
    } catch {
      return void res.writeHead(400).end("bad cid");
    }
    if (!(await blockstore.has(cid))) return void res.writeHead(404).end("not found");
    const block = Buffer.from(await collect(blockstore.get(cid) as AsyncIterable<Uint8Array>));
    if (options.corrupt) block[block.length >> 1] = (block[block.length >> 1] as number) ^ 0xff;
    res.writeHead(200, { "content-type": "application/vnd.ipld.raw", "content-length": block.length });
    res.end(req.method === "HEAD" ? undefined : block);
  });
  const url = await listen(server);
  return { url, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

type Exchange = {
  comment: string;
  request: { path: string; query: Record<string, string>; contentSha256?: string };
  response: { status: number; contentType: string; body?: string; bodyBase64?: string };
};
const kuboFixtures = JSON.parse(readFileSync(new URL("./fixtures/kubo-rpc.json", import.meta.url), "utf8")) as {
  cids: Record<string, string>;
  content: Record<string, string>;
  exchanges: Exchange[];
};

/**
 * Replays recorded Kubo RPC exchanges on loopback: a request must match a fixture's path, query
 * and (for `add`) the sha256 of the uploaded file, or it gets a 400 naming what was asked.
 */
async function startKuboFixtureServer() {
  const seen: { path: string; query: Record<string, string> }[] = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://kubo");
    const query = Object.fromEntries(url.searchParams);
    seen.push({ path: url.pathname, query });
    let contentSha256: string | undefined;
    if (url.pathname === "/api/v0/add") {
      const form = await new Response(new Uint8Array(await readBody(req)), {
        headers: { "content-type": req.headers["content-type"] ?? "" },
      }).formData();
      const file = form.get("file") as Blob;
      contentSha256 = `0x${createHash("sha256")
        .update(new Uint8Array(await file.arrayBuffer()))
        .digest("hex")}`;
    } else {
      await readBody(req);
    }
    const exchange = kuboFixtures.exchanges.find(
      (e) =>
        e.request.path === url.pathname &&
        JSON.stringify(Object.entries(e.request.query).sort()) === JSON.stringify(Object.entries(query).sort()) &&
        (e.request.contentSha256 === undefined || e.request.contentSha256 === contentSha256),
    );
    if (!exchange) {
      res.writeHead(400, { "content-type": "text/plain" });
      return void res.end(`no fixture for ${req.method} ${req.url} content=${contentSha256}`);
    }
    const { status, contentType, body, bodyBase64 } = exchange.response;
    res.writeHead(status, { "content-type": contentType });
    res.end(bodyBase64 ? Buffer.from(bodyBase64, "base64") : body);
  });
  const url = await listen(server);
  return { url, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of req) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), "cairn-stores-test-"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe("embedded Helia store", () => {
  let store: HeliaStore;
  let directory: string;
  before(async () => {
    directory = join(dir, "helia");
    store = await createHeliaStore({ directory });
  });
  after(() => store.close());

  for (const profile of ["unixfs-v1-2025", "unixfs-v0-2015"] as const) {
    it(`${profile}: stores a file under hashFile's CID and gives the same bytes back`, async () => {
      const bytes = pseudoRandomBytes(3 * MiB + 17, profile.length);
      const path = join(dir, `helia-${profile}.bin`);
      writeFileSync(path, bytes);
      const expected = await hashFile(path, { profile });
      const put = await store.put(createReadStream(path), { profile });
      assert.deepEqual(put, expected);
      assert.equal(await store.has(put.cid), true);
      assert.ok((await collect(store.get(put.cid))).equals(bytes));
    });
  }

  it("stores bytes, a web ReadableStream and a one-chunk file; has() is false for unknown content", async () => {
    const small = new TextEncoder().encode("a stone on the cairn\n");
    const { cid } = await store.put(small);
    assert.equal(cid, (await hashBytes(small)).cid);
    const web = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(small);
        controller.close();
      },
    });
    assert.equal((await store.put(web)).cid, cid);
    const unknown = (await hashBytes(new TextEncoder().encode("never stored"))).cid;
    assert.equal(await store.has(unknown), false);
    await assert.rejects(collect(store.get(unknown)), ContentNotFoundError);
  });

  it("reports partial content (a missing block) as ContentNotFoundError", async () => {
    const bytes = pseudoRandomBytes(3 * MiB, 5);
    const { cid } = await store.put(bytes);
    // The first raw leaf is the first 1 MiB; remove it behind the node's back.
    const leaf = CID.parse((await hashBytes(bytes.subarray(0, MiB))).cid);
    const blocks = new FsBlockstore(join(directory, "blocks"));
    await blocks.open();
    await blocks.delete(leaf);
    await blocks.close();
    assert.equal(await store.has(cid), true);
    await assert.rejects(collect(store.get(cid)), ContentNotFoundError);
  });

  it("keeps content across close and reopen of the node", async () => {
    const bytes = pseudoRandomBytes(2 * MiB + 5, 99);
    const { cid } = await store.put(bytes, { profile: "unixfs-v0-2015" });
    await store.close();
    store = await createHeliaStore({ directory });
    assert.equal(await store.has(cid), true);
    assert.ok((await collect(store.get(cid))).equals(Buffer.from(bytes)));
    const pinned = await store.helia.pins.isPinned(CID.parse(cid));
    assert.equal(pinned, true);
  });
});

describe("embedded Helia store on the network", () => {
  it("serves its content over bitswap to another node when listening on loopback TCP", async () => {
    const store = await createHeliaStore({ directory: join(dir, "helia-listening"), listen: ["/ip4/127.0.0.1/tcp/0"] });
    const peer = withBitswap(
      withLibp2pLight(createHeliaLight({ blockstore: new MemoryBlockstore(), datastore: new MemoryDatastore() }), {
        transports: [tcp()],
        connectionEncrypters: [noise()],
        streamMuxers: [yamux()],
        services: { identify: identify() },
      }),
    );
    try {
      const bytes = pseudoRandomBytes(3 * MiB, 77);
      const { cid } = await store.put(bytes);
      const libp2p = (store.helia as unknown as { libp2p: { getMultiaddrs(): Multiaddr[] } }).libp2p;
      const address = libp2p.getMultiaddrs()[0] as Multiaddr;
      assert.match(address.toString(), /^\/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\//);
      await peer.start();
      await peer.libp2p.dial(address);
      const fetched = await collect(unixfs(peer).cat(CID.parse(cid), { signal: AbortSignal.timeout(20_000) }));
      assert.ok(fetched.equals(Buffer.from(bytes)));
    } finally {
      await peer.stop();
      await store.close();
    }
  });
});

describe("trustless gateway store", () => {
  let helia: HeliaStore;
  let content: { cid: string; bytes: Uint8Array };
  before(async () => {
    helia = await createHeliaStore({ directory: join(dir, "gateway-source") });
    const bytes = pseudoRandomBytes(5 * MiB + 3, 7); // 6 raw leaves + a root: a real DAG walk
    content = { cid: (await helia.put(bytes)).cid, bytes };
  });
  after(() => helia.close());

  it("fetches raw blocks, verifies them, and returns the file's bytes", async () => {
    const gateway = await startTrustlessGateway(helia.helia.blockstore);
    try {
      const store = createGatewayStore({ url: gateway.url });
      assert.ok((await collect(store.get(content.cid))).equals(Buffer.from(content.bytes)));
      assert.equal(await store.has(content.cid), true);
      assert.equal(await store.has((await hashBytes(new Uint8Array([1, 2, 3]))).cid), false);
      assert.ok(gateway.requests.length >= 7, `${gateway.requests.length} block requests`);
      assert.ok(gateway.requests.every((r) => r.includes("format=raw") && r.includes("application/vnd.ipld.raw")));
    } finally {
      await gateway.close();
    }
  });

  it("rejects corrupted blocks with BlockVerificationError", async () => {
    const gateway = await startTrustlessGateway(helia.helia.blockstore, { corrupt: true });
    try {
      const store = createGatewayStore({ url: gateway.url });
      await assert.rejects(collect(store.get(content.cid)), (error: unknown) => {
        assert.ok(error instanceof BlockVerificationError, String(error));
        assert.equal(error.cid, content.cid);
        return true;
      });
    } finally {
      await gateway.close();
    }
  });

  it("reads a one-block file (raw CID) with one verified request, and rejects it corrupted", async () => {
    const bytes = new TextEncoder().encode('{"name":"Swahili proverbs"}');
    const { cid } = await helia.put(bytes);
    assert.ok(cid.startsWith("bafkrei"), cid);
    const gateway = await startTrustlessGateway(helia.helia.blockstore);
    const corrupt = await startTrustlessGateway(helia.helia.blockstore, { corrupt: true });
    try {
      assert.ok((await collect(createGatewayStore({ url: gateway.url }).get(cid))).equals(Buffer.from(bytes)));
      assert.deepEqual(gateway.requests, [`GET /ipfs/${cid}?format=raw accept=application/vnd.ipld.raw`]);
      await assert.rejects(collect(createGatewayStore({ url: corrupt.url }).get(cid)), (error: unknown) => {
        assert.ok(error instanceof BlockVerificationError, String(error));
        assert.equal(error.cid, cid);
        return true;
      });
    } finally {
      await gateway.close();
      await corrupt.close();
    }
  });

  it("reports missing content and refuses writes", async () => {
    const gateway = await startTrustlessGateway(helia.helia.blockstore);
    try {
      const store = createGatewayStore({ url: gateway.url });
      const missing = (await hashBytes(new TextEncoder().encode("missing"))).cid;
      await assert.rejects(collect(store.get(missing)), ContentNotFoundError);
      await assert.rejects(store.put(new Uint8Array([1])), ReadOnlyStoreError);
    } finally {
      await gateway.close();
    }
  });
});

describe("Kubo store (recorded RPC fixtures)", () => {
  let kubo: Awaited<ReturnType<typeof startKuboFixtureServer>>;
  const { cids, content } = kuboFixtures;
  const text = (s: string | undefined) => new TextEncoder().encode(s);
  before(async () => {
    kubo = await startKuboFixtureServer();
  });
  after(() => kubo.close());

  it("maps put to `ipfs add` options for each profile and checks Kubo's CID", async (t) => {
    t.diagnostic(
      "No real Kubo node runs here: requests are answered from recorded fixtures (test/fixtures/kubo-rpc.json).",
    );
    const store = createKuboStore({ url: kubo.url });
    assert.equal((await store.put(text(content.hello), { profile: "unixfs-v0-2015" })).cid, cids.helloV0);
    assert.equal((await store.put(pieces(text(content.hello), 5))).cid, cids.helloV1);
    const adds = kubo.seen.filter((r) => r.path === "/api/v0/add");
    assert.deepEqual(adds.at(-2)?.query, {
      "stream-channels": "true",
      "cid-version": "0",
      "raw-leaves": "false",
      chunker: "size-262144",
      pin: "true",
      progress: "false",
    });
    assert.equal(adds.at(-1)?.query.chunker, "size-1048576");
  });

  it("throws CidMismatchError when Kubo returns another CID", async () => {
    const store = createKuboStore({ url: kubo.url });
    await assert.rejects(store.put(text(content.other)), (error: unknown) => {
      assert.ok(error instanceof CidMismatchError, String(error));
      assert.equal(error.expected, cids.otherV1);
      assert.equal(error.actual, cids.otherV0);
      assert.match(error.message, /UnixFSFileMaxLinks/);
      return true;
    });
  });

  it("turns Kubo errors into StoreRequestError", async () => {
    const store = createKuboStore({ url: kubo.url });
    await assert.rejects(store.put(text(content.full)), (error: unknown) => {
      assert.ok(error instanceof StoreRequestError, String(error));
      assert.match(error.message, /no space left on device/);
      return true;
    });
  });

  it("gets blocks with `block/get` and verifies them", async () => {
    const store = createKuboStore({ url: kubo.url });
    assert.equal((await collect(store.get(cids.helloV0 as string))).toString(), content.hello);
    assert.equal((await collect(store.get(cids.helloV1 as string))).toString(), content.hello);
    await assert.rejects(collect(store.get(cids.tamperedV1 as string)), BlockVerificationError);
    await assert.rejects(collect(store.get(cids.missing as string)), ContentNotFoundError);
  });

  it("answers has() with `block/stat --offline`", async () => {
    const store = createKuboStore({ url: kubo.url });
    assert.equal(await store.has(cids.helloV1 as string), true);
    assert.equal(await store.has(cids.missing as string), false);
    assert.equal(kubo.seen.at(-1)?.query.offline, "true");
  });
});

describe("replicated store", () => {
  let a: HeliaStore;
  let b: HeliaStore;
  before(async () => {
    a = await createHeliaStore({ directory: join(dir, "replica-a") });
    b = await createHeliaStore({ directory: join(dir, "replica-b") });
  });
  after(async () => {
    await a.close();
    await b.close();
  });

  it("puts a stream into every store once, under one CID", async () => {
    const bytes = pseudoRandomBytes(4 * MiB + 1, 3);
    const store = createReplicatedStore([a, b]);
    const { cid } = await store.put(pieces(bytes), { profile: "unixfs-v0-2015" });
    assert.equal(cid, (await hashBytes(bytes, { profile: "unixfs-v0-2015" })).cid);
    assert.equal(await a.has(cid), true);
    assert.equal(await b.has(cid), true);
    assert.equal(await store.has(cid), true);
    assert.ok((await collect(b.get(cid))).equals(Buffer.from(bytes)));
  });

  it("rejects with ReplicationError when one store fails, naming it", async () => {
    const kubo = await startKuboFixtureServer();
    try {
      const failing: ContentStore[] = [createKuboStore({ url: kubo.url }), createGatewayStore({ url: kubo.url })];
      for (const bad of failing) {
        const store = createReplicatedStore([a, bad]);
        const bytes = pseudoRandomBytes(MiB + 9, bad.name.length);
        await assert.rejects(store.put(pieces(bytes)), (error: unknown) => {
          assert.ok(error instanceof ReplicationError, String(error));
          assert.deepEqual(
            error.failures.map((f) => f.store),
            [bad.name],
          );
          assert.deepEqual(error.succeeded, [a.name]);
          return true;
        });
      }
    } finally {
      await kubo.close();
    }
  });

  it("replicate() copies verified content from a gateway into a store", async () => {
    const bytes = pseudoRandomBytes(3 * MiB, 42);
    const { cid } = await a.put(bytes);
    const gateway = await startTrustlessGateway(a.helia.blockstore);
    try {
      const target = await createHeliaStore({ directory: join(dir, "replica-c") });
      try {
        assert.equal(await target.has(cid), false);
        const result = await replicate({ cid, from: createGatewayStore({ url: gateway.url }), to: [target] });
        assert.equal(result.cid, cid);
        assert.ok((await collect(target.get(cid))).equals(Buffer.from(bytes)));
      } finally {
        await target.close();
      }
    } finally {
      await gateway.close();
    }
  });
});
