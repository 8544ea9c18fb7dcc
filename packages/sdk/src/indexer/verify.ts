import type { Address, Hex } from "viem";
import { cairnRegistryAbi } from "../abis/cairnRegistry.js";
import { rewardVaultAbi } from "../abis/rewardVault.js";
import type { CairnClient } from "../client.js";
import { hexToCid } from "../internal/cid.js";
import { type Contribution, contributionStatuses } from "../types/contribution.js";
import { IndexerMismatchError } from "./errors.js";

function check(what: string, field: string, indexer: unknown, chain: unknown) {
  const a = typeof indexer === "string" && typeof chain === "string" ? indexer.toLowerCase() : indexer;
  const b = typeof indexer === "string" && typeof chain === "string" ? chain.toLowerCase() : chain;
  if (a !== b) throw new IndexerMismatchError({ what, field, indexer, chain });
}

/**
 * Checks a contribution the indexer returned against the chain: its registration (content hash,
 * contributor, CID, size) from the registry's log in the block the indexer named, its metadata CID, and
 * its current state (owner, status, score, votes) from the registry's view. Throws
 * {@link IndexerMismatchError} on any difference; returns the chain's version.
 */
export async function verifyIndexedContribution(client: CairnClient, c: Contribution): Promise<Contribution> {
  const what = `contribution ${c.contentHash} of dataset ${c.datasetId}`;
  const [logs, state, metadata] = await Promise.all([
    client.publicClient.getContractEvents({
      address: client.registry,
      abi: cairnRegistryAbi,
      eventName: "ContributionRegistered",
      args: { datasetId: c.datasetId, contentHash: c.contentHash },
      fromBlock: c.blockNumber,
      toBlock: c.blockNumber,
    }),
    client.publicClient.readContract({
      address: client.registry,
      abi: cairnRegistryAbi,
      functionName: "getContribution",
      args: [c.datasetId, c.contentHash],
    }),
    client.publicClient.getContractEvents({
      address: client.registry,
      abi: cairnRegistryAbi,
      eventName: "MetadataAttached",
      args: { datasetId: c.datasetId, contentHash: c.contentHash },
      fromBlock: c.blockNumber,
      toBlock: c.blockNumber,
    }),
  ]);
  const log = logs[0];
  if (!log)
    throw new IndexerMismatchError({
      what,
      field: "registration",
      indexer: c.blockNumber,
      chain: "no such registration in that block",
    });
  const chain: Contribution = {
    datasetId: c.datasetId,
    contentHash: c.contentHash,
    contributor: log.args.contributor as Address,
    owner: state.owner,
    status: contributionStatuses[state.status] as Contribution["status"],
    score: state.score,
    accepts: state.accepts,
    rejects: state.rejects,
    cid: hexToCid(log.args.cid as Hex),
    size: log.args.size as bigint,
    metadataCid: metadata[0] ? hexToCid(metadata[0].args.metadataCid as Hex) : undefined,
    blockNumber: log.blockNumber,
    transactionHash: log.transactionHash,
  };
  for (const field of [
    "contributor",
    "owner",
    "status",
    "score",
    "accepts",
    "rejects",
    "cid",
    "size",
    "metadataCid",
    "transactionHash",
  ] as const)
    check(what, field, c[field], chain[field]);
  return chain;
}

/** Checks an account's claimable amount and weight in a dataset against the RewardVault's views. */
export async function verifyClaimable(
  client: CairnClient,
  p: { datasetId: bigint; account: Address; claimable: bigint; weight: bigint },
): Promise<{ claimable: bigint; weight: bigint }> {
  const what = `account ${p.account} in dataset ${p.datasetId}`;
  const [claimable, weight] = await Promise.all([
    client.publicClient.readContract({
      address: client.vault,
      abi: rewardVaultAbi,
      functionName: "claimable",
      args: [p.datasetId, p.account],
    }),
    client.publicClient.readContract({
      address: client.vault,
      abi: rewardVaultAbi,
      functionName: "weightOf",
      args: [p.datasetId, p.account],
    }),
  ]);
  check(what, "claimable", p.claimable, claimable);
  check(what, "weight", p.weight, BigInt(weight));
  return { claimable, weight: BigInt(weight) };
}
