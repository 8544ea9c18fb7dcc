import { type Address, type Hash, type Hex, keccak256, parseEventLogs, stringToHex, zeroAddress } from "viem";
import { cairnRegistryAbi } from "../../abis/cairnRegistry.js";
import type { CairnClient } from "../../client.js";
import { InvalidParameterError } from "../../errors/client.js";
import { cidToHex } from "../../internal/cid.js";
import { putJson } from "../../internal/json.js";
import { walletAddress, writeContract } from "../../internal/write.js";
import type { DatasetManifest } from "../../manifest/schema.js";
import { validateManifest } from "../../manifest/validate.js";

export type CreateDatasetParameters = {
  /** The manifest document, validated and stored in the client's store; or give `manifestCid`. */
  manifest?: DatasetManifest | undefined;
  manifestCid?: string | undefined;
  /** The terms contributors agree to (hashed with keccak256); defaults to the manifest's `terms`. Or give `termsHash`. */
  terms?: string | undefined;
  termsHash?: Hex | undefined;
  curators?: Address[] | undefined;
  /** Curator votes to decide; 0 accepts every contribution at `defaultScore`. Defaults to 1 if curators are given, else 0. */
  quorum?: number | undefined;
  defaultScore?: number | undefined;
  rewardToken?: Address | undefined;
  /** Defaults to the wallet's account. */
  steward?: Address | undefined;
  weightObserver?: Address | undefined;
};
export type CreateDatasetReturnType = { datasetId: bigint; manifestCid: string; termsHash: Hex; hash: Hash };

/** keccak256 of the terms' UTF-8 bytes: the on-chain `termsHash`. */
export function hashTerms(terms: string): Hex {
  return keccak256(stringToHex(terms));
}

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
  let manifestCid = parameters.manifestCid;
  if (!manifestCid) {
    if (!parameters.manifest) throw new InvalidParameterError("dataset", "give a manifest or a manifestCid");
    manifestCid = await putJson(client, action, validateManifest(parameters.manifest));
  }
  const terms = parameters.terms ?? parameters.manifest?.terms;
  const termsHash = parameters.termsHash ?? (terms !== undefined ? hashTerms(terms) : undefined);
  if (!termsHash) throw new InvalidParameterError("terms", "give the terms contributors agree to (or their termsHash)");
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
  const [created] = parseEventLogs({ abi: cairnRegistryAbi, logs: receipt.logs, eventName: "DatasetCreated" });
  return { datasetId: created.args.datasetId, manifestCid, termsHash, hash };
}
