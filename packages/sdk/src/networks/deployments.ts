import { knownNetworks } from "./known.js";
import { type CairnDeployment, isDeployed, type NetworkFile } from "./networkFile.js";

/** Where Cairn is deployed, by chain id, from the network files shipped with it (networks/*.json). */
export const deployments: Readonly<Record<number, CairnDeployment>> = deploymentsByChainId(knownNetworks);

/** Indexes network files with a deployment by chain id (for your own list: `createCairnClient({ deployments })`). */
export function deploymentsByChainId(files: readonly NetworkFile[]): Record<number, CairnDeployment> {
  const byChain: Record<number, CairnDeployment> = {};
  for (const file of files) if (isDeployed(file)) byChain[file.chainId] = file;
  return byChain;
}

/** A shipped network file by name (`base-sepolia`), or undefined. */
export function getKnownNetwork(name: string): NetworkFile | undefined {
  return knownNetworks.find((n) => n.name === name);
}
