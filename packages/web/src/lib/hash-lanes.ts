import { type CidProfile, resolveCidProfile } from "@cairn/sdk/browser";
import { hex, leavesCid, nextTask, sha256 } from "./cid-fast.js";
import type { Sha256x4 } from "./sha256x4.js";

/** Progress is reported about every 4 MiB of work. */
const progressStep = 4 * 1024 * 1024;

/**
 * The whole-content sha256 and the raw-leaves CID of a file read once, whole, into memory (callers bound the
 * size), with the leaves hashed four at a time by `lanes` (WebAssembly SIMD) on this thread.
 *
 * The whole-file digest is the critical path: WebCrypto's sha256 is one-shot, so it can only start once the last
 * byte is in, and it runs on a thread of its own at native speed. So the file is read in one call (Chromium's
 * fastest read: a stream's chunks cost more than the copy they save), the whole-file digest starts at once, and
 * meanwhile this thread hashes the leaves from the first on; once the whole-file digest is back, WebCrypto
 * takes the leaves that are left from the last one backwards (two requests queued), so both cores finish together.
 * Returns undefined when the CID is not one root over raw leaves, or the kernel's memory cannot hold its
 * scratch space: the caller then takes another path.
 */
export async function hashInLanes(
  file: Blob,
  profile: CidProfile | undefined,
  report: (bytes: number) => void,
  lanes: Sha256x4,
): Promise<{ sha256: `0x${string}`; cid: string } | undefined> {
  const { cidVersion, rawLeaves, chunkSize, maxLinks } = resolveCidProfile({ profile });
  const size = file.size;
  const leafCount = Math.ceil(size / chunkSize);
  if (cidVersion !== 1 || !rawLeaves || leafCount === 0 || leafCount > maxLinks) return undefined;
  let scratch: Uint8Array;
  try {
    scratch = lanes.alloc(4 * chunkSize); // four leaves at a time, copied into the kernel's memory
  } catch {
    return undefined;
  }
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
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes.length !== size) throw new Error("The file changed while it was being read: hash it again.");
  const whole = sha256(bytes).then((digest) => {
    tick(size);
    return digest;
  });
  const leaf = (i: number) => bytes.subarray(i * chunkSize, Math.min((i + 1) * chunkSize, size));
  const fullLeaves = Math.floor(size / chunkSize); // the leaves before a short last one
  const digests: Uint8Array[] = new Array(leafCount);
  // Leaves [front, back) are left: this thread takes them from the front, WebCrypto from the back.
  let front = 0;
  let back = leafCount;
  const inLanes = async () => {
    while (front < Math.min(back, fullLeaves)) {
      const group: number[] = [];
      for (; group.length < 4 && front < Math.min(back, fullLeaves); front++) group.push(front);
      const inputs = group.map((i, k) => {
        const input = scratch.subarray(k * chunkSize, (k + 1) * chunkSize);
        input.set(leaf(i));
        return input;
      });
      lanes.digest(inputs).forEach((digest, k) => {
        digests[group[k]] = digest;
        tick(chunkSize);
      });
      await nextTask(); // lets WebCrypto's answers in
    }
  };
  const native = async () => {
    await whole; // never beside it: it is the longest, and the cores are two
    while (front < back) {
      const i = --back;
      digests[i] = await sha256(leaf(i));
      tick(leaf(i).length);
    }
  };
  const [wholeDigest] = await Promise.all([whole, inLanes(), native(), native()]);
  return { sha256: hex(wholeDigest), cid: await leavesCid(digests, (i) => leaf(i).length) };
}
