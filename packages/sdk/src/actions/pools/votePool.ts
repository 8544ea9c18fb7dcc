import type { Address, Hash, Hex } from "viem";
import { reviewerPoolAbi } from "../../abis/reviewerPool.js";
import type { CairnClient } from "../../client.js";
import { InvalidParameterError } from "../../errors/client.js";
import { decodeContractError, describeContractError } from "../../errors/contract.js";
import { loadViem } from "../../internal/evm.js";
import { writeContract } from "../../internal/write.js";

/** One pool vote in a drawn seat: accept with a score (1..100), or reject. */
export type PoolVote = { datasetId: bigint; contentHash: Hex; seat: number } & (
  | { accept: true; score: number }
  | { accept: false; score?: undefined }
);
export type PoolVoteOutcome = PoolVote & {
  status: "counted" | "skipped";
  reason?: { errorName: string; message: string } | undefined;
  transactionHash: Hash;
};
export type VotePoolParameters = { pool: Address; votes: readonly PoolVote[] };

/**
 * Casts the wallet's votes as a pool reviewer in one `voteBatch` transaction; votes that cannot count (not
 * drawn, already voted, decided) are skipped and reported. The deciding vote also casts the registry vote.
 *
 * @example
 * ```ts
 * const queue = await getReviewQueue(client, { pool, datasetId: 1n });
 * await votePool(client, { pool, votes: queue.map((q) => ({ datasetId: 1n, ...q, accept: true, score: 80 })) });
 * ```
 */
export async function votePool(
  client: CairnClient,
  { pool, votes }: VotePoolParameters,
): Promise<{ outcomes: PoolVoteOutcome[] }> {
  for (const v of votes) {
    if (v.accept && !(Number.isInteger(v.score) && v.score >= 1 && v.score <= 100)) {
      throw new InvalidParameterError(
        "score",
        `${v.score} is not an integer from 1 to 100`,
        "Accept with a score from 1 to 100.",
      );
    }
  }
  const args = votes.map((v) => ({
    datasetId: v.datasetId,
    contentHash: v.contentHash,
    seat: v.seat,
    accept: v.accept,
    score: v.accept ? v.score : 0,
  }));
  const { hash, receipt } = await writeContract(client, "Reviewing", {
    address: pool,
    abi: reviewerPoolAbi,
    functionName: "voteBatch",
    args: [args],
  });
  const skipped = (await loadViem()).parseEventLogs({
    abi: reviewerPoolAbi,
    logs: receipt.logs,
    eventName: "VoteSkipped",
  });
  const outcomes = votes.map((v): PoolVoteOutcome => {
    const s = skipped.find(
      (l) => l.args.datasetId === v.datasetId && l.args.contentHash.toLowerCase() === v.contentHash.toLowerCase(),
    );
    if (!s) return { ...v, status: "counted", transactionHash: hash };
    const decoded = decodeContractError(s.args.reason);
    return {
      ...v,
      status: "skipped",
      reason: decoded
        ? { errorName: decoded.errorName, message: describeContractError(decoded).shortMessage }
        : undefined,
      transactionHash: hash,
    };
  });
  return { outcomes };
}
