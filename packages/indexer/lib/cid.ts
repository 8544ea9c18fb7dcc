import { CID } from "multiformats/cid";
import { type Hex, hexToBytes } from "viem";

/** CID bytes as the registry stores them, in their string form; bytes that are no CID stay hex. */
export function cidText(bytes: Hex): string {
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
