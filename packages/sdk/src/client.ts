import type { Address, PublicClient, WalletClient } from "viem";
import { cairnRegistryAbi } from "./abis/cairnRegistry.js";
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
  /** The ReleaseRegistry address, for release actions (`cutRelease`, `proveInclusion`, …). */
  readonly releases?: Address | undefined;
  /** The ModelRegistry address, for model and data-dividend actions. */
  readonly models?: Address | undefined;
};

export type CreateCairnClientParameters = {
  publicClient: PublicClient;
  walletClient?: WalletClient | undefined;
  /** The CairnRegistry address. */
  registry: Address;
  /** The RewardVault address; read from the registry when omitted. */
  vault?: Address | undefined;
  store?: ContentStore | undefined;
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
  const { publicClient, walletClient, registry, store, releases, models } = parameters;
  const [chainId, vault] = await Promise.all([
    publicClient.getChainId(),
    parameters.vault ??
      (publicClient.readContract({
        address: registry,
        abi: cairnRegistryAbi,
        functionName: "rewardVault",
      }) as Promise<Address>),
  ]);
  return { publicClient, walletClient, registry, vault, chainId, store, releases, models };
}

/** A copy of `client` using another store or wallet. */
export function withClient(client: CairnClient, changes: Partial<Omit<CairnClient, "chainId">>): CairnClient {
  return { ...client, ...changes };
}
