import { CID } from "multiformats/cid";
import type { Hex } from "viem";
import { InvalidParameterError } from "../errors/client.js";
import { bytesToHex, hexToBytes } from "./evm.js";

/** A CID string (`bafy…`, `Qm…`) as the binary bytes the contracts store. */
export function cidToHex(cid: string): Hex {
  try {
    return bytesToHex(CID.parse(cid).bytes);
  } catch (cause) {
    throw new InvalidParameterError("CID", `"${cid}" is not a CID (${(cause as Error).message}).`);
  }
}

/** Binary CID bytes from the chain back to their string form. */
export function hexToCid(bytes: Hex): string {
  return CID.decode(hexToBytes(bytes)).toString();
}

/** Binary CID bytes, or `0x` for none, as the string form or undefined. */
export function optionalHexToCid(bytes: Hex): string | undefined {
  return bytes === "0x" ? undefined : hexToCid(bytes);
}
