// A REST route whose answer is kept for the indexed block it was computed at (./block-cache.ts).
import type { ServerResponse } from "node:http";
import type { Context } from "hono";
import type { BlockCache } from "./block-cache.js";

/**
 * A cached route: its answer is asked of the cache by the request's path and query. The answer's memory may be
 * written over once the cache drops it (./answer-arena.ts): the response holds a lease until Node's response is done
 * with it (its `close`: sent to the kernel, or abandoned). Served without a Node response to watch (Hono's
 * `app.request`, in tests), it answers a copy.
 */
export const cachedRoute =
  (cache: BlockCache) =>
  (compute: (c: Context) => Promise<unknown>) =>
  async (c: Context): Promise<Response> => {
    const url = new URL(c.req.url);
    const release = cache.lease();
    const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
    // Watched from the start: a client gone before the answer is ready releases it too (nothing is sent then).
    if (outgoing?.closed) release();
    else outgoing?.once("close", release);
    try {
      const body = await cache.answer(`${url.pathname}${url.search}`, () => compute(c));
      return c.body(outgoing ? body : Buffer.from(body), 200, { "content-type": "application/json; charset=utf-8" });
    } finally {
      if (!outgoing) release();
    }
  };
