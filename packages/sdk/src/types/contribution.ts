import type { Address, Hash, Hex } from "viem";

import type { ContributionStatus } from "../schemas/contribution.js";

export { type ContributionStatus, contributionStatuses } from "../schemas/contribution.js";

/** A file hashed and stored, ready to be registered in a dataset. */
export type PreparedContribution = {
  datasetId: bigint;
  /** sha256 of the raw bytes (`sha256sum`). */
  contentHash: Hex;
  cid: string;
  size: bigint;
  metadataCid?: string | undefined;
  /** Where it came from (a path), for reports. */
  label?: string | undefined;
};

/** A contribution signed by its contributor (EIP-712), ready for anyone to submit. */
export type SignedContribution = PreparedContribution & {
  deadline: bigint;
  contributor: Address;
  /** 65-byte ECDSA signature, or the smart-wallet's ERC-1271 signature bytes. */
  signature: Hex;
  /** The EIP-712 domain it was signed for. */
  chainId: number;
  registry: Address;
  termsHash: Hex;
};

/** A registered contribution: its state on-chain and its registration record. */
export type Contribution = {
  datasetId: bigint;
  contentHash: Hex;
  contributor: Address;
  owner: Address;
  status: ContributionStatus;
  /** Weight once accepted (mean accepting score), else 0. */
  score: number;
  accepts: number;
  rejects: number;
  cid: string;
  size: bigint;
  metadataCid: string | undefined;
  blockNumber: bigint;
  transactionHash: Hash;
};

/** What happened to one submitted item. */
export type ContributionOutcome = {
  datasetId: bigint;
  contentHash: Hex;
  label?: string | undefined;
  status: "registered" | "skipped";
  /** Why it was skipped: the decoded contract error and its explanation. */
  reason?: { errorName: string; args: readonly unknown[]; message: string } | undefined;
  transactionHash: Hash;
};

/** Progress of a long contribution run. */
export type ContributionProgress = {
  /** `publishing`: storing bytes after their registration, where the store is public (register first). */
  phase: "storing" | "checking" | "signing" | "submitting" | "publishing" | "done";
  itemsDone: number;
  itemsTotal: number;
  bytesDone: number;
  bytesTotal: number;
  /** The item being worked on. */
  label?: string | undefined;
};
