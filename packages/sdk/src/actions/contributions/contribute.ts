import { cairnRegistryAbi } from "../../abis/cairnRegistry.js";
import type { CairnClient } from "../../client.js";
import type { CidProfile } from "../../hash/profiles.js";
import { cidToHex } from "../../internal/cid.js";
import { outcomesOf } from "../../internal/outcomes.js";
import { findDuplicates, requireOpenDataset } from "../../internal/precheck.js";
import type { ContributionContent } from "../../internal/source.js";
import { writeContract } from "../../internal/write.js";
import type { ContributionOutcome, ContributionProgress, PreparedContribution } from "../../types/contribution.js";
import { prepareContribution } from "./prepareContribution.js";
import { hashAll, isPublicStore, publishRegistered } from "./registerFirst.js";

export type ContributeParameters = {
  datasetId: bigint;
  /** Files (paths), bytes, streams, or items already prepared. */
  contents: ReadonlyArray<ContributionContent | PreparedContribution>;
  /** What to do with content already in the dataset: refuse the whole run (default) or skip it and report it. */
  onDuplicate?: "error" | "skip" | undefined;
  /** Items per transaction (default 100). */
  batchSize?: number | undefined;
  profile?: CidProfile | undefined;
  onProgress?: ((progress: ContributionProgress) => void) | undefined;
};
export type ContributeReturnType = { outcomes: ContributionOutcome[] };
export type ContributeErrorType =
  | import("../../errors/contract.js").ContractCallError
  | import("../../errors/hash.js").FileReadError
  | import("../../errors/client.js").MissingWalletError;

/**
 * Adds the wallet's own contributions to a dataset: stores each file on IPFS (hashing it in the same
 * pass), checks the dataset is open and the content new, then registers them in batches. Bad input is
 * refused before any transaction. Where the client's store is public (`store.public`: Kubo, a pinning
 * service, a networked Helia node), the order is reversed so that nobody can copy a content hash from the
 * store and register it first: each file is hashed locally, registered, and only then stored (checked
 * against the registered CID); an item someone else registered first is not published.
 *
 * @example
 * ```ts
 * const { outcomes } = await contribute(client, {
 *   datasetId: 1n,
 *   contents: ["proverbs/001.txt", "proverbs/002.txt"],
 *   onProgress: (p) => console.log(p.phase, p.itemsDone, "/", p.itemsTotal),
 * });
 * ```
 */
export async function contribute(client: CairnClient, p: ContributeParameters): Promise<ContributeReturnType> {
  await requireOpenDataset(client, p.datasetId);
  // Where the store is public, whoever sees a CID there could register the content first: register, then publish.
  const registerFirst = isPublicStore(client.store);
  const hashed = registerFirst ? await hashAll(p) : undefined;
  const prepared = hashed ?? (await prepareAll(client, p));
  const { fresh, duplicates } = await findDuplicates(client, prepared);
  if (duplicates.length > 0 && (p.onDuplicate ?? "error") === "error") throw duplicates[0].error;

  const outcomes: ContributionOutcome[] = duplicates.map(({ item, error }) => ({
    datasetId: item.datasetId,
    contentHash: item.contentHash,
    label: item.label,
    status: "skipped",
    reason: { errorName: error.errorName, args: error.args, message: error.shortMessage },
    transactionHash: "0x",
  }));
  const batchSize = p.batchSize ?? 100;
  const bytesTotal = prepared.reduce((s, i) => s + Number(i.size), 0);
  for (let start = 0; start < fresh.length; start += batchSize) {
    const chunk = fresh.slice(start, start + batchSize);
    p.onProgress?.({
      phase: "submitting",
      itemsDone: start,
      itemsTotal: fresh.length,
      bytesDone: bytesTotal,
      bytesTotal,
    });
    const inputs = chunk.map((item) => ({
      datasetId: item.datasetId,
      contentHash: item.contentHash,
      size: item.size,
      cid: cidToHex(item.cid),
      metadataCid: item.metadataCid ? cidToHex(item.metadataCid) : ("0x" as const),
    }));
    const { hash, receipt } =
      chunk.length === 1
        ? await writeContract(client, "Contributing", {
            address: client.registry,
            abi: cairnRegistryAbi,
            functionName: "contribute",
            args: [inputs[0].datasetId, inputs[0].contentHash, inputs[0].size, inputs[0].cid, inputs[0].metadataCid],
          })
        : await writeContract(client, "Contributing", {
            address: client.registry,
            abi: cairnRegistryAbi,
            functionName: "contributeBatch",
            args: [inputs],
          });
    outcomes.push(...(await outcomesOf(chunk, receipt, hash)));
  }
  if (hashed && client.store) {
    await publishRegistered({ ...client, store: client.store }, hashed, outcomes, p.profile, p.onProgress);
  }
  p.onProgress?.({
    phase: "done",
    itemsDone: prepared.length,
    itemsTotal: prepared.length,
    bytesDone: bytesTotal,
    bytesTotal,
  });
  return { outcomes };
}

/** Stores every item not yet prepared, reporting items and bytes. */
export async function prepareAll(
  client: CairnClient,
  p: Pick<ContributeParameters, "datasetId" | "contents" | "profile" | "onProgress">,
): Promise<PreparedContribution[]> {
  const prepared: PreparedContribution[] = [];
  let bytesDone = 0;
  for (const [index, content] of p.contents.entries()) {
    if (isPrepared(content)) {
      prepared.push(content);
      continue;
    }
    const label = typeof content === "string" ? content : `item ${index + 1}`;
    const before = bytesDone;
    const item = await prepareContribution(client, {
      datasetId: p.datasetId,
      content,
      profile: p.profile,
      onProgress: ({ bytes }) =>
        p.onProgress?.({
          phase: "storing",
          itemsDone: index,
          itemsTotal: p.contents.length,
          bytesDone: before + bytes,
          bytesTotal: 0,
          label,
        }),
    });
    bytesDone = before + Number(item.size);
    prepared.push({ ...item, label });
  }
  return prepared;
}

function isPrepared(content: ContributionContent | PreparedContribution): content is PreparedContribution {
  return typeof content === "object" && content !== null && "contentHash" in content && "cid" in content;
}
