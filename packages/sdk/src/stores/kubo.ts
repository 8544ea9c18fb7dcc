import { createRequire } from "node:module";
import type { KuboRPCClient } from "kubo-rpc-client";
import { ContentNotFoundError, StoreRequestError } from "../errors/store.js";
import { resolveCidProfile } from "../hash/profiles.js";
import { putVerified } from "./put-verified.js";
import type { ContentStore, GetOptions } from "./types.js";
import { catVerified, parseCid } from "./verify.js";

/** Parameters of {@link createKuboStore}. */
export type CreateKuboStoreParameters = {
  /** Kubo RPC API URL, e.g. `http://127.0.0.1:5001`. */
  url: string;
  /** Extra request headers (e.g. authorization for a remote RPC behind a proxy). */
  headers?: Record<string, string> | undefined;
  /** Pin what is added. Default true. */
  pin?: boolean | undefined;
};

/** Return type of {@link createKuboStore}: a {@link ContentStore} plus the RPC client. */
export type KuboStore = ContentStore & { readonly client: KuboRPCClient };

/**
 * A store backed by a Kubo node through its RPC API (`kubo-rpc-client`).
 *
 * `put` maps the profile to `ipfs add` options (`cid-version`, `raw-leaves`, `chunker=size-N`,
 * `pin`) and checks Kubo's CID against the local one: Kubo's links-per-node is node config
 * (`Import.UnixFSFileMaxLinks`), not a request option, so a node not configured for the profile
 * gives a {@link CidMismatchError} on large files instead of a silently different CID.
 * `get` fetches raw blocks (`block/get`) and verifies each against its CID.
 *
 * @example
 * ```ts
 * import { createKuboStore } from "@cairn/sdk";
 * const kubo = createKuboStore({ url: "http://127.0.0.1:5001" });
 * const { cid } = await kubo.put(bytes, { profile: "unixfs-v0-2015" }); // "Qm…"
 * ```
 */
export function createKuboStore(parameters: CreateKuboStoreParameters): KuboStore {
  const url = parameters.url.replace(/\/+$/, "");
  // kubo-rpc-client is large (about a second to load): it is loaded on first use, not with the SDK.
  let client: KuboRPCClient | undefined;
  const rpc = async () => {
    const { create } = await import("kubo-rpc-client");
    client ??= create({ url, headers: parameters.headers });
    return client;
  };
  const name = `kubo(${url})`;

  const wrap = async <T>(operation: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (cause) {
      if ((cause as Error)?.name === "AbortError") throw cause;
      const status = (cause as { response?: { status?: number } })?.response?.status;
      throw new StoreRequestError({ store: name, operation, url, status, cause });
    }
  };

  return {
    name,
    // Kubo announces what it adds (DHT provider records) and serves it to the network.
    public: true,
    /** The RPC client (loaded synchronously on first access, through Node's `require` of ES modules). */
    get client() {
      const { create } = createRequire(import.meta.url)("kubo-rpc-client") as typeof import("kubo-rpc-client");
      client ??= create({ url, headers: parameters.headers });
      return client;
    },
    async put(content, options = {}) {
      const profile = resolveCidProfile(options);
      return putVerified(
        name,
        content,
        options,
        (source) =>
          wrap("add content", async () => {
            const added = await (await rpc()).add(source, {
              cidVersion: profile.cidVersion,
              rawLeaves: profile.rawLeaves,
              chunker: `size-${profile.chunkSize}`,
              pin: parameters.pin ?? true,
              signal: options.signal,
            });
            return added.cid;
          }),
        `Kubo sets links per node in its config: run \`ipfs config --json Import.UnixFSFileMaxLinks ${profile.maxLinks}\` (or \`ipfs config profile apply ${options.profile ?? "unixfs-v1-2025"}\`) on the node.`,
      );
    },
    get(cid, options: GetOptions = {}) {
      return catVerified(
        parseCid(cid),
        async (blockCid, opts) => {
          try {
            return await (await rpc()).block.get(blockCid, { signal: opts.signal });
          } catch (cause) {
            if (/not found|could not find/i.test(String((cause as Error)?.message))) {
              throw new ContentNotFoundError({ cid: blockCid.toString(), store: name, cause });
            }
            return wrap(`get block ${blockCid}`, () => Promise.reject(cause));
          }
        },
        name,
        { signal: options.signal },
      );
    },
    async has(cid, options: GetOptions = {}) {
      const parsed = parseCid(cid);
      try {
        // offline: answer from the node's own blockstore, never from the network
        await (await rpc()).block.stat(parsed, { offline: true, signal: options.signal } as Parameters<
          KuboRPCClient["block"]["stat"]
        >[1]);
        return true;
      } catch (cause) {
        if (/not found|could not find|no such/i.test(String((cause as Error)?.message))) return false;
        if ((cause as Error)?.name === "AbortError") throw cause;
        throw new StoreRequestError({ store: name, operation: `check block ${parsed}`, url, cause });
      }
    },
    async unpin(cid, options: GetOptions = {}) {
      const parsed = parseCid(cid);
      const client = await rpc();
      let pinned = true;
      try {
        await client.pin.rm(parsed, { signal: options.signal });
      } catch (cause) {
        if (!/not pinned|not found/i.test(String((cause as Error)?.message))) {
          return wrap(`unpin ${parsed}`, () => Promise.reject(cause));
        }
        pinned = false;
      }
      // The root block goes at once (the content is unreachable from its CID); the node's next
      // garbage collection removes the rest of the DAG that no other pin needs.
      let removed = false;
      for await (const result of client.block.rm(parsed, { force: true, signal: options.signal })) {
        if (!result.error) removed = true;
      }
      return pinned || removed;
    },
    async close() {},
  };
}
