import type { IncomingMessage, ServerResponse } from "node:http";

type Provider = { request(args: { method: string; params?: unknown }): Promise<unknown> };
type JsonRpcRequest = { jsonrpc?: string; id?: string | number | null; method?: unknown; params?: unknown };

const maxBody = 64 * 1024 * 1024;

/**
 * A JSON-RPC 2.0 handler over an EIP-1193 provider: single and batch requests, errors carrying the
 * provider's code and data (revert data reaches the client, so custom errors decode), CORS for web pages.
 */
export function rpcHandler(provider: () => Promise<Provider>) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    res.setHeader("access-control-allow-origin", "*");
    res.setHeader("access-control-allow-headers", "content-type, authorization");
    res.setHeader("access-control-allow-methods", "POST, GET, OPTIONS");
    if (req.method === "OPTIONS") return void res.writeHead(204).end();
    if (req.method === "GET") {
      return void res
        .writeHead(200, { "content-type": "text/plain" })
        .end("cairn dev: Ethereum JSON-RPC. POST JSON-RPC 2.0 requests here.\n");
    }
    if (req.method !== "POST") return void res.writeHead(405, { allow: "POST, GET, OPTIONS" }).end();
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      return send(res, { jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } });
    }
    const p = await provider();
    if (Array.isArray(body)) {
      if (body.length === 0)
        return send(res, {
          jsonrpc: "2.0",
          id: null,
          error: { code: -32600, message: "Invalid Request: empty batch" },
        });
      // in order: transactions in a batch must be applied in the order sent
      const results = [];
      for (const item of body) results.push(await handle(p, item));
      return send(res, results);
    }
    send(res, await handle(p, body as JsonRpcRequest));
  };
}

async function handle(provider: Provider, request: JsonRpcRequest) {
  const id = request?.id ?? null;
  if (!request || typeof request !== "object" || typeof request.method !== "string") {
    return { jsonrpc: "2.0", id, error: { code: -32600, message: "Invalid Request" } };
  }
  try {
    const params = request.params === undefined ? [] : request.params;
    const result = await provider.request({ method: request.method, params });
    return { jsonrpc: "2.0", id, result: result === undefined ? null : result };
  } catch (error) {
    const e = error as { code?: unknown; message?: string; data?: unknown };
    return {
      jsonrpc: "2.0",
      id,
      error: {
        code: typeof e.code === "number" ? e.code : -32603,
        message: e.message ?? "Internal error",
        ...(e.data !== undefined ? { data: e.data } : {}),
      },
    };
  }
}

function send(res: ServerResponse, payload: unknown) {
  const text = JSON.stringify(payload, (_, v) => (typeof v === "bigint" ? `0x${v.toString(16)}` : v));
  res.writeHead(200, { "content-type": "application/json" }).end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBody) {
        reject(new Error("request too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
