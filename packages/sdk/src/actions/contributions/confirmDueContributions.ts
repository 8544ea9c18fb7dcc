import type { Hash, Hex } from "viem";
import { cairnRegistryAbi } from "../../abis/cairnRegistry.js";
import type { CairnClient } from "../../client.js";
import { inBlockRanges } from "../../internal/logs.js";
import { writeContract } from "../../internal/write.js";
import { contributionStatuses } from "../../schemas/contribution.js";

export type ConfirmDueContributionsParameters = {
  datasetId: bigint;
  /** Contributions per transaction (default 200). */
  batchSize?: number | undefined;
  fromBlock?: bigint | undefined;
};
export type ConfirmDueContributionsReturnType = {
  /** Confirmed now: accepted at the score they were registered with; they earn and vote from now on. */
  confirmed: Hex[];
  /** Still in their challenge period, with the time (unix seconds) from which they can be confirmed. */
  waiting: { contentHash: Hex; acceptableAt: bigint }[];
  hashes: Hash[];
};

/**
 * Finds a dataset's provisional contributions (from `ContributionProvisional` events, still provisional on-chain)
 * and confirms those whose challenge period is over, in batches; reports the others with their time. Anyone may
 * send it.
 *
 * @example
 * ```ts
 * const { confirmed, waiting } = await confirmDueContributions(client, { datasetId: 1n });
 * ```
 */
export async function confirmDueContributions(
  client: CairnClient,
  p: ConfirmDueContributionsParameters,
): Promise<ConfirmDueContributionsReturnType> {
  const logs = await inBlockRanges(client, { fromBlock: p.fromBlock }, (fromBlock, toBlock) =>
    client.publicClient.getContractEvents({
      address: client.registry,
      abi: cairnRegistryAbi,
      eventName: "ContributionProvisional",
      args: { datasetId: p.datasetId },
      fromBlock,
      toBlock,
    }),
  );
  const states = await Promise.all(
    logs.map((log) =>
      client.publicClient.readContract({
        address: client.registry,
        abi: cairnRegistryAbi,
        functionName: "getContribution",
        args: [p.datasetId, log.args.contentHash as Hex],
      }),
    ),
  );
  const provisional = logs.filter((_, i) => contributionStatuses[states[i].status] === "provisional");
  // The registry says which are due at the latest block's time (a dry run: nothing is sent).
  const { result: dryRun } =
    provisional.length === 0
      ? { result: [] as readonly Hex[] }
      : await client.publicClient.simulateContract({
          address: client.registry,
          abi: cairnRegistryAbi,
          functionName: "confirmContributions",
          args: [p.datasetId, provisional.map((log) => log.args.contentHash as Hex)],
          account: client.walletClient?.account,
        });
  const due: Hex[] = [];
  const waiting: ConfirmDueContributionsReturnType["waiting"] = [];
  for (const [i, log] of provisional.entries()) {
    const contentHash = log.args.contentHash as Hex;
    if (/^0x0{8}$/.test(dryRun[i] ?? "")) due.push(contentHash);
    else waiting.push({ contentHash, acceptableAt: BigInt(log.args.acceptableAt as bigint) });
  }
  const confirmed: Hex[] = [];
  const hashes: Hash[] = [];
  const batchSize = p.batchSize ?? 200;
  for (let start = 0; start < due.length; start += batchSize) {
    const chunk = due.slice(start, start + batchSize);
    const { hash, result } = await writeContract(client, "Confirming provisional contributions", {
      address: client.registry,
      abi: cairnRegistryAbi,
      functionName: "confirmContributions",
      args: [p.datasetId, chunk],
    });
    hashes.push(hash);
    const results = result as readonly Hex[] | undefined;
    chunk.forEach((contentHash, i) => {
      if (!results || /^0x0{8}$/.test(results[i] ?? "0x00000000")) confirmed.push(contentHash);
    });
  }
  return { confirmed, waiting, hashes };
}
