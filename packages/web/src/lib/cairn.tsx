import { type CairnClient, createGatewayStore } from "@cairn/sdk/browser";
import { createContext, type ReactNode, useContext, useMemo } from "react";
import {
  type Chain,
  createPublicClient,
  createWalletClient,
  custom,
  type EIP1193Provider,
  http,
  type PublicClient,
} from "viem";
import { useConnection } from "wagmi";
import type { WebConfig } from "../config.js";
import { createBrowserStore } from "./store.js";
import { chainOf } from "./wagmi.js";

type Cairn = { config: WebConfig; chain: Chain; client: CairnClient };
const CairnContext = createContext<Cairn | undefined>(undefined);

/** A read-only Cairn client for the config's network: RPC reads, the gateway for verified content. */
export function createReader(config: WebConfig, vault: `0x${string}`): Cairn {
  const chain = chainOf(config);
  const publicClient = createPublicClient({
    chain,
    transport: http(config.rpc, { retryCount: 1, batch: { wait: 0 } }),
    pollingInterval: 500,
  });
  const store = config.contentEndpoint
    ? createBrowserStore({ gateway: config.gateway, endpoint: config.contentEndpoint })
    : createGatewayStore({ url: config.gateway });
  const client: CairnClient = {
    publicClient: publicClient as PublicClient,
    registry: config.registry,
    vault,
    chainId: config.chainId,
    store,
    releases: config.releases,
    models: config.models,
  };
  return { config, chain, client };
}

export function CairnProvider({ value, children }: { value: Cairn; children: ReactNode }) {
  return <CairnContext.Provider value={value}>{children}</CairnContext.Provider>;
}

export function useCairn(): Cairn {
  const value = useContext(CairnContext);
  if (!value) throw new Error("useCairn outside CairnProvider");
  return value;
}

/** What the wallet is doing, as the transaction state machine sees it. */
export type WalletEvents = {
  /** The wallet was asked to sign or send. */
  onRequest?: (method: string) => void;
  /** The wallet answered a send with a transaction hash (now pending on-chain). */
  onSent?: (hash: `0x${string}`) => void;
  /** The wallet returned a signature. */
  onSigned?: () => void;
};

const walletMethods = new Set(["eth_sendTransaction", "eth_signTypedData_v4", "personal_sign"]);

/**
 * A Cairn client whose wallet is the connected connector's EIP-1193 provider, watched so the UI knows
 * when the wallet is asked (signing), when a transaction was sent (pending) and when a signature came back.
 */
export function useWriter() {
  const { client, chain } = useCairn();
  const { connector, address } = useConnection();
  return useMemo(() => {
    if (!connector || !address) return undefined;
    return async (events: WalletEvents = {}): Promise<CairnClient> => {
      const provider = (await connector.getProvider()) as EIP1193Provider;
      const watched = {
        async request(args: { method: string; params?: unknown }) {
          const sensitive = walletMethods.has(args.method);
          if (sensitive) events.onRequest?.(args.method);
          const result = await provider.request(args as never);
          if (args.method === "eth_sendTransaction") events.onSent?.(result as `0x${string}`);
          else if (sensitive) events.onSigned?.();
          return result;
        },
      };
      const walletClient = createWalletClient({ account: address, chain, transport: custom(watched) });
      return { ...client, walletClient };
    };
  }, [client, chain, connector, address]);
}
