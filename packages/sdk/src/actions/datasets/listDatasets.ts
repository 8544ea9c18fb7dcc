import { cairnRegistryAbi } from "../../abis/cairnRegistry.js";
import type { CairnClient } from "../../client.js";
import type { Dataset } from "../../types/dataset.js";
import { getDataset } from "./getDataset.js";

export type ListDatasetsParameters = { offset?: number | undefined; limit?: number | undefined };
export type ListDatasetsReturnType = { datasets: Dataset[]; total: number };

/**
 * Lists datasets by id, `limit` at a time from `offset` (0-based).
 *
 * @example
 * ```ts
 * const { datasets, total } = await listDatasets(client, { limit: 20 });
 * ```
 */
export async function listDatasets(
  client: CairnClient,
  { offset = 0, limit = 100 }: ListDatasetsParameters = {},
): Promise<ListDatasetsReturnType> {
  const total = Number(
    await client.publicClient.readContract({
      address: client.registry,
      abi: cairnRegistryAbi,
      functionName: "datasetCount",
    }),
  );
  const ids: bigint[] = [];
  for (let id = offset + 1; id <= Math.min(total, offset + limit); id++) ids.push(BigInt(id));
  return { datasets: await Promise.all(ids.map((datasetId) => getDataset(client, { datasetId }))), total };
}
