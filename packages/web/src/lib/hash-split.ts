import { type CidProfile, resolveCidProfile } from "@cairn/sdk/browser";
import { hex, leavesCid, sha256 } from "./cid-fast.js";

/** Progress is reported about every 4 MiB of leaves. */
const progressStep = 4 * 1024 * 1024;

/** The next ArrayBuffer that comes over `port`. */
function received(port: MessagePort): Promise<ArrayBuffer> {
  return new Promise((resolve) => {
    port.onmessage = (event: MessageEvent<ArrayBuffer>) => resolve(event.data);
  });
}

const changed = () => new Error("The file changed while it was being read: hash it again.");

/**
 * Both hashes of a file on two cores, in two workers, with one read (files up to `oneShotLimit`, whose CID is
 * one root over raw leaves). WebCrypto's sha256 runs on the thread that calls it (Chromium computes the digest
 * before `digest()` returns: `hashCeiling.webCryptoDigestInCallShare` in bench/results/web.json), so one worker
 * cannot keep two cores busy. This one reads the file in one call (Chromium's fastest read), copies it into the
 * buffer the leaves worker sent over `port` and sends it back (a memcpy into pages that worker already mapped
 * while this one read: cheaper than that worker reading the file again, or than a fresh copy), then takes the
 * whole-file sha256 in one call while the other hashes the leaves (`sharedLeavesCid`). Without `port`, the
 * sha256 alone.
 */
export async function wholeSha256(file: Blob, port?: MessagePort): Promise<`0x${string}`> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes.length !== file.size) throw changed();
  if (port) {
    const into = new Uint8Array(await received(port));
    if (into.length !== bytes.length) throw changed();
    into.set(bytes);
    port.postMessage(into.buffer, [into.buffer]);
    port.close();
  }
  return hex(await sha256(bytes));
}

/**
 * The CID of a file of `size` bytes that `wholeSha256` reads: sends it an empty buffer over `port` (mapped here
 * first), gets it back filled, hashes each leaf with WebCrypto and builds the root as the importer does.
 */
export async function sharedLeavesCid(
  port: MessagePort,
  size: number,
  profile: CidProfile | undefined,
  report: (bytes: number) => void,
): Promise<string> {
  const empty = new ArrayBuffer(size);
  new Uint8Array(empty).fill(0); // its pages are mapped now, beside the other worker's read, not on its time
  port.postMessage(empty, [empty]);
  const buffer = await received(port);
  port.close();
  const bytes = new Uint8Array(buffer);
  if (bytes.length !== size) throw changed();
  const { chunkSize } = resolveCidProfile({ profile });
  const leaf = (i: number) => bytes.subarray(i * chunkSize, Math.min((i + 1) * chunkSize, size));
  const digests: Uint8Array[] = [];
  let reported = 0;
  for (let i = 0; i * chunkSize < size; i++) {
    digests.push(await sha256(leaf(i)));
    const done = Math.min((i + 1) * chunkSize, size);
    if (done - reported >= progressStep || done === size) {
      reported = done;
      report(done);
    }
  }
  return leavesCid(digests, (i) => leaf(i).length);
}
