import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { multiaddr } from "@multiformats/multiaddr";
import { CID } from "multiformats/cid";
import { createHeliaStore, type HeliaStore } from "../../src/index.js";

/**
 * A small IPFS Pinning Service API server for the tests, backed by its own Helia node (on disk, libp2p on
 * loopback): `POST /pins` dials the pin's origins and fetches every block over bitswap, `GET /pins[/:id]`,
 * `DELETE /pins/:id`, and a trustless gateway (`GET /ipfs/<cid>?format=raw`) serving only what it holds.
 */
export async function startPinningServer({ directory, token }: { directory: string; token: string }) {
  const store: HeliaStore = await createHeliaStore({ directory, listen: ["/ip4/127.0.0.1/tcp/0"] });
  const helia = store.helia;
  // listening (`listen` above): the node has libp2p, which the Helia type does not show
  const libp2p = (
    helia as unknown as {
      libp2p: {
        getMultiaddrs(): Array<{ toString(): string }>;
        dial(address: ReturnType<typeof multiaddr>): Promise<unknown>;
        hangUp(address: ReturnType<typeof multiaddr>): Promise<void>;
      };
    }
  ).libp2p;
  type Pin = {
    requestid: string;
    status: string;
    created: string;
    pin: { cid: string; name?: string };
    delegates: string[];
  };
  const pins = new Map<string, Pin>();
  const delegates = () => libp2p.getMultiaddrs().map(String);

  const pinIt = async (pin: Pin, origins: string[]) => {
    pin.status = "pinning";
    try {
      for (const origin of origins) {
        // a fresh connection for each pin: over a reused one, a block the service had dropped was not fetched again
        await libp2p.hangUp(multiaddr(origin)).catch(() => {});
        // A dial right after the hang-up can meet the closing connection (ECONNRESET): try again, as a service would.
        for (let attempt = 1; attempt <= 5; attempt++) {
          const dialed = await libp2p.dial(multiaddr(origin)).then(
            () => true,
            (error: unknown) => {
              if (process.env.DEBUG_PINNING) console.error("dial failed", origin, error);
              return false;
            },
          );
          if (dialed) break;
          await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
        }
      }
      for await (const _ of helia.pins.add(CID.parse(pin.pin.cid), { signal: AbortSignal.timeout(30_000) })) {
        // every block fetched and stored
      }
      pin.status = "pinned";
    } catch (error) {
      if (process.env.DEBUG_PINNING) console.error("pin failed", error);
      pin.status = "failed";
    }
  };

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    const raw = /^\/ipfs\/([^/?]+)$/.exec(url.pathname);
    if (raw && req.method === "GET") {
      const cid = CID.parse(raw[1]);
      if (!(await helia.blockstore.has(cid))) return void res.writeHead(404).end();
      const value = (await helia.blockstore.get(cid, { offline: true } as never)) as unknown;
      const chunks: Uint8Array[] = [];
      if (value instanceof Uint8Array) chunks.push(value);
      else for await (const chunk of value as AsyncIterable<Uint8Array>) chunks.push(chunk);
      return void res.writeHead(200, { "content-type": "application/vnd.ipld.raw" }).end(Buffer.concat(chunks));
    }
    if (req.headers.authorization !== `Bearer ${token}`) return json(401, { error: { reason: "UNAUTHORIZED" } });
    if (url.pathname === "/pins" && req.method === "POST") {
      const body = JSON.parse(await read(req)) as { cid: string; name?: string; origins?: string[] };
      const pin: Pin = {
        requestid: randomUUID(),
        status: "queued",
        created: new Date().toISOString(),
        pin: { cid: body.cid, ...(body.name ? { name: body.name } : {}) },
        delegates: delegates(),
      };
      pins.set(pin.requestid, pin);
      void pinIt(pin, body.origins ?? []);
      return json(202, pin);
    }
    if (url.pathname === "/pins" && req.method === "GET") {
      const cids = url.searchParams.get("cid")?.split(",");
      const results = [...pins.values()].filter((p) => !cids || cids.includes(p.pin.cid));
      return json(200, { count: results.length, results });
    }
    const one = /^\/pins\/([^/]+)$/.exec(url.pathname);
    const pin = one ? pins.get(one[1]) : undefined;
    if (one && !pin) return json(404, { error: { reason: "NOT_FOUND" } });
    if (pin && req.method === "GET") return json(200, pin);
    if (pin && req.method === "DELETE") {
      pins.delete(pin.requestid);
      try {
        for await (const _ of helia.pins.rm(CID.parse(pin.pin.cid))) {
          // unpinned
        }
      } catch {
        // not pinned (any more)
      }
      return void res.writeHead(202).end();
    }
    json(404, { error: { reason: "NOT_FOUND" } });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    url,
    store,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await store.close();
    },
  };
}

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    req.on("data", (d) => {
      body += d;
    });
    req.on("end", () => resolve(body));
    req.on("error", reject);
  });
}
