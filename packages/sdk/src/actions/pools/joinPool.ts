import type { Address, Hash } from "viem";
import { reviewerPoolAbi } from "../../abis/reviewerPool.js";
import type { CairnClient } from "../../client.js";
import { loadViem } from "../../internal/evm.js";
import { writeContract } from "../../internal/write.js";

export type JoinPoolParameters = { pool: Address; datasetId: bigint };
export type JoinPoolReturnType = { hash: Hash; index: number; stake: bigint };

/**
 * Joins a dataset's reviewer pool as the wallet's account (a former member returns to its index). If the pool
 * asks for a stake, approve the pool for `minStake` of the dataset's reward token first.
 *
 * @example
 * ```ts
 * const { index } = await joinPool(client, { pool, datasetId: 1n });
 * ```
 */
export async function joinPool(
  client: CairnClient,
  { pool, datasetId }: JoinPoolParameters,
): Promise<JoinPoolReturnType> {
  const { hash, receipt } = await writeContract(client, "Joining the reviewer pool", {
    address: pool,
    abi: reviewerPoolAbi,
    functionName: "join",
    args: [datasetId],
  });
  const [joined] = (await loadViem()).parseEventLogs({
    abi: reviewerPoolAbi,
    logs: receipt.logs,
    eventName: "ReviewerJoined",
  });
  return { hash, index: joined.args.index, stake: joined.args.stake };
}
