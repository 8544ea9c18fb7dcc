import type { Abi, Address, Hash, Hex, PublicClient, WalletClient } from "viem";
import { cairnGovernorDeployerAbi, cairnGovernorDeployerBytecode } from "../../abis/cairnGovernorDeployer.js";
import {
  contributionVotesDeployerAbi,
  contributionVotesDeployerBytecode,
} from "../../abis/contributionVotesDeployer.js";
import { governedDatasetFactoryAbi, governedDatasetFactoryBytecode } from "../../abis/governedDatasetFactory.js";
import { timelockDeployerAbi, timelockDeployerBytecode } from "../../abis/timelockDeployer.js";
import { deployFromBytecode as deploy, deployOptions } from "../../internal/deploy.js";

export type DeployGovernanceParameters = {
  publicClient: PublicClient;
  walletClient: WalletClient;
  /** The CairnRegistry in which governed datasets are created. */
  registry: Address;
  /** Deploy through CreateX with Cairn's salt: at the addresses `npx hardhat cairn-deploy` (Ignition's create2 strategy) gives on every chain. */
  create2?: boolean | undefined;
};
export type DeployGovernanceReturnType = {
  /** The GovernedDatasetFactory: pass it to `createGovernedDataset`. */
  factory: Address;
  votesDeployer: Address;
  timelockDeployer: Address;
  governorDeployer: Address;
  blockNumber: bigint;
  hash: Hash;
};

/**
 * Deploys governance for a registry (the three deployers and GovernedDatasetFactory) from the bytecode the SDK
 * ships: no compiler needed. For `cairn dev`, tests and demos; production deployments use the Hardhat Ignition
 * module `ignition/modules/Governance.ts`.
 *
 * @example
 * ```ts
 * const { registry } = await deployCairn({ publicClient, walletClient });
 * const { factory } = await deployGovernance({ publicClient, walletClient, registry });
 * ```
 */
export async function deployGovernance({
  publicClient,
  walletClient,
  registry,
  create2,
}: DeployGovernanceParameters): Promise<DeployGovernanceReturnType> {
  const send = (name: string, abi: Abi, bytecode: Hex, args: unknown[] = []) =>
    deploy(publicClient, walletClient, name, abi, bytecode, args, deployOptions(create2));
  // One after the other: concurrent sends could be given the same nonce.
  const votesDeployer = await send(
    "ContributionVotesDeployer",
    contributionVotesDeployerAbi,
    contributionVotesDeployerBytecode,
  );
  const timelockDeployer = await send("TimelockDeployer", timelockDeployerAbi, timelockDeployerBytecode);
  const governorDeployer = await send("CairnGovernorDeployer", cairnGovernorDeployerAbi, cairnGovernorDeployerBytecode);
  const factory = await send("GovernedDatasetFactory", governedDatasetFactoryAbi, governedDatasetFactoryBytecode, [
    registry,
    votesDeployer.address,
    timelockDeployer.address,
    governorDeployer.address,
  ]);
  return {
    factory: factory.address,
    votesDeployer: votesDeployer.address,
    timelockDeployer: timelockDeployer.address,
    governorDeployer: governorDeployer.address,
    blockNumber: factory.receipt.blockNumber,
    hash: factory.hash,
  };
}
