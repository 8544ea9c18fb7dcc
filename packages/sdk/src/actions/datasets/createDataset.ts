import type { Address, Hash, Hex } from "viem";
import { cairnRegistryAbi } from "../../abis/cairnRegistry.js";
import type { CairnClient } from "../../client.js";
import { cidToHex } from "../../internal/cid.js";
import { type DatasetDocuments, requireDatasetDocuments } from "../../internal/datasetDocuments.js";
import { loadViem, zeroAddress } from "../../internal/evm.js";
import { walletAddress, writeContract } from "../../internal/write.js";

export type CreateDatasetParameters = DatasetDocuments & {
  curators?: Address[] | undefined;
  /** Curator votes to decide; 0 accepts every contribution at `defaultScore`. Defaults to 1 if curators are given, else 0. */
  quorum?: number | undefined;
  defaultScore?: number | undefined;
  rewardToken?: Address | undefined;
  /** Defaults to the wallet's account. */
  steward?: Address | undefined;
  weightObserver?: Address | undefined;
};
export { hashTerms } from "../../internal/datasetDocuments.js";

export type CreateDatasetReturnType = { datasetId: bigint; manifestCid: string; termsHash: Hex; hash: Hash };

/**
 * Creates a dataset: validates and stores its manifest, hashes its terms, registers it on-chain.
 *
 * @example
 * ```ts
 * const { datasetId } = await createDataset(client, {
 *   manifest: { schema: "cairn.manifest/1", name: "Methali", description: "Swahili proverbs", language: "sw",
 *     license: "CC-BY-4.0", items: { kind: "text" }, guidelines: "One proverb per file.", terms: "I wrote or may share this." },
 *   curators: [alice, bob], quorum: 2, rewardToken: token,
 * });
 * ```
 */
export async function createDataset(
  client: CairnClient,
  parameters: CreateDatasetParameters,
): Promise<CreateDatasetReturnType> {
  const action = "Creating a dataset";
  const steward = parameters.steward ?? walletAddress(client, action);
  const { manifestCid, termsHash } = await requireDatasetDocuments(client, action, parameters);
  const curators = parameters.curators ?? [];
  const quorum = parameters.quorum ?? (curators.length > 0 ? 1 : 0);
  const { hash, receipt } = await writeContract(client, action, {
    address: client.registry,
    abi: cairnRegistryAbi,
    functionName: "createDataset",
    args: [
      {
        steward,
        manifestCid: cidToHex(manifestCid),
        termsHash,
        curators,
        quorum,
        defaultScore: parameters.defaultScore ?? 50,
        rewardToken: parameters.rewardToken ?? zeroAddress,
        weightObserver: parameters.weightObserver ?? zeroAddress,
      },
    ],
  });
  const [created] = (await loadViem()).parseEventLogs({
    abi: cairnRegistryAbi,
    logs: receipt.logs,
    eventName: "DatasetCreated",
  });
  return { datasetId: created.args.datasetId, manifestCid, termsHash, hash };
}
