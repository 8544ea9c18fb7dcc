import { listModels, listReleases, type Model, type Release } from "@cairn/sdk/browser";
import { useQuery } from "@tanstack/react-query";
import { useCairn } from "./cairn.js";

export type ReleaseWithModels = Release & { models: Array<Omit<Model, "paid" | "standings">> };

/**
 * A dataset's releases (newest first), each with the models registered as trained on it: read from the
 * release and model registries' events through the SDK. Undefined when the config names no release registry.
 */
export function useReleases(datasetId: bigint) {
  const { client, config } = useCairn();
  return useQuery({
    queryKey: ["releases", datasetId.toString()],
    enabled: Boolean(config.releases),
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
