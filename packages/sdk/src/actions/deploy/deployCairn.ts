import type { Address, Hash, PublicClient, WalletClient } from "viem";
import { cairnRegistryAbi, cairnRegistryBytecode } from "../../abis/cairnRegistry.js";
import { testTokenAbi, testTokenBytecode } from "../../abis/testToken.js";
import { deployFromBytecode as deploy, deployOptions } from "../../internal/deploy.js";

export type DeployCairnReturnType = { registry: Address; vault: Address; blockNumber: bigint; hash: Hash };

/**
 * Deploys the Cairn core (the registry, which deploys its reward vault) from the bytecode the SDK
 * ships: no compiler needed. Used by `cairn dev`, tests and demos; production deployments use the
 * Hardhat Ignition module.
 *
 * @example
 * ```ts
 * const { registry, vault } = await deployCairn({ publicClient, walletClient });
 * ```
 */
export async function deployCairn({
  publicClient,
  walletClient,
  create2,
}: {
  publicClient: PublicClient;
  walletClient: WalletClient;
  /** Deploy through CreateX with Cairn's salt: at the addresses `npx hardhat cairn-deploy` (Ignition's create2 strategy) gives on every chain. */
  create2?: boolean | undefined;
}): Promise<DeployCairnReturnType> {
  const { address, receipt, hash } = await deploy(
    publicClient,
    walletClient,
    "CairnRegistry",
    cairnRegistryAbi,
    cairnRegistryBytecode,
    [],
    deployOptions(create2),
  );
  const vault = await publicClient.readContract({ address, abi: cairnRegistryAbi, functionName: "rewardVault" });
  return { registry: address, vault, blockNumber: receipt.blockNumber, hash };
}

/**
 * Deploys a mintable ERC-20 with ERC-2612 permit, for development networks and demos.
 *
 * @example
 * ```ts
 * const token = await deployTestToken({ publicClient, walletClient, name: "Cairn Dev Token", symbol: "CDT" });
 * ```
 */
export async function deployTestToken({
  publicClient,
  walletClient,
  name = "Cairn Dev Token",
  symbol = "CDT",
}: {
  publicClient: PublicClient;
  walletClient: WalletClient;
  name?: string;
  symbol?: string;
}): Promise<Address> {
  return (await deploy(publicClient, walletClient, "TestToken", testTokenAbi, testTokenBytecode, [name, symbol]))
    .address;
}
