import { listModels, listReleases, type Model, type Release } from "@cairn/sdk/browser";
import { useQuery } from "@tanstack/react-query";
import { useCairn } from "./cairn.js";

export type ReleaseWithModels = Release & { models: Array<Omit<Model, "paid" | "standings">> };

/**
 * A dataset's releases (newest first), each with the models registered as trained on it: read from the
 * release and model registries' events through the SDK. Undefined when the config names no release registry.
 * `after: false` holds the reads back (the dataset page asks once its own data is in, so the log queries
 * never share a JSON-RPC batch with, and delay, what the page shows first).
 */
export function useReleases(datasetId: bigint, { after = true }: { after?: boolean } = {}) {
  const { client, config } = useCairn();
  return useQuery({
    queryKey: ["releases", datasetId.toString()],
    enabled: Boolean(config.releases) && after,
    queryFn: async (): Promise<ReleaseWithModels[]> => {
      const [releases, models] = await Promise.all([
        listReleases(client, { datasetId }),
        config.models ? listModels(client) : [],
      ]);
      return releases
        .map((r) => ({ ...r, models: models.filter((m) => m.releaseIds.includes(r.releaseId)) }))
        .reverse();
    },
  });
}
