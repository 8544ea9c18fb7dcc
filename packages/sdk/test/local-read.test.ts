import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CID } from "multiformats/cid";
import { checkAvailability, createHeliaStore, type HeliaStore } from "../src/index.js";

/** The blocks on disk under a Helia node, as a failing disk would change them. */
const disk = (store: HeliaStore) =>
  (
    store.helia.blockstore as unknown as {
      child: { delete(cid: CID): Promise<void>; put(cid: CID, b: Uint8Array): Promise<unknown> };
    }
  ).child;

const sha256 = (bytes: Uint8Array) => `0x${createHash("sha256").update(bytes).digest("hex")}`;

/** The leaves of a file stored under the default profile (a root over raw 1 MiB leaves). */
async function leavesOf(store: HeliaStore, cid: string): Promise<CID[]> {
  const dagPb = await import("@ipld/dag-pb");
  const chunks: Uint8Array[] = [];
  for await (const chunk of store.helia.blockstore.get(CID.parse(cid))) chunks.push(chunk);
  return dagPb.decode(Buffer.concat(chunks)).Links.map((l) => l.Hash);
}

describe("readVerified: content read from the node's block files, checked in one pass", { timeout: 120_000 }, () => {
  let dir: string;
  let store: HeliaStore;
  const small = new TextEncoder().encode("Mti hawendi ila kwa nyenzo.\n");
  const medium = randomBytes(3 * 2 ** 20 + 5); // several leaves, checked on this thread
  const large = randomBytes(9 * 2 ** 20 + 11); // checked on a worker thread
  const cids: string[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "cairn-local-read-"));
    store = await createHeliaStore({ directory: dir });
    for (const bytes of [small, medium, large]) cids.push((await store.put(bytes)).cid);
  });
  after(async () => {
    await store?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("gives the same bytes, sha256 and size as `get`, with and without a buffer, shared or not", async () => {
    for (const [i, bytes] of [small, medium, large].entries()) {
      const checked = await store.readVerified?.(cids[i]);
      assert.ok(checked);
      assert.equal(checked.sha256, sha256(bytes));
      assert.equal(checked.size, BigInt(bytes.length));
      for (const into of [new Uint8Array(bytes.length), new Uint8Array(new SharedArrayBuffer(bytes.length))]) {
        const read = await store.readVerified?.(cids[i], { into });
        assert.equal(read?.sha256, sha256(bytes));
        assert.ok(Buffer.from(into).equals(bytes), `file ${i}: the bytes landed in the buffer`);
      }
    }
  });

  it("sizes the buffer by what the store holds: `into` as a function gets the size of the leaf files", async () => {
    for (const [i, bytes] of [small, medium, large].entries()) {
      const sizes: number[] = [];
      const read = await store.readVerified?.(cids[i], {
        into: (size) => {
          sizes.push(size);
          return new Uint8Array(new SharedArrayBuffer(size));
        },
      });
      assert.deepEqual(sizes, [bytes.length], `file ${i}: asked once, for the stored size`);
      assert.equal(read?.sha256, sha256(bytes));
      assert.ok(read?.bytes && Buffer.from(read.bytes).equals(bytes));
    }
    // What the function throws (a size the caller refuses) is thrown, before any byte is read.
    await assert.rejects(
      store.readVerified?.(cids[2], {
        into: () => {
          throw new Error("refused");
        },
      }) as Promise<unknown>,
      /refused/,
    );
  });

  it("a damaged leaf in the middle of a large file is corrupt, on the worker as on this thread", async () => {
    for (const [i, bytes] of [
      [1, medium],
      [2, large],
    ] as const) {
      const leaves = await leavesOf(store, cids[i]);
      assert.ok(leaves.length > 2);
      const leaf = leaves[2];
      const good = bytes.subarray(2 * 2 ** 20, 3 * 2 ** 20);
      const bad = Buffer.from(good);
      bad[1000] ^= 1;
      await disk(store).delete(leaf);
      await disk(store).put(leaf, bad);
      await assert.rejects(store.readVerified?.(cids[i]) as Promise<unknown>, { name: "BlockVerificationError" });
      const report = await checkAvailability({
        items: [{ cid: cids[i], contentHash: sha256(bytes) as `0x${string}` }],
        stores: [store],
        minCopies: 1,
      });
      assert.equal(report.files[0].stores.helia.status, "corrupt");
      // a leaf that is gone: missing
      await disk(store).delete(leaf);
      await assert.rejects(store.readVerified?.(cids[i]) as Promise<unknown>, { name: "ContentNotFoundError" });
      await disk(store).put(leaf, good);
      assert.equal((await store.readVerified?.(cids[i]))?.sha256, sha256(bytes));
    }
  });

  it("a buffer smaller than the content is refused as corrupt, not overrun", async () => {
    const into = new Uint8Array(new SharedArrayBuffer(large.length - 1));
    await assert.rejects(store.readVerified?.(cids[2], { into }) as Promise<unknown>, {
      name: "BlockVerificationError",
    });
  });

  it("content with dag-pb leaves (CIDv0) has no fast path: `undefined`, and `get` serves it", async () => {
    const { cid } = await store.put(medium, { profile: "unixfs-v0-2015" });
    assert.equal(await store.readVerified?.(cid), undefined);
  });
});
