import type { CID } from "multiformats/cid";
import { ContentNotFoundError, ReadOnlyStoreError, StoreRequestError } from "../errors/store.js";
import type { ContentStore, GetOptions } from "./types.js";
import { catVerified, parseCid } from "./verify.js";

/** Largest block accepted from a gateway (the trustless gateway spec's and bitswap's limit is 2 MiB; 4 MiB leaves margin). */
const maxBlockBytes = 4 * 1024 * 1024;

/** Parameters of {@link createGatewayStore}. */
export type CreateGatewayStoreParameters = {
  /** Gateway base URL, e.g. `https://trustless-gateway.link` or `http://127.0.0.1:8080`. */
  url: string;
  /** Extra request headers (e.g. authorization). */
  headers?: Record<string, string> | undefined;
  /** `fetch` implementation. Default: the global `fetch`. */
  fetch?: typeof globalThis.fetch | undefined;
  /** Blocks fetched in parallel while streaming a file. Default 8. */
  concurrency?: number | undefined;
};

/**
 * A read-only store over a trustless HTTP gateway (IPFS Trustless Gateway spec): fetches raw
 * blocks (`/ipfs/{cid}?format=raw`, `Accept: application/vnd.ipld.raw`), verifies every block
 * against its CID, and walks the UnixFS DAG itself, so a gateway cannot alter the content.
 * Works in Node and browsers.
 *
 * @example
 * ```ts
 * import { createGatewayStore } from "@cairn/sdk";
 * const gateway = createGatewayStore({ url: "https://trustless-gateway.link" });
 * for await (const chunk of gateway.get("bafkrei…")) process.stdout.write(chunk);
 * ```
 */
export function createGatewayStore(parameters: CreateGatewayStoreParameters): ContentStore {
  const base = parameters.url.replace(/\/+$/, "");
  const doFetch = parameters.fetch ?? globalThis.fetch;
  const name = `gateway(${base})`;

  const blockUrl = (cid: CID) => `${base}/ipfs/${cid.toString()}?format=raw`;
  const request = async (cid: CID, method: "GET" | "HEAD", signal?: AbortSignal) => {
    const url = blockUrl(cid);
    try {
      return {
        url,
        response: await doFetch(url, {
          method,
          headers: { accept: "application/vnd.ipld.raw", ...parameters.headers },
          signal: signal ?? null,
        }),
      };
    } catch (cause) {
      if ((cause as Error)?.name === "AbortError") throw cause;
      throw new StoreRequestError({ store: name, operation: `fetch block ${cid}`, url, cause });
    }
  };

  const fetchBlock = async (cid: CID, options: { signal?: AbortSignal | undefined }) => {
    const { url, response } = await request(cid, "GET", options.signal);
    if (response.status === 404 || response.status === 410) {
      await response.body?.cancel();
      throw new ContentNotFoundError({ cid: cid.toString(), store: name });
    }
    if (!response.ok) {
      const details = (await response.text().catch(() => "")).slice(0, 200);
      throw new StoreRequestError({
        store: name,
        operation: `fetch block ${cid}`,
        url,
        status: response.status,
        details,
      });
    }
    const length = Number(response.headers.get("content-length") ?? 0);
    if (length > maxBlockBytes) {
      await response.body?.cancel();
      throw new StoreRequestError({
        store: name,
        operation: `fetch block ${cid}`,
        url,
        details: `block of ${length} bytes exceeds ${maxBlockBytes}`,
      });
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.length > maxBlockBytes) {
      throw new StoreRequestError({
        store: name,
        operation: `fetch block ${cid}`,
        url,
        details: `block of ${bytes.length} bytes exceeds ${maxBlockBytes}`,
      });
    }
    return bytes;
  };

  return {
    name,
    public: true,
    async put() {
      throw new ReadOnlyStoreError({ store: name, operation: "put content" });
    },
    get(cid, options: GetOptions = {}) {
      return catVerified(parseCid(cid), fetchBlock, name, {
        signal: options.signal,
        blockReadConcurrency: parameters.concurrency ?? 8,
      });
    },
    async has(cid, options: GetOptions = {}) {
      const parsed = parseCid(cid);
      const { url, response } = await request(parsed, "HEAD", options.signal);
      if (response.ok) return true;
      if (response.status === 404 || response.status === 410) return false;
      throw new StoreRequestError({ store: name, operation: `check block ${parsed}`, url, status: response.status });
    },
    async close() {},
  };
}
