/**
 * The two-worker split (hash-split.ts) in Node, which has Blob, MessageChannel and WebCrypto as browsers do: the
 * `whole` side's sha256 and the `leaves` side's CID, talking over a real MessageChannel, against the SDK's
 * hashBytes on the sizes where the leaves' shape changes; and a file that changed size is refused on both sides.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { hashBytes } from "@cairn/sdk";
import { sharedLeavesCid, wholeSha256 } from "../src/lib/hash-split.js";

const MiB = 1024 * 1024;

function bytes(size: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(new ArrayBuffer(size));
  for (let i = 0; i < size; i++) out[i] = (i * 31 + (i >> 10)) & 0xff;
  return out;
}

describe("both hashes split between two workers (files from 8 MiB to 256 MiB)", () => {
  for (const size of [1, MiB - 1, MiB, MiB + 1, 9 * MiB + 7]) {
    it(`${size} bytes: the SDK's sha256 and CID, leaves' progress up to the size`, async () => {
      const data = bytes(size);
      const expected = await hashBytes(data);
      const { port1, port2 } = new MessageChannel();
      const seen: number[] = [];
      const [sha256, cid] = await Promise.all([
        wholeSha256(new Blob([data]), port1),
        sharedLeavesCid(port2, size, undefined, (n) => seen.push(n)),
      ]);
      assert.deepEqual({ sha256, cid }, { sha256: expected.sha256, cid: expected.cid });
      assert.equal(seen.at(-1), size);
      assert.deepEqual(
        seen,
        [...seen].sort((a, b) => a - b),
      );
    });
  }

  it("the sha256 alone without a port", async () => {
    const data = bytes(3 * MiB);
    assert.equal(await wholeSha256(new Blob([data])), (await hashBytes(data)).sha256);
  });

  it("refuses bytes of another size than the file had when the page chose it", async () => {
    const { port1, port2 } = new MessageChannel();
    const leaves = sharedLeavesCid(port2, 2 * MiB, undefined, () => {});
    await assert.rejects(wholeSha256(new Blob([bytes(2 * MiB + 1)]), port1), /changed/);
    port1.close();
    port2.close();
    void leaves.catch(() => {}); // left waiting: in the app, the page terminates that worker
  });
});
