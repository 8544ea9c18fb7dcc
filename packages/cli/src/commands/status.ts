import type * as Sdk from "@cairn/sdk";
import { formatEther } from "ox/Value";
import type { Command } from "../lib/command.js";
import { keyOptions, networkOptions } from "../lib/command.js";
import { connect } from "../lib/context.js";
import { formatAmount, print, table } from "../lib/output.js";
import { balanceOf, tokenInfo } from "../lib/token.js";

/** The SDK, loaded when the command runs (so `--help` stays fast). */
let sdk: typeof Sdk;

export const status: Command = {
  name: "status",
  summary: "show the network, contract addresses, your account and its balances",
  usage: "cairn status [--keystore <file>] [--rpc <url> --registry <address>]",
  options: { ...networkOptions, ...keyOptions },
  examples: [
    "cairn status",
    "CAIRN_PRIVATE_KEY=0x… cairn status --json",
    "cairn status --rpc https://rpc.example.org --registry 0x…",
  ],
  async run(args) {
    sdk = await import("@cairn/sdk");
    const { config, client, publicClient, account } = await connect(args, { wallet: "optional" });
    // Independent reads, sent together (the transport batches them into one request).
    const [blockNumber, datasetCount, token, eth, tokenBalance] = await Promise.all([
      publicClient.getBlockNumber(),
      publicClient.readContract({ address: client.registry, abi: sdk.cairnRegistryAbi, functionName: "datasetCount" }),
      config.token ? tokenInfo(publicClient, config.token) : undefined,
      account ? publicClient.getBalance({ address: account.address }) : undefined,
      account && config.token ? balanceOf(publicClient, config.token, account.address) : undefined,
    ]);
    const balances = eth !== undefined ? { eth, token: tokenBalance } : undefined;
    const store = config.ipfs
      ? `kubo ${config.ipfs}`
      : config.heliaDir
        ? `embedded Helia ${config.heliaDir}`
        : config.gateway
          ? `gateway ${config.gateway}`
          : undefined;
    print(
      () =>
        table([
          ["network", `${config.rpc} (chain ${client.chainId}, block ${blockNumber})`],
          ["config", config.source],
          ["registry", client.registry],
          ["vault", client.vault],
          ["datasets", datasetCount],
          ["ipfs", store],
          ["gateway", config.gateway],
          ["token", token ? `${token.address} (${token.symbol})` : undefined],
          ["account", account?.address ?? "none (pass --keystore or set CAIRN_PRIVATE_KEY)"],
          ...(balances
            ? ([
                ["balance", `${formatEther(balances.eth)} ETH`],
                ...(token && balances.token !== undefined
                  ? [["token balance", formatAmount(balances.token, token.decimals, token.symbol)] as [string, string]]
                  : []),
              ] as Array<[string, string]>)
            : []),
        ]),
      {
        rpc: config.rpc,
        chainId: client.chainId,
        blockNumber,
        config: config.source,
        registry: client.registry,
        vault: client.vault,
        datasetCount,
        ipfs: config.ipfs,
        heliaDir: config.heliaDir,
        gateway: config.gateway,
        token: token?.address,
        account: account?.address,
        balances: balances ? { eth: balances.eth, token: balances.token } : undefined,
      },
    );
  },
};
