import type { Address, Hash } from "viem";
import { reviewerPoolAbi } from "../../abis/reviewerPool.js";
import type { CairnClient } from "../../client.js";
import { zeroAddress } from "../../internal/evm.js";
import { writeContract } from "../../internal/write.js";

/** A dataset's pool policy (see `IReviewerPool.Policy`); every field but `k` has a default. */
export type PoolPolicy = {
  /** Reviewers per contribution, 1..8. */
  k: number;
  /** 0: majority of the panel (default); 1: unanimity. */
  rule?: 0 | 1;
  /** Seats added once when the panel disagrees (default 0: escalate to the named curators). */
  extraSeats?: number;
  /** 0: open (default); 1: allowlist; 2: ERC-721 badge; 3: ERC-1155 badge. */
  membership?: 0 | 1 | 2 | 3;
  /** Seconds after which unvoted seats may be re-drawn (default 86,400; must be > 0). */
  timeout?: number;
  /** Share of each funding through the pool paid to reviewers, in basis points (default 1,000). */
  reviewerShareBps?: number;
  /** Agreement (percent) below which a window's stake is slashed (default 0: never). */
  slashThresholdPct?: number;
  /** Settled votes per agreement window (default 0: no slashing). */
  slashWindow?: number;
  /** Seconds after leaving before a stake can be withdrawn (default 604,800). */
  unbonding?: number;
  /** The badge contract (ERC-721 / ERC-1155 membership). */
  credential?: Address;
  /** The ERC-1155 badge's token id. */
  credentialId?: bigint;
  /** Accepted weight in the dataset needed to join (default 0). */
  minWeight?: bigint;
  /** Stake in the dataset's reward token needed to join (default 0). */
  minStake?: bigint;
  /** Reward shares forfeited per wrong answer on a gold-standard item, 0..20 (default 0). */
  goldPenalty?: number;
};

export type ConfigurePoolParameters = { pool: Address; datasetId: bigint; policy: PoolPolicy };
export type ConfigurePoolReturnType = { hash: Hash };

/**
 * Sets a dataset's reviewer-pool policy, as its steward. The pool must also be a curator of the dataset with
 * quorum 1 in the registry, so that its panels' decisions count.
 *
 * @example
 * ```ts
 * await configurePool(client, { pool, datasetId: 1n, policy: { k: 3, reviewerShareBps: 1_000 } });
 * ```
 */
export async function configurePool(
  client: CairnClient,
  { pool, datasetId, policy }: ConfigurePoolParameters,
): Promise<ConfigurePoolReturnType> {
  const { hash } = await writeContract(client, "Configuring the reviewer pool", {
    address: pool,
    abi: reviewerPoolAbi,
    functionName: "configure",
    args: [
      datasetId,
      {
        k: policy.k,
        rule: policy.rule ?? 0,
        extraSeats: policy.extraSeats ?? 0,
        membership: policy.membership ?? 0,
        timeout: policy.timeout ?? 86_400,
        reviewerShareBps: policy.reviewerShareBps ?? 1_000,
        slashThresholdPct: policy.slashThresholdPct ?? 0,
        slashWindow: policy.slashWindow ?? 0,
        unbonding: policy.unbonding ?? 604_800,
        credential: policy.credential ?? zeroAddress,
        credentialId: policy.credentialId ?? 0n,
        minWeight: policy.minWeight ?? 0n,
        minStake: policy.minStake ?? 0n,
        goldPenalty: policy.goldPenalty ?? 0,
      },
    ],
  });
  return { hash };
}
