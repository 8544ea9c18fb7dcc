import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";

/** JSON-RPC methods whose answer is a block, with its transactions as objects when asked for. */
const blockMethods = new Set(["eth_getBlockByNumber", "eth_getBlockByHash"]);

/** A transaction's calldata in a JSON answer's text (a JSON string holds no unescaped quote). */
const calldata = /"input"\s*:\s*"0x[0-9a-fA-F]*"/g;

/**
 * Drops the calldata (`input`) of the transactions in a block answer's JSON text. The indexer's handlers read
 * `event.transaction.hash` and nothing else of a transaction (test/transport.test.ts checks the sources), but
 * Ponder fetches every block with its full transactions and stores them in its sync tables: a batch of 400
 * contributions is one transaction of ~260 KB of calldata, parsed, written to the database (compressed, TOAST)
 * and read back for every block. Without it, a block costs what its logs cost. Done on the text, before anyone
 * parses it: a block's only `input` fields are its transactions' calldata.
 */
export function withoutCalldata(text: string): string {
  return text.replace(calldata, '"input":"0x"');
}

/** Whether a JSON-RPC request body (one call or a batch) asks for a block. */
function asksForBlock(body: string): boolean {
  try {
    const parsed = JSON.parse(body) as { method?: unknown } | Array<{ method?: unknown }>;
    return (Array.isArray(parsed) ? parsed : [parsed]).some((c) => blockMethods.has(c?.method as string));
  } catch {
    return false;
  }
}

export type RpcRelay = {
  /** `lanes` URLs of the relay: give them all to Ponder as the chain's `rpc`. */
  urls: string[];
  close(): Promise<void>;
};

const maxRequestBytes = 1 << 20;

/**
 * The indexer's JSON-RPC relay: an HTTP server on 127.0.0.1 (ephemeral port, in the Ponder process) that forwards
 * each JSON-RPC request to `upstream` and drops transactions' calldata from block answers (`withoutCalldata`).
 *
 * Why a relay and several URLs rather than a viem transport: Ponder 0.16 rate-limits each RPC endpoint it is given
 * (`rpc/index.js`): 20 requests a second at first, raised by 5 % only after 5 × the limit consecutive successes
 * with every one of the last seconds near the limit — a dev chain or one's own node answers far more, and Ponder
 * spent most of a cold sync and of the live head waiting for that budget (idle, with every process below 0.5
 * core). Polling the head every 100 ms already takes 10 of the 20; each live block takes 2 more. Ponder gives each
 * URL of an `rpc` array its own budget, so the relay answers on `lanes` URLs (one path each) — a custom
 * transport is always one endpoint. The paths carry a random token: another local process cannot use the relay
 * to reach an upstream whose URL holds an API key.
 */
export async function startRpcRelay(
  upstream: string,
  options: { lanes?: number; timeoutMs?: number } = {},
): Promise<RpcRelay> {
  const lanes = Math.max(1, Math.floor(options.lanes ?? 1));
  const token = randomBytes(16).toString("hex");
  const server: Server = createServer(async (req, res) => {
    const lane = Number((req.url ?? "").split("/")[2]);
    if (req.method !== "POST" || !req.url?.startsWith(`/${token}/`) || !(lane >= 0 && lane < lanes)) {
      res.writeHead(404).end();
      return;
    }
    const abort = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) abort.abort();
    });
    try {
      const body = await readBody(req);
      const answer = await fetch(upstream, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
        signal: AbortSignal.any([abort.signal, AbortSignal.timeout(options.timeoutMs ?? 60_000)]),
      });
      const text = await answer.text();
      res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
      res.end(asksForBlock(body) ? withoutCalldata(text) : text);
    } catch (error) {
      if (res.headersSent || abort.signal.aborted) return res.destroy();
      res.writeHead(502, { "content-type": "text/plain" }).end(`relay: ${(error as Error).message}`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  // Never what keeps a process alive (`ponder codegen` evaluates the config too).
  server.unref();
  const { port } = server.address() as { port: number };
  return {
    urls: Array.from({ length: lanes }, (_, i) => `http://127.0.0.1:${port}/${token}/${i}`),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const relays = new Map<string, Promise<RpcRelay>>();
const globalRelays = globalThis as { cairnRpcRelays?: Map<string, Promise<RpcRelay>> };

/** One relay per upstream and lane count in this process: `ponder dev` evaluates the config again on each change. */
export function sharedRpcRelay(upstream: string, lanes: number): Promise<RpcRelay> {
  globalRelays.cairnRpcRelays ??= relays;
  const shared = globalRelays.cairnRpcRelays;
  const key = `${lanes} ${upstream}`;
  let relay = shared.get(key);
  if (!relay) {
    relay = startRpcRelay(upstream, { lanes });
    shared.set(key, relay);
  }
  return relay;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxRequestBytes) {
        req.destroy();
        reject(new Error("request too large"));
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
