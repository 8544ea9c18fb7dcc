import { CID } from "multiformats/cid";
import { BlockVerificationError } from "../errors/store.js";
import { loadSha256 } from "../hash/sha256.js";

const sha256Code = 0x12;
const identityCode = 0x00;
const rawCodec = 0x55;

/**
 * Parses a CID given as a string (`Qm…`, `bafy…`) or passes a `CID` through.
 *
 * @example
 * ```ts
 * parseCid("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku").version; // 1
 * ```
 */
export function parseCid(cid: string | CID): CID {
  if (typeof cid !== "string") return cid;
  try {
    return CID.parse(cid);
  } catch (cause) {
    throw new TypeError(`Not a valid CID: "${cid}".`, { cause });
  }
}

/**
 * Checks that `bytes` hash to `cid`'s multihash (sha2-256 or identity); throws
 * {@link BlockVerificationError} otherwise.
 *
 * @example
 * ```ts
 * await verifyBlock(cid, await (await fetch(`${gateway}/ipfs/${cid}?format=raw`)).bytes(), "my-gateway");
 * ```
 */
export async function verifyBlock(cid: CID, bytes: Uint8Array, source: string): Promise<void> {
  const { code, digest } = cid.multihash;
  let actual: Uint8Array;
  if (code === sha256Code) actual = (await loadSha256())().update(bytes).digest();
  else if (code === identityCode) actual = bytes;
  else {
    throw new BlockVerificationError({
      cid: cid.toString(),
      source,
      reason: `unsupported multihash 0x${code.toString(16)}: only sha2-256 and identity can be verified`,
    });
  }
  if (!equalBytes(actual, digest)) {
    throw new BlockVerificationError({ cid: cid.toString(), source, reason: "the bytes do not hash to the CID" });
  }
}

/** Fetches one block's bytes by CID (unverified). */
export type BlockFetcher = (cid: CID, options: { signal?: AbortSignal | undefined }) => Promise<Uint8Array>;

/**
 * Streams a UnixFS file (or a raw block) by walking its DAG with `ipfs-unixfs-exporter`
 * over blocks fetched by `fetchBlock`, verifying each block against its CID before use.
 *
 * @example
 * ```ts
 * for await (const chunk of catVerified(cid, (c) => kubo.block.get(c), "kubo")) process.stdout.write(chunk);
 * ```
 */
export async function* catVerified(
  cid: CID,
  fetchBlock: BlockFetcher,
  source: string,
  options: { signal?: AbortSignal | undefined; blockReadConcurrency?: number } = {},
): AsyncGenerator<Uint8Array> {
  if (cid.code === rawCodec) {
    // A raw block is the whole file (a small file under raw leaves: manifests, terms): fetched and verified
    // here as the exporter's raw resolver would, without loading the exporter's graph (a web page that only
    // reads manifests does not carry it).
    const bytes = await fetchBlock(cid, { signal: options.signal });
    await verifyBlock(cid, bytes, source);
    yield bytes;
    return;
  }
  const blockstore = {
    async *get(blockCid: CID, opts: { signal?: AbortSignal } = {}) {
      const bytes = await fetchBlock(blockCid, { signal: opts.signal ?? options.signal });
      await verifyBlock(blockCid, bytes, source);
      yield bytes;
    },
  };
  // Loaded on first use: a large graph that importing the SDK should not pay for.
  const { exporter } = await import("ipfs-unixfs-exporter");
  const entry = await exporter(cid, blockstore, { signal: options.signal });
  if (entry.type !== "file" && entry.type !== "raw" && entry.type !== "identity") {
    throw new TypeError(`${cid} is a ${entry.type}, not a file.`);
  }
  yield* entry.content({ signal: options.signal, blockReadConcurrency: options.blockReadConcurrency ?? 8 });
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
