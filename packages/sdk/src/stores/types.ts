import type { CID } from "multiformats/cid";
import type { Hex } from "viem";
import type { CidProfileOptions } from "../hash/profiles.js";
import type { HashProgress } from "../hash/types.js";
import type { ReadVerifiedOptions, VerifiedRead } from "./local-read.js";

/** Content to store: bytes in memory, an (async) iterable of chunks, or a WHATWG `ReadableStream`. */
export type ContentSource = Uint8Array | AsyncIterable<Uint8Array> | Iterable<Uint8Array> | ReadableStream<Uint8Array>;

/** Options of {@link ContentStore.put}. */
export type PutOptions = CidProfileOptions & {
  signal?: AbortSignal | undefined;
  /** Called as bytes are hashed and sent. */
  onProgress?: ((progress: HashProgress) => void) | undefined;
};

/** What {@link ContentStore.put} returns: the CID (checked against the local computation) and the content's sha256 and size. */
export type PutResult = {
  cid: string;
  sha256: Hex;
  size: bigint;
};

/** Options of {@link ContentStore.get} and {@link ContentStore.has}. */
export type GetOptions = {
  signal?: AbortSignal | undefined;
};

/**
 * Where content lives: an embedded Helia node, a Kubo node, a trustless gateway, or several.
 * Every `put` checks the store's CID against the one computed locally (`CidMismatchError`
 * otherwise); every `get` yields only bytes verified against the CID.
 */
export interface ContentStore {
  /** Short name used in errors, e.g. `helia`, `kubo(http://127.0.0.1:5001)`. */
  readonly name: string;
  /**
   * Whether what is put here is seen by others before it is registered (a Kubo node announces it, a pinning
   * service or gateway serves it, a networked Helia node answers for it). `contribute` then registers first and
   * publishes after, so that nobody can copy a content hash from the store and register it first.
   */
  readonly public?: boolean | undefined;
  /** Stores content under a CID profile (default `unixfs-v1-2025`) and returns its CID. */
  put(content: ContentSource, options?: PutOptions): Promise<PutResult>;
  /** Streams the content of a UnixFS file (or raw block) by CID, verified block by block. */
  get(cid: string | CID, options?: GetOptions): AsyncIterable<Uint8Array>;
  /** Whether the store holds the content's root block. */
  has(cid: string | CID, options?: GetOptions): Promise<boolean>;
  /**
   * Stops keeping the content (a takedown): unpins it and, where the store allows, deletes its blocks so that
   * `has` answers false. Resolves to whether the store held or pinned it. Absent from stores that only read
   * (a public gateway): content there is out of Cairn's control.
   */
  unpin?(cid: string | CID, options?: GetOptions): Promise<boolean>;
  /**
   * Optional fast path of stores whose blocks are files on this machine (the embedded Helia node): reads the
   * content and checks every block against the CID while computing its sha256, in one pass over each byte, large
   * content on worker threads; the bytes land in `options.into` when given. Resolves `undefined` when the content's
   * DAG has no fast path (then use `get`); throws like `get` when a block is missing or wrong.
   */
  readVerified?(cid: string | CID, options?: ReadVerifiedOptions): Promise<VerifiedRead | undefined>;
  /** Releases the store (stops an embedded node, closes connections). */
  close(): Promise<void>;
}
