import {
  type Abi,
  type Address,
  encodeDeployData,
  getContractAddress,
  type Hex,
  keccak256,
  type PublicClient,
  parseAbi,
  parseEther,
  type WalletClient,
} from "viem";
import { MissingWalletError, TransactionRevertedError } from "../errors/client.js";
import { createXAddress, createXDeployer, createXPresignedTransaction } from "./createx.js";

/**
 * The CreateX salt of every Cairn deployment (hardhat.config.ts's `ignition.strategyConfig.create2.salt`): a zero
 * sender prefix and no cross-chain redeploy protection, so a contract's address depends only on this salt and its
 * init code — the same on every chain, whoever deploys, from `npx hardhat cairn-deploy` as from `cairn dev`.
 */
export const cairnCreate2Salt: Hex = "0x000000000000000000000000000000000000000000636169726e2d7631000000";

const createXAbi = parseAbi([
  "function deployCreate2(bytes32 salt, bytes initCode) payable returns (address newContract)",
]);

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
  return getContractAddress({
    opcode: "CREATE2",
    from: createXAddress,
    salt: keccak256(salt),
    bytecodeHash: keccak256(initCode),
  });
}

/** Puts CreateX on a chain that lacks it (a dev chain), from its presigned transaction, funded by the wallet. */
async function ensureCreateX(publicClient: PublicClient, walletClient: WalletClient): Promise<void> {
  if (await publicClient.getCode({ address: createXAddress })) return;
  const account = walletClient.account as NonNullable<WalletClient["account"]>;
  const funding = await walletClient.sendTransaction({
    to: createXDeployer,
    value: parseEther("0.3"),
    account,
    chain: walletClient.chain,
  });
  await publicClient.waitForTransactionReceipt({ hash: funding });
  const hash = await publicClient.sendRawTransaction({ serializedTransaction: createXPresignedTransaction });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new TransactionRevertedError(hash, "Deploying CreateX");
}
