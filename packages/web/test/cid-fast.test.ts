/**
 * The web worker's fast CID (leaf digests by WebCrypto, the root built like the importer's) against the SDK's
 * hashBytes (ipfs-unixfs-importer), on the sizes where shapes change: one leaf, exactly a leaf, a leaf and a
 * byte, several slices; and the shapes it leaves to the importer. Node has WebCrypto and Blob, as browsers do.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { hashBytes } from "@cairn/sdk";
import { createSHA256 } from "hash-wasm";
import { hashReadOnce, rawLeavesCid } from "../src/lib/cid-fast.js";

const MiB = 1024 * 1024;

function bytes(size: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(new ArrayBuffer(size));
  for (let i = 0; i < size; i++) out[i] = (i * 31 + (i >> 10)) & 0xff;
  return out;
}

describe("fast CID of raw leaves (web worker)", () => {
  for (const size of [1, 1000, MiB, MiB + 1, 3 * MiB + 12345, 16 * MiB, 33 * MiB + 7]) {
    it(`${size} bytes: the same CID as the SDK, progress up to the size`, async () => {
      const data = bytes(size);
      const seen: number[] = [];
      const cid = await rawLeavesCid(new Blob([data]), undefined, (n) => seen.push(n));
      assert.equal(cid, (await hashBytes(data)).cid);
      assert.equal(seen.at(-1), size);
      assert.deepEqual(
        seen,
        [...seen].sort((a, b) => a - b),
      );
    });
  }

  it("leaves what it does not build to the importer: an empty file, a CIDv0 profile", async () => {
    assert.equal(await rawLeavesCid(new Blob([]), undefined, () => {}), undefined);
    assert.equal(await rawLeavesCid(new Blob([bytes(10)]), "unixfs-v0-2015", () => {}), undefined);
  });
});

describe("both hashes from one read (web worker, files up to 256 MiB)", () => {
  for (const size of [1, MiB, MiB + 1, 33 * MiB + 7]) {
    it(`${size} bytes: the SDK's sha256 and CID, with WebCrypto alone and with a WebAssembly leaf hasher`, async () => {
      const data = bytes(size);
      const expected = await hashBytes(data);
      for (const hasher of [undefined, await createSHA256()]) {
        const seen: number[] = [];
        const got = await hashReadOnce(new Blob([data]), undefined, (n) => seen.push(n), hasher);
        assert.deepEqual(got, { sha256: expected.sha256, cid: expected.cid });
        assert.equal(seen.at(-1), size);
        assert.deepEqual(
          seen,
          [...seen].sort((a, b) => a - b),
        );
      }
    });
  }

  it("leaves other shapes to the streaming path: an empty file, a CIDv0 profile", async () => {
    assert.equal(await hashReadOnce(new Blob([]), undefined, () => {}), undefined);
    assert.equal(await hashReadOnce(new Blob([bytes(10)]), "unixfs-v0-2015", () => {}), undefined);
  });
});
