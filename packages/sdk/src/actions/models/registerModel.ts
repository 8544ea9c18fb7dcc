import type { Address, Hash, Hex } from "viem";
import { modelRegistryAbi } from "../../abis/modelRegistry.js";
import type { CairnClient } from "../../client.js";
import { MissingContractError } from "../../errors/release.js";
import { cidToHex } from "../../internal/cid.js";
import { loadViem, zeroHash } from "../../internal/evm.js";
import { writeContract } from "../../internal/write.js";

export type RegisterModelParameters = {
  name: string;
  /** The releases the model was trained on (1..16, one or several datasets). */
  releaseIds: readonly bigint[];
  /** The ERC-20 its data dividends are paid in. */
  dividendToken: Address;
  /** IPFS CID of the weights. */
  weightsCid: string;
  /** sha256 of the weights file (`0x…`); zero if not given. */
  weightsSha256?: Hex | undefined;
  license: string;
  /** IPFS CID of the model card. */
  cardCid?: string | undefined;
};
export type RegisterModelReturnType = { modelId: bigint; hash: Hash };

/**
 * Registers a model that names the releases it was trained on. Anyone may.
 *
 * @example
 * ```ts
 * const { modelId } = await registerModel(client, {
 *   name: "methali-small", releaseIds: [1n], dividendToken: token, weightsCid: "bafy…", license: "Apache-2.0",
 * });
 * ```
 */
export async function registerModel(client: CairnClient, p: RegisterModelParameters): Promise<RegisterModelReturnType> {
  const action = `Registering model "${p.name}"`;
  const { hash, receipt } = await writeContract(client, action, {
    address: modelsAddress(client, action),
    abi: modelRegistryAbi,
    functionName: "registerModel",
    args: [
      {
        name: p.name,
        releaseIds: [...p.releaseIds],
        dividendToken: p.dividendToken,
        weightsCid: cidToHex(p.weightsCid),
        weightsSha256: p.weightsSha256 ?? zeroHash,
        license: p.license,
        cardCid: p.cardCid ? cidToHex(p.cardCid) : "0x",
      },
    ],
  });
  const [event] = (await loadViem()).parseEventLogs({
    abi: modelRegistryAbi,
    logs: receipt.logs,
    eventName: "ModelRegistered",
  });
  return { modelId: event.args.modelId, hash };
}

export function modelsAddress(client: CairnClient, action: string): Address {
  if (!client.models) throw new MissingContractError("models", action);
  return client.models;
}
