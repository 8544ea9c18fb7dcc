// The handlers' CID text (lib/cid.ts) against multiformats' own decoding, on the shapes the fast path takes and on
// those it leaves to multiformats.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { CID } from "multiformats/cid";
import { bytesToHex, type Hex, hexToBytes } from "viem";
import { cidText, optionalCidText } from "../lib/cid.js";

function reference(hex: Hex): string {
  try {
    return CID.decode(hexToBytes(hex)).toString();
  } catch {
    return hex;
  }
}

test("a CIDv1 of a sha2-256 digest: the same text as multiformats, whatever its codec and digest", () => {
  for (let i = 0; i < 3000; i++) {
    const codec = i % 3 === 0 ? 0x55 : i % 3 === 1 ? 0x70 : i % 0x80;
    const hex = bytesToHex(new Uint8Array([0x01, codec, 0x12, 0x20, ...randomBytes(32)]));
    assert.equal(cidText(hex), reference(hex), hex);
    const upper = `0x${hex.slice(2).toUpperCase()}` as Hex;
    assert.equal(cidText(upper), reference(upper), upper);
  }
  // Digests of all zero and all one bits (the last character carries padding bits).
  for (const fill of [0x00, 0xff])
    for (const codec of [0x55, 0x70]) {
      const hex = bytesToHex(new Uint8Array([0x01, codec, 0x12, 0x20, ...new Uint8Array(32).fill(fill)]));
      assert.equal(cidText(hex), reference(hex));
    }
});

test("other bytes: what multiformats says, or the hex when they are no CID", () => {
  const digest = () => [...randomBytes(32)];
  const cases: Hex[] = [
    bytesToHex(new Uint8Array([0x12, 0x20, ...digest()])), // CIDv0
    bytesToHex(new Uint8Array([0x01, 0x80, 0x01, 0x12, 0x20, ...digest()])), // a two-byte codec
    bytesToHex(new Uint8Array([0x01, 0x55, 0x1e, 0x20, ...digest()])), // blake3
    bytesToHex(new Uint8Array([0x01, 0x55, 0x12, 0x20, ...digest(), 0x00])), // a byte too many
    bytesToHex(new Uint8Array([0x01, 0x55, 0x12, 0x20, ...digest().slice(1)])), // a byte short
    bytesToHex(new Uint8Array([0x02, 0x55, 0x12, 0x20, ...digest()])), // no such version
    bytesToHex(randomBytes(36)),
    "0x00",
    "0x01",
    "0x0155122",
  ];
  for (const hex of cases) assert.equal(cidText(hex), reference(hex), hex);
  assert.equal(cidText("0x01551220zz" as Hex), "0x01551220zz");
  assert.equal(optionalCidText("0x"), null);
});
