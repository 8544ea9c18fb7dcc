import type { Address, Hex } from "viem";

/** EIP-712 types of a signed contribution; the registry's `CONTRIBUTION_TYPEHASH` is their hash. */
export const contributionTypes = {
  Contribution: [
    { name: "datasetId", type: "uint256" },
    { name: "contentHash", type: "bytes32" },
    { name: "cid", type: "bytes" },
    { name: "size", type: "uint64" },
    { name: "metadataCid", type: "bytes" },
    { name: "termsHash", type: "bytes32" },
    { name: "deadline", type: "uint64" },
  ],
} as const;

/** The registry's EIP-712 domain: bound to the chain and the registry's address. */
export function contributionDomain(chainId: number, registry: Address) {
  return { name: "Cairn", version: "1", chainId, verifyingContract: registry } as const;
}

/** The EIP-712 message of a contribution, with CIDs as their binary bytes. */
export type ContributionMessage = {
  datasetId: bigint;
  contentHash: Hex;
  cid: Hex;
  size: bigint;
  metadataCid: Hex;
  termsHash: Hex;
  deadline: bigint;
};
