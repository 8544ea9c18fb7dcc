import { CidMismatchError, ContentNotFoundError, ReplicationError } from "../errors/store.js";
import { toAsyncIterable } from "../hash/hashStream.js";
import type { CidProfile } from "../hash/profiles.js";
import { tee } from "./tee.js";
import type { ContentSource, ContentStore, GetOptions, PutOptions, PutResult } from "./types.js";
import { parseCid } from "./verify.js";

/**
 * A store that writes to every one of `stores` and reads from the first that has the content.
 *
 * `put` streams the content once, to all stores at the same time (bounded memory), and
 * succeeds only if every store stored it under the locally computed CID; otherwise it throws
 * a {@link ReplicationError} listing which stores failed and which succeeded. `get` tries the
 * stores in order and, if one fails mid-stream, resumes from the next one at the same offset.
 * `has` is true only if every store has the content.
 *
 * @example
 * ```ts
 * import { createHeliaStore, createKuboStore, createReplicatedStore } from "@cairn/sdk";
 * const store = createReplicatedStore([
 *   await createHeliaStore({ directory: ".cairn/ipfs" }),
 *   createKuboStore({ url: "http://127.0.0.1:5001" }),
 * ]);
 * const { cid } = await store.put(bytes); // in both, or a ReplicationError
 * ```
 */
export function createReplicatedStore(stores: ContentStore[]): ContentStore {
  if (stores.length === 0) throw new TypeError("createReplicatedStore needs at least one store.");
  const name = `replicated(${stores.map((s) => s.name).join(", ")})`;

  return {
    name,
    public: stores.some((store) => store.public === true),
    async put(content: ContentSource, options: PutOptions = {}): Promise<PutResult> {
      const split =
        content instanceof Uint8Array
          ? { sources: stores.map(() => content), cancel: () => {} }
          : tee(toAsyncIterable(content), stores.length);
      const settled = await Promise.allSettled(
        stores.map((store, i) =>
          // A store that finishes or fails stops reading; cancel its branch so it cannot stall the others.
          store
            .put(split.sources[i] as ContentSource, {
              ...options,
              onProgress: i === 0 ? options.onProgress : undefined,
            })
            .finally(() => split.cancel(i)),
        ),
      );
      const failures: { store: string; error: unknown }[] = [];
      const succeeded: string[] = [];
      settled.forEach((result, i) => {
        const store = (stores[i] as ContentStore).name;
        if (result.status === "fulfilled") succeeded.push(store);
        else failures.push({ store, error: result.reason });
      });
      if (failures.length > 0) throw new ReplicationError({ failures, succeeded });
      return (settled[0] as PromiseFulfilledResult<PutResult>).value;
    },
    async *get(cid, options: GetOptions = {}) {
      let delivered = 0;
      let lastError: unknown;
      for (const store of stores) {
        try {
          if (delivered === 0 && !(await store.has(cid, options))) continue;
          let skip = delivered;
          for await (const chunk of store.get(cid, options)) {
            if (skip >= chunk.length) {
              skip -= chunk.length;
              continue;
            }
            const out = skip > 0 ? chunk.subarray(skip) : chunk;
            skip = 0;
            delivered += out.length;
            yield out;
          }
          return;
        } catch (error) {
          lastError = error;
        }
      }
      throw new ContentNotFoundError({ cid: parseCid(cid).toString(), store: name, cause: lastError });
    },
    async has(cid, options: GetOptions = {}) {
      const results = await Promise.all(stores.map((store) => store.has(cid, options)));
      return results.every(Boolean);
    },
    async unpin(cid, options: GetOptions = {}) {
      // Every store that can let content go does; read-only stores (gateways) are out of Cairn's control.
      const results = await Promise.all(stores.map((store) => store.unpin?.(cid, options) ?? false));
      return results.some(Boolean);
    },
    async close() {
      await Promise.allSettled(stores.map((store) => store.close()));
    },
  };
}

/** Parameters of {@link replicate}. */
export type ReplicateParameters = {
  /** The content's CID. */
  cid: string;
  /** Store to read from (verified). */
  from: ContentStore;
  /** Stores to copy into. */
  to: ContentStore[];
  /** Profile the CID was made with. Default: `unixfs-v0-2015` for a CIDv0, `unixfs-v1-2025` otherwise. */
  profile?: CidProfile | undefined;
  signal?: AbortSignal | undefined;
};

/**
 * Copies content from one store into others, verified on the way out (`get`) and on the way
 * in (each `put` must reproduce the same CID). Resolves when every target holds it.
 *
 * @example
 * ```ts
 * await replicate({ cid, from: createGatewayStore({ url }), to: [heliaStore, kuboStore] });
 * ```
 */
export async function replicate(parameters: ReplicateParameters): Promise<PutResult> {
  const cid = parseCid(parameters.cid);
  const expected = cid.toString();
  const profile = parameters.profile ?? (cid.version === 0 ? "unixfs-v0-2015" : "unixfs-v1-2025");
  const target = createReplicatedStore(parameters.to);
  const result = await target.put(parameters.from.get(cid, { signal: parameters.signal }), {
    profile,
    signal: parameters.signal,
  });
  if (!parseCid(result.cid).equals(cid)) {
    throw new CidMismatchError({ store: target.name, expected, actual: result.cid, profile });
  }
  return result;
}
