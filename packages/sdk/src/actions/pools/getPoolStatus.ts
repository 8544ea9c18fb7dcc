import type { Address } from "viem";
import { reviewerPoolAbi } from "../../abis/reviewerPool.js";
import type { CairnClient } from "../../client.js";

export type GetPoolStatusParameters = { pool: Address; datasetId: bigint; account?: Address | undefined };

/**
 * A dataset's reviewer pool: its policy, its counters and reviewer rewards, and (with `account`) that member's
 * record — agreement (`agreed / votes`), stake — what it can claim, and when a former member's stake can be
 * withdrawn (`withdrawableAt`, unix seconds: `leftAt` plus the unbonding period of the terms it staked under;
 * undefined while it is a member or holds no stake), and whether withdrawing would forfeit it (`withdrawForfeits`:
 * it left in the middle of an agreement window it can no longer reach the threshold in, so the pool slashes the
 * stake at `withdrawStake` instead of paying it; the same arithmetic as the contract).
 *
 * @example
 * ```ts
 * const { policy, pool: counters, reviewer } = await getPoolStatus(client, { pool, datasetId: 1n, account });
 * ```
 */
export async function getPoolStatus(client: CairnClient, { pool, datasetId, account }: GetPoolStatusParameters) {
  const [policy, counters, reviewer, claimable, terms] = await Promise.all([
    client.publicClient.readContract({
      address: pool,
      abi: reviewerPoolAbi,
      functionName: "policyOf",
      args: [datasetId],
    }),
    client.publicClient.readContract({
      address: pool,
      abi: reviewerPoolAbi,
      functionName: "poolOf",
      args: [datasetId],
    }),
    account
      ? client.publicClient.readContract({
          address: pool,
          abi: reviewerPoolAbi,
          functionName: "reviewerOf",
          args: [datasetId, account],
        })
      : undefined,
    account
      ? client.publicClient.readContract({
          address: pool,
          abi: reviewerPoolAbi,
          functionName: "claimable",
          args: [datasetId, account],
        })
      : undefined,
    account
      ? client.publicClient.readContract({
          address: pool,
          abi: reviewerPoolAbi,
          functionName: "termsOf",
          args: [datasetId, account],
        })
      : undefined,
  ]);
  const withdrawableAt =
    reviewer && terms && !reviewer.active && reviewer.leftAt !== 0 && reviewer.stake > 0n
      ? BigInt(reviewer.leftAt) + BigInt(terms.unbonding)
      : undefined;
  let withdrawForfeits: boolean | undefined;
  if (withdrawableAt !== undefined && reviewer && terms) {
    const window = terms.slashWindow;
    const remaining = reviewer.windowVotes < window ? window - reviewer.windowVotes : 0;
    withdrawForfeits = window !== 0 && (reviewer.windowAgreed + remaining) * 100 < terms.slashThresholdPct * window;
  }
  return { policy, pool: counters, reviewer, claimable, terms, withdrawableAt, withdrawForfeits };
}
