/**
 * The HTTP API (node:http, JSON):
 * - `POST /v1/contributions` — one signed contribution, an array, or `{ items: [...] }` → 202 `{ items: [{ key, status }] }`
 * - `GET /v1/contributions/:key` — queued | submitted (tx) | included (tx, block, contribution id) | skipped (reason) | failed (reason)
 * - `GET /healthz` — 200 when the database and the chain answer, else 503
 * - `GET /metrics` — Prometheus text
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Hex } from "viem";
import { ApiError } from "./errors.js";
import type { Logger } from "./log.js";
import type { Metrics } from "./metrics.js";
import type { TokenBuckets } from "./ratelimit.js";
import type { ItemState, QueueStore } from "./store/types.js";
import type { Validator } from "./validate.js";
import { itemsOf } from "./wire.js";

export type ServerOptions = {
  store: QueueStore;
  validator: Validator;
  metrics: Metrics;
  log: Logger;
  maxBodyBytes: number;
  maxItemsPerRequest: number;
  perContributor: TokenBuckets;
  perClient: TokenBuckets;
  onAccepted: () => void;
  health: () => Promise<Record<string, unknown> & { ok: boolean }>;
  gauges: () => Promise<{ queued: number; inFlightBatches: number; nextNonce: number | undefined }>;
  /** Trust X-Forwarded-For for the client address (behind a reverse proxy). */
  trustProxy: boolean;
};

const KEY_PATH = /^\/v1\/contributions\/(0x[0-9a-fA-F]{64})$/;

