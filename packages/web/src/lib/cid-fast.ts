import { type CidProfile, resolveCidProfile } from "@cairn/sdk/browser";
import { encode, prepare } from "@ipld/dag-pb";
import { UnixFS } from "ipfs-unixfs";
import { CID } from "multiformats/cid";
import { create as createDigest } from "multiformats/hashes/digest";

const RAW = 0x55;
const DAG_PB = 0x70;
const SHA2_256 = 0x12;
/** Leaves read per slice: fewer hand-offs from the file than 1 MiB reads, little memory (16 leaves). */
const leavesPerSlice = 16;

async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
}

/**
 * The CID `ipfs-unixfs-importer` gives a file with raw leaves (CIDv1), computed without it, when the whole
 * tree is one root over at most `maxLinks` leaves (≤ 1 GiB with the default profile), or a single leaf. Each
 * leaf's sha256 is WebCrypto's (native); the root is the same dag-pb node the importer's balanced layout builds
 * (`UnixFS` file data with each leaf's size, one unnamed link per leaf), encoded with the same libraries.
 * Returns undefined when the file is outside that shape (empty, larger, or a profile without raw leaves):
 * the caller then runs the importer. The end-to-end tests and `bench:web` compare its CIDs with the SDK's.
 */
export async function rawLeavesCid(
  file: Blob,
  profile: CidProfile | undefined,
  report: (bytes: number) => void,
): Promise<string | undefined> {
  const { cidVersion, rawLeaves, chunkSize, maxLinks } = resolveCidProfile({ profile });
  const leafCount = Math.ceil(file.size / chunkSize);
  if (cidVersion !== 1 || !rawLeaves || leafCount === 0 || leafCount > maxLinks) return undefined;
  const sliceBytes = chunkSize * leavesPerSlice;
  const read = (offset: number) =>
    offset < file.size ? file.slice(offset, offset + sliceBytes).arrayBuffer() : Promise.resolve(undefined);
  const links: Array<{ Name: string; Tsize: number; Hash: CID }> = [];
  const unixfs = new UnixFS({ type: "file" });
  let next = read(0);
  for (let offset = 0; offset < file.size; offset += sliceBytes) {
    const slice = new Uint8Array((await next) as ArrayBuffer);
    next = read(offset + sliceBytes); // the next read overlaps this slice's hashing
    const leaves: Uint8Array[] = [];
    for (let at = 0; at < slice.length; at += chunkSize) leaves.push(slice.subarray(at, at + chunkSize));
    const digests = await Promise.all(leaves.map(sha256));
    digests.forEach((digest, i) => {
      const size = leaves[i].length;
      links.push({ Name: "", Tsize: size, Hash: CID.createV1(RAW, createDigest(SHA2_256, digest)) });
      unixfs.addBlockSize(BigInt(size));
    });
    report(offset + slice.length);
  }
  if (links.length === 1) return links[0].Hash.toString();
  const root = encode(prepare({ Data: unixfs.marshal(), Links: links }));
  return CID.createV1(DAG_PB, createDigest(SHA2_256, await sha256(root))).toString();
}
