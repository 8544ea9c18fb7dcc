import type { Hash, Hex } from "viem";
import { cairnRegistryAbi } from "../../abis/cairnRegistry.js";
import type { CairnClient } from "../../client.js";
import { InvalidParameterError } from "../../errors/client.js";
import { decodeContractError, describeContractError } from "../../errors/contract.js";
import { loadViem } from "../../internal/evm.js";
import { writeContract } from "../../internal/write.js";

/** One curator vote: accept with a score (1..100), or reject. */
export type Review = { datasetId: bigint; contentHash: Hex } & (
  | { accept: true; score: number }
  | { accept: false; score?: undefined }
);

export type ReviewOutcome = Review & {
  status: "counted" | "skipped";
  /** Set when this vote decided the contribution. */
  decision?: "accepted" | "rejected" | undefined;
  reason?: { errorName: string; message: string } | undefined;
  transactionHash: Hash;
};

/**
 * Casts the wallet's votes as a curator: one transaction for one vote, `reviewBatch` for several
 * (votes that cannot count, e.g. already decided, are skipped and reported).
 *
 * @example
 * ```ts
 * await review(curatorClient, { reviews: [
 *   { datasetId: 1n, contentHash: a, accept: true, score: 85 },
 *   { datasetId: 1n, contentHash: b, accept: false },
 * ] });
 * ```
 */
export async function review(
  client: CairnClient,
  { reviews }: { reviews: readonly Review[] },
): Promise<{ outcomes: ReviewOutcome[] }> {
  for (const r of reviews) {
    if (r.accept && !(Number.isInteger(r.score) && r.score >= 1 && r.score <= 100)) {
      throw new InvalidParameterError(
        "score",
        `${r.score} is not an integer from 1 to 100`,
        "Accept with a score from 1 to 100.",
      );
    }
  }
  const args = reviews.map((r) => ({
    datasetId: r.datasetId,
    contentHash: r.contentHash,
    accept: r.accept,
    score: r.accept ? r.score : 0,
  }));
  const { hash, receipt } =
    reviews.length === 1
      ? await writeContract(client, "Reviewing", {
          address: client.registry,
          abi: cairnRegistryAbi,
          functionName: "review",
          args: [args[0].datasetId, args[0].contentHash, args[0].accept, args[0].score],
        })
      : await writeContract(client, "Reviewing", {
          address: client.registry,
          abi: cairnRegistryAbi,
          functionName: "reviewBatch",
          args: [args],
        });
  const logs = (await loadViem()).parseEventLogs({
    abi: cairnRegistryAbi,
    logs: receipt.logs,
    eventName: ["ReviewSkipped", "ContributionAccepted", "ContributionRejected"],
  });
  const outcomes = reviews.map((r): ReviewOutcome => {
    const same = (l: (typeof logs)[number]) =>
      l.args.datasetId === r.datasetId && l.args.contentHash.toLowerCase() === r.contentHash.toLowerCase();
    const skipped = logs.find((l) => l.eventName === "ReviewSkipped" && same(l));
    if (skipped && skipped.eventName === "ReviewSkipped") {
      const decoded = decodeContractError(skipped.args.reason);
      return {
        ...r,
        status: "skipped",
        reason: decoded
          ? { errorName: decoded.errorName, message: describeContractError(decoded).shortMessage }
          : undefined,
        transactionHash: hash,
      };
    }
    const decided = logs.find((l) => l.eventName !== "ReviewSkipped" && same(l));
    return {
      ...r,
      status: "counted",
      decision: decided ? (decided.eventName === "ContributionAccepted" ? "accepted" : "rejected") : undefined,
      transactionHash: hash,
    };
  });
  return { outcomes };
}
