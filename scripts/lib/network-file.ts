import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { type NetworkFile, parseNetworkFile } from "../../packages/sdk/src/networks/networkFile.js";

export type { NetworkFile };

export async function readNetworkFile(path: string): Promise<NetworkFile> {
  return parseNetworkFile(JSON.parse(await readFile(path, "utf8")), path);
}

/** Writes a network file atomically, checked first, with a stable key order. */
export async function writeNetworkFile(path: string, file: NetworkFile): Promise<void> {
  const checked = parseNetworkFile(file, path);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(`${path}.tmp`, `${JSON.stringify(checked, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
}
