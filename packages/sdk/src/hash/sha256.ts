/** An incremental sha256: feed bytes with `update`, read the 32-byte digest once with `digest`. */
export type Sha256 = {
  update(data: Uint8Array): Sha256;
  digest(): Uint8Array;
};

/** Creates a fresh {@link Sha256}. */
export type Sha256Factory = () => Sha256;

let factory: Promise<Sha256Factory> | undefined;

/**
 * Loads the fastest incremental sha256 available: `node:crypto` (OpenSSL, SHA-NI) in
 * Node, Bun and Deno, `@noble/hashes` elsewhere (browsers, where WebCrypto cannot hash
 * incrementally). Neither is imported until this is first called, so a browser bundle
 * never needs `node:crypto`.
 *
 * @example
 * ```ts
 * const createSha256 = await loadSha256();
 * const digest = createSha256().update(new TextEncoder().encode("abc")).digest();
 * ```
 */
export function loadSha256(): Promise<Sha256Factory> {
  factory ??= load();
  return factory;
}

async function load(): Promise<Sha256Factory> {
  if (typeof globalThis.process?.versions?.node === "string") {
    try {
      const { createHash } = await import("node:crypto");
      return () => createHash("sha256");
    } catch {
      // fall through to the portable implementation
    }
  }
  const { sha256 } = await import("@noble/hashes/sha2.js");
  return () => sha256.create();
}
