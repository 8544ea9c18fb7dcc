import type { IncomingMessage, ServerResponse } from "node:http";
import type { HeliaStore } from "@cairn/sdk";
import { CID } from "multiformats/cid";

/**
 * A small IPFS HTTP gateway over the embedded Helia node's blockstore, on the paths of the IPFS
 * gateway specs:
 * - `GET /ipfs/<cid>` streams the file's bytes (UnixFS, verified block by block);
 * - `GET /ipfs/<cid>?format=raw` or `Accept: application/vnd.ipld.raw` returns the block itself, as the
 *   Trustless Gateway spec says, so clients (`createGatewayStore`) verify everything themselves.
 * Read-only, local only, no network fetches: a block not on disk is a 404.
 */
export function gatewayHandler(store: () => Promise<HeliaStore>) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    res.setHeader("access-control-allow-origin", "*");
    res.setHeader("access-control-allow-headers", "accept, range");
    if (req.method === "OPTIONS") return void res.writeHead(204).end();
    if (req.method !== "GET" && req.method !== "HEAD")
      return void res.writeHead(405, { allow: "GET, HEAD, OPTIONS" }).end();
    const url = new URL(req.url ?? "/", "http://localhost");
    const match = /^\/ipfs\/([^/]+)\/?$/.exec(url.pathname);
    if (!match) {
      if (url.pathname === "/")
        return void text(res, 200, "cairn dev: IPFS gateway. GET /ipfs/<cid> (add ?format=raw for verified blocks).\n");
      return void text(res, 404, "Not found: use /ipfs/<cid>\n");
    }
    let cid: CID;
    try {
      cid = CID.parse(decodeURIComponent(match[1]));
    } catch {
      return void text(res, 400, `Invalid CID: ${match[1]}\n`);
    }
    const helia = (await store()).helia;
    if (!(await helia.blockstore.has(cid))) return void text(res, 404, `${cid} is not on this node\n`);
    const raw =
      url.searchParams.get("format") === "raw" || (req.headers.accept ?? "").includes("application/vnd.ipld.raw");
    const headers = {
      etag: `"${cid}${raw ? ".raw" : ""}"`,
      "cache-control": "public, max-age=29030400, immutable",
      "x-ipfs-path": `/ipfs/${cid}`,
      "x-content-type-options": "nosniff",
    };
    if (raw) {
      const block = await readBlock(helia.blockstore.get(cid, { offline: true } as never));
      res.writeHead(200, { ...headers, "content-type": "application/vnd.ipld.raw", "content-length": block.length });
      return void res.end(req.method === "HEAD" ? undefined : block);
    }
    res.writeHead(200, { ...headers, "content-type": "application/octet-stream" });
    if (req.method === "HEAD") return void res.end();
    try {
      for await (const chunk of (await store()).get(cid)) {
        if (!res.write(chunk)) await new Promise((resolve) => res.once("drain", resolve));
      }
      res.end();
    } catch (error) {
      // headers are out: cut the response so the client sees a truncated body, not a wrong one
      res.destroy(error as Error);
    }
  };
}

/** A blockstore's `get` returns bytes, a promise of bytes, or (newer interface) chunks. */
async function readBlock(result: unknown): Promise<Uint8Array> {
  const value = await result;
  if (value instanceof Uint8Array) return value;
  const chunks: Uint8Array[] = [];
  for await (const chunk of value as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
}

function text(res: ServerResponse, status: number, body: string) {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8" }).end(body);
}
