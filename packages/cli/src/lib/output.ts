import { format as formatUnits } from "ox/Value";

/** Global output settings, set once from the command line. */
export const output = { json: false, debug: false };

/** JSON with bigints as decimal strings. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v), 2);
}

/**
 * Prints a command's result: `json` as one JSON document on stdout with `--json`, else the human lines.
 */
export function print(human: string | string[] | (() => string | string[]), json: unknown): void {
  if (output.json) {
    process.stdout.write(`${toJson(json)}\n`);
    return;
  }
  const text = typeof human === "function" ? human() : human;
  process.stdout.write(`${Array.isArray(text) ? text.join("\n") : text}\n`);
}

/** A note for people (stderr), silent with `--json`. */
export function note(message: string): void {
  if (!output.json) process.stderr.write(`${message}\n`);
}

/** A token amount with its symbol, e.g. `12.5 CDT`. */
export function formatAmount(amount: bigint, decimals: number, symbol?: string): string {
  return `${formatUnits(amount, decimals)}${symbol ? ` ${symbol}` : ""}`;
}

/** Bytes in human units. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** Aligns `key: value` rows. */
export function table(rows: Array<[string, string | number | bigint | undefined]>): string[] {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${`${k}:`.padEnd(width + 2)}${v ?? "-"}`);
}
