import type { CairnClient, ContentStore } from "@cairn/sdk";
import type { Address, Chain, PublicClient, WalletClient } from "viem";
import type { PrivateKeyAccount } from "viem/accounts";
import { type ParsedArgs, str } from "./command.js";
import { type ResolvedConfig, resolveConfig } from "./config.js";
import { CliError, isNetworkFailure, NetworkError } from "./errors.js";
import { loadAccount, requireAccount } from "./keys.js";
import { findNetwork, networkConfigOf } from "./networks.js";

export type StoreNeed = "none" | "read" | "write";

export type Context = {
  config: ResolvedConfig;
  client: CairnClient;
  publicClient: PublicClient;
  account: PrivateKeyAccount | undefined;
  chain: Chain;
  close(): Promise<void>;
};

const toClose: Array<() => Promise<void>> = [];

/** Releases every store opened by this process (the embedded Helia node keeps files open). */
export async function closeAll(): Promise<void> {
  while (toClose.length)
    await toClose
      .pop()?.()
      .catch(() => {});
}

/**
 * Connects to the network the flags and config name: a public client, the account (if the command
 * sends transactions), the content store it needs, and a Cairn client binding them.
 */
export async function connect(
  args: ParsedArgs,
  {
    wallet = "none",
    store = "none",
    action = "This command",
    listen,
  }: {
    wallet?: "none" | "optional" | "required";
    store?: StoreNeed;
    action?: string;
    /** libp2p addresses on which the embedded node serves its content while the command runs (for a pinning service). */
    listen?: string[] | undefined;
  } = {},
): Promise<Context> {
  const networkName = str(args, "network") ?? process.env.CAIRN_NETWORK;
  const network = networkName
    ? { name: networkName, config: networkConfigOf(await findNetwork(networkName)) }
    : undefined;
  const config = resolveConfig(args, network);
  if (!config.rpc) {
    throw new CliError("No network given.", {
      meta: [
        "Start a local one with `cairn dev` (in this folder, or pass the same --data-dir),",
        "or pass --rpc <url> --registry <address>, or --config cairn.json.",
      ],
    });
  }
  // Read the key first: a wrong password or missing key is a user error whatever the network's state.
  const account =
    wallet === "required"
      ? await requireAccount(args, action)
      : wallet === "optional"
        ? await loadAccount(args)
        : undefined;

  const { createPublicClient, createWalletClient, defineChain, http } = await import("./viem.js");
  const transport = http(config.rpc, {
    batch: { batchSize: 100, wait: 0 },
    retryCount: 1,
    retryDelay: 200,
    timeout: 30_000,
  });
  const probe = createPublicClient({ transport });
  // The registry's code is asked for in the same batched request as the chain id (one round trip); it is
  // looked at only once the chain id is known to be right.
  const registryCode = config.registry
    ? probe.getCode({ address: config.registry }).then(
        (code) => ({ code }),
        (error: unknown) => ({ error }),
      )
    : undefined;
  let chainId: number;
  try {
    chainId = await probe.getChainId();
  } catch (error) {
    throw networkFailure(`Cannot reach the chain's JSON-RPC at ${config.rpc}.`, config, error);
  }
  if (config.chainId !== undefined && config.chainId !== chainId) {
    throw new CliError(
      `The RPC at ${config.rpc} serves chain ${chainId}, but the config (${config.source}) is for chain ${config.chainId}.`,
    );
  }
  const chain = defineChain({
    id: chainId,
    name: chainId === 31337 ? "cairn dev" : `chain ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [config.rpc] } },
  });
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 250 }) as PublicClient;
  if (!config.registry) {
    if (network) {
      throw new CliError(`Cairn is not deployed on ${network.name} yet (its network file has no registry).`, {
        meta: ["Deploy it with `npx hardhat cairn-deploy --network <name>`, or pass --registry <address>."],
      });
    }
    throw new CliError("No registry address given.", {
      meta: ['Pass --registry <address>, or a --config file with "registry".'],
    });
  }
  const answer = await (registryCode ?? probe.getCode({ address: config.registry }).then((code) => ({ code })));
  if ("error" in answer)
    throw networkFailure(`Cannot reach the chain's JSON-RPC at ${config.rpc}.`, config, answer.error);
  const { code } = answer;
  if (!code || code === "0x") {
    throw new CliError(`No contract at the registry address ${config.registry} on chain ${chainId}.`, {
      meta: [
        `The address is from ${config.registryFrom}; the RPC from ${config.rpcFrom}.`,
        config.registryFrom.endsWith("dev.json") && config.rpcFrom.endsWith("dev.json")
          ? "Is this dev.json from a `cairn dev` that is still running? (`cairn dev --fresh` starts a new chain.)"
          : config.registryFrom === "--registry"
            ? "Check --registry: is it the registry's address on this chain?"
            : `Check "registry" in ${config.source}, or pass --registry <address>.`,
      ],
    });
  }
  const walletClient: WalletClient | undefined = account
    ? createWalletClient({ account, chain, transport })
    : undefined;
  const contentStore = await openStore(config, store, listen);
  const { createCairnClient } = await import("@cairn/sdk");
  const client = await createCairnClient({
    publicClient,
    walletClient,
    registry: config.registry,
    vault: config.vault as Address | undefined,
    store: contentStore,
  }).catch((error) => {
    throw isNetworkFailure(error)
      ? networkFailure(`Cannot reach the chain's JSON-RPC at ${config.rpc}.`, config, error)
      : error;
  });
  return { config, client, publicClient, account, chain, close: closeAll };
}

/** Opens the store the command needs: Kubo (`--ipfs`), the embedded Helia node's folder (dev), or a gateway (read-only). */
export async function openStore(
  config: ResolvedConfig,
  need: StoreNeed,
  listen?: string[] | undefined,
): Promise<ContentStore | undefined> {
  if (need === "none") return undefined;
  const { createGatewayStore, createHeliaStore, createKuboStore } = await import("@cairn/sdk");
  if (config.ipfs) return createKuboStore({ url: config.ipfs });
  if (config.heliaDir) {
    const store = await createHeliaStore({ directory: config.heliaDir, listen });
    toClose.push(() => store.close());
    return store;
  }
  if (config.gateway) {
    if (need === "write") {
      throw new CliError("Storing content needs an IPFS node: a gateway is read-only.", {
        meta: ["Pass --ipfs <kubo rpc url>, or run `cairn dev` for an embedded node."],
      });
    }
    return createGatewayStore({ url: config.gateway });
  }
  throw new CliError("No IPFS node given.", {
    meta: ["Pass --ipfs <kubo rpc url> or --gateway <url>, or run `cairn dev`."],
  });
}

function networkFailure(message: string, config: ResolvedConfig, cause: unknown): Error {
  if (
    !isNetworkFailure(cause) &&
    !/HTTP request failed|fetch failed|timed? ?out/i.test(String((cause as Error)?.message))
  )
    return cause as Error;
  const meta = [`RPC: ${config.rpc} (from ${config.rpcFrom})`];
  if (config.rpcFrom.endsWith("dev.json")) meta.push("Is `cairn dev` running? Start it in another terminal.");
  else meta.push("Check the URL and that the node is up.");
  return new NetworkError(message, meta, cause);
}

export { str };
