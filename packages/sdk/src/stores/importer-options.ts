import { unixfsImporterParts } from "#sdk-deferred";
import { type CidProfileOptions, resolveCidProfile } from "../hash/profiles.js";

/**
 * `ipfs-unixfs-importer` / Helia `unixfs.add*` options that produce a profile's CID.
 *
 * All settings are spelled out, because Helia's `addBytes`/`addByteStream` default to
 * CIDv1 with raw leaves and would otherwise override a `profile: "unixfs-v0-2015"`.
 *
 * @example
 * ```ts
 * const cid = await unixfs(helia).addBytes(bytes, importerOptions({ profile: "unixfs-v0-2015" })); // Qm…
 * ```
 */
export function importerOptions(options: CidProfileOptions = {}) {
  const profile = resolveCidProfile(options);
  const { chunker, layout } = unixfsImporterParts();
  return {
    cidVersion: profile.cidVersion,
    rawLeaves: profile.rawLeaves,
    leafType: "file" as const,
    reduceSingleLeafToSelf: true,
    chunker: chunker.fixedSize({ chunkSize: profile.chunkSize }),
    layout: layout.balanced({ maxChildrenPerNode: profile.maxLinks }),
  };
}
