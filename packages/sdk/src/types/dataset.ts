import type { Address, Hex } from "viem";

/** Dataset status, as words. */
export type DatasetStatus = "open" | "paused" | "closed";
export const datasetStatuses = ["none", "open", "paused", "closed"] as const;

/** A dataset as the SDK returns it. */
export type Dataset = {
  id: bigint;
  steward: Address;
  pendingSteward: Address | undefined;
  status: DatasetStatus;
  quorum: number;
  defaultScore: number;
  curatorCount: number;
  termsHash: Hex;
  manifestCid: string;
  rewardToken: Address | undefined;
  weightObserver: Address | undefined;
};
