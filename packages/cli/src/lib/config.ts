import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { validate as isAddress } from "ox/Address";
import type { Address } from "viem";
import { type ParsedArgs, str } from "./command.js";
import { CliError, UsageError } from "./errors.js";

/**
 * Where a network is and how to reach its content. Written by `cairn dev` to `.cairn/dev.json`; the same
 * shape works as a `--config cairn.json` file for any other network.
 */
export type NetworkConfig = {
  /** JSON-RPC URL. */
  rpc?: string | undefined;
  chainId?: number | undefined;
  registry?: Address | undefined;
  vault?: Address | undefined;
  /** A token (the dev network's TestToken), used as the default reward token of new datasets. */
  token?: Address | undefined;
  /** Kubo RPC API URL. */
  ipfs?: string | undefined;
  /** Trustless gateway URL. */
  gateway?: string | undefined;
  /** Directory of an embedded Helia node (the dev network's, shared on this machine). */
  heliaDir?: string | undefined;
};

export type ResolvedConfig = NetworkConfig & {
  dataDir: string;
  /** Where the settings came from, for messages. */
  source: string;
  /** Where the RPC URL came from. */
  rpcFrom: string;
  /** Where the registry address came from: `--registry`, or `"registry" in <file>`. */
  registryFrom: string;
};

/** `--data-dir`, else CAIRN_DATA_DIR, else `.cairn` in the working directory. */
export function dataDirOf(args: ParsedArgs): string {
  return resolve(str(args, "data-dir") ?? process.env.CAIRN_DATA_DIR ?? ".cairn");
}

export function readConfigFile(path: string): NetworkConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new CliError(
      code === "ENOENT" ? `Config file ${path} does not exist.` : `Config file ${path} is not valid JSON.`,
      {
        meta: code === "ENOENT" ? [] : [(error as Error).message],
      },
    );
  }
  if (!parsed || typeof parsed !== "object") throw new CliError(`Config file ${path} must hold a JSON object.`);
  const config = parsed as NetworkConfig;
  for (const key of ["registry", "vault", "token"] as const) {
    if (config[key] !== undefined && !isAddress(config[key] as string))
      throw new CliError(`Config file ${path}: "${key}" is not an address.`);
  }
  if (config.heliaDir) config.heliaDir = resolve(dirname(path), config.heliaDir);
  return config;
}

/**
 * The network settings: flags (`--rpc`, `--registry`, `--ipfs`, `--gateway`) over a named network
 * (`--network`, see ./networks.ts) or a `--config` file (or CAIRN_CONFIG) over `<data-dir>/dev.json`
 * written by `cairn dev`.
 */
export function resolveConfig(
  args: ParsedArgs,
  network?: { name: string; config: NetworkConfig } | undefined,
): ResolvedConfig {
  const dataDir = dataDirOf(args);
  const configPath = str(args, "config") ?? process.env.CAIRN_CONFIG;
  const devPath = join(dataDir, "dev.json");
  let base: NetworkConfig = {};
  let source = "flags";
  if (network) {
    base = network.config;
    source = `network ${network.name}`;
  } else if (configPath) {
    base = readConfigFile(resolve(configPath));
    source = resolve(configPath);
  } else if (existsSync(devPath)) {
    base = readConfigFile(devPath);
    source = devPath;
  }
  const rpc = str(args, "rpc");
  const registry = str(args, "registry");
  const ipfs = str(args, "ipfs");
  const gateway = str(args, "gateway");
  if (registry !== undefined && !isAddress(registry)) throw new UsageError(`--registry ${registry} is not an address.`);
  const config: ResolvedConfig = {
    ...base,
    dataDir,
    source,
    rpcFrom: source,
    registryFrom: `"registry" in ${source}`,
  };
  if (rpc) {
    config.rpc = rpc;
    config.rpcFrom = "--rpc";
    // another chain: the file's chain-specific values no longer apply unless given again
    if (rpc !== base.rpc) {
      config.chainId = undefined;
      if (!registry) config.registry = base.registry;
    }
  }
  if (registry) {
    config.registry = registry as Address;
    config.registryFrom = "--registry";
    if (registry.toLowerCase() !== base.registry?.toLowerCase()) config.vault = undefined;
  }
  if (ipfs || gateway) {
    config.ipfs = ipfs;
    config.gateway = gateway;
    config.heliaDir = undefined;
  }
  const from = (flag: string, given: string | undefined) => (given ? flag : `"${flag.slice(2)}" in ${source}`);
  if (config.rpc) checkUrl(config.rpc, from("--rpc", rpc), "http://127.0.0.1:8545");
  if (config.ipfs) checkUrl(config.ipfs, from("--ipfs", ipfs), "http://127.0.0.1:5001");
  if (config.gateway) checkUrl(config.gateway, from("--gateway", gateway), "http://127.0.0.1:8080");
  return config;
}

/** A malformed endpoint is the user's input to fix (exit 1), not a network failure. */
function checkUrl(value: string, where: string, example: string): void {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {}
  if (url?.protocol !== "http:" && url?.protocol !== "https:")
    throw new UsageError(`${where}: "${value}" is not an http(s) URL (e.g. ${example}).`);
}
