import type { Address, Hash, Hex } from "viem";
import { cairnRegistryAbi } from "../../abis/cairnRegistry.js";
import type { CairnClient } from "../../client.js";
import { writeContract } from "../../internal/write.js";

/**
 * Makes `to` the owner who is paid for a contribution (its accepted weight moves with it).
 *
 * @example
 * ```ts
 * await transferContribution(client, { datasetId: 1n, contentHash, to: "0x…" });
 * ```
 */
export async function transferContribution(
  client: CairnClient,
  { datasetId, contentHash, to }: { datasetId: bigint; contentHash: Hex; to: Address },
): Promise<{ hash: Hash }> {
  const { hash } = await writeContract(client, "Transferring a contribution", {
    address: client.registry,
    abi: cairnRegistryAbi,
    functionName: "transferContribution",
    args: [datasetId, contentHash, to],
  });
  return { hash };
}

/**
 * Withdraws a contribution from its dataset: it stops earning; what it already earned stays claimable.
 *
 * @example
 * ```ts
 * await withdrawContribution(client, { datasetId: 1n, contentHash });
 * ```
 */
export async function withdrawContribution(
  client: CairnClient,
  { datasetId, contentHash }: { datasetId: bigint; contentHash: Hex },
): Promise<{ hash: Hash }> {
  const { hash } = await writeContract(client, "Withdrawing a contribution", {
    address: client.registry,
    abi: cairnRegistryAbi,
    functionName: "withdrawContribution",
    args: [datasetId, contentHash],
  });
  return { hash };
}
