import type { Address, PublicClient, WalletClient } from "viem";
import { reviewerPoolAbi, reviewerPoolBytecode } from "../../abis/reviewerPool.js";
import { deployFromBytecode as deploy, deployOptions } from "../../internal/deploy.js";

export type DeployReviewerPoolReturnType = { pool: Address };

/**
 * Deploys a reviewer pool beside an existing Cairn registry, from the bytecode the SDK ships. One pool serves
 * any number of datasets; a steward turns it on for a dataset with `configurePool` after naming it a curator
 * (quorum 1). Used by `cairn dev`, tests and demos; production deployments use the Ignition module
 * `ignition/modules/ReviewerPool.ts`.
 *
 * @example
 * ```ts
 * const { pool } = await deployReviewerPool({ publicClient, walletClient, registry });
 * ```
 */
export async function deployReviewerPool({
  publicClient,
  walletClient,
  registry,
  create2,
}: {
  publicClient: PublicClient;
  walletClient: WalletClient;
  registry: Address;
  /** Deploy through CreateX with Cairn's salt: at the address `npx hardhat cairn-deploy` (Ignition's create2 strategy) gives on every chain. */
  create2?: boolean | undefined;
}): Promise<DeployReviewerPoolReturnType> {
  const pool = await deploy(
    publicClient,
    walletClient,
    "ReviewerPool",
    reviewerPoolAbi,
    reviewerPoolBytecode,
    [registry],
    deployOptions(create2),
  );
  return { pool: pool.address };
}
