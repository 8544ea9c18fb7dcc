import type { Address, Hash } from "viem";
import { rewardVaultAbi } from "../../abis/rewardVault.js";
import type { CairnClient } from "../../client.js";
import { loadViem } from "../../internal/evm.js";
import { walletAddress, writeContract } from "../../internal/write.js";

export type ClaimParameters = {
  datasetIds: readonly bigint[];
  /** Who is paid (default: the wallet's account). Anyone may trigger a claim; tokens always go to the account. */
  account?: Address | undefined;
};
export type ClaimReturnType = { claimed: Array<{ datasetId: bigint; amount: bigint }>; hash: Hash | undefined };

/**
 * Claims an account's rewards in one or several datasets in one transaction. Datasets with nothing to
 * claim are left out; if none has anything, no transaction is sent.
 *
 * @example
 * ```ts
 * const { claimed } = await claim(client, { datasetIds: [1n, 2n] });
 * ```
 */
export async function claim(client: CairnClient, p: ClaimParameters): Promise<ClaimReturnType> {
  const account = p.account ?? walletAddress(client, "Claiming");
  const amounts = await Promise.all(p.datasetIds.map((datasetId) => getClaimable(client, { datasetId, account })));
  const due = p.datasetIds.filter((_, i) => amounts[i] > 0n);
  if (due.length === 0) return { claimed: [], hash: undefined };
  const { hash, receipt } =
    due.length === 1
      ? await writeContract(client, "Claiming", {
          address: client.vault,
          abi: rewardVaultAbi,
          functionName: "claim",
          args: [due[0], account],
        })
      : await writeContract(client, "Claiming", {
          address: client.vault,
          abi: rewardVaultAbi,
          functionName: "claimMany",
          args: [due, account],
        });
  const claimed = (await loadViem())
    .parseEventLogs({ abi: rewardVaultAbi, logs: receipt.logs, eventName: "RewardsClaimed" })
    .map((l) => ({
      datasetId: l.args.datasetId,
      amount: l.args.amount,
    }));
  return { claimed, hash };
}

/**
 * What an account can claim in a dataset now.
 *
 * @example
 * ```ts
 * const amount = await getClaimable(client, { datasetId: 1n, account });
 * ```
 */
export async function getClaimable(
  client: CairnClient,
  { datasetId, account }: { datasetId: bigint; account: Address },
): Promise<bigint> {
  return client.publicClient.readContract({
    address: client.vault,
    abi: rewardVaultAbi,
    functionName: "claimable",
    args: [datasetId, account],
  });
}

/**
 * A dataset's reward pool: token, total accepted weight, funded and held amounts.
 *
 * @example
 * ```ts
 * const pool = await getPool(client, { datasetId: 1n });
 * ```
 */
export async function getPool(client: CairnClient, { datasetId }: { datasetId: bigint }) {
  return client.publicClient.readContract({
    address: client.vault,
    abi: rewardVaultAbi,
    functionName: "getPool",
    args: [datasetId],
  });
}

/**
 * An account's accepted weight in a dataset (its share of each funding, and its voting power).
 *
 * @example
 * ```ts
 * const weight = await getWeight(client, { datasetId: 1n, account });
 * ```
 */
export async function getWeight(
  client: CairnClient,
  { datasetId, account }: { datasetId: bigint; account: Address },
): Promise<bigint> {
  return client.publicClient.readContract({
    address: client.vault,
    abi: rewardVaultAbi,
    functionName: "weightOf",
    args: [datasetId, account],
  });
}
