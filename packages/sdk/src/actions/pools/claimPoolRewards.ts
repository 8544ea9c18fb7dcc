import type { Address, Hash } from "viem";
import { reviewerPoolAbi } from "../../abis/reviewerPool.js";
import type { CairnClient } from "../../client.js";
import { loadViem } from "../../internal/evm.js";
import { walletAddress, writeContract } from "../../internal/write.js";

export type ClaimPoolRewardsParameters = {
  pool: Address;
  datasetId: bigint;
  /** Who is paid (default: the wallet's account). Anyone may trigger a claim; tokens always go to the account. */
  account?: Address | undefined;
};
export type ClaimPoolRewardsReturnType = { hash: Hash; amount: bigint };

/**
 * Claims a reviewer's rewards in a dataset's reviewer pool (its share of the fundings paid through the pool, pro
 * rata to its agreeing reviews), in the dataset's reward token. Nothing to claim is refused with the pool's
 * `NothingToClaim` error before anything is sent.
 *
 * @example
 * ```ts
 * const { amount } = await claimPoolRewards(client, { pool, datasetId: 1n });
 * ```
 */
export async function claimPoolRewards(
  client: CairnClient,
  { pool, datasetId, account }: ClaimPoolRewardsParameters,
): Promise<ClaimPoolRewardsReturnType> {
  const action = "Claiming reviewer-pool rewards";
  const payee = account ?? walletAddress(client, action);
  const { hash, receipt } = await writeContract(client, action, {
    address: pool,
    abi: reviewerPoolAbi,
    functionName: "claim",
    args: [datasetId, payee],
  });
  const [claimed] = (await loadViem()).parseEventLogs({
    abi: reviewerPoolAbi,
    logs: receipt.logs,
    eventName: "ReviewerRewardsClaimed",
  });
  return { hash, amount: claimed?.args.amount ?? 0n };
}
