import type { Hash, Hex, TransactionReceipt } from "viem";
import { cairnRegistryAbi } from "../abis/cairnRegistry.js";
import { decodeContractError, describeContractError } from "../errors/contract.js";
import type { ContributionOutcome } from "../types/contribution.js";
import { loadViem } from "./evm.js";

type Submitted = { datasetId: bigint; contentHash: Hex; label?: string | undefined };

/** Matches a batch receipt's `ContributionRegistered` / `ContributionSkipped` events to the submitted items. */
export async function outcomesOf(
  items: readonly Submitted[],
  receipt: TransactionReceipt,
  hash: Hash,
): Promise<ContributionOutcome[]> {
  const logs = (await loadViem()).parseEventLogs({
    abi: cairnRegistryAbi,
    logs: receipt.logs,
    eventName: ["ContributionRegistered", "ContributionSkipped"],
  });
  const key = (datasetId: bigint, contentHash: Hex) => `${datasetId}:${contentHash.toLowerCase()}`;
  // The same content may appear twice in one batch (registered once, skipped once): consume events in order.
  const registered = new Map<string, number>();
  const skipped = new Map<string, Hex[]>();
  for (const log of logs) {
    const k = key(log.args.datasetId, log.args.contentHash);
    if (log.eventName === "ContributionRegistered") registered.set(k, (registered.get(k) ?? 0) + 1);
    else skipped.set(k, [...(skipped.get(k) ?? []), log.args.reason]);
  }
  return items.map((item) => {
    const k = key(item.datasetId, item.contentHash);
    const base = { datasetId: item.datasetId, contentHash: item.contentHash, label: item.label, transactionHash: hash };
    const reg = registered.get(k) ?? 0;
    if (reg > 0) {
      registered.set(k, reg - 1);
      return { ...base, status: "registered" as const };
    }
    const reason = skipped.get(k)?.shift();
    const decoded = reason ? decodeContractError(reason) : undefined;
    return {
      ...base,
      status: "skipped" as const,
      reason: decoded
        ? { ...decoded, message: describeContractError(decoded).shortMessage }
        : { errorName: "Unknown", args: [], message: "not registered (no event found)" },
    };
  });
}
