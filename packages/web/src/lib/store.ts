import {
  CidMismatchError,
  type CidProfile,
  type ContentStore,
  createGatewayStore,
  defaultCidProfile,
  resolveCidProfile,
  StoreRequestError,
} from "@cairn/sdk/browser";

/** `ipfs add` query options that give a profile's CID (links per node is node config on Kubo; `cairn dev` follows the profile). */
export function kuboAddQuery(profile?: CidProfile): string {
  const p = resolveCidProfile({ profile });
  const query = new URLSearchParams({
    "cid-version": String(p.cidVersion),
    "raw-leaves": String(p.rawLeaves),
    chunker: `size-${p.chunkSize}`,
    pin: "true",
    quieter: "true",
  });
  if (profile) query.set("profile", profile);
  return query.toString();
}

export type AddOptions = {
  profile?: CidProfile | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((sent: number, total: number) => void) | undefined;
};

/**
 * Stores bytes through a Kubo-RPC-compatible `POST /api/v0/add` (a real Kubo node, or `cairn dev`'s
 * content endpoint) and returns the CID the node reports. Never trusted alone: callers compare it with
 * the CID they computed themselves ({@link addVerified}).
 */
export function kuboAdd(endpoint: string, blob: Blob, options: AddOptions = {}): Promise<string> {
  const url = `${endpoint.replace(/\/+$/, "")}/api/v0/add?${kuboAddQuery(options.profile)}`;
  const form = new FormData();
  form.append("file", blob, "file");
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.responseType = "text";
    xhr.upload.onprogress = (e) => options.onProgress?.(e.loaded, e.lengthComputable ? e.total : blob.size);
    const fail = (details: string, status?: number) =>
      reject(new StoreRequestError({ store: `kubo(${endpoint})`, operation: "add", url, status, details }));
    xhr.onerror = () => fail("network error (is the content endpoint running and does it allow this origin?)");
    xhr.onabort = () => reject(new DOMException("Aborted", "AbortError"));
    xhr.onload = () => {
      if (xhr.status < 200 || xhr.status >= 300) return fail(xhr.responseText.slice(0, 300), xhr.status);
      // Kubo answers NDJSON, one line per added entry: the last names the root.
      const lines = xhr.responseText.trim().split("\n").filter(Boolean);
      try {
        const last = JSON.parse(lines[lines.length - 1] ?? "{}") as { Hash?: string };
        if (!last.Hash) return fail(`no Hash in the answer: ${xhr.responseText.slice(0, 200)}`);
        resolve(last.Hash);
      } catch {
        fail(`unreadable answer: ${xhr.responseText.slice(0, 200)}`);
      }
    };
    options.signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}

/** Stores a blob whose CID the browser already computed; refuses (CidMismatchError) if the node's differs. */
export async function addVerified(endpoint: string, blob: Blob, expectedCid: string, options: AddOptions = {}) {
  const cid = await kuboAdd(endpoint, blob, options);
  if (cid !== expectedCid)
    throw new CidMismatchError({
      expected: expectedCid,
      actual: cid,
      store: `kubo(${endpoint})`,
      profile: options.profile ?? defaultCidProfile,
    });
  return cid;
}

/**
 * The browser's content store: reads from a trustless gateway (every block verified against its CID),
 * writes through a Kubo-RPC `add` endpoint after computing the CID locally.
 */
export function createBrowserStore({ gateway, endpoint }: { gateway: string; endpoint: string }): ContentStore {
  const reader = createGatewayStore({ url: gateway });
  return {
    name: `browser(${endpoint})`,
    async put(content, options = {}) {
      // The hashing engine loads on the first store (creating a dataset), not with the first page.
      const { hashBytes, hashStream } = await import("./hash-local.js");
      let blob: Blob;
      let local: Awaited<ReturnType<typeof hashBytes>>;
      if (content instanceof Uint8Array) {
        local = await hashBytes(content, { profile: options.profile });
        blob = new Blob([content as Uint8Array<ArrayBuffer>]);
      } else {
        const chunks: Uint8Array[] = [];
        local = await hashStream(
          (async function* () {
            for await (const chunk of content as AsyncIterable<Uint8Array>) {
              chunks.push(chunk);
              yield chunk;
            }
          })(),
          { profile: options.profile },
        );
        blob = new Blob(chunks as Uint8Array<ArrayBuffer>[]);
      }
      await addVerified(endpoint, blob, local.cid, { profile: options.profile, signal: options.signal });
      return local;
    },
    get: (cid, options) => reader.get(cid, options),
    has: (cid, options) => reader.has(cid, options),
    close: async () => {},
  };
}
