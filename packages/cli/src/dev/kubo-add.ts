import type { IncomingMessage, ServerResponse } from "node:http";
import type { CidProfile, HeliaStore } from "@cairn/sdk";

/**
 * The subset of Kubo's RPC `POST /api/v0/add` that browsers need to store content in `cairn dev`'s
 * Helia node, so the web app's code talks to a real Kubo RPC unchanged in production:
 * one multipart file part, `cid-version`, `raw-leaves`, `chunker=size-N` (or `profile`), answered
 * with Kubo's NDJSON line `{"Name","Hash","Size"}`. The store hashes what it receives and the browser
 * compares the CID with its own, so neither side trusts the other.
 *
 * Only pages served from loopback may call it (a page on the Internet must not fill a developer's node).
 */
export function isLoopbackOrigin(origin: string | undefined): boolean {
  if (!origin) return true; // not a browser cross-origin request (curl, Node)
  try {
    const { protocol, hostname } = new URL(origin);
    return (protocol === "http:" || protocol === "https:") && ["127.0.0.1", "localhost", "[::1]"].includes(hostname);
  } catch {
    return false;
  }
}

/** Which CID profile a Kubo `add` query asks for; undefined if it is not one of ours. */
export function profileOfQuery(query: URLSearchParams): CidProfile | undefined {
  const named = query.get("profile");
  if (named === "unixfs-v1-2025" || named === "unixfs-v0-2015") return named;
  const version = query.get("cid-version") ?? "0";
  const rawLeaves = query.get("raw-leaves") ?? (version === "1" ? "true" : "false");
  const chunker = query.get("chunker") ?? "size-262144";
  if (version === "1" && rawLeaves === "true" && chunker === "size-1048576") return "unixfs-v1-2025";
  if (version === "0" && rawLeaves === "false" && chunker === "size-262144") return "unixfs-v0-2015";
  return undefined;
}

/** Streams the body of the first part of a multipart/form-data request, with bounded memory. */
export async function* firstPart(source: AsyncIterable<Uint8Array>, boundary: string): AsyncGenerator<Uint8Array> {
  const opening = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  let buffer = Buffer.alloc(0);
  let state: "preamble" | "headers" | "body" = "preamble";
  for await (const chunk of source) {
    buffer = buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([buffer, chunk]);
    if (state === "preamble") {
      const at = buffer.indexOf(opening);
      if (at < 0) {
        if (buffer.length > 64 * 1024) throw new MultipartError("no multipart boundary found");
        continue;
      }
      buffer = buffer.subarray(at + opening.length);
      state = "headers";
    }
    if (state === "headers") {
      const end = buffer.indexOf("\r\n\r\n");
      if (end < 0) {
        if (buffer.length > 16 * 1024) throw new MultipartError("part headers too long");
        continue;
      }
      buffer = buffer.subarray(end + 4);
      state = "body";
    }
    const end = buffer.indexOf(delimiter);
    if (end >= 0) {
      if (end > 0) yield buffer.subarray(0, end);
      return;
    }
    // Keep what could be the start of the delimiter; hand on the rest.
    const keep = delimiter.length - 1;
    if (buffer.length > keep) {
      yield buffer.subarray(0, buffer.length - keep);
      buffer = buffer.subarray(buffer.length - keep);
    }
  }
  throw new MultipartError(state === "body" ? "the body ended before the closing boundary" : "no file part");
}

export class MultipartError extends Error {
  override name = "MultipartError";
}

/**
 * Handles `/api/v0/add` (and its CORS preflight); returns false for any other path so the gateway
 * handles it.
 */
export function kuboAddHandler(store: () => Promise<HeliaStore>) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== "/api/v0/add") return false;
    const origin = req.headers.origin;
    if (!isLoopbackOrigin(origin)) {
      res.writeHead(403, { "content-type": "application/json" });
      res.end(
        JSON.stringify({ Message: "only pages served from this machine may store here", Code: 0, Type: "error" }),
      );
      return true;
    }
    if (origin) {
      res.setHeader("access-control-allow-origin", origin);
      res.setHeader("vary", "origin");
    }
    if (req.method === "OPTIONS") {
      res.writeHead(204, {
        "access-control-allow-methods": "POST, OPTIONS",
        "access-control-allow-headers": "content-type",
        "access-control-max-age": "600",
      });
      res.end();
      return true;
    }
    const fail = (status: number, message: string) => {
      if (!res.headersSent) res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify({ Message: message, Code: 0, Type: "error" }));
      return true;
    };
    if (req.method !== "POST") return fail(405, "use POST");
    const profile = profileOfQuery(url.searchParams);
    if (!profile)
      return fail(
        400,
        "unsupported import options: use cid-version=1&raw-leaves=true&chunker=size-1048576 (unixfs-v1-2025) or cid-version=0&chunker=size-262144 (unixfs-v0-2015)",
      );
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(req.headers["content-type"] ?? "");
    if (!boundary) return fail(400, "expected multipart/form-data with a boundary");
    try {
      const { cid, size } = await (await store()).put(firstPart(req, boundary[1] ?? boundary[2]), { profile });
      res.writeHead(200, { "content-type": "application/x-ndjson", "x-chunked-output": "1" });
      res.end(`${JSON.stringify({ Name: "file", Hash: cid, Size: size.toString() })}\n`);
    } catch (error) {
      req.resume();
      return fail(error instanceof MultipartError ? 400 : 500, (error as Error).message);
    }
    return true;
  };
}

/** The dev gateway with the `add` endpoint in front of it. */
export function withKuboAdd(
  store: () => Promise<HeliaStore>,
  gateway: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
) {
  const add = kuboAddHandler(store);
  return async (req: IncomingMessage, res: ServerResponse) => {
    if (!(await add(req, res))) await gateway(req, res);
  };
}
