import { join } from "node:path";
import type { Helia } from "helia";
import type { CID } from "multiformats/cid";
import { ContentNotFoundError } from "../errors/store.js";
import { importerOptions } from "./importer-options.js";
import { readVerifiedFromFiles } from "./local-read.js";
import { putVerified } from "./put-verified.js";
import type { ContentStore, GetOptions } from "./types.js";
import { parseCid } from "./verify.js";

/** Parameters of {@link createHeliaStore}. */
export type CreateHeliaStoreParameters = {
  /** Directory that holds the node's blocks (`blocks/`) and datastore (`datastore/`: pins, keys). Created if missing. */
  directory: string;
  /**
   * libp2p listen addresses, e.g. `["/ip4/127.0.0.1/tcp/4001"]`, to serve content to other nodes over
   * bitswap (TCP + Noise + Yamux, no bootstrap peers, no discovery). Default: none — the node runs
   * fully offline and starts in milliseconds.
   */
  listen?: string[] | undefined;
};

/** Return type of {@link createHeliaStore}: a {@link ContentStore} plus the underlying Helia node. */
export type HeliaStore = ContentStore & {
  /** The embedded Helia node (for advanced use: pins, GC, libp2p when listening). */
  readonly helia: Helia;
};

/**
 * Starts an embedded Helia IPFS node kept on disk (blockstore-fs + datastore-fs), so content
 * survives restarts. Needs no network: by default it has no libp2p at all; pass `listen` to
 * serve content to other nodes over TCP. `put` pins what it adds; `get` reads local blocks.
 *
 * @example
 * ```ts
 * import { createHeliaStore } from "@cairn/sdk";
 * const store = await createHeliaStore({ directory: ".cairn/ipfs" });
 * const { cid } = await store.put(new TextEncoder().encode("hello"), { profile: "unixfs-v1-2025" });
 * for await (const chunk of store.get(cid)) process.stdout.write(chunk);
 * await store.close();
 * ```
 */
export async function createHeliaStore(parameters: CreateHeliaStoreParameters): Promise<HeliaStore> {
  // Loaded on first use: Helia is the SDK's heaviest dependency (about 1.6 s to import), and most
  // programs that import the SDK (the CLI's --help, the relayer, readers of the chain) never start a node.
  const [{ unixfs }, { FsBlockstore }, { NextToLast }, { FsDatastore }, { createHeliaLight }] = await Promise.all([
    import("@helia/unixfs"),
    import("blockstore-fs"),
    import("blockstore-fs/sharding"),
    import("datastore-fs"),
    import("helia"),
  ]);
  // Blockstore-fs's default layout, named here so that `readVerified` can find a block's file.
  const sharding = new NextToLast();
  const blocksDir = join(parameters.directory, "blocks");
  const blockstore = new FsBlockstore(blocksDir, { shardingStrategy: sharding });
  const blockPath = (cid: CID) => {
    const { dir, file } = sharding.encode(cid);
    return join(blocksDir, dir, file);
  };
  const datastore = new FsDatastore(join(parameters.directory, "datastore"));
  await blockstore.open();
  await datastore.open();
  let helia: Helia = createHeliaLight({ blockstore, datastore });
  if (parameters.listen?.length) helia = await withNetwork(helia, parameters.listen);
  await helia.start();
  const fs = unixfs(helia);
  const name = "helia";

  return {
    name,
    // A node on the network answers bitswap requests for what it holds: others can see it before registration.
    public: Boolean(parameters.listen?.length),
    helia,
    async put(content, options = {}) {
      return putVerified(name, content, options, async (source) => {
        const cid = await fs.addByteStream(source, { ...importerOptions(options), signal: options.signal });
        try {
          if (!(await helia.pins.isPinned(cid, { signal: options.signal }))) {
            for await (const _ of helia.pins.add(cid, { signal: options.signal })) {
              // pinning walks the DAG, which is all local
            }
          }
        } catch (error) {
          // a concurrent put of the same content pinned it first
          if ((error as Error)?.name !== "AlreadyPinnedError") throw error;
        }
        return cid;
      });
    },
    async *get(cid, options: GetOptions = {}) {
      const parsed = parseCid(cid);
      if (!(await helia.blockstore.has(parsed)))
        throw new ContentNotFoundError({ cid: parsed.toString(), store: name });
      try {
        yield* fs.cat(parsed, { offline: true, signal: options.signal });
      } catch (cause) {
        // a block of the DAG is missing locally (partial content)
        if (/NotFound/.test(String((cause as Error)?.name)))
          throw new ContentNotFoundError({ cid: parsed.toString(), store: name, cause });
        throw cause;
      }
    },
    async has(cid) {
      return helia.blockstore.has(parseCid(cid));
    },
    async unpin(cid, options: GetOptions = {}) {
      const parsed = parseCid(cid);
      const held = await helia.blockstore.has(parsed);
      if (await helia.pins.isPinned(parsed, { signal: options.signal })) {
        for await (const _ of helia.pins.rm(parsed, { signal: options.signal })) {
          // each block of the DAG loses this pin
        }
      }
      // Deletes every block no pin needs any more (blocks shared with other pinned content stay).
      await helia.gc({ signal: options.signal });
      return held;
    },
    readVerified: (cid, options) => readVerifiedFromFiles(name, blockPath, parseCid(cid), options),
    async close() {
      await helia.stop();
      await blockstore.close();
      await datastore.close();
    },
  };
}

/** Adds a minimal libp2p (TCP, Noise, Yamux, identify; no bootstrap or discovery) and bitswap. Loaded only when used. */
async function withNetwork(helia: Helia, listen: string[]): Promise<Helia> {
  const [{ withLibp2pLight }, { withBitswap }, { tcp }, { noise }, { yamux }, { identify }] = await Promise.all([
    import("@helia/libp2p"),
    import("@helia/bitswap"),
    import("@libp2p/tcp"),
    import("@libp2p/noise"),
    import("@libp2p/yamux"),
    import("@libp2p/identify"),
  ]);
  const networked = withLibp2pLight(helia, {
    addresses: { listen },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: { identify: identify() },
  });
  return withBitswap(networked) as unknown as Helia;
}
