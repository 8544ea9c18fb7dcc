import type { Address, Hash } from "viem";
import { reviewerPoolAbi } from "../../abis/reviewerPool.js";
import type { CairnClient } from "../../client.js";
import { loadViem } from "../../internal/evm.js";
import { walletAddress, writeContract } from "../../internal/write.js";
import { getPool } from "../rewards/claim.js";
import { insufficientBalance } from "../rewards/fund.js";

export type JoinPoolParameters = {
  pool: Address;
  datasetId: bigint;
  /**
   * When the pool asks for more stake than the account holds in it and the pool's allowance in the dataset's
   * reward token is short, approve the pool for the shortfall first (one more transaction). Default: false.
   */
  approveStake?: boolean | undefined;
};
export type JoinPoolReturnType = { hash: Hash; index: number; stake: bigint };

/**
 * Joins a dataset's reviewer pool as the wallet's account (a former member returns to its index). If the pool
 * asks for a stake, the pool pulls `minStake` (less any stake still held) of the dataset's reward token: approve
 * it first, or pass `approveStake: true`.
 *
 * @example
 * ```ts
 * const { index } = await joinPool(client, { pool, datasetId: 1n, approveStake: true });
 * ```
 */
export async function joinPool(
  client: CairnClient,
  { pool, datasetId, approveStake = false }: JoinPoolParameters,
): Promise<JoinPoolReturnType> {
  const action = "Joining the reviewer pool";
  if (approveStake) await approvePoolStake(client, action, pool, datasetId);
  const { hash, receipt } = await writeContract(client, action, {
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

/** Approves the pool for the stake `join` will pull, when the allowance is short; checks the balance first. */
async function approvePoolStake(client: CairnClient, action: string, pool: Address, datasetId: bigint) {
  const owner = walletAddress(client, action);
  const { publicClient } = client;
  const [policy, me] = await Promise.all([
    publicClient.readContract({ address: pool, abi: reviewerPoolAbi, functionName: "policyOf", args: [datasetId] }),
    publicClient.readContract({
      address: pool,
      abi: reviewerPoolAbi,
      functionName: "reviewerOf",
      args: [datasetId, owner],
    }),
  ]);
  const needed = policy.minStake > me.stake ? policy.minStake - me.stake : 0n;
  if (needed === 0n) return;
  const { token } = await getPool(client, { datasetId });
  const { erc20Abi } = await loadViem();
  const [balance, allowance] = await Promise.all([
    publicClient.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [owner] }),
    publicClient.readContract({ address: token, abi: erc20Abi, functionName: "allowance", args: [owner, pool] }),
  ]);
  if (balance < needed) throw await insufficientBalance(client, token, balance, needed);
  if (allowance >= needed) return;
  await writeContract(client, `Approving the reviewer pool's stake for dataset ${datasetId}`, {
    address: token,
    abi: erc20Abi,
    functionName: "approve",
    args: [pool, needed],
  });
}
