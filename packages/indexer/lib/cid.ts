import { CID } from "multiformats/cid";
import { type Hex, hexToBytes } from "viem";

/** A CIDv1 of a 32-byte sha2-256 multihash with a one-byte codec (raw, dag-pb…): what the registry holds. */
const v1Sha256 = /^0x01[0-7][0-9a-fA-F]1220[0-9a-fA-F]{64}$/;
const base32Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

/**
 * A CIDv1's string form (multibase base32: `b` and RFC 4648 lowercase, no padding) from its bytes in hex, as
 * multiformats' `CID.decode(bytes).toString()` gives it (test/cid.test.ts compares them), without building a CID:
 * one per contribution, a few per cent of the indexer's CPU time in a cold sync.
 */
function v1Text(hex: string): string {
  let text = "b";
  let buffer = 0;
  let bits = 0;
  for (let i = 2; i < hex.length; i++) {
    const c = hex.charCodeAt(i);
    // 0-9, A-F, a-f (the pattern checked them) as a nibble.
    buffer = ((buffer << 4) | (c <= 57 ? c - 48 : (c | 32) - 87)) & 0xff;
    bits += 4;
    if (bits >= 5) {
      bits -= 5;
      text += base32Alphabet[(buffer >> bits) & 31];
    }
  }
  if (bits > 0) text += base32Alphabet[(buffer << (5 - bits)) & 31];
  return text;
}

/** CID bytes as the registry stores them, in their string form; bytes that are no CID stay hex. */
export function cidText(bytes: Hex): string {
  if (v1Sha256.test(bytes)) return v1Text(bytes);
  try {
    return CID.decode(hexToBytes(bytes)).toString();
  } catch {
    return bytes;
  }
}

/** `0x` (none) as null, else the CID's string form. */
export function optionalCidText(bytes: Hex): string | null {
  return bytes === "0x" ? null : cidText(bytes);
}
