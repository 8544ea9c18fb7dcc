import { cairnRegistryAbi } from "../../abis/cairnRegistry.js";
import type { CairnClient } from "../../client.js";
import { hexToCid } from "../../internal/cid.js";
import { zeroAddress } from "../../internal/evm.js";
import { readContract } from "../../internal/write.js";
import { type Dataset, type DatasetStatus, datasetStatuses } from "../../types/dataset.js";

export type GetDatasetParameters = { datasetId: bigint };
export type GetDatasetReturnType = Dataset;
export type GetDatasetErrorType = import("../../errors/contract.js").ContractCallError;

/**
 * Reads a dataset. Throws `ContractCallError` (`DatasetNotFound`) for an unknown id.
 *
 * @example
 * ```ts
 * const dataset = await getDataset(client, { datasetId: 1n });
 * console.log(dataset.status, dataset.manifestCid);
 * ```
 */
export async function getDataset(
  client: CairnClient,
  { datasetId }: GetDatasetParameters,
): Promise<GetDatasetReturnType> {
  const d = await readContract(
    client.publicClient.readContract({
      address: client.registry,
      abi: cairnRegistryAbi,
      functionName: "getDataset",
      args: [datasetId],
    }),
  );
  return {
    id: datasetId,
    steward: d.steward,
    pendingSteward: d.pendingSteward === zeroAddress ? undefined : d.pendingSteward,
    status: datasetStatuses[d.status] as DatasetStatus,
    quorum: d.quorum,
    defaultScore: d.defaultScore,
    curatorCount: d.curatorCount,
    termsHash: d.termsHash,
    manifestCid: hexToCid(d.manifestCid),
    rewardToken: d.rewardToken === zeroAddress ? undefined : d.rewardToken,
    weightObserver: d.weightObserver === zeroAddress ? undefined : d.weightObserver,
  };
}
