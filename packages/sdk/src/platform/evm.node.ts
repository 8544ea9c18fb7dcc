/**
 * The Node side of `#sdk-evm` (see `internal/evm.ts`): the EVM primitives the SDK needs synchronously, from ox (the core viem itself is built on; its ABI coders
 * loaded on first use through `#sdk-deferred`) and @noble/hashes, instead of viem's root module: `import "viem"`
 * evaluates about 360 modules, most of what `import("@cairn/sdk")` used to cost. Asynchronous code loads viem itself on first use with {@link loadViem}: whoever calls an action
 * holds viem clients, so viem is loaded by then anyway. Same results as the viem functions they stand for.
 */
import { keccak_256 } from "@noble/hashes/sha3.js";
import * as Bytes from "ox/Bytes";
import * as Hex from "ox/Hex";
import * as Value from "ox/Value";
import type { Abi, Address as AddressType, Hex as HexType } from "viem";
import { abiCoders } from "#sdk-deferred";

/** What the SDK's asynchronous code takes from viem's root module. */
export type LazyViem = Pick<typeof import("viem"), "erc20Abi" | "parseEventLogs">;

let viem: Promise<LazyViem> | undefined;

/** viem's root module, imported on the first call (then cached). */
export function loadViem(): Promise<LazyViem> {
  viem ??= import("viem");
  return viem;
}

export const zeroAddress = "0x0000000000000000000000000000000000000000" as const;
export const zeroHash = "0x0000000000000000000000000000000000000000000000000000000000000000" as const;

export const bytesToHex = (bytes: Uint8Array): HexType => Hex.fromBytes(bytes);
export const hexToBytes = (hex: HexType): Uint8Array => Bytes.fromHex(hex);
export const stringToHex = (value: string): HexType => Hex.fromString(value);
export const keccak256 = (data: HexType): HexType => Hex.fromBytes(keccak_256(Bytes.fromHex(data)));

const addressPattern = /^0x[0-9a-fA-F]{40}$/;

/** The EIP-55 checksummed form of a 20-byte hex address (any letter case). */
function checksum(address: string): AddressType {
  const lower = address.slice(2).toLowerCase();
  const hash = keccak_256(new TextEncoder().encode(lower));
  let out = "0x";
  for (let i = 0; i < 40; i++) {
    const nibble = ((hash[i >> 1] as number) >> (i % 2 ? 0 : 4)) & 0xf;
    out += nibble >= 8 ? (lower[i] as string).toUpperCase() : lower[i];
  }
  return out as AddressType;
}

/** viem's `isAddress`: strict by default (an address not in lower case must carry a valid EIP-55 checksum). */
export function isAddress(address: string, options: { strict?: boolean } = {}): address is AddressType {
  if (!addressPattern.test(address)) return false;
  if (options.strict === false) return true;
  return address === address.toLowerCase() || checksum(address) === address;
}

/** viem's `getAddress`: the checksummed form of an address in any letter case; throws on a non-address. */
export function getAddress(address: string): AddressType {
  if (!isAddress(address, { strict: false })) throw new Error(`Address "${address}" is invalid.`);
  return checksum(address);
}

/** viem's `isAddressEqual`. */
export function isAddressEqual(a: AddressType, b: AddressType): boolean {
  if (!isAddress(a, { strict: false }) || !isAddress(b, { strict: false }))
    throw new Error(`Address "${isAddress(a, { strict: false }) ? b : a}" is invalid.`);
  return a.toLowerCase() === b.toLowerCase();
}

/** viem's `encodeAbiParameters` for plain (non-tuple) parameter lists. */
export function encodeAbiParameters(types: readonly { type: string }[], values: readonly unknown[]): HexType {
  return abiCoders().AbiParameters.encode(types as never, values as never);
}

/** viem's `formatUnits`: an amount in the token's smallest unit as a decimal string. */
export const formatUnits = (value: bigint, decimals: number): string => Value.format(value, decimals);

/** viem's `encodeFunctionData`: the calldata of a call to `functionName` (overloads told apart by `args`). */
export function encodeFunctionData({
  abi,
  functionName,
  args = [],
}: {
  abi: Abi;
  functionName: string;
  args?: readonly unknown[];
}): HexType {
  const { AbiFunction } = abiCoders();
  const item = AbiFunction.fromAbi(abi as never, functionName as never, { args } as never);
  return AbiFunction.encodeData(item as never, args as never);
}

/** viem's `decodeErrorResult`: the custom error (or `Error(string)` / `Panic(uint256)`) in revert data. */
export function decodeErrorResult({ abi, data }: { abi: Abi; data: HexType }): {
  errorName: string;
  args: readonly unknown[];
} {
  const { AbiError, AbiParameters } = abiCoders();
  const item: { name: string; inputs: readonly { type: string }[] } = AbiError.fromAbi(
    abi as never,
    Hex.slice(data, 0, 4),
  );
  if (item.inputs.length === 0) return { errorName: item.name, args: [] };
  const args = AbiParameters.decode(item.inputs as never, Hex.slice(data, 4), { checksumAddress: true });
  return { errorName: item.name, args: args as readonly unknown[] };
}

/** viem's `parseSignature` of a 65-byte signature: r, s, yParity, and v when the last byte is 27 or 28. */
export function parseSignature(signature: HexType): { r: HexType; s: HexType; v?: bigint; yParity: number } {
  if (Hex.size(signature) !== 65) throw new Error(`Invalid signature length: ${Hex.size(signature)} bytes.`);
  const r = Hex.slice(signature, 0, 32);
  const s = Hex.slice(signature, 32, 64);
  const last = Hex.toNumber(Hex.slice(signature, 64, 65));
  if (last === 0 || last === 1) return { r, s, yParity: last };
  if (last === 27 || last === 28) return { r, s, v: BigInt(last), yParity: last - 27 };
  throw new Error("Invalid yParityOrV value");
}

/** A 65-byte signature as its 64-byte ERC-2098 compact form (`r ‖ yParity·2²⁵⁵ + s`). */
export function toCompactSignature(signature: HexType): HexType {
  const { r, s, yParity } = parseSignature(signature);
  const yParityAndS = Hex.toBigInt(s) | (BigInt(yParity) << 255n);
  return Hex.concat(r, Hex.fromNumber(yParityAndS, { size: 32 }));
}
