import type { Address, PublicClient, WalletClient } from "viem";
import { modelRegistryAbi, modelRegistryBytecode } from "../../abis/modelRegistry.js";
import { releaseRegistryAbi, releaseRegistryBytecode } from "../../abis/releaseRegistry.js";
import { deployFromBytecode as deploy, deployOptions } from "../../internal/deploy.js";

export type DeployReleasesReturnType = { releases: Address; models: Address };

/**
 * Deploys the release registry and the model registry beside an existing Cairn registry, from the bytecode the
 * SDK ships. Used by `cairn dev`, tests and demos; production deployments use the Ignition module
 * `ignition/modules/Releases.ts`.
 *
 * @example
 * ```ts
 * const { releases, models } = await deployReleases({ publicClient, walletClient, registry });
 * ```
 */
export async function deployReleases({
  publicClient,
  walletClient,
  registry,
  create2,
}: {
  publicClient: PublicClient;
  walletClient: WalletClient;
  registry: Address;
  /** Deploy through CreateX with Cairn's salt: at the addresses `npx hardhat cairn-deploy` (Ignition's create2 strategy) gives on every chain. */
  create2?: boolean | undefined;
}): Promise<DeployReleasesReturnType> {
  const releases = await deploy(
    publicClient,
    walletClient,
    "ReleaseRegistry",
    releaseRegistryAbi,
    releaseRegistryBytecode,
    [registry],
    deployOptions(create2),
  );
  const models = await deploy(
    publicClient,
    walletClient,
    "ModelRegistry",
    modelRegistryAbi,
    modelRegistryBytecode,
    [releases.address],
    deployOptions(create2),
  );
  return { releases: releases.address, models: models.address };
}
