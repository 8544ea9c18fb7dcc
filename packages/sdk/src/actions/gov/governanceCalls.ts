import type { Address, Hex } from "viem";
import { cairnRegistryAbi } from "../../abis/cairnRegistry.js";
import type { CairnClient } from "../../client.js";
import { InvalidParameterError } from "../../errors/client.js";
import { cidToHex } from "../../internal/cid.js";
import { encodeFunctionData } from "../../internal/evm.js";
import type { ProposalCall } from "../../internal/governance.js";
import { putJson } from "../../internal/json.js";
import type { DatasetManifest } from "../../manifest/schema.js";
import { validateManifest } from "../../manifest/validate.js";
import { type DatasetStatus, datasetStatuses } from "../../types/dataset.js";
import { hashTerms } from "../datasets/createDataset.js";

export type { ProposalCall };

/** ERC-20 `transfer`, the one token call a proposal makes. */
const erc20TransferAbi = [
  {
    type: "function",
    name: "transfer",
    stateMutability: "nonpayable",
    inputs: [
      { name: "to", type: "address" },
      { name: "amount", type: "uint256" },
    ],
    outputs: [{ type: "bool" }],
  },
] as const;

function registryCall(
  client: CairnClient,
  functionName:
    | "addCurator"
    | "removeCurator"
    | "setReviewPolicy"
    | "setManifest"
    | "setTerms"
    | "setStatus"
    | "setRewardToken"
    | "transferStewardship",
  args: readonly unknown[],
): ProposalCall {
  return {
    target: client.registry,
    value: 0n,
    data: encodeFunctionData({ abi: cairnRegistryAbi, functionName, args } as never),
  };
}

function scoreOf(value: number, what: string, min: number): number {
  if (!Number.isInteger(value) || value < min || value > (what === "quorum" ? 255 : 100))
    throw new InvalidParameterError(what, `${value} is out of range`);
  return value;
}

/**
 * Builders of the calls a dataset's proposals make, each returning `{ target, value, data }` for {@link propose}.
 * The timelock, the dataset's steward, makes each call when the proposal is executed.
 *
 * @example
 * ```ts
 * const calls = [
 *   governanceCalls.addCurator(client, datasetId, dave),
 *   governanceCalls.setReviewPolicy(client, datasetId, { quorum: 2, defaultScore: 60 }),
 *   governanceCalls.transferToken({ token, to: dave, amount: 400n * 10n ** 18n }),
 * ];
 * await propose(client, { governor, calls, description: "Dave curates; two reviews decide; a grant for his tool" });
 * ```
 */
export const governanceCalls = {
  /** Adds `curator` to the dataset's curators. */
  addCurator(client: CairnClient, datasetId: bigint, curator: Address): ProposalCall {
    return registryCall(client, "addCurator", [datasetId, curator]);
  },
  /** Removes `curator` from the dataset's curators. */
  removeCurator(client: CairnClient, datasetId: bigint, curator: Address): ProposalCall {
    return registryCall(client, "removeCurator", [datasetId, curator]);
  },
  /** Sets the review quorum (curator votes that decide; 0 auto-accepts) and the default score. */
  setReviewPolicy(
    client: CairnClient,
    datasetId: bigint,
    { quorum, defaultScore }: { quorum: number; defaultScore: number },
  ): ProposalCall {
    return registryCall(client, "setReviewPolicy", [
      datasetId,
      scoreOf(quorum, "quorum", 0),
      scoreOf(defaultScore, "defaultScore", 1),
    ]);
  },
  /** Points the dataset at another manifest, already stored (its CID). */
  setManifest(client: CairnClient, datasetId: bigint, manifestCid: string): ProposalCall {
    return registryCall(client, "setManifest", [datasetId, cidToHex(manifestCid)]);
  },
  /** Validates and stores a new manifest document in the client's store, and returns the call that adopts it. */
  async updateManifest(
    client: CairnClient,
    datasetId: bigint,
    manifest: DatasetManifest,
  ): Promise<ProposalCall & { manifestCid: string }> {
    const manifestCid = await putJson(client, "Proposing a manifest", validateManifest(manifest));
    return { ...registryCall(client, "setManifest", [datasetId, cidToHex(manifestCid)]), manifestCid };
  },
  /** Sets the terms contributors agree to (the text, hashed with keccak256, or its hash). */
  setTerms(client: CairnClient, datasetId: bigint, terms: string | { termsHash: Hex }): ProposalCall {
    return registryCall(client, "setTerms", [
      datasetId,
      typeof terms === "string" ? hashTerms(terms) : terms.termsHash,
    ]);
  },
  /** Opens, pauses or closes (for good) the dataset. */
  setStatus(client: CairnClient, datasetId: bigint, status: DatasetStatus): ProposalCall {
    const index = datasetStatuses.indexOf(status);
    if (index < 1) throw new InvalidParameterError("status", `"${status}" is not open, paused or closed`);
    return registryCall(client, "setStatus", [datasetId, index]);
  },
  /** Sets the reward token (once: the vault refuses to change it). */
  setRewardToken(client: CairnClient, datasetId: bigint, token: Address): ProposalCall {
    return registryCall(client, "setRewardToken", [datasetId, token]);
  },
  /** Proposes a new steward (who then accepts); the timelock then gives up the dataset. */
  transferStewardship(client: CairnClient, datasetId: bigint, newSteward: Address): ProposalCall {
    return registryCall(client, "transferStewardship", [datasetId, newSteward]);
  },
  /** Sends `amount` of an ERC-20 that the timelock (the dataset's treasury) holds to `to`. */
  transferToken({ token, to, amount }: { token: Address; to: Address; amount: bigint }): ProposalCall {
    if (amount <= 0n) throw new InvalidParameterError("amount", "it must be positive");
    return {
      target: token,
      value: 0n,
      data: encodeFunctionData({ abi: erc20TransferAbi, functionName: "transfer", args: [to, amount] }),
    };
  },
} as const;
