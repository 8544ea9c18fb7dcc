import type { Address, Hash } from "viem";
import { reviewerPoolAbi } from "../../abis/reviewerPool.js";
import type { CairnClient } from "../../client.js";
import { writeContract } from "../../internal/write.js";

export type LeavePoolParameters = { pool: Address; datasetId: bigint };
export type LeavePoolReturnType = { hash: Hash };

/**
 * Leaves a dataset's reviewer pool; seats the wallet holds are re-drawn; a stake unbonds.
 *
 * @example
 * ```ts
 * await leavePool(client, { pool, datasetId: 1n });
 * ```
 */
export async function leavePool(
  client: CairnClient,
  { pool, datasetId }: LeavePoolParameters,
): Promise<LeavePoolReturnType> {
  const { hash } = await writeContract(client, "Leaving the reviewer pool", {
    address: pool,
    abi: reviewerPoolAbi,
    functionName: "leave",
    args: [datasetId],
  });
  return { hash };
}
