import type { Address, Hash, Hex } from "viem";
import { cairnRegistryAbi } from "../../abis/cairnRegistry.js";
import type { CairnClient } from "../../client.js";
import { InvalidParameterError } from "../../errors/client.js";
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
  /**
   * Seconds during which a contribution auto-accepted (quorum 0) stays provisional, so curators can still reject
   * it before it earns or votes; set in a second transaction, so the steward must be the wallet's account.
   */
  challengePeriod?: number | undefined;
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
  const period = parameters.challengePeriod;
  if (period !== undefined && (!Number.isInteger(period) || period < 0 || period > 2 ** 32 - 1))
    throw new InvalidParameterError("challengePeriod", `${period}`, "Whole seconds, from 0 to 2^32 - 1.");
  if (period !== undefined && steward.toLowerCase() !== walletAddress(client, action).toLowerCase())
    throw new InvalidParameterError(
      "challengePeriod",
      "only the steward sets it, and the steward is not this wallet",
      "Create the dataset, then let its steward call setChallengePeriod.",
    );
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
  const datasetId = created.args.datasetId;
  if (period !== undefined) {
    await writeContract(client, `Setting dataset ${datasetId}'s challenge period`, {
      address: client.registry,
      abi: cairnRegistryAbi,
      functionName: "setChallengePeriod",
      args: [datasetId, period],
    });
  }
  return { datasetId, manifestCid, termsHash, hash };
}
