import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** Where `npm run web:build` puts the web app. */
export const webDist = fileURLToPath(new URL("../../../web/dist", import.meta.url));

const types: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".wasm": "application/wasm",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * Serves the built web app (static files) with the dev network's `config.json`, and forwards
 * `/relayer/*` to the relayer if one is given, so the page reaches it from its own origin.
 */
export function webHandler({
  config,
  dist = webDist,
  relayer,
}: {
  config: () => object | undefined;
  dist?: string;
  relayer?: string | undefined;
}) {
  const root = resolve(dist);
  return async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (relayer && (url.pathname === "/relayer" || url.pathname.startsWith("/relayer/")))
      return forward(
        req,
        res,
        `${relayer.replace(/\/+$/, "")}${url.pathname.slice("/relayer".length) || "/"}${url.search}`,
      );
    if (req.method !== "GET" && req.method !== "HEAD") return void res.writeHead(405, { allow: "GET, HEAD" }).end();
    if (url.pathname === "/config.json") {
      const body = config();
      if (!body) return void res.writeHead(503, { "retry-after": "1" }).end("The network is still starting.\n");
      return void res
        .writeHead(200, { "content-type": "application/json", "cache-control": "no-store" })
        .end(JSON.stringify(body, null, 2));
    }
    let path: string;
    try {
      path = normalize(join(root, decodeURIComponent(url.pathname)));
    } catch {
      return void res.writeHead(400).end();
    }
    if (path !== root && !path.startsWith(root + sep)) return void res.writeHead(403).end();
    let info = await stat(path).catch(() => undefined);
    if (info?.isDirectory()) {
      path = join(path, "index.html");
      info = await stat(path).catch(() => undefined);
    }
    if (!info?.isFile()) {
      if (url.pathname === "/")
        return void res
          .writeHead(503, { "content-type": "text/plain; charset=utf-8" })
          .end("The web app is not built: run `npm run web:build`, then reload.\n");
      return void res.writeHead(404, { "content-type": "text/plain" }).end("Not found\n");
    }
    const hashed = url.pathname.startsWith("/assets/");
    res.writeHead(200, {
      "content-type": types[extname(path)] ?? "application/octet-stream",
      "content-length": info.size,
      "cache-control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
      "x-content-type-options": "nosniff",
    });
    if (req.method === "HEAD") return void res.end();
    createReadStream(path).pipe(res);
  };
}

async function forward(req: IncomingMessage, res: ServerResponse, target: string) {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 16 * 1024 * 1024) return void res.writeHead(413).end();
    chunks.push(chunk as Buffer);
  }
  try {
    const upstream = await fetch(target, {
      method: req.method,
      headers: { "content-type": req.headers["content-type"] ?? "application/json", accept: "application/json" },
      body: req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks),
    });
    const body = Buffer.from(await upstream.arrayBuffer());
    res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" });
    res.end(body);
  } catch (error) {
    res.writeHead(502, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { code: "relayer_unreachable", message: (error as Error).message } }));
  }
}
