import type { Address, Chain, PublicClient, WalletClient } from "viem";
import { cairnRegistryAbi } from "./abis/cairnRegistry.js";
import { InvalidParameterError } from "./errors/client.js";
import { deployments as knownDeployments } from "./networks/deployments.js";
import type { CairnDeployment } from "./networks/networkFile.js";
import type { ContentStore } from "./stores/types.js";

/**
 * Everything an action needs, passed in explicitly (no hidden globals): a viem public client to read
 * the chain, optionally a wallet client to send transactions, the deployment's addresses, and the
 * content store where files live.
 */
export type CairnClient = {
  readonly publicClient: PublicClient;
  readonly walletClient?: WalletClient | undefined;
  readonly registry: Address;
  readonly vault: Address;
  readonly chainId: number;
  readonly store?: ContentStore | undefined;
  /** Blocks per `eth_getLogs` request of the log-reading actions (default 10,000). */
  readonly logBlockRange?: number | undefined;
  /** The ReleaseRegistry address, for release actions (`cutRelease`, `proveInclusion`, …). */
  readonly releases?: Address | undefined;
  /** The ModelRegistry address, for model and data-dividend actions. */
  readonly models?: Address | undefined;
};

export type CreateCairnClientParameters = {
  publicClient: PublicClient;
  walletClient?: WalletClient | undefined;
  /**
   * The CairnRegistry address. When omitted, the deployment for the chain (`chain`, else the public
   * client's) is taken from `deployments`: the networks Cairn ships (networks/*.json) by default.
   */
  registry?: Address | undefined;
  /** The chain, to find its deployment when `registry` is omitted; the public client's chain otherwise. */
  chain?: Pick<Chain, "id"> | undefined;
  /** Deployments by chain id (default: the shipped ones, `deployments`). */
  deployments?: Readonly<Record<number, CairnDeployment>> | undefined;
  /** The RewardVault address; read from the registry when omitted. */
  vault?: Address | undefined;
  store?: ContentStore | undefined;
  /** Blocks per `eth_getLogs` request of the log-reading actions (default 10,000). */
  logBlockRange?: number | undefined;
  /** The ReleaseRegistry address (release actions only). */
  releases?: Address | undefined;
  /** The ModelRegistry address (model and data-dividend actions only). */
  models?: Address | undefined;
};

/**
 * Binds clients, addresses and a store into a {@link CairnClient}.
 *
 * @example
 * ```ts
 * const client = await createCairnClient({
 *   publicClient: createPublicClient({ transport: http("http://127.0.0.1:8545") }),
 *   walletClient: createWalletClient({ account, transport: http("http://127.0.0.1:8545") }),
 *   registry: "0x…",
 *   store: await createHeliaStore({ directory: ".cairn/ipfs" }),
 * });
 * ```
 */
export async function createCairnClient(parameters: CreateCairnClientParameters): Promise<CairnClient> {
  const { publicClient, walletClient, store, logBlockRange, releases, models } = parameters;
  let { registry, vault: givenVault } = parameters;
  if (!registry) {
    const chainId = parameters.chain?.id ?? publicClient.chain?.id ?? (await publicClient.getChainId());
    const deployment = (parameters.deployments ?? knownDeployments)[chainId];
    if (!deployment) {
      throw new InvalidParameterError(
        "registry",
        `none given, and no known Cairn deployment on chain ${chainId}`,
        "Pass `registry`, or `deployments` with this chain (a network file from `npx hardhat cairn-deploy`).",
      );
    }
    registry = deployment.registry;
    givenVault ??= deployment.vault;
  }
  const registryAddress = registry;
  const [chainId, vault] = await Promise.all([
    publicClient.getChainId(),
    givenVault ??
      (publicClient.readContract({
        address: registryAddress,
        abi: cairnRegistryAbi,
        functionName: "rewardVault",
      }) as Promise<Address>),
  ]);
  if (parameters.chain && parameters.chain.id !== chainId) {
    throw new InvalidParameterError("chain", `chain ${parameters.chain.id} given, but the RPC serves chain ${chainId}`);
  }
  return {
    publicClient,
    walletClient,
    registry: registryAddress,
    vault,
    chainId,
    store,
    logBlockRange,
    releases,
    models,
  };
}

/** A copy of `client` using another store or wallet. */
export function withClient(client: CairnClient, changes: Partial<Omit<CairnClient, "chainId">>): CairnClient {
  return { ...client, ...changes };
}
