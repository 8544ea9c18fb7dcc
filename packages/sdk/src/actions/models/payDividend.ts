import type { Hash } from "viem";
import { modelRegistryAbi } from "../../abis/modelRegistry.js";
import type { CairnClient } from "../../client.js";
import { InvalidParameterError } from "../../errors/client.js";
import { loadViem } from "../../internal/evm.js";
import { readContract, walletAddress, writeContract } from "../../internal/write.js";
import { insufficientBalance } from "../rewards/fund.js";
import { type ModelStanding, modelStandings } from "./getModel.js";
import { modelsAddress } from "./registerModel.js";

export type PayDividendParameters = {
  modelId: bigint;
  /** In the smallest unit of the model's dividend token. */
  amount: bigint;
};
export type PayDividendReturnType = { credited: bigint; hash: Hash };

/**
 * Pays a model's data dividend: approves the model registry if needed, then pays. The amount is split equally
 * over the releases the model names, and within each release over its leaves' owners pro rata to score.
 * Returns what arrived (less than `amount` for fee-on-transfer tokens).
 *
 * @example
 * ```ts
 * const { credited } = await payDividend(client, { modelId: 1n, amount: parseUnits("100", 18) });
 * ```
 */
export async function payDividend(client: CairnClient, p: PayDividendParameters): Promise<PayDividendReturnType> {
  const action = `Paying model ${p.modelId}'s data dividend`;
  if (p.amount <= 0n) throw new InvalidParameterError("amount", "must be positive");
  const address = modelsAddress(client, action);
  const payer = walletAddress(client, action);
  const model = await readContract(
    client.publicClient.readContract({ address, abi: modelRegistryAbi, functionName: "getModel", args: [p.modelId] }),
  );
  const token = model.dividendToken;
  const [balance, allowance] = await Promise.all([
    client.publicClient.readContract({
      address: token,
      abi: (await loadViem()).erc20Abi,
      functionName: "balanceOf",
      args: [payer],
    }),
    client.publicClient.readContract({
      address: token,
      abi: (await loadViem()).erc20Abi,
      functionName: "allowance",
      args: [payer, address],
    }),
  ]);
  if (balance < p.amount) throw await insufficientBalance(client, token, balance, p.amount);
  if (allowance < p.amount) {
    await writeContract(client, `Approving the model registry for model ${p.modelId}`, {
      address: token,
      abi: (await loadViem()).erc20Abi,
      functionName: "approve",
      args: [address, p.amount],
    });
  }
  const { hash, receipt } = await writeContract(client, action, {
    address,
    abi: modelRegistryAbi,
    functionName: "payDividend",
    args: [p.modelId, p.amount],
  });
  const [paid] = (await loadViem()).parseEventLogs({
    abi: modelRegistryAbi,
    logs: receipt.logs,
    eventName: "DividendPaid",
  });
  return { credited: paid.args.amount, hash };
}

/**
 * Endorses, flags or clears a model as the steward of a dataset it cites.
 *
 * @example
 * ```ts
 * await reviewModel(stewardClient, { modelId: 1n, datasetId: 1n, standing: "endorsed" });
 * ```
 */
export async function reviewModel(
  client: CairnClient,
  p: { modelId: bigint; datasetId: bigint; standing: ModelStanding },
): Promise<{ hash: Hash }> {
  const action = `Reviewing model ${p.modelId}`;
  const { hash } = await writeContract(client, action, {
    address: modelsAddress(client, action),
    abi: modelRegistryAbi,
    functionName: "reviewModel",
    args: [p.modelId, p.datasetId, modelStandings.indexOf(p.standing)],
  });
  return { hash };
}
