import type * as Sdk from "@cairn/sdk";
import { getAddress, type PublicClient, parseUnits, type WalletClient } from "viem";
import type { DevDeployment } from "./persist.js";

/**
 * Deploys what `cairn dev` offers on a new chain: the core (registry + vault), a dev ERC-20 (CDT) minted to
 * each development account, the governance factory, the release and model registries and a reviewer pool. Every
 * contract but the dev token goes through CreateX with Cairn's salt, at the addresses `npx hardhat cairn-deploy`
 * gives on every chain.
 */
export async function deployDevContracts(
  sdk: typeof Sdk,
  {
    publicClient,
    deployer,
    accounts,
    tokensPerAccount,
  }: {
    publicClient: PublicClient;
    deployer: WalletClient & { account: NonNullable<WalletClient["account"]> };
    accounts: Array<{ address: `0x${string}` }>;
    tokensPerAccount: string;
  },
): Promise<DevDeployment> {
  // Through CreateX with Cairn's salt, as `npx hardhat cairn-deploy` does: the dev addresses are the real networks'.
  const { registry, vault } = await sdk.deployCairn({ publicClient, walletClient: deployer, create2: true });
  const token = await sdk.deployTestToken({
    publicClient,
    walletClient: deployer,
    name: "Cairn Dev Token",
    symbol: "CDT",
  });
  for (const { address } of accounts) {
    const hash = await deployer.writeContract({
      address: token,
      abi: sdk.testTokenAbi,
      functionName: "mint",
      args: [address, parseUnits(tokensPerAccount, 18)],
      account: deployer.account,
      chain: deployer.chain,
    });
    await publicClient.waitForTransactionReceipt({ hash });
  }
  const { factory } = await sdk.deployGovernance({ publicClient, walletClient: deployer, registry, create2: true });
  const { releases, models } = await sdk.deployReleases({
    publicClient,
    walletClient: deployer,
    registry,
    create2: true,
  });
  const { pool } = await sdk.deployReviewerPool({ publicClient, walletClient: deployer, registry, create2: true });
  return {
    registry: getAddress(registry),
    vault: getAddress(vault),
    token: getAddress(token),
    factory: getAddress(factory),
    releases: getAddress(releases),
    models: getAddress(models),
    pool: getAddress(pool),
  };
}
