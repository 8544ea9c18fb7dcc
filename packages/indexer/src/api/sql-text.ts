// Text helpers of the REST reads whose JSON the database builds (./contribution-pages.ts), kept apart from Ponder's
// virtual modules so that they are tested on their own (test/sql-text.test.ts).
import { getAddress } from "viem";

/** A value as an SQL literal: numbers and bigints as they are, strings quoted (quotes doubled). */
export function literal(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "bigint" || (typeof value === "number" && Number.isFinite(value))) return String(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  // No backslash at all: with standard_conforming_strings on (the default) it is just a character, but a session
  // that turned it off would read it as an escape; every value written here is validated hex, digits or a status.
  if (typeof value === "string") {
    if (value.includes("\0")) throw new Error("No SQL literal for a string with a NUL character");
    if (value.includes("\\")) throw new Error("No SQL literal for a string with a backslash");
    return `'${value.replaceAll("'", "''")}'`;
  }
  throw new Error(`No SQL literal for ${typeof value}`);
}

// Only the address fields, whose values are exactly 40 lowercase hex digits. A string value cannot fake a key: its
// quotes are escaped (\").
const lowercaseAddress = /"(contributor|owner|curator)":"(0x[0-9a-f]{40})"/g;
/** Checksummed addresses by their lowercase form: a page names the same few accounts a hundred times, and viem's own
 *  cache (an LRU that re-inserts each hit, after validating the address again) was ~8 % of the API thread under load.
 *  Bounded: emptied when it reaches `maxChecksums` (only addresses found in the tables get here). */
const checksums = new Map<string, string>();
const maxChecksums = 100_000;
function checksumOf(lowercase: string): string {
  let found = checksums.get(lowercase);
  if (found === undefined) {
    if (checksums.size >= maxChecksums) checksums.clear();
    found = getAddress(lowercase);
    checksums.set(lowercase, found);
  }
  return found;
}

/** JSON text with its contributor, owner and curator addresses checksummed (EIP-55, which SQL cannot compute). */
export const checksummed = (text: string) =>
  text.replace(lowercaseAddress, (_, key: string, value: string) => `"${key}":"${checksumOf(value)}"`);
