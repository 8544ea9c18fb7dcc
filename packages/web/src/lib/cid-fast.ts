import { type CidProfile, resolveCidProfile } from "@cairn/sdk/browser";
import { encode, prepare } from "@ipld/dag-pb";
import { UnixFS } from "ipfs-unixfs";
import { CID } from "multiformats/cid";
import { create as createDigest } from "multiformats/hashes/digest";
import { isOneRootOverRawLeaves } from "./hash-protocol.js";

const RAW = 0x55;
const DAG_PB = 0x70;
const SHA2_256 = 0x12;
/** Leaves read per slice: fewer hand-offs from the file than 1 MiB reads, little memory (16 leaves). */
const leavesPerSlice = 16;
/** Progress is reported about every 4 MiB of work. */
const progressStep = 4 * 1024 * 1024;

export async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
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
  if (!isOneRootOverRawLeaves(file.size, profile)) return undefined;
  const { chunkSize } = resolveCidProfile({ profile });
  const sliceBytes = chunkSize * leavesPerSlice;
  const read = (offset: number) =>
    offset < file.size ? file.slice(offset, offset + sliceBytes).arrayBuffer() : Promise.resolve(undefined);
  const links: Link[] = [];
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
  return rootCid(links, unixfs);
}

type Link = { Name: string; Tsize: number; Hash: CID };

/** The importer's CID over raw leaves given their digests and lengths (the leaf itself when there is one). */
export function leavesCid(digests: Uint8Array[], lengthOf: (i: number) => number): Promise<string> {
  const unixfs = new UnixFS({ type: "file" });
  const links: Link[] = digests.map((digest, i) => {
    const length = lengthOf(i);
    unixfs.addBlockSize(BigInt(length));
    return { Name: "", Tsize: length, Hash: CID.createV1(RAW, createDigest(SHA2_256, digest)) };
  });
  return rootCid(links, unixfs);
}

/** The 0x-prefixed hex of a digest. */
export function hex(digest: Uint8Array): `0x${string}` {
  return `0x${Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** The importer's root over raw leaves (or the leaf itself when there is one). */
async function rootCid(links: Link[], unixfs: UnixFS): Promise<string> {
  if (links.length === 1) return links[0].Hash.toString();
  const root = encode(prepare({ Data: unixfs.marshal(), Links: links }));
  return CID.createV1(DAG_PB, createDigest(SHA2_256, await sha256(root))).toString();
}

/** An incremental sha256 on this thread (WebAssembly), for leaves hashed beside WebCrypto's own thread. */
export type LeafHasher = { init(): unknown; update(data: Uint8Array): unknown; digest(type: "binary"): Uint8Array };

/** Gives the thread's task queue a turn (WebCrypto's answers arrive as tasks) without setTimeout's 4 ms clamp. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });
}

/**
 * The whole-content sha256 and the raw-leaves CID of a file read once, into memory (callers bound the size):
 * one read instead of one per hash, which costs about as much CPU as a hash in Chromium. Leaves are hashed while
 * the file streams in, by WebCrypto (two requests kept queued) and `leafHasher` (WebAssembly), whichever is free;
 * the whole-file digest goes to WebCrypto once the last byte is in. Without `leafHasher`, WebCrypto hashes every
 * leaf. Chromium computes WebCrypto's digests on the calling thread, so all this runs on one core: from 8 MiB the
 * page splits the work between two workers instead (hash-split.ts).
 * Returns undefined when the CID is not one root over raw leaves (see {@link rawLeavesCid}).
 */
export async function hashReadOnce(
  file: Blob,
  profile: CidProfile | undefined,
  report: (bytes: number) => void,
  leafHasher?: LeafHasher,
): Promise<{ sha256: `0x${string}`; cid: string } | undefined> {
  const size = file.size;
  if (!isOneRootOverRawLeaves(size, profile)) return undefined;
  const { chunkSize } = resolveCidProfile({ profile });
  const leafCount = Math.ceil(size / chunkSize);
  // Progress: the share of both hashes done (the whole digest counts once it is back).
  let done = 0;
  let reported = 0;
  const tick = (n: number) => {
    done += n;
    if (done - reported >= progressStep || done === 2 * size) {
      reported = done;
      report(Math.floor(done / 2));
    }
  };
  // The file streams into one buffer; each leaf is hashed as soon as its bytes are in (reading and hashing
  // overlap), and the whole-file digest goes to WebCrypto once the last byte is.
  const bytes = new Uint8Array(size);
  let filled = 0;
  const waiting: Array<() => void> = [];
  const wake = () => {
    for (const resolve of waiting.splice(0)) resolve();
  };
  const read = (async () => {
    const reader = file.stream().getReader();
    try {
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        if (filled + r.value.length > size) break;
        bytes.set(r.value, filled);
        filled += r.value.length;
        wake();
      }
      if (filled !== size) throw new Error("The file changed while it was being read: hash it again.");
    } catch (error) {
      filled = -1; // stops the lanes
      wake();
      throw error;
    } finally {
      reader.releaseLock();
    }
  })();
  const whole = read
    .then(() => sha256(bytes))
    .then((digest) => {
      tick(size);
      return digest;
    });
  const leafEnd = (i: number) => Math.min((i + 1) * chunkSize, size);
  const leaf = (i: number) => bytes.subarray(i * chunkSize, leafEnd(i));
  const digests: Uint8Array[] = new Array(leafCount);
  let next = 0;
  /** The next leaf whose bytes are all in, waiting for the stream if need be; undefined when none is left. */
  const take = async (): Promise<number | undefined> => {
    for (;;) {
      if (next >= leafCount || filled < 0) return undefined;
      if (leafEnd(next) <= filled) return next++;
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
  };
  const native = async () => {
    for (let i = await take(); i !== undefined; i = await take()) {
      digests[i] = await sha256(leaf(i));
      tick(leaf(i).length);
    }
  };
  const here = async (hasher: LeafHasher) => {
    for (let i = await take(); i !== undefined; i = await take()) {
      hasher.init();
      hasher.update(leaf(i));
      digests[i] = hasher.digest("binary");
      tick(leaf(i).length);
      await nextTask();
    }
  };
  const [wholeDigest] = await Promise.all([whole, read, native(), native(), leafHasher ? here(leafHasher) : undefined]);
  return { sha256: hex(wholeDigest), cid: await leavesCid(digests, (i) => leaf(i).length) };
}
