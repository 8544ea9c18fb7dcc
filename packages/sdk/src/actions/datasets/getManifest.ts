import type { CairnClient } from "../../client.js";
import { getJson } from "../../internal/json.js";
import type { DatasetManifest } from "../../manifest/schema.js";
import { validateManifest } from "../../manifest/validate.js";
import { getDataset } from "./getDataset.js";

/**
 * Fetches a dataset's manifest from the content store (verified against its CID) and validates it.
 *
 * @example
 * ```ts
 * const manifest = await getManifest(client, { datasetId: 1n });
 * console.log(manifest.name, manifest.license);
 * ```
 */
export async function getManifest(client: CairnClient, { datasetId }: { datasetId: bigint }): Promise<DatasetManifest> {
  const { manifestCid } = await getDataset(client, { datasetId });
  return validateManifest(await getJson(client, `Reading the manifest of dataset ${datasetId}`, manifestCid));
}
