import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { NetworkFile } from "@cairn/sdk";
import { type Command, str } from "../lib/command.js";
import { CliError, UsageError } from "../lib/errors.js";
import { findNetwork, listNetworks, saveUserNetwork, userNetworksDir } from "../lib/networks.js";
import { print, table } from "../lib/output.js";
import { addressOf, integerOf } from "../lib/parse.js";

const list: Command = {
  name: "list",
  summary: "list the networks Cairn knows: shipped network files and yours",
  usage: "cairn network list",
  examples: ["cairn network list", "cairn network list --json"],
  async run() {
    const networks = await listNetworks();
    print(
      () =>
        networks.map(
          (n) =>
            `${n.name.padEnd(20)} chain ${String(n.chainId).padEnd(10)} ${n.registry ? `registry ${n.registry}` : "(not deployed)"}${n.source === "shipped" ? "" : `  ${n.source}`}`,
        ),
      { networks },
    );
  },
};

const show: Command = {
  name: "show",
  summary: "show one network: chain id, addresses, deployment block, recommended URLs",
  usage: "cairn network show <name>",
  examples: ["cairn network show base-sepolia"],
  async run(args) {
    const name = args.positionals[0];
    if (!name) throw new UsageError("Missing the network name.", "network show");
    const n = await findNetwork(name);
    print(
      () =>
        table([
          ["name", n.name],
          ["chain id", n.chainId],
          ["registry", n.registry ?? "(not deployed)"],
          ["vault", n.vault],
          ["gov factory", n.factory],
          ["deployment block", n.deploymentBlock],
          ["rpc", n.rpc],
          ["gateway", n.gateway],
          ["relayer", n.relayer],
          ["indexer", n.indexer],
          ["explorer", n.explorer],
          ["from", n.source],
        ]),
      n,
    );
  },
};

const add: Command = {
  name: "add",
  summary: "add (or replace) a network of your own, by flags or from a network file",
  usage: "cairn network add <name> --chain-id <id> --rpc <url> [--registry <address> ...] | --from <file>",
  description: [
    `Saved to ${"$"}CAIRN_NETWORKS_DIR (default ~/.config/cairn/networks) as <name>.json, in the format of`,
    "networks/*.json; `npx hardhat cairn-deploy` writes such files. Then: cairn --network <name> <command>.",
  ].join("\n"),
  options: {
    from: { type: "string", value: "<file>", description: "A network file (JSON) to add." },
    "chain-id": { type: "string", value: "<id>", description: "Chain id." },
    rpc: { type: "string", value: "<url>", description: "JSON-RPC URL." },
    registry: { type: "string", value: "<address>", description: "CairnRegistry address." },
    vault: { type: "string", value: "<address>", description: "RewardVault address." },
    factory: { type: "string", value: "<address>", description: "GovernedDatasetFactory address." },
    "deployment-block": {
      type: "string",
      value: "<n>",
      description: "Block of the deployment (log scans start there).",
    },
    gateway: { type: "string", value: "<url>", description: "Trustless IPFS gateway." },
    relayer: { type: "string", value: "<url>", description: "Relayer URL." },
    indexer: { type: "string", value: "<url>", description: "Indexer URL." },
  },
  examples: [
    "cairn network add my-chain --chain-id 84532 --rpc https://rpc.example.org --registry 0x… --vault 0x…",
    "cairn network add anvil --from networks/anvil.json",
  ],
  async run(args) {
    const name = args.positionals[0];
    if (!name) throw new UsageError("Missing the network name.", "network add");
    const from = str(args, "from");
    let file: Partial<NetworkFile> = {};
    if (from) {
      try {
        file = JSON.parse(await readFile(resolve(from), "utf8")) as NetworkFile;
      } catch (error) {
        throw new CliError(`Cannot read the network file ${from}.`, { meta: [(error as Error).message] });
      }
    }
    const chainId = str(args, "chain-id");
    const block = str(args, "deployment-block");
    const address = (key: string) => {
      const value = str(args, key);
      return value === undefined ? undefined : addressOf(value, `--${key}`, "network add");
    };
    file = {
      ...file,
      name,
      ...(chainId !== undefined
        ? { chainId: integerOf(chainId, "--chain-id", "network add", 1, Number.MAX_SAFE_INTEGER) as number }
        : {}),
      ...(block !== undefined
        ? {
            deploymentBlock: integerOf(
              block,
              "--deployment-block",
              "network add",
              0,
              Number.MAX_SAFE_INTEGER,
            ) as number,
          }
        : {}),
    };
    for (const key of ["registry", "vault", "factory"] as const) {
      const value = address(key);
      if (value) file[key] = value;
    }
    for (const key of ["rpc", "gateway", "relayer", "indexer"] as const) {
      const value = str(args, key);
      if (value) file[key] = value;
    }
    if (file.chainId === undefined) throw new UsageError("Missing --chain-id (or --from <file>).", "network add");
    let path: string;
    try {
      path = await saveUserNetwork(file as NetworkFile);
    } catch (error) {
      throw new CliError(`Not a valid network: ${(error as Error).message}`);
    }
    print(`Added network ${name} (${path}). Use it with: cairn --network ${name} <command>`, {
      name,
      path,
      dir: userNetworksDir(),
    });
  },
};

export const network: Command = {
  name: "network",
  summary: "networks by name: list, show, add",
  usage: "cairn network list|show|add",
  subcommands: [list, show, add],
  examples: ["cairn network list", "cairn network show base-sepolia", "cairn --network base-sepolia status"],
};
