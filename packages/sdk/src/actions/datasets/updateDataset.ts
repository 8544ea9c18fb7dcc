import type { Address, Hash, Hex } from "viem";
import { cairnRegistryAbi } from "../../abis/cairnRegistry.js";
import type { CairnClient } from "../../client.js";
import { cidToHex } from "../../internal/cid.js";
import { storeManifest, termsHashOf } from "../../internal/datasetDocuments.js";
import { writeContract } from "../../internal/write.js";
import type { DatasetManifest } from "../../manifest/schema.js";
import { type DatasetStatus, datasetStatuses } from "../../types/dataset.js";
import { getDataset } from "./getDataset.js";

export type UpdateDatasetParameters = {
  datasetId: bigint;
  manifest?: DatasetManifest | undefined;
  manifestCid?: string | undefined;
  terms?: string | undefined;
  termsHash?: Hex | undefined;
  addCurators?: Address[] | undefined;
  removeCurators?: Address[] | undefined;
  quorum?: number | undefined;
  defaultScore?: number | undefined;
  status?: DatasetStatus | undefined;
  rewardToken?: Address | undefined;
  /** Seconds an auto-accepted (quorum 0) contribution stays provisional, rejectable by curators; 0 for none. */
  challengePeriod?: number | undefined;
  /** Proposes a new steward (they must accept). */
  newSteward?: Address | undefined;
};
export type UpdateDatasetReturnType = { hashes: Hash[] };

/**
 * Applies the steward's changes to a dataset, one transaction per kind of change, in a safe order
 * (curators are added before the quorum rises and removed after it falls). A manifest is stored and set; its
 * terms (or `terms` / `termsHash`) are set only when their hash differs from the dataset's.
 *
 * @example
 * ```ts
 * await updateDataset(client, { datasetId: 1n, addCurators: [carol], quorum: 2, status: "paused" });
 * ```
 */
export async function updateDataset(client: CairnClient, p: UpdateDatasetParameters): Promise<UpdateDatasetReturnType> {
  const action = `Updating dataset ${p.datasetId}`;
  const base = { address: client.registry, abi: cairnRegistryAbi } as const;
  const hashes: Hash[] = [];
  const send = async (call: Parameters<typeof writeContract>[2]) =>
    hashes.push((await writeContract(client, action, call as any)).hash);
  const id = p.datasetId;

  const manifestCid = p.manifest ? await storeManifest(client, action, p.manifest) : p.manifestCid;
  if (manifestCid) await send({ ...base, functionName: "setManifest", args: [id, cidToHex(manifestCid)] });
  const termsHash = termsHashOf(p);
  // The same terms again change nothing: a new manifest that keeps its terms sends no setTerms.
  if (termsHash && termsHash !== (await getDataset(client, { datasetId: id })).termsHash)
    await send({ ...base, functionName: "setTerms", args: [id, termsHash] });
  for (const curator of p.addCurators ?? []) await send({ ...base, functionName: "addCurator", args: [id, curator] });
  if (p.quorum !== undefined || p.defaultScore !== undefined) {
    const current = await getDataset(client, { datasetId: id });
    await send({
      ...base,
      functionName: "setReviewPolicy",
      args: [id, p.quorum ?? current.quorum, p.defaultScore ?? current.defaultScore],
    });
  }
  for (const curator of p.removeCurators ?? [])
    await send({ ...base, functionName: "removeCurator", args: [id, curator] });
  if (p.challengePeriod !== undefined)
    await send({ ...base, functionName: "setChallengePeriod", args: [id, p.challengePeriod] });
  if (p.rewardToken) await send({ ...base, functionName: "setRewardToken", args: [id, p.rewardToken] });
  if (p.status) await send({ ...base, functionName: "setStatus", args: [id, datasetStatuses.indexOf(p.status)] });
  if (p.newSteward) await send({ ...base, functionName: "transferStewardship", args: [id, p.newSteward] });
  return { hashes };
}

/**
 * Accepts a stewardship proposed to the wallet's account.
 *
 * @example
 * ```ts
 * await acceptStewardship(newStewardClient, { datasetId: 1n });
 * ```
 */
export async function acceptStewardship(
  client: CairnClient,
  { datasetId }: { datasetId: bigint },
): Promise<{ hash: Hash }> {
  const { hash } = await writeContract(client, `Accepting stewardship of dataset ${datasetId}`, {
    address: client.registry,
    abi: cairnRegistryAbi,
    functionName: "acceptStewardship",
    args: [datasetId],
  });
  return { hash };
}
