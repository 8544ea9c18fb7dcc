// The REST reads (`GET /v1/*`) served by a Hono app of their own on Ponder's HTTP server, not through Ponder's app.
//
// Ponder 0.16's server (ponder/dist/esm/server/index.js) runs every request through its Prometheus middleware (a
// gauge and three histograms per request, labels hashed each time) and hono/cors, whose headers it sets on `c.res`
// before the route runs: Hono then copies the route's answer into a new Response through its body's ReadableStream
// (a WHATWG Response and stream per request, read back in chunks by @hono/node-server), instead of writing the
// string it holds. With the block cache (./block-cache.ts) answering most pages from memory, that was most of the
// Ponder thread's time per request (README, "Where a REST request's time goes"). Here a GET under /v1/ goes straight
// to `fetch` through @hono/node-server's own request listener (the one Ponder's `serve` uses, so the same request
// and response handling): one routing, the answer's text written as it is. Every other request — POST, OPTIONS
// (CORS preflight), /graphql, /sql/*, /metrics, /healthz… — is Ponder's, as before. What the /v1 reads lose: they
// no longer appear in Ponder's `ponder_http_server_*` metrics.
//
// Ponder creates its server (node:http's `createServer`, read when it starts it) after it has loaded this API's
// module; `createServer` is wrapped until then, for that one server only (the first with a request listener: Ponder
// probes for a free port with a bare server first), and put back as soon as it is called. The module object is
// node's own (`process.getBuiltinModule`): Ponder runs this file through vite-node, whose import of a built-in hands
// out a copy that Ponder's server never reads.
import type * as Http from "node:http";
import { getRequestListener } from "@hono/node-server";

const http = process.getBuiltinModule("node:http") as typeof Http;

type Listener = (request: Http.IncomingMessage, response: Http.ServerResponse) => void;
type Fetch = (request: Request) => Response | Promise<Response>;

/** Whether a request is one of the REST reads `fetch` answers. */
export const isRestRead = (request: Pick<Http.IncomingMessage, "method" | "url">) =>
  (request.method === "GET" || request.method === "HEAD") && (request.url ?? "").startsWith("/v1/");

/** REST reads received and not yet answered (or abandoned by their client). */
let inFlight = 0;
/** How many REST reads are being answered now: background work (ANALYZE, ./planner-stats.ts) waits for none. */
export const restReadsInFlight = () => inFlight;

/** Hands the REST reads of the next HTTP server this process creates to `fetch`; returns a function that undoes it
 *  if no server was created yet. */
export function serveRestReads(fetch: Fetch): () => void {
  const original = http.createServer;
  // Ponder's `serve` swaps in @hono/node-server's lighter global Request/Response when it starts; not earlier here.
  const listen = getRequestListener(fetch, { overrideGlobalObjects: false });
  const fast: Listener = (request, response) => {
    inFlight++;
    response.once("close", () => inFlight--);
    return listen(request, response);
  };
  const wrapped = ((...args: unknown[]) => {
    const at = args.findIndex((a) => typeof a === "function");
    // A server with no request listener (Ponder's probe for a free port) is left as it is.
    if (at >= 0) {
      http.createServer = original;
      const listener = args[at] as Listener;
      args[at] = ((request, response) =>
        isRestRead(request) ? fast(request, response) : listener(request, response)) satisfies Listener;
    }
    return (original as (...a: unknown[]) => Http.Server)(...args);
  }) as typeof http.createServer;
  http.createServer = wrapped;
  return () => {
    if (http.createServer === wrapped) http.createServer = original;
  };
}
