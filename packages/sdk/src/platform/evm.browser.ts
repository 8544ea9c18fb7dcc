/**
 * The browser side of `#sdk-evm` (see `internal/evm.ts`): viem's own functions, with the signatures of
 * `evm.node.ts`. A web app bundles viem for its wallet anyway, so the SDK adds nothing to it.
 */

import type { Abi, Address, Hex } from "viem";
import * as viem from "viem";
import type { LazyViem } from "./evm.node.js";

export {
  bytesToHex,
  encodeAbiParameters,
  formatUnits,
  getAddress,
  hexToBytes,
  isAddress,
  isAddressEqual,
  keccak256,
  stringToHex,
  zeroAddress,
  zeroHash,
} from "viem";

/** The viem members the SDK's actions load on first use in Node (see `evm.node.ts`), bundled here. */
export const loadViem = async (): Promise<LazyViem> => ({
  erc20Abi: viem.erc20Abi,
  parseEventLogs: viem.parseEventLogs,
});

export function encodeFunctionData(parameters: { abi: Abi; functionName: string; args?: readonly unknown[] }): Hex {
  return viem.encodeFunctionData(parameters as never);
}

export function decodeErrorResult({ abi, data }: { abi: Abi; data: Hex }): {
  errorName: string;
  args: readonly unknown[];
} {
  const { errorName, args } = viem.decodeErrorResult({ abi, data });
  return { errorName, args: (args ?? []) as readonly unknown[] };
}

export function parseSignature(signature: Hex): { r: Hex; s: Hex; v?: bigint; yParity: number } {
  return viem.parseSignature(signature);
}

export function toCompactSignature(signature: Hex): Hex {
  return viem.compactSignatureToHex(viem.signatureToCompactSignature(viem.hexToSignature(signature)));
}

export type { Address };
