import { type Chain, defineChain } from "viem";
import { createConfig, http, injected } from "wagmi";
import type { WebConfig } from "../config.js";

/** The network of the config as a viem chain. */
export function chainOf(config: WebConfig): Chain {
  return defineChain({
    id: config.chainId,
    name: config.chainName,
    nativeCurrency: { name: config.nativeSymbol ?? "ETH", symbol: config.nativeSymbol ?? "ETH", decimals: 18 },
    rpcUrls: { default: { http: [config.rpc] } },
    blockExplorers: config.explorer ? { default: { name: "Explorer", url: config.explorer } } : undefined,
  });
}

/**
 * wagmi with the connectors the config lists: every wallet that announces itself through EIP-6963
 * (`multiInjectedProviderDiscovery`), and/or the legacy `window.ethereum` one. Another connector
 * (e.g. WalletConnect) is one more entry here.
 */
export function createWagmiConfig(config: WebConfig) {
  const chain = chainOf(config);
  return createConfig({
    chains: [chain],
    connectors: config.connectors.includes("injected") ? [injected({ shimDisconnect: true })] : [],
    multiInjectedProviderDiscovery: config.connectors.includes("eip6963"),
    transports: { [chain.id]: http(config.rpc) },
    pollingInterval: 1_000,
  });
}
