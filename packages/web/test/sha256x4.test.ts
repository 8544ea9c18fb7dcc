/**
 * The 4-lane SIMD sha256 kernel (scripts/sha256x4.ts → src/lib/sha256x4.wasm.ts) against Node's sha256 on the
 * lengths where padding changes (0 to 3 blocks, odd tails, 256 KiB and 1 MiB leaves), 1 to 4 lanes; the
 * checked-in bytes against what the generator builds; and the CID and sha256 of hashInLanes against the SDK's.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { hashBytes } from "@cairn/sdk";
import { sha256x4Source, sha256x4Target } from "../scripts/sha256x4.js";
import { hashInLanes } from "../src/lib/hash-lanes.js";
import { Sha256x4 } from "../src/lib/sha256x4.js";

const KiB = 1024;
const MiB = 1024 * KiB;
const fill = (out: Uint8Array, seed: number) => {
  for (let i = 0; i < out.length; i++) out[i] = (i * 31 + seed * 7 + (i >> 10)) & 0xff;
  return out;
};

describe("sha256x4 (WebAssembly SIMD)", () => {
  it("the checked-in module is what scripts/sha256x4.ts builds", async () => {
    assert.equal(readFileSync(sha256x4Target, "utf8"), await sha256x4Source());
  });

  const lengths = [
    0,
    1,
    3,
    55,
    56,
    57,
    63,
    64,
    65,
    119,
    120,
    127,
    128,
    129,
    183,
    191,
    192,
    1000,
    256 * KiB,
    MiB,
    MiB + 1,
  ];
  for (const lanes of [1, 2, 3, 4]) {
    it(`${lanes} lane(s): Node's digest for every length`, async () => {
      const kernel = await Sha256x4.create();
      assert.ok(kernel, "WebAssembly SIMD compiles in Node");
      for (const length of lengths) {
        const buffer = kernel.alloc(lanes * (length + 3));
        const inputs = Array.from({ length: lanes }, (_, k) =>
          fill(buffer.subarray(k * (length + 3) + k, k * (length + 3) + k + length), k + length),
        );
        kernel.digest(inputs).forEach((digest, k) => {
          const expected = createHash("sha256").update(inputs[k]).digest("hex");
          assert.equal(Buffer.from(digest).toString("hex"), expected, `length ${length}, lane ${k}`);
        });
      }
    });
  }

  it("refuses inputs of different lengths or outside its memory", async () => {
    const kernel = (await Sha256x4.create()) as Sha256x4;
    const buffer = kernel.alloc(100);
    assert.throws(() => kernel.digest([buffer.subarray(0, 10), buffer.subarray(10, 30)]), RangeError);
    assert.throws(() => kernel.digest([new Uint8Array(10)]), RangeError);
    assert.throws(() => kernel.digest([]), RangeError);
  });

  for (const size of [1, MiB - 1, MiB, MiB + 1, 4 * MiB, 9 * MiB + 7]) {
    it(`hashInLanes, ${size} bytes: the SDK's sha256 and CID`, async () => {
      const data = fill(new Uint8Array(size), 1);
      const expected = await hashBytes(data);
      const seen: number[] = [];
      const got = await hashInLanes(
        new Blob([data]),
        undefined,
        (n) => seen.push(n),
        (await Sha256x4.create()) as Sha256x4,
      );
      assert.deepEqual(got, { sha256: expected.sha256, cid: expected.cid });
      assert.equal(seen.at(-1), size);
    });
  }
});
