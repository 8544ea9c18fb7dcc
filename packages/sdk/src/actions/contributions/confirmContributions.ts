import type { Hash, Hex } from "viem";
import { cairnRegistryAbi } from "../../abis/cairnRegistry.js";
import type { CairnClient } from "../../client.js";
import { writeContract } from "../../internal/write.js";

/**
 * Confirms provisional contributions (registered in a dataset that accepts without review and has a challenge
 * period) whose period is over: they are accepted at the score they were registered with and start earning and
 * voting. Anyone may send it; items still in their period, or no longer provisional, are skipped on-chain.
 *
 * @example
 * ```ts
 * await confirmContributions(client, { datasetId: 1n, contentHashes: [contentHash] });
 * ```
 */
export async function confirmContributions(
  client: CairnClient,
  { datasetId, contentHashes }: { datasetId: bigint; contentHashes: readonly Hex[] },
): Promise<{ hash: Hash }> {
  const { hash } = await writeContract(client, "Confirming provisional contributions", {
    address: client.registry,
    abi: cairnRegistryAbi,
    functionName: "confirmContributions",
    args: [datasetId, contentHashes],
  });
  return { hash };
}
