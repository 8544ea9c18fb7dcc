/**
 * The `cairn-deploy` Hardhat task (declared in hardhat.config.ts):
 *
 *   npx hardhat cairn-deploy --network base-sepolia [--verify] [--deployment-id cairn-base-sepolia]
 *
 * 1. Deploys ignition/modules/Governance.ts (the registry, its vault, the governance deployers and factory)
 *    with Ignition's create2 strategy: every contract through the CreateX factory with the salt of
 *    hardhat.config.ts, hence at the same address on every chain. Ignition keeps a journal under
 *    ignition/deployments/<deployment id>: run the same command again to resume an interrupted deployment
 *    (nothing already done is sent twice). On a local chain (id 31337: EDR, Anvil) Ignition first deploys
 *    CreateX itself from its presigned transaction, at its canonical address.
 * 2. With --verify, runs `ignition verify <deployment id>` (Etherscan-compatible explorers, Blockscout and
 *    Sourcify, as configured).
 * 3. Writes networks/<network>.json (or <out>/<network>.json): chain id, addresses, the deployment block,
 *    keeping the recommended RPC/gateway/relayer/indexer URLs already in the file.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { getAddress } from "viem";
import GovernanceModule from "../ignition/modules/Governance.js";
import { type NetworkFile, readNetworkFile, writeNetworkFile } from "./lib/network-file.js";

type Args = { deploymentId: string; out: string; verify: boolean };

export default async function deployNetwork(args: Args, hre: HardhatRuntimeEnvironment): Promise<void> {
  const connection = await hre.network.getOrCreate();
  const name = connection.networkName;
  const deploymentId = args.deploymentId || `cairn-${name}`;
  const publicClient = await connection.viem.getPublicClient();
  const chainId = await publicClient.getChainId();
  console.log(`Deploying Cairn to ${name} (chain id ${chainId}), deployment id ${deploymentId}...`);

  const { registry, factory } = await connection.ignition.deploy(GovernanceModule, {
    strategy: "create2",
    deploymentId,
    displayUi: true,
  });

  if (args.verify) await hre.tasks.getTask(["ignition", "verify"]).run({ deploymentId });

  const deploymentBlock = await firstBlock(join(hre.config.paths.ignition, "deployments", deploymentId));
  const path = join(args.out || join(hre.config.paths.root, "networks"), `${name}.json`);
  const previous = await readNetworkFile(path).catch(() => undefined);
  const file: NetworkFile = {
    ...previous,
    name,
    chainId,
    registry: getAddress(registry.address),
    vault: getAddress(await registry.read.rewardVault()),
    factory: getAddress(factory.address),
    deploymentBlock,
    deploymentId,
  };
  await writeNetworkFile(path, file);
  console.log(`registry ${file.registry}\nvault    ${file.vault}\nfactory  ${file.factory}`);
  console.log(`from block ${deploymentBlock}; wrote ${path}`);
}

/** The first block in which this Ignition deployment's transactions were confirmed (from its journal). */
async function firstBlock(deploymentDir: string): Promise<number> {
  const lines = (await readFile(join(deploymentDir, "journal.jsonl"), "utf8")).split("\n").filter(Boolean);
  let first: number | undefined;
  for (const line of lines) {
    const message = JSON.parse(line) as { type?: string; receipt?: { blockNumber?: number | string } };
    if (message.type !== "TRANSACTION_CONFIRM" || message.receipt?.blockNumber === undefined) continue;
    const block = Number(message.receipt.blockNumber);
    if (first === undefined || block < first) first = block;
  }
  if (first === undefined) throw new Error(`no confirmed transaction in ${deploymentDir}/journal.jsonl`);
  return first;
}
