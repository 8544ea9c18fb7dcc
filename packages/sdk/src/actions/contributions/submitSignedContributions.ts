import type { Address, Hex } from "viem";
import { cairnRegistryAbi } from "../../abis/cairnRegistry.js";
import type { CairnClient } from "../../client.js";
import { InvalidParameterError, WrongChainError } from "../../errors/client.js";
import { ContractCallError } from "../../errors/contract.js";
import { cidToHex } from "../../internal/cid.js";
import { toCompactSignature, zeroAddress } from "../../internal/evm.js";
import { outcomesOf } from "../../internal/outcomes.js";
import { writeContract } from "../../internal/write.js";
import type { ContributionOutcome, ContributionProgress, SignedContribution } from "../../types/contribution.js";

export type SubmitSignedContributionsParameters = {
  items: readonly SignedContribution[];
  /** Items per transaction (default 100). */
  batchSize?: number | undefined;
  onProgress?: ((progress: ContributionProgress) => void) | undefined;
};
export type SubmitSignedContributionsReturnType = { outcomes: ContributionOutcome[] };

/** The registry's calldata form of a signed item. */
export type SignedContributionCalldata = {
  datasetId: bigint;
  contentHash: Hex;
  size: bigint;
  deadline: bigint;
  contributor: Address;
  cid: Hex;
  metadataCid: Hex;
  signature: Hex;
};

/**
 * The calldata form of a signed item. An EOA's 65-byte signature is sent in EIP-2098 compact form with
 * `contributor` left zero (the registry recovers it), which saves calldata; a smart wallet (ERC-1271)
 * keeps its address and its own signature bytes.
 */
export function toSignedCalldata(
  item: SignedContribution,
  { isContract }: { isContract: boolean },
): SignedContributionCalldata {
  const compact = !isContract && item.signature.length === 132;
  return {
    datasetId: item.datasetId,
    contentHash: item.contentHash,
    size: item.size,
    deadline: item.deadline,
    contributor: compact ? zeroAddress : item.contributor,
    cid: cidToHex(item.cid),
    metadataCid: item.metadataCid ? cidToHex(item.metadataCid) : "0x",
    signature: compact ? toCompactSignature(item.signature) : item.signature,
  };
}

/**
 * Submits contributions signed by others, in batches through `contributeBatchBySig`; the sender pays
 * the gas. Items signed for another chain or registry, or already expired, are refused before any
 * transaction; items the registry skips (duplicate, bad signature, closed dataset) are reported with
 * the decoded reason, and never stop the rest.
 *
 * @example
 * ```ts
 * const { outcomes } = await submitSignedContributions(relayerClient, { items: signedItems });
 * for (const o of outcomes) console.log(o.contentHash, o.status, o.reason?.message ?? "");
 * ```
 */
export async function submitSignedContributions(
  client: CairnClient,
  { items, batchSize = 100, onProgress }: SubmitSignedContributionsParameters,
): Promise<SubmitSignedContributionsReturnType> {
  const block = await client.publicClient.getBlock();
  for (const item of items) {
    if (item.chainId !== client.chainId) throw new WrongChainError(client.chainId, item.chainId);
    if (item.registry.toLowerCase() !== client.registry.toLowerCase()) {
      throw new InvalidParameterError(
        "signature",
        `signed for registry ${item.registry}, not ${client.registry}`,
        "Sign again for this deployment.",
      );
    }
    if (item.deadline < block.timestamp) {
      throw new ContractCallError({ errorName: "SignatureExpired", args: [item.deadline, block.timestamp] });
    }
  }
  const isContract = new Map<Address, boolean>();
  for (const contributor of new Set(items.map((i) => i.contributor))) {
    isContract.set(contributor, ((await client.publicClient.getCode({ address: contributor })) ?? "0x") !== "0x");
  }

  const outcomes: ContributionOutcome[] = [];
  const bytesTotal = items.reduce((sum, i) => sum + Number(i.size), 0);
  let bytesDone = 0;
  for (let start = 0; start < items.length; start += batchSize) {
    const chunk = items.slice(start, start + batchSize);
    onProgress?.({ phase: "submitting", itemsDone: start, itemsTotal: items.length, bytesDone, bytesTotal });
    const calldata = chunk.map((item) =>
      toSignedCalldata(item, { isContract: isContract.get(item.contributor) ?? false }),
    );
    const { hash, receipt } =
      chunk.length === 1
        ? await writeContract(client, "Submitting a signed contribution", {
            address: client.registry,
            abi: cairnRegistryAbi,
            functionName: "contributeBySig",
            args: [calldata[0]],
          })
        : await writeContract(client, "Submitting signed contributions", {
            address: client.registry,
            abi: cairnRegistryAbi,
            functionName: "contributeBatchBySig",
            args: [calldata],
          });
    outcomes.push(...(await outcomesOf(chunk, receipt, hash)));
    bytesDone += chunk.reduce((sum, i) => sum + Number(i.size), 0);
  }
  onProgress?.({ phase: "done", itemsDone: items.length, itemsTotal: items.length, bytesDone, bytesTotal });
  return { outcomes };
}
