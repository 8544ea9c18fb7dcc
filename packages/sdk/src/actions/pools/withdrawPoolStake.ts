import type { Address, Hash } from "viem";
import { reviewerPoolAbi } from "../../abis/reviewerPool.js";
import type { CairnClient } from "../../client.js";
import { NothingToWithdrawError } from "../../errors/pool.js";
import { loadViem } from "../../internal/evm.js";
import { readContract, walletAddress, writeContract } from "../../internal/write.js";

export type WithdrawPoolStakeParameters = { pool: Address; datasetId: bigint };
export type WithdrawPoolStakeReturnType = {
  hash: Hash;
  /** What came back to the wallet: 0 when the stake was slashed instead (see `slashed`). */
  amount: bigint;
  /**
   * The stake the pool kept because the member left in the middle of an agreement window it had already lost
   * (`ReviewerSlashed`): it went to the pool's reviewers. 0 otherwise.
   */
  slashed: bigint;
};

/**
 * Takes back the wallet's stake in a dataset's reviewer pool once it has left and the unbonding period of the
 * terms it staked under has passed. A member still in the pool, or whose stake is still unbonding, is refused
 * with the pool's `StakeBonded` error (its message says when the stake unlocks); an account with no stake is
 * refused before anything is sent ({@link NothingToWithdrawError}).
 *
 * @example
 * ```ts
 * await leavePool(client, { pool, datasetId: 1n });
 * // ... after the unbonding period
 * const { amount } = await withdrawPoolStake(client, { pool, datasetId: 1n });
 * ```
 */
export async function withdrawPoolStake(
  client: CairnClient,
  { pool, datasetId }: WithdrawPoolStakeParameters,
): Promise<WithdrawPoolStakeReturnType> {
  const action = "Withdrawing the reviewer-pool stake";
  const account = walletAddress(client, action);
  const reviewer = await readContract(
    client.publicClient.readContract({
      address: pool,
      abi: reviewerPoolAbi,
      functionName: "reviewerOf",
      args: [datasetId, account],
    }),
  );
  if (reviewer.stake === 0n) throw new NothingToWithdrawError(datasetId, account);
  const { hash, receipt } = await writeContract(client, action, {
    address: pool,
    abi: reviewerPoolAbi,
    functionName: "withdrawStake",
    args: [datasetId],
  });
  const { parseEventLogs } = await loadViem();
  const [withdrawn] = parseEventLogs({ abi: reviewerPoolAbi, logs: receipt.logs, eventName: "StakeWithdrawn" });
  const [slashed] = parseEventLogs({ abi: reviewerPoolAbi, logs: receipt.logs, eventName: "ReviewerSlashed" });
  return { hash, amount: withdrawn?.args.amount ?? 0n, slashed: slashed?.args.amount ?? 0n };
}
