import type { Address, Hash, Hex } from "viem";
import { modelRegistryAbi } from "../../abis/modelRegistry.js";
import type { CairnClient } from "../../client.js";
import { hexToCid, optionalHexToCid } from "../../internal/cid.js";
import { readContract } from "../../internal/write.js";
import { modelsAddress } from "./registerModel.js";

/** A dataset steward's opinion of a model. */
export type ModelStanding = "none" | "endorsed" | "flagged";
export const modelStandings = ["none", "endorsed", "flagged"] as const;

/** A registered model: its registration record and what it has been paid. */
export type Model = {
  modelId: bigint;
  name: string;
  registrant: Address;
  releaseIds: bigint[];
  dividendToken: Address;
  weightsCid: string;
  weightsSha256: Hex;
  license: string;
  cardCid: string | undefined;
  /** Dividends credited so far, in the token's smallest unit. */
  paid: bigint;
  /** Endorsements and flags by the stewards of the datasets it cites, by dataset id. */
  standings: Array<{ datasetId: bigint; standing: ModelStanding }>;
  blockNumber: bigint;
  transactionHash: Hash;
};

/**
 * Lists models from `ModelRegistered` events, optionally those citing one release.
 *
 * @example
 * ```ts
 * const models = await listModels(client, { releaseId: 1n });
 * ```
 */
export async function listModels(
  client: CairnClient,
  p: { releaseId?: bigint | undefined; modelId?: bigint | undefined } = {},
): Promise<Omit<Model, "paid" | "standings">[]> {
  const logs = await client.publicClient.getContractEvents({
    address: modelsAddress(client, "Listing models"),
    abi: modelRegistryAbi,
    eventName: "ModelRegistered",
    args: { modelId: p.modelId },
    fromBlock: 0n,
    toBlock: "latest",
  });
  return logs
    .map((log) => ({
      modelId: log.args.modelId as bigint,
      name: log.args.name as string,
      registrant: log.args.registrant as Address,
      releaseIds: [...(log.args.releaseIds as readonly bigint[])],
      dividendToken: log.args.dividendToken as Address,
      weightsCid: hexToCid(log.args.weightsCid as Hex),
      weightsSha256: log.args.weightsSha256 as Hex,
      license: log.args.license as string,
      cardCid: optionalHexToCid(log.args.cardCid as Hex),
      blockNumber: log.blockNumber,
      transactionHash: log.transactionHash,
    }))
    .filter((m) => p.releaseId === undefined || m.releaseIds.includes(p.releaseId));
}

/**
 * Reads a model: its registration, what it has been paid, and stewards' endorsements or flags.
 *
 * @example
 * ```ts
 * const model = await getModel(client, { modelId: 1n });
 * ```
 */
export async function getModel(client: CairnClient, p: { modelId: bigint }): Promise<Model> {
  const address = modelsAddress(client, "Reading a model");
  const state = await readContract(
    client.publicClient.readContract({ address, abi: modelRegistryAbi, functionName: "getModel", args: [p.modelId] }),
  );
  const [[record], reviews] = await Promise.all([
    listModels(client, { modelId: p.modelId }),
    client.publicClient.getContractEvents({
      address,
      abi: modelRegistryAbi,
      eventName: "ModelReviewed",
      args: { modelId: p.modelId },
      fromBlock: 0n,
      toBlock: "latest",
    }),
  ]);
  const standings = new Map<bigint, ModelStanding>();
  for (const r of reviews) standings.set(r.args.datasetId as bigint, modelStandings[Number(r.args.standing)]);
  return {
    ...record,
    paid: state.paid,
    standings: [...standings].map(([datasetId, standing]) => ({ datasetId, standing })),
  };
}
