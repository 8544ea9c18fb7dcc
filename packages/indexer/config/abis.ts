// Types only (erased at run time): the shape of config/abis.json, the events of each contract the indexer follows,
// as the SDK's generated ABIs type them. scripts/generate-abis.ts writes both from the same compiled contracts.
import type { cairnGovernorAbi } from "../../sdk/src/abis/cairnGovernor.js";
import type { cairnRegistryAbi } from "../../sdk/src/abis/cairnRegistry.js";
import type { contributionVotesAbi } from "../../sdk/src/abis/contributionVotes.js";
import type { governedDatasetFactoryAbi } from "../../sdk/src/abis/governedDatasetFactory.js";
import type { modelRegistryAbi } from "../../sdk/src/abis/modelRegistry.js";
import type { releaseRegistryAbi } from "../../sdk/src/abis/releaseRegistry.js";
import type { reviewerPoolAbi } from "../../sdk/src/abis/reviewerPool.js";
import type { rewardVaultAbi } from "../../sdk/src/abis/rewardVault.js";

/** An ABI's events. */
type Events<abi extends readonly unknown[]> = readonly Extract<abi[number], { type: "event" }>[];

export type IndexerAbis = {
  CairnGovernor: Events<typeof cairnGovernorAbi>;
  CairnRegistry: Events<typeof cairnRegistryAbi>;
  ContributionVotes: Events<typeof contributionVotesAbi>;
  GovernedDatasetFactory: Events<typeof governedDatasetFactoryAbi>;
  ModelRegistry: Events<typeof modelRegistryAbi>;
  ReleaseRegistry: Events<typeof releaseRegistryAbi>;
  ReviewerPool: Events<typeof reviewerPoolAbi>;
  RewardVault: Events<typeof rewardVaultAbi>;
};
