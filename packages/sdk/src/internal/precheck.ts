import { cairnRegistryAbi } from "../abis/cairnRegistry.js";
import { getDataset } from "../actions/datasets/getDataset.js";
import type { CairnClient } from "../client.js";
import { ContractCallError } from "../errors/contract.js";
import type { PreparedContribution } from "../types/contribution.js";
import type { Dataset } from "../types/dataset.js";

/** Refuses, before any transaction, a dataset that is missing or not open. */
export async function requireOpenDataset(client: CairnClient, datasetId: bigint): Promise<Dataset> {
  const dataset = await getDataset(client, { datasetId });
  if (dataset.status !== "open") {
    throw new ContractCallError({
      errorName: "DatasetNotOpen",
      args: [datasetId, ["none", "open", "paused", "closed"].indexOf(dataset.status)],
    });
  }
  return dataset;
}

/**
 * Splits items into new ones and duplicates (already registered in the dataset, or repeated in the
 * list), naming the existing contribution's contributor.
 */
export async function findDuplicates(
  client: CairnClient,
  items: readonly PreparedContribution[],
): Promise<{
  fresh: PreparedContribution[];
  duplicates: Array<{ item: PreparedContribution; error: ContractCallError }>;
}> {
  const seen = new Set<string>();
  const fresh: PreparedContribution[] = [];
  const duplicates: Array<{ item: PreparedContribution; error: ContractCallError }> = [];
  const existing = await Promise.all(
    items.map((item) =>
      client.publicClient
        .readContract({
          address: client.registry,
          abi: cairnRegistryAbi,
          functionName: "getContribution",
          args: [item.datasetId, item.contentHash],
        })
        .then((c) => c.contributor)
        .catch(() => undefined),
    ),
  );
  items.forEach((item, i) => {
    const key = `${item.datasetId}:${item.contentHash}`;
    const holder = existing[i] ?? (seen.has(key) ? ("(earlier in this run)" as const) : undefined);
    if (holder)
      duplicates.push({
        item,
        error: new ContractCallError({
          errorName: "DuplicateContribution",
          args: [item.datasetId, item.contentHash, holder],
        }),
      });
    else fresh.push(item);
    seen.add(key);
  });
  return { fresh, duplicates };
}
