import type { Abi, Hex, PublicClient, WalletClient } from "viem";
import { MissingWalletError, TransactionRevertedError } from "../errors/client.js";

/** Deploys one contract from shipped bytecode and waits for it; a revert or a missing address is an error. */
export async function deployFromBytecode(
  publicClient: PublicClient,
  walletClient: WalletClient,
  name: string,
  abi: Abi,
  bytecode: Hex,
  args: readonly unknown[],
) {
  if (!walletClient.account) throw new MissingWalletError(`Deploying ${name}`);
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
