import { CID } from "multiformats/cid";
import { BlockVerificationError, CidMismatchError } from "../../errors/store.js";
import { importerOptions } from "../../stores/importer-options.js";
import type { ContentStore } from "../../stores/types.js";
import { profileOf } from "../verify/verifyContribution.js";

/**
 * Writes files as one CAR (Content Addressable aRchive, CARv1) whose roots are their CIDs: each file is fetched
 * (verified), its UnixFS blocks rebuilt with the CID's profile and checked to give the same root CID, then
 * written. Any IPFS node imports the result (`ipfs dag import`, `cairn import-car`). Holds one file's blocks in
 * memory at a time.
 *
 * @example
 * ```ts
 * await pipeline(exportCar(store, { cids }), createWriteStream("dataset.car"));
 * ```
 */
export async function* exportCar(
  store: ContentStore,
  p: { cids: string[]; signal?: AbortSignal },
): AsyncIterable<Uint8Array> {
  const roots = p.cids.map((c) => CID.parse(c));
  const [{ CarWriter }, { MemoryBlockstore }, { importer }] = await Promise.all([
    import("@ipld/car"),
    import("blockstore-core/memory"),
    import("ipfs-unixfs-importer"),
  ]);
  const { writer, out } = CarWriter.create(roots);
  const filling = (async () => {
    try {
      for (const root of roots) {
        const blocks = new MemoryBlockstore();
        const chunks = store.get(root, { signal: p.signal });
        let last: CID | undefined;
        for await (const entry of importer(
          [{ content: chunks }],
          blocks,
          importerOptions({ profile: profileOf(root.toString()) }),
        ))
          last = entry.cid;
        if (!last?.equals(root))
          throw new CidMismatchError({
            store: store.name,
            expected: root.toString(),
            actual: String(last),
            profile: profileOf(root.toString()),
          });
        for await (const { cid, bytes } of blocks.getAll()) await writer.put({ cid, bytes: await bytesOf(bytes) });
      }
    } finally {
      await writer.close();
    }
  })();
  for await (const chunk of out) yield chunk;
  await filling;
}

export type ImportCarReturnType = { roots: Array<{ cid: string; size: bigint }> };

/**
 * Reads a CAR, checks every block against its CID (sha256), rebuilds each root's file and puts it into the
 * store, which checks the CID once more. A block whose bytes do not match its CID stops the import.
 *
 * @example
 * ```ts
 * const { roots } = await importCar(store, { car: createReadStream("dataset.car") });
 * ```
 */
export async function importCar(
  store: ContentStore,
  p: { car: AsyncIterable<Uint8Array> },
): Promise<ImportCarReturnType> {
  const [{ CarBlockIterator }, { MemoryBlockstore }, { exporter }, { sha256 }] = await Promise.all([
    import("@ipld/car"),
    import("blockstore-core/memory"),
    import("ipfs-unixfs-exporter"),
    import("multiformats/hashes/sha2"),
  ]);
  const blocks = new MemoryBlockstore();
  const iterator = await CarBlockIterator.fromIterable(p.car);
  for await (const { cid, bytes } of iterator) {
    if (cid.multihash.code !== sha256.code)
      throw new BlockVerificationError({ cid: cid.toString(), source: "CAR", reason: "not a sha2-256 multihash" });
    const digest = await sha256.digest(bytes);
    if (!sameBytes(digest.digest, cid.multihash.digest))
      throw new BlockVerificationError({ cid: cid.toString(), source: "CAR", reason: "bytes do not match the CID" });
    await blocks.put(cid, bytes);
  }
  const roots: ImportCarReturnType["roots"] = [];
  for (const root of await iterator.getRoots()) {
    const file = await exporter(root, blocks);
    if (file.type !== "file" && file.type !== "raw")
      throw new BlockVerificationError({ cid: root.toString(), source: "CAR", reason: `a ${file.type}, not a file` });
    const put = await store.put(file.content() as AsyncIterable<Uint8Array>, { profile: profileOf(root.toString()) });
    if (put.cid !== root.toString())
      throw new CidMismatchError({
        store: store.name,
        expected: root.toString(),
        actual: put.cid,
        profile: profileOf(root.toString()),
      });
    roots.push({ cid: put.cid, size: put.size });
  }
  return { roots };
}

async function bytesOf(block: Uint8Array | AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<Uint8Array> {
  if (block instanceof Uint8Array) return block;
  const parts: Uint8Array[] = [];
  for await (const part of block) parts.push(part);
  const out = new Uint8Array(parts.reduce((n, b) => n + b.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