export function createApiServer(o: ServerOptions): Server {
  const server = createServer((req, res) => {
    route(o, req, res).catch((error) => {
      if (error instanceof ApiError) return send(res, error.status, error.toJSON(), error.headers);
      o.log.error("request failed", { error: (error as Error).stack });
      send(res, 500, { error: { code: "internal", field: null, message: "internal error" } });
    });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;
  return server;
}

async function route(o: ServerOptions, req: IncomingMessage, res: ServerResponse) {
  const url = req.url ?? "/";
  const path = url.split("?")[0];
  if (req.method === "POST" && path === "/v1/contributions") return accept(o, req, res);
  if (req.method === "GET") {
    const m = KEY_PATH.exec(path);
    if (m) return status(o, m[1].toLowerCase() as Hex, res);
    if (path === "/healthz") {
      const h = await o.health();
      return send(res, h.ok ? 200 : 503, h);
    }
    if (path === "/metrics") {
      const body = o.metrics.render(await o.gauges());
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(body);
      return;
    }
  }
  if (path.startsWith("/v1/contributions")) {
    if (req.method === "GET" && path.startsWith("/v1/contributions/")) {
      throw new ApiError(400, "invalid_key", "a key is 0x followed by 64 hex digits", "key");
    }
    throw new ApiError(405, "method_not_allowed", `${req.method} is not allowed here`);
  }
  throw new ApiError(404, "not_found", `no route for ${req.method} ${path}`);
}

async function accept(o: ServerOptions, req: IncomingMessage, res: ServerResponse) {
  const started = performance.now();
  const client = clientAddress(req, o.trustProxy);
  let body: unknown;
  try {
    body = JSON.parse(await readBody(req, o.maxBodyBytes));
  } catch (error) {
    const e = error instanceof ApiError ? error : new ApiError(400, "invalid_json", "the body is not valid JSON");
    o.metrics.reject(e.code);
    if (e.status === 413) res.setHeader("connection", "close");
    throw e;
  }
  let raw: unknown[];
  try {
    raw = itemsOf(body, o.maxItemsPerRequest);
  } catch (error) {
    o.metrics.reject((error as ApiError).code ?? "invalid_body");
    throw error;
  }
  const wait = o.perClient.take(client, raw.length);
  if (wait > 0) {
    o.metrics.reject("rate_limited", raw.length);
    throw new ApiError(429, "rate_limited", `too many contributions from ${client}; retry in ${wait} s`, undefined, {
      "retry-after": String(wait),
    });
  }
  let result: Awaited<ReturnType<Validator["validate"]>>;
  try {
    result = await o.validator.validate(raw);
  } catch (error) {
    o.perClient.refund(client, raw.length);
    o.metrics.reject(error instanceof ApiError ? error.code : "internal", raw.length);
    throw error;
  }
  // Per contributor, counted on the items that are new (a resubmission costs nothing).
  const byContributor = new Map<string, number>();
  for (const a of result.accepted)
    if (a.item) byContributor.set(a.item.contributor, (byContributor.get(a.item.contributor) ?? 0) + 1);
  const taken: [string, number][] = [];
  for (const [contributor, n] of byContributor) {
    const w = o.perContributor.take(contributor, n);
    if (w > 0) {
      for (const [c, k] of taken) o.perContributor.refund(c, k);
      o.perClient.refund(client, raw.length);
      o.metrics.reject("rate_limited", raw.length);
      throw new ApiError(
        429,
        "rate_limited",
        `too many contributions from ${contributor}; retry in ${w} s`,
        "contributor",
        { "retry-after": String(w) },
      );
    }
    taken.push([contributor, n]);
  }
  const fresh = result.accepted.flatMap((a) => (a.item ? [a.item] : []));
  const inserted = fresh.length > 0 ? await o.store.insertItems(fresh, Date.now()) : new Set<Hex>();
  o.metrics.accepted += inserted.size;
  if (inserted.size > 0) o.onAccepted();
  // A key inserted by a concurrent request in between is just as good: report its state.
  const items = await Promise.all(
    result.accepted.map(async (a) => {
      if (inserted.has(a.key)) return { key: a.key, status: "queued" };
      const state = await o.store.getItem(a.key);
      return { key: a.key, status: state ? publicStatus(state).status : "queued", duplicate: true };
    }),
  );
  send(res, 202, { items, ms: Math.round((performance.now() - started) * 100) / 100 });
}

async function status(o: ServerOptions, key: Hex, res: ServerResponse) {
  const state = await o.store.getItem(key);
  if (!state) throw new ApiError(404, "unknown_key", `no contribution with key ${key}`, "key");
  send(res, 200, publicStatus(state));
}

/** The public view of an item's state. */
export function publicStatus(s: ItemState) {
  const base = {
    key: s.key,
    datasetId: s.datasetId,
    contentHash: s.contentHash,
    contributor: s.contributor,
    acceptedAt: new Date(s.createdAt).toISOString(),
  };
  switch (s.status) {
    case "queued":
      return { ...base, status: "queued" as const };
    case "batched":
      return s.batchStatus === "sent"
        ? { ...base, status: "submitted" as const, tx: s.txHash }
        : { ...base, status: "queued" as const };
    case "included":
      return {
        ...base,
        status: "included" as const,
        tx: s.txHash,
        block: s.blockNumber,
        contributionId: `${s.datasetId}:${s.contentHash}`,
      };
    case "skipped":
      return { ...base, status: "skipped" as const, tx: s.txHash, block: s.blockNumber, reason: s.reason };
    default:
      return { ...base, status: "failed" as const, reason: s.reason };
  }
}

function readBody(req: IncomingMessage, max: number): Promise<string> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > max) {
    req.resume();
    return Promise.reject(new ApiError(413, "body_too_large", `the body is ${declared} bytes; the limit is ${max}`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > max) {
        done = true;
        req.resume();
        reject(new ApiError(413, "body_too_large", `the body is over the limit of ${max} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!done) resolve(Buffer.concat(chunks).toString("utf8"));
    });
    req.on("error", (error) => {
      if (!done) reject(error);
    });
  });
}

function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const fwd = req.headers["x-forwarded-for"];
    const first = (Array.isArray(fwd) ? fwd[0] : fwd)?.split(",")[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? "unknown";
}

function send(res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>) {
  if (res.headersSent) return;
  const text = JSON.stringify(body, (_, v) => (typeof v === "bigint" ? v.toString() : v));
  res
    .writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers })
    .end(text);
}
