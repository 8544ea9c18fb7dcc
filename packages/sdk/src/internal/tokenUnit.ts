import { type Address, erc20Abi, type PublicClient } from "viem";

/** A token's symbol and decimals, for messages in token units; "tokens" and 18 when the token does not say. */
export async function tokenUnitOf(
  publicClient: PublicClient,
  token: Address,
): Promise<{ symbol: string; decimals: number }> {
  const [symbol, decimals] = await Promise.all([
    publicClient.readContract({ address: token, abi: erc20Abi, functionName: "symbol" }).catch(() => "tokens"),
    publicClient.readContract({ address: token, abi: erc20Abi, functionName: "decimals" }).catch(() => 18),
  ]);
  return { symbol, decimals: Number(decimals) };
}
