import type { Address, Hash } from "viem";
import { modelRegistryAbi } from "../../abis/modelRegistry.js";
import type { CairnClient } from "../../client.js";
import { walletAddress, writeContract } from "../../internal/write.js";
import { modelsAddress } from "./registerModel.js";

export type GetParkedDividendsParameters = { token: Address; account: Address };

/**
 * Data dividends parked for `account` in `token`: claims the token refused to send to it (a blocklisted owner, a
 * contract that rejects the token). Only the owner can move them, with `withdrawParkedDividends`.
 *
 * @example
 * ```ts
 * const parked = await getParkedDividends(client, { token, account });
 * ```
 */
export async function getParkedDividends(client: CairnClient, p: GetParkedDividendsParameters): Promise<bigint> {
  return client.publicClient.readContract({
    address: modelsAddress(client, "Reading parked dividends"),
    abi: modelRegistryAbi,
    functionName: "parkedOf",
    args: [p.token, p.account],
  });
}

export type WithdrawParkedDividendsParameters = {
  token: Address;
  /** Where to send them (default: the wallet's own address). */
  to?: Address | undefined;
};
export type WithdrawParkedDividendsReturnType = { amount: bigint; hash: Hash | undefined };

/**
 * Sends the wallet's parked data dividends in `token` to `to`, an address that can receive them. If nothing is
 * parked, no transaction is sent.
 *
 * @example
 * ```ts
 * const { amount } = await withdrawParkedDividends(client, { token, to: newAddress });
 * ```
 */
export async function withdrawParkedDividends(
  client: CairnClient,
  p: WithdrawParkedDividendsParameters,
): Promise<WithdrawParkedDividendsReturnType> {
  const action = "Withdrawing parked dividends";
  const account = walletAddress(client, action);
  const amount = await getParkedDividends(client, { token: p.token, account });
  if (amount === 0n) return { amount, hash: undefined };
  const { hash } = await writeContract(client, action, {
    address: modelsAddress(client, action),
    abi: modelRegistryAbi,
    functionName: "withdrawParked",
    args: [p.token, p.to ?? account],
  });
  return { amount, hash };
}
