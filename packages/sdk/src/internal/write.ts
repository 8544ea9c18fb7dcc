import type { Abi, Address, ContractFunctionArgs, ContractFunctionName, Hash, TransactionReceipt } from "viem";
import type { CairnClient } from "../client.js";
import { MissingWalletError, TransactionRevertedError } from "../errors/client.js";
import { toCairnError } from "../errors/contract.js";

export type WriteResult<result = unknown> = { hash: Hash; receipt: TransactionReceipt; result: result };

/**
 * Simulates (so a refusal surfaces as a decoded custom error before anything is sent), sends, and
 * waits for the receipt of one contract call.
 */
export async function writeContract<
  const abi extends Abi,
  functionName extends ContractFunctionName<abi, "nonpayable" | "payable">,
>(
  client: CairnClient,
  action: string,
  call: {
    address: Address;
    abi: abi;
    functionName: functionName;
    args: ContractFunctionArgs<abi, "nonpayable" | "payable", functionName>;
  },
): Promise<WriteResult> {
  const wallet = client.walletClient;
  if (!wallet?.account) throw new MissingWalletError(action);
  try {
    const { request, result } = await client.publicClient.simulateContract({
      ...(call as any),
      account: wallet.account,
    });
    const hash = await wallet.writeContract(request as any);
    const receipt = await client.publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new TransactionRevertedError(hash, action);
    return { hash, receipt, result };
  } catch (error) {
    throw toCairnError(error);
  }
}

/** Reads a contract, decoding custom errors. */
export async function readContract<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    throw toCairnError(error);
  }
}

/** The wallet's account address, or a clear error. */
export function walletAddress(client: CairnClient, action: string): Address {
  const account = client.walletClient?.account;
  if (!account) throw new MissingWalletError(action);
  return account.address;
}
