import type { Address, PublicClient } from "viem";

export type TokenInfo = { address: Address; symbol: string; decimals: number };

/** Symbol and decimals of an ERC-20 (defaults when the token does not say). */
export async function tokenInfo(publicClient: PublicClient, address: Address): Promise<TokenInfo> {
  const { erc20Abi } = await import("./viem.js");
  const [symbol, decimals] = await Promise.all([
    publicClient.readContract({ address, abi: erc20Abi, functionName: "symbol" }).catch(() => "tokens"),
    publicClient.readContract({ address, abi: erc20Abi, functionName: "decimals" }).catch(() => 18),
  ]);
  return { address, symbol, decimals: Number(decimals) };
}

export async function balanceOf(publicClient: PublicClient, token: Address, account: Address): Promise<bigint> {
  const { erc20Abi } = await import("./viem.js");
  return publicClient.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [account] });
}
