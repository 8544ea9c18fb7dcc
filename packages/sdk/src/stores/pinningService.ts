import type { CID } from "multiformats/cid";
import { StoreRequestError } from "../errors/store.js";
import { createGatewayStore } from "./gateway.js";
import type { ContentStore, GetOptions } from "./types.js";

/** A pin's state in the IPFS Pinning Service API. */
export type PinState = "queued" | "pinning" | "pinned" | "failed";

export type PinStatus = {
  requestid: string;
  status: PinState;
  pin: { cid: string; name?: string };
  delegates?: string[];
};

export type CreatePinningServiceStoreParameters = {
  /** The service's API endpoint (the URL before `/pins`). */
  endpoint: string;
  /** Bearer token of the service. */
  accessToken: string;
  /**
   * Where content is first stored and from where the service fetches it (its multiaddrs are sent as the
   * pin's `origins`): a store that serves blocks to the IPFS network, e.g. `createHeliaStore({ listen })`.
   */
  origin: ContentStore;
  /** A trustless gateway serving the service's content: reads are verified block by block. */
  gateway: string;
  /** Short name for reports and errors. Default `pinning(<endpoint>)`. */
  name?: string | undefined;
  /** How long to wait for a pin to reach `pinned`. Default 120 s. */
  timeoutMs?: number | undefined;
  fetch?: typeof globalThis.fetch | undefined;
};

export type PinningServiceStore = ContentStore & {
  /** Asks the service to pin `cid` (fetching it from the origin) and waits until it is pinned. */
  pin(cid: string | CID, options?: { name?: string; signal?: AbortSignal }): Promise<PinStatus>;
  /** The service's pins of `cid` (any state). */
  pins(cid: string | CID): Promise<PinStatus[]>;
  /**
   * Asks the service for one pin (`GET /pins?limit=1`): resolves if the endpoint speaks the Pinning Service API
   * and accepts the token; throws a `StoreRequestError` otherwise (status 401 or 403: the token was refused).
   */
  checkAccess(options?: GetOptions): Promise<void>;
};

/**
 * A store backed by any service that speaks the IPFS Pinning Service API (Pinata, Filebase, a community's own
 * Kubo behind a pinning front end): `put` stores the content at the origin, then pins its CID on the service
 * (which fetches it from the origin) and waits until it is pinned; `get` and `has` read through the service's
 * trustless gateway, verified.
 *
 * @example
 * ```ts
 * const origin = await createHeliaStore({ directory: ".cairn/ipfs", listen: ["/ip4/0.0.0.0/tcp/4001"] });
 * const pinata = createPinningServiceStore({ endpoint: "https://api.pinata.cloud/psa", accessToken, origin, gateway });
 * const { cid } = await pinata.put(bytes);
 * ```
 */
export function createPinningServiceStore(parameters: CreatePinningServiceStoreParameters): PinningServiceStore {
  const endpoint = parameters.endpoint.replace(/\/+$/, "");
  const name = parameters.name ?? `pinning(${endpoint})`;
  const doFetch = parameters.fetch ?? globalThis.fetch;
  const timeoutMs = parameters.timeoutMs ?? 120_000;
  const reader = createGatewayStore({ url: parameters.gateway, fetch: doFetch });

  const api = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    let response: Response;
    try {
      response = await doFetch(`${endpoint}${path}`, {
        ...init,
        headers: {
          authorization: `Bearer ${parameters.accessToken}`,
          "content-type": "application/json",
          ...(init.headers as Record<string, string> | undefined),
        },
      });
    } catch (cause) {
      throw new StoreRequestError({ store: name, operation: `${init.method ?? "GET"} ${path}`, cause });
    }
    if (!response.ok) {
      const body = (await response.text().catch(() => "")).slice(0, 300);
      throw new StoreRequestError({
        store: name,
        operation: `${init.method ?? "GET"} ${path}`,
        status: response.status,
        // 401: no or a wrong token; 403: a token without the right to pin (the spec's two refusals).
        details:
          response.status === 401 || response.status === 403
            ? `the pinning service refused the token (${response.status})${body ? `: ${body}` : ""}`
            : body,
      });
    }
    return (await response.json()) as T;
  };

  const store: PinningServiceStore = {
    name,
    // The service (and its gateway) holds and serves every pin.
    public: true,
    async put(content, options = {}) {
      const result = await parameters.origin.put(content, options);
      await store.pin(result.cid, { signal: options.signal as AbortSignal });
      return result;
    },
    get: (cid, options?: GetOptions) => reader.get(cid, options),
    has: (cid, options?: GetOptions) => reader.has(cid, options),
    async pin(cid, options = {}) {
      const origins = originAddresses(parameters.origin);
      let status = await api<PinStatus>("/pins", {
        method: "POST",
        body: JSON.stringify({ cid: cid.toString(), origins, ...(options.name ? { name: options.name } : {}) }),
        signal: options.signal,
      });
      const deadline = Date.now() + timeoutMs;
      for (let wait = 50; status.status === "queued" || status.status === "pinning"; wait = Math.min(wait * 2, 1000)) {
        if (Date.now() > deadline)
          throw new StoreRequestError({ store: name, operation: `pin ${cid}`, details: `still ${status.status}` });
        await new Promise((resolve) => setTimeout(resolve, wait));
        status = await api<PinStatus>(`/pins/${encodeURIComponent(status.requestid)}`, { signal: options.signal });
      }
      if (status.status !== "pinned")
        throw new StoreRequestError({
          store: name,
          operation: `pin ${cid}`,
          details: `the service says ${status.status}`,
        });
      return status;
    },
    async unpin(cid, options = {}) {
      // Every pin request for the CID on the service, then the origin's own copy (also Cairn's).
      const requests = await store.pins(cid);
      for (const request of requests) {
        await api<unknown>(`/pins/${encodeURIComponent(request.requestid)}`, {
          method: "DELETE",
          signal: options.signal,
        }).catch((error: unknown) => {
          // A 202 without a body is the spec's answer; only a failed request is an error.
          if (!(error instanceof SyntaxError)) throw error;
        });
      }
      const atOrigin = (await parameters.origin.unpin?.(cid, options)) ?? false;
      return requests.length > 0 || atOrigin;
    },
    async checkAccess(options = {}) {
      const answer = await api<{ count?: unknown }>("/pins?limit=1", { signal: options.signal as AbortSignal }).catch(
        (error: unknown) => {
          // a page that is not JSON (a web site, a gateway): the endpoint is not a Pinning Service API
          if (error instanceof SyntaxError) return undefined;
          throw error;
        },
      );
      if (typeof answer?.count !== "number")
        throw new StoreRequestError({
          store: name,
          operation: "GET /pins",
          details: "the answer is not a Pinning Service API pin list (no count)",
        });
    },
    async pins(cid) {
      const { results } = await api<{ count: number; results: PinStatus[] }>(
        `/pins?cid=${encodeURIComponent(cid.toString())}&status=queued,pinning,pinned,failed`,
      );
      return results;
    },
    async close() {
      await reader.close();
    },
  };
  return store;
}

/** The libp2p addresses of an origin store that has a listening node (`createHeliaStore({ listen })`). */
function originAddresses(origin: ContentStore): string[] {
  const libp2p = (origin as { helia?: { libp2p?: { getMultiaddrs?(): Array<{ toString(): string }> } } }).helia?.libp2p;
  return libp2p?.getMultiaddrs?.().map((address) => address.toString()) ?? [];
}
