// ox's small modules, not viem's index: parsing runs before any command and must not load all of viem.
import { checksum as getAddress, validate as isAddress } from "ox/Address";
import { from as parseUnits } from "ox/Value";
import type { Address, Hex } from "viem";
import { UsageError } from "./errors.js";

export function datasetIdOf(value: string | undefined, command: string): bigint {
  if (value === undefined) throw new UsageError("Missing the dataset id.", command);
  if (!/^\d+$/.test(value) || BigInt(value) === 0n)
    throw new UsageError(`"${value}" is not a dataset id (a positive whole number).`, command);
  return BigInt(value);
}

export function contentHashOf(value: string, command: string): Hex {
  const hex = value.startsWith("0x") ? value : `0x${value}`;
  if (!/^0x[0-9a-fA-F]{64}$/.test(hex))
    throw new UsageError(`"${value}" is not a content hash (sha256: 64 hex digits).`, command);
  return hex.toLowerCase() as Hex;
}

export function addressOf(value: string, what: string, command: string): Address {
  if (!isAddress(value)) throw new UsageError(`${what} "${value}" is not an address.`, command);
  return getAddress(value);
}

export function integerOf(
  value: string | undefined,
  what: string,
  command: string,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`${what} must be a whole number from ${min} to ${max}, not "${value}".`, command);
  return n;
}

/** A duration as seconds: `90`, `45s`, `30m`, `12h`, `3d`. */
export function durationOf(value: string | undefined, what: string, command: string): number | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+)(s|m|h|d)?$/.exec(value.trim());
  const seconds = m ? Number(m[1]) * { s: 1, m: 60, h: 3_600, d: 86_400 }[(m[2] ?? "s") as "s"] : Number.NaN;
  if (!Number.isSafeInteger(seconds) || seconds > 2 ** 32 - 1)
    throw new UsageError(`${what} must be a duration like 3d, 12h, 30m or 90 (seconds), not "${value}".`, command);
  return seconds;
}

export function amountOf(value: string | undefined, decimals: number, command: string): bigint {
  if (value === undefined) throw new UsageError("Missing the amount.", command);
  if (!/^\d+(\.\d+)?$/.test(value)) throw new UsageError(`"${value}" is not an amount (e.g. 100 or 12.5).`, command);
  const amount = parseUnits(value, decimals);
  if (amount <= 0n) throw new UsageError("The amount must be positive.", command);
  return amount;
}
