import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import type { NetworkFile } from "@cairn/sdk";
import type { NetworkConfig } from "./config.js";
import { CliError } from "./errors.js";

/**
 * Networks by name: the network files Cairn ships (networks/*.json, inside the SDK) and the user's own,
 * added with `cairn network add` to CAIRN_NETWORKS_DIR (default ~/.config/cairn/networks), which win over
 * a shipped one of the same name.
 */
export function userNetworksDir(): string {
  return resolve(process.env.CAIRN_NETWORKS_DIR ?? join(homedir(), ".config", "cairn", "networks"));
}

export type NamedNetwork = NetworkFile & { source: string };

export async function listNetworks(): Promise<NamedNetwork[]> {
  const { knownNetworks } = await import("@cairn/sdk");
  const byName = new Map<string, NamedNetwork>();
  for (const file of knownNetworks) byName.set(file.name, { ...file, source: "shipped" });
  const dir = userNetworksDir();
  if (existsSync(dir)) {
    for (const name of (await readdir(dir)).filter((f) => f.endsWith(".json")).sort()) {
      const file = await readUserNetwork(join(dir, name));
      byName.set(file.name, { ...file, source: join(dir, name) });
    }
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export async function findNetwork(name: string): Promise<NamedNetwork> {
  const networks = await listNetworks();
  const found = networks.find((n) => n.name === name);
  if (!found) {
    throw new CliError(`Unknown network "${name}".`, {
      meta: [`Known: ${networks.map((n) => n.name).join(", ")}.`, "Add one with `cairn network add`."],
    });
  }
  return found;
}

async function readUserNetwork(path: string): Promise<NetworkFile> {
  const { parseNetworkFile } = await import("@cairn/sdk");
  try {
    return parseNetworkFile(JSON.parse(await readFile(path, "utf8")), path);
  } catch (error) {
    throw new CliError(`Network file ${path} is not valid.`, { meta: [(error as Error).message] });
  }
}

/** Saves a user network (checked), replacing one of the same name. Returns its path. */
export async function saveUserNetwork(file: NetworkFile): Promise<string> {
  const { parseNetworkFile } = await import("@cairn/sdk");
  const checked = parseNetworkFile(file, "network");
  const dir = userNetworksDir();
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${checked.name}.json`);
  await writeFile(`${path}.tmp`, `${JSON.stringify(checked, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
  return path;
}

/** What a network file gives the other commands. */
export function networkConfigOf(file: NetworkFile): NetworkConfig {
  return {
    rpc: file.rpc,
    chainId: file.chainId,
    registry: file.registry,
    vault: file.vault,
    gateway: file.gateway,
  };
}
