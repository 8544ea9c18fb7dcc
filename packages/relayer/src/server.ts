/**
 * The HTTP API, on fastify (routing, JSON bodies and their size limit, trusted proxies, timeouts) with
 * @fastify/cors:
 * - `POST /v1/contributions` — one signed contribution, an array, or `{ items: [...] }` → 202 `{ items: [{ key, status }] }`
 * - `GET /v1/contributions/:key` — queued | submitted (tx) | included (tx, block, contribution id) | skipped (reason) | failed (reason)
 * - `GET /healthz` — 200 when the database and the chain answer, else 503
 * - `GET /metrics` — Prometheus text (prom-client)
 * Shapes (bodies, status names, error codes) are the SDK's `schemas/relay.ts`.
 */

import type { Server } from "node:http";
import type { Socket } from "node:net";
import type { RelayErrorCode, RelayStatus } from "@cairn/sdk";
import cors from "@fastify/cors";
import Fastify, {
  type FastifyError,
  type FastifyHttpOptions,
  type FastifyInstance,
  type FastifyReply,
  LogController,
} from "fastify";
import type { Hex } from "viem";
import { ApiError } from "./errors.js";
import type { Charge } from "./limits.js";
import type { Logger } from "./log.js";
import type { Metrics } from "./metrics.js";
import { clientKey, type Payer, type Policy } from "./policy.js";
import type { ItemState, QueueStore } from "./store/types.js";
import type { Validator } from "./validate.js";
import { itemsOf } from "./wire.js";

export type ServerOptions = {
  store: QueueStore;
  validator: Validator;
  metrics: Metrics;
  log: Logger;
  policy: Policy;
  maxBodyBytes: number;
  maxItemsPerRequest: number;
  onAccepted: () => void;
  health: () => Promise<Record<string, unknown> & { ok: boolean }>;
  trustProxy: false | number | string[];
  corsOrigins: string[];
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxConnectionsPerClient: number;
};

const KEY = /^0x[0-9a-fA-F]{64}$/;

const errorBody = (code: RelayErrorCode, message: string, field: string | null = null) =>
  JSON.stringify({ error: { code, field, message } });

