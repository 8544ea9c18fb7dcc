import type { Abi, Address, Hex, PublicClient, WalletClient } from "viem";
import { MissingWalletError, TransactionRevertedError } from "../errors/client.js";
import { createXAddress, createXDeployer, createXPresignedTransaction } from "./createx.js";
import { getAddress, keccak256 } from "./evm.js";

/**
 * The CreateX salt of every Cairn deployment (hardhat.config.ts's `ignition.strategyConfig.create2.salt`): a zero
 * sender prefix and no cross-chain redeploy protection, so a contract's address depends only on this salt and its
 * init code — the same on every chain, whoever deploys, from `npx hardhat cairn-deploy` as from `cairn dev`.
 */
export const cairnCreate2Salt: Hex = "0x000000000000000000000000000000000000000000636169726e2d7631000000";

const createXAbi = [
  {
    type: "function",
    name: "deployCreate2",
    stateMutability: "payable",
    inputs: [
      { name: "salt", type: "bytes32" },
      { name: "initCode", type: "bytes" },
    ],
    outputs: [{ name: "newContract", type: "address" }],
  },
] as const;

/** Deploy options: `create2` deploys through CreateX with that salt (Ignition's create2 strategy). */
export type DeployOptions = { create2?: { salt: Hex } | undefined };

/** The options of a deploy action's `create2` flag. */
export const deployOptions = (create2: boolean | undefined): DeployOptions =>
  create2 ? { create2: { salt: cairnCreate2Salt } } : {};

/**
 * Deploys one contract from shipped bytecode and waits for it; a revert or a missing address is an error. With
 * `create2`, through CreateX (put on the chain first if it lacks it), at the address Ignition's create2 strategy
 * gives the same init code (a second deployment of the same code there reverts).
 */
export async function deployFromBytecode(
  publicClient: PublicClient,
  walletClient: WalletClient,
  name: string,
  abi: Abi,
  bytecode: Hex,
  args: readonly unknown[],
  options: DeployOptions = {},
) {
  if (!walletClient.account) throw new MissingWalletError(`Deploying ${name}`);
  if (options.create2) {
    await ensureCreateX(publicClient, walletClient);
    // viem is loaded here, not at import: deploying is rare and `import("@cairn/sdk")` must stay light.
    const { encodeDeployData } = await import("viem");
    const initCode = encodeDeployData({ abi, bytecode, args: args as unknown[] });
    const call = {
      address: createXAddress,
      abi: createXAbi,
      functionName: "deployCreate2",
      args: [options.create2.salt, initCode],
      account: walletClient.account,
      chain: walletClient.chain,
    } as const;
    const address = create2Address(options.create2.salt, initCode);
    const hash = await walletClient.writeContract(call);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success" || !(await publicClient.getCode({ address })))
      throw new TransactionRevertedError(hash, `Deploying ${name} through CreateX`);
    return { address, receipt, hash };
  }
  const hash = await walletClient.deployContract({
    abi,
    bytecode,
    args: args as unknown[],
    account: walletClient.account,
    chain: walletClient.chain,
  });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success" || !receipt.contractAddress) {
    throw new TransactionRevertedError(hash, `Deploying ${name}`);
  }
  return { address: receipt.contractAddress, receipt, hash };
}

/**
 * Where CreateX's `deployCreate2(salt, initCode)` puts a contract, for a salt with a zero sender prefix and no
 * redeploy protection (CreateX then guards it as `keccak256(abi.encode(salt))`).
 */
export function create2Address(salt: Hex, initCode: Hex): Address {
  // EIP-1014: the last 20 bytes of keccak256(0xff ++ deployer ++ salt ++ keccak256(initCode)).
  const hash = keccak256(`0xff${createXAddress.slice(2)}${keccak256(salt).slice(2)}${keccak256(initCode).slice(2)}`);
  return getAddress(`0x${hash.slice(-40)}`);
}

/** Puts CreateX on a chain that lacks it (a dev chain), from its presigned transaction, funded by the wallet. */
async function ensureCreateX(publicClient: PublicClient, walletClient: WalletClient): Promise<void> {
  if (await publicClient.getCode({ address: createXAddress })) return;
  const account = walletClient.account as NonNullable<WalletClient["account"]>;
  const funding = await walletClient.sendTransaction({
    to: createXDeployer,
    value: 3n * 10n ** 17n, // 0.3 ether: what the presigned transaction's gas costs
    account,
    chain: walletClient.chain,
  });
  await publicClient.waitForTransactionReceipt({ hash: funding });
  const hash = await publicClient.sendRawTransaction({ serializedTransaction: createXPresignedTransaction });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new TransactionRevertedError(hash, "Deploying CreateX");
}
