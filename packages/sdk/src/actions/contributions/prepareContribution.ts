import type { CairnClient } from "../../client.js";
import type { CidProfile } from "../../hash/profiles.js";
import { putJson, storeOf } from "../../internal/json.js";
import { type ContributionContent, openContent } from "../../internal/source.js";
import type { ItemMetadata } from "../../manifest/schema.js";
import { validateItemMetadata } from "../../manifest/validate.js";
import type { PreparedContribution } from "../../types/contribution.js";

export type PrepareContributionParameters = {
  datasetId: bigint;
  /** A file path, bytes, or a stream. */
  content: ContributionContent;
  /** Optional per-item metadata, validated and stored next to the content. */
  metadata?: ItemMetadata | undefined;
  profile?: CidProfile | undefined;
  onProgress?: ((progress: { bytes: number; totalBytes?: number | undefined }) => void) | undefined;
};
export type PrepareContributionReturnType = PreparedContribution;

/**
 * Hashes content (sha256 and CID, one streaming pass) while storing it in the client's content
 * store(s); the store's CID is checked against the local one. The result is ready to contribute or sign.
 *
 * @example
 * ```ts
 * const prepared = await prepareContribution(client, { datasetId: 1n, content: "proverbs/haba-na-haba.txt" });
 * console.log(prepared.contentHash, prepared.cid);
 * ```
 */
export async function prepareContribution(
  client: CairnClient,
  p: PrepareContributionParameters,
): Promise<PrepareContributionReturnType> {
  const action = "Storing a contribution";
  const store = storeOf(client, action);
  const metadataCid = p.metadata ? await putJson(client, action, validateItemMetadata(p.metadata)) : undefined;
  const { source, label } = await openContent(p.content);
  const { cid, sha256, size } = await store.put(source, { profile: p.profile, onProgress: p.onProgress });
  return { datasetId: p.datasetId, contentHash: sha256, cid, size, metadataCid, label };
}
