import { parseArgs } from "node:util";
import { UsageError } from "./errors.js";

/** An option of a command, as `node:util` parseArgs takes it, plus its help text. */
export type OptionSpec = {
  type: "string" | "boolean";
  short?: string;
  multiple?: boolean;
  description: string;
  /** Shown in help, e.g. `<url>`. */
  value?: string;
};

export type ParsedArgs = {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
};

/** A cairn command: its help and what it runs. */
export type Command = {
  name: string;
  summary: string;
  usage: string;
  description?: string;
  options?: Record<string, OptionSpec>;
  examples: string[];
  /** Sub-commands (`cairn dataset create`). */
  subcommands?: Command[];
  run?: (args: ParsedArgs) => Promise<void>;
};

/** Options every command takes. */
export const globalOptions: Record<string, OptionSpec> = {
  json: { type: "boolean", description: "Print the result as JSON on stdout (for scripts)." },
  debug: { type: "boolean", description: "Show stack traces on errors." },
  help: { type: "boolean", short: "h", description: "Show this help." },
};

/** Options of every command that talks to a network. */
export const networkOptions: Record<string, OptionSpec> = {
  network: {
    type: "string",
    value: "<name>",
    description:
      "A network by name (`cairn network list`): base, base-sepolia, ..., or one you added. Or CAIRN_NETWORK.",
  },
  rpc: {
    type: "string",
    value: "<url>",
    description: "JSON-RPC URL of the EVM chain (default: from .cairn/dev.json).",
  },
  registry: { type: "string", value: "<address>", description: "CairnRegistry address (the vault is read from it)." },
  ipfs: {
    type: "string",
    value: "<url>",
    description: "Kubo RPC API URL to store and read content, e.g. http://127.0.0.1:5001.",
  },
  gateway: {
    type: "string",
    value: "<url>",
    description: "Trustless IPFS gateway URL to read content (verified), read-only.",
  },
  config: {
    type: "string",
    value: "<file>",
    description: "Network config file (JSON: rpc, registry, ipfs, gateway, ...).",
  },
  "data-dir": { type: "string", value: "<dir>", description: "Where dev.json and journals live (default .cairn)." },
};

/** Options of commands that send transactions. */
export const keyOptions: Record<string, OptionSpec> = {
  keystore: {
    type: "string",
    value: "<file>",
    description:
      "Encrypted keystore (JSON) holding the key; password from CAIRN_PASSWORD or a prompt. Or set CAIRN_PRIVATE_KEY.",
  },
};

export function parse(command: Command, path: string, argv: string[]): ParsedArgs {
  const spec = { ...command.options, ...globalOptions };
  const options: Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }> = {};
  for (const [name, o] of Object.entries(spec))
    options[name] = { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) };
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as ParsedArgs["values"], positionals };
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^.*?: /, "").split("\n")[0] ?? "bad arguments", path);
  }
}

export function helpText(command: Command, path: string): string {
  const lines = [`cairn ${path} — ${command.summary}`, "", "Usage:", `  ${command.usage}`];
  if (command.description) lines.push("", ...command.description.split("\n").map((l) => (l ? `  ${l}` : "")));
  if (command.subcommands?.length) {
    lines.push("", "Commands:");
    const width = Math.max(...command.subcommands.map((c) => c.name.length));
    for (const sub of command.subcommands) lines.push(`  ${sub.name.padEnd(width + 2)}${sub.summary}`);
  }
  const all = { ...command.options, ...globalOptions };
  lines.push("", "Options:");
  const labels = Object.entries(all).map(
    ([name, o]) => [`${o.short ? `-${o.short}, ` : "    "}--${name}${o.value ? ` ${o.value}` : ""}`, o] as const,
  );
  const width = Math.max(...labels.map(([l]) => l.length));
  for (const [label, o] of labels) lines.push(`  ${label.padEnd(width + 2)}${o.description}`);
  lines.push("", "Examples:", ...command.examples.map((e) => `  ${e}`));
  return lines.join("\n");
}

/** String option value, or undefined. */
export function str(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === "string" ? v : undefined;
}

export function strs(args: ParsedArgs, name: string): string[] {
  const v = args.values[name];
  return Array.isArray(v) ? (v as string[]) : typeof v === "string" ? [v] : [];
}

export function bool(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}
