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
 * incrementally). Which one is chosen by the `#sdk-platform` import's conditions, and
 * neither is loaded until this is first called.
 *
 * @example
 * ```ts
 * const createSha256 = await loadSha256();
 * const digest = createSha256().update(new TextEncoder().encode("abc")).digest();
 * ```
 */
export function loadSha256(): Promise<Sha256Factory> {
  factory ??= import("#sdk-platform").then(({ platform }) => platform.loadSha256());
  return factory;
}