export async function createApiServer(o: ServerOptions): Promise<FastifyInstance> {
  const trustProxy = o.trustProxy;
  const options: FastifyHttpOptions<Server> = {
    loggerInstance: o.log.pino,
    // No log line per request (a thousand a second); refusals are counted in the metrics instead.
    logController: new LogController({ disableRequestLogging: true }),
    // Never `true`: that would take the leftmost X-Forwarded-For entry, which the client writes.
    // A hop count trusts that many proxies nearest to us (as proxy-addr counts hops).
    trustProxy: typeof trustProxy === "number" ? (_address: string, hop: number) => hop < trustProxy : trustProxy,
    bodyLimit: o.maxBodyBytes,
    requestTimeout: o.requestTimeoutMs,
    keepAliveTimeout: o.keepAliveTimeoutMs,
    return503OnClosing: false,
    forceCloseConnections: true,
    // Node checks header and request deadlines on this interval (30 s by default: too slow to matter).
    http: { headersTimeout: o.headersTimeoutMs, connectionsCheckingInterval: 500 },
    clientErrorHandler: (error: NodeJS.ErrnoException, socket: Socket) => {
      if (error.code === "ECONNRESET" || socket.destroyed) return;
      const timeout = error.code === "ERR_HTTP_REQUEST_TIMEOUT";
      if (timeout) o.metrics.slowRequestClosed();
      const [status, body] = timeout
        ? ["408 Request Timeout", errorBody("request_timeout", "the request did not arrive in time")]
        : error.code === "HPE_HEADER_OVERFLOW"
          ? ["431 Request Header Fields Too Large", errorBody("invalid_body", "the headers are too large")]
          : ["400 Bad Request", errorBody("invalid_body", "malformed HTTP request")];
      if (socket.writable)
        socket.write(
          `HTTP/1.1 ${status}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
        );
      socket.destroy();
    },
  };
  const app = Fastify(options);
  limitConnections(app, o);

  // JSON only: a cross-origin page may post text/plain or a form without asking (no preflight); refuse them.
  app.removeContentTypeParser(["text/plain"]);
  await app.register(cors, {
    origin: o.corsOrigins.includes("*") ? "*" : o.corsOrigins.length > 0 ? o.corsOrigins : false,
    methods: ["GET", "POST"],
    allowedHeaders: ["content-type", "x-api-key", "authorization"],
    exposedHeaders: ["retry-after"],
    maxAge: 600,
  });

  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    if (error instanceof ApiError) return sendError(reply, error);
    const map: Record<string, [number, RelayErrorCode, string]> = {
      FST_ERR_CTP_BODY_TOO_LARGE: [413, "body_too_large", `the body is over the limit of ${o.maxBodyBytes} bytes`],
      FST_ERR_CTP_INVALID_MEDIA_TYPE: [
        415,
        "unsupported_media_type",
        `send JSON (content-type: application/json), not ${request.headers["content-type"] ?? "nothing"}`,
      ],
      FST_ERR_CTP_INVALID_JSON_BODY: [400, "invalid_json", "the body is not valid JSON"],
      FST_ERR_CTP_EMPTY_JSON_BODY: [400, "invalid_json", "the body is empty"],
    };
    const known = map[error.code] ?? (error.statusCode === 400 ? map.FST_ERR_CTP_INVALID_JSON_BODY : undefined);
    if (known) {
      o.metrics.reject(known[1]);
      if (known[0] === 413) reply.header("connection", "close");
      return sendError(reply, new ApiError(known[0], known[1], known[2]));
    }
    o.log.error("request failed", { error: error.stack });
    return sendError(reply, new ApiError(500, "internal", "internal error"));
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0];
    if (path.startsWith("/v1/contributions"))
      return sendError(reply, new ApiError(405, "method_not_allowed", `${request.method} is not allowed here`));
    return sendError(reply, new ApiError(404, "not_found", `no route for ${request.method} ${path}`));
  });

  app.post("/v1/contributions", async (request, reply) => {
    const started = performance.now();
    let raw: unknown[];
    try {
      raw = itemsOf(request.body, o.maxItemsPerRequest);
    } catch (error) {
      o.metrics.reject((error as ApiError).code ?? "invalid_body");
      throw error;
    }
    const client = request.ip;
    let payer: Payer;
    try {
      payer = o.policy.payer(request.headers, client);
    } catch (error) {
      o.metrics.reject((error as ApiError).code ?? "invalid_api_key", raw.length);
      throw error;
    }
    const admitted = await o.policy.admit(client, raw.length);
    let inserted: Set<Hex>;
    let accepted: Awaited<ReturnType<Validator["validate"]>>["accepted"];
    let charged: Charge[] = [];
    try {
      ({ accepted } = await o.validator.validate(raw));
      // Only items new to the queue are charged (a resubmission costs nothing).
      const fresh = accepted.flatMap((a) => (a.item ? [a.item] : []));
      charged = await o.policy.charge(payer, fresh, raw.length);
      inserted = fresh.length > 0 ? await o.store.insertItems(fresh, Date.now()) : new Set<Hex>();
      charged = [];
      // Another request may have queued some of these items in between: they are not paid for twice.
      await o.policy.inserted(payer, fresh, inserted);
    } catch (error) {
      await o.policy.refund([...admitted, ...charged]);
      if (error instanceof ApiError) {
        if (error.status !== 429) o.metrics.reject(error.code, raw.length);
      } else o.metrics.reject("internal", raw.length);
      throw error;
    }
    o.metrics.accept(inserted.size);
    if (inserted.size > 0) o.onAccepted();
    // A key inserted by a concurrent request in between is just as good: report its state.
    const items = await Promise.all(
      accepted.map(async (a) => {
        if (inserted.has(a.key)) return { key: a.key, status: "queued" as const };
        const state = await o.store.getItem(a.key);
        return { key: a.key, status: state ? publicStatus(state).status : ("queued" as const), duplicate: true };
      }),
    );
    return reply.code(202).send({ items, ms: Math.round((performance.now() - started) * 100) / 100 });
  });

  // Reads are charged to the client's rate too (one token each): each one reads the database, and /healthz the
  // chain's RPC, so an unmetered flood would cost the operator as much as posts.
  app.get<{ Params: { key: string } }>("/v1/contributions/:key", async (request, reply) => {
    await o.policy.admit(request.ip, 1, "requests");
    const { key } = request.params;
    if (!KEY.test(key)) throw new ApiError(400, "invalid_key", "a key is 0x followed by 64 hex digits", "key");
    const state = await o.store.getItem(key.toLowerCase() as Hex);
    if (!state) throw new ApiError(404, "unknown_key", `no contribution with key ${key}`, "key");
    return reply.send(publicStatus(state));
  });

  app.get("/healthz", async (request, reply) => {
    await o.policy.admit(request.ip, 1, "requests");
    const h = await o.health();
    return reply.code(h.ok ? 200 : 503).send(h);
  });

  app.get("/metrics", async (request, reply) => {
    await o.policy.admit(request.ip, 1, "requests");
    return reply.header("content-type", o.metrics.registry.contentType).send(await o.metrics.render());
  });

  return app;
}

function sendError(reply: FastifyReply, e: ApiError) {
  if (e.headers) reply.headers(e.headers);
  return reply.code(e.status).header("content-type", "application/json").send(e.toJSON());
}

/**
 * Open connections per client: IPv4 by address, IPv6 by /64 (as the rate limits count them: one host usually
 * holds a whole /64, and could otherwise open connections from 2^64 addresses).
 */
export class ConnectionCounter {
  private readonly open = new Map<string, number>();
  constructor(private readonly max: number) {}

  /** Counts a new connection from `peer`; false (and not counted) when the client already has `max` open. */
  opened(peer: string): boolean {
    const key = clientKey(peer);
    const n = (this.open.get(key) ?? 0) + 1;
    if (n > this.max) return false;
    this.open.set(key, n);
    return true;
  }

  closed(peer: string) {
    const key = clientKey(peer);
    const left = (this.open.get(key) ?? 1) - 1;
    if (left <= 0) this.open.delete(key);
    else this.open.set(key, left);
  }
}

/**
 * At most `maxConnectionsPerClient` open connections per TCP peer: one more is answered 429 and closed at
 * once, before it can hold a request slot. (Behind a proxy the peer is the proxy: size the cap for it.)
 */
function limitConnections(app: FastifyInstance, o: ServerOptions) {
  if (o.maxConnectionsPerClient <= 0) return;
  const counter = new ConnectionCounter(o.maxConnectionsPerClient);
  app.server.on("connection", (socket: Socket) => {
    const peer = socket.remoteAddress ?? "unknown";
    if (!counter.opened(peer)) {
      o.metrics.connectionRefused();
      const body = errorBody(
        "too_many_connections",
        `at most ${o.maxConnectionsPerClient} open connections per client address`,
      );
      socket.end(
        `HTTP/1.1 429 Too Many Requests\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nretry-after: 1\r\nconnection: close\r\n\r\n${body}`,
      );
      socket.destroySoon?.();
      setTimeout(() => socket.destroy(), 1_000).unref();
      return;
    }
    socket.once("close", () => counter.closed(peer));
  });
}

/** The public view of an item's state (the SDK's `RelayStatus`). */
export function publicStatus(s: ItemState): RelayStatus {
  const base = {
    key: s.key,
    datasetId: s.datasetId,
    contentHash: s.contentHash,
    contributor: s.contributor,
    acceptedAt: new Date(s.createdAt).toISOString(),
  };
  switch (s.status) {
    case "queued":
      return { ...base, status: "queued" };
    case "batched":
      return s.batchStatus === "sent"
        ? { ...base, status: "submitted", tx: s.txHash as Hex }
        : { ...base, status: "queued" };
    case "included":
      return {
        ...base,
        status: "included",
        tx: s.txHash as Hex,
        block: s.blockNumber as string,
        contributionId: `${s.datasetId}:${s.contentHash}`,
      };
    case "skipped":
      return {
        ...base,
        status: "skipped",
        tx: s.txHash as Hex,
        block: s.blockNumber as string,
        reason: s.reason as Extract<RelayStatus, { status: "skipped" }>["reason"],
      };
    default:
      return { ...base, status: "failed", reason: s.reason as Extract<RelayStatus, { status: "failed" }>["reason"] };
  }
}
