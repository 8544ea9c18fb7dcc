import type { Hex } from "viem";
import { cairnRegistryAbi } from "../../abis/cairnRegistry.js";
import type { CairnClient } from "../../client.js";
import { ContractCallError } from "../../errors/contract.js";
import { hexToCid } from "../../internal/cid.js";
import { inBlockRanges } from "../../internal/logs.js";
import { readContract } from "../../internal/write.js";
import { type Contribution, type ContributionStatus, contributionStatuses } from "../../types/contribution.js";

export type GetContributionParameters = { datasetId: bigint; contentHash: Hex; fromBlock?: bigint | undefined };
export type GetContributionReturnType = Contribution;

/**
 * Reads a contribution: its state on-chain (status, score, owner) and its registration record from
 * the `ContributionRegistered` event (CID, size, metadata). Throws `ContractCallError`
 * (`ContributionNotFound`) if the content is not in the dataset.
 *
 * @example
 * ```ts
 * const c = await getContribution(client, { datasetId: 1n, contentHash: "0x9f86…" });
 * console.log(c.status, c.score, c.cid);
 * ```
 */
export async function getContribution(
  client: CairnClient,
  p: GetContributionParameters,
): Promise<GetContributionReturnType> {
  const [state, logs] = await Promise.all([
    readContract(
      client.publicClient.readContract({
        address: client.registry,
        abi: cairnRegistryAbi,
        functionName: "getContribution",
        args: [p.datasetId, p.contentHash],
      }),
    ),
    registrationLogs(client, { datasetId: p.datasetId, contentHash: p.contentHash, fromBlock: p.fromBlock }),
  ]);
  const [log] = logs;
  if (!log) throw new ContractCallError({ errorName: "ContributionNotFound", args: [p.datasetId, p.contentHash] });
  const metadata = await client.publicClient.getContractEvents({
    address: client.registry,
    abi: cairnRegistryAbi,
    eventName: "MetadataAttached",
    args: { datasetId: p.datasetId, contentHash: p.contentHash },
    fromBlock: log.blockNumber,
    toBlock: log.blockNumber,
  });
  return {
    datasetId: p.datasetId,
    contentHash: p.contentHash,
    contributor: state.contributor,
    owner: state.owner,
    status: contributionStatuses[state.status] as ContributionStatus,
    score: state.score,
    accepts: state.accepts,
    rejects: state.rejects,
    cid: hexToCid(log.args.cid as Hex),
    size: log.args.size as bigint,
    metadataCid: metadata[0] ? hexToCid(metadata[0].args.metadataCid as Hex) : undefined,
    blockNumber: log.blockNumber,
    transactionHash: log.transactionHash,
  };
}

/** `ContributionRegistered` logs matching the filter, oldest first. */
export function registrationLogs(
  client: CairnClient,
  filter: {
    datasetId?: bigint | undefined;
    contentHash?: Hex | undefined;
    contributor?: Hex | undefined;
    fromBlock?: bigint | undefined;
    toBlock?: bigint | undefined;
  },
) {
  return inBlockRanges(client, filter, (fromBlock, toBlock) =>
    client.publicClient.getContractEvents({
      address: client.registry,
      abi: cairnRegistryAbi,
      eventName: "ContributionRegistered",
      args: { datasetId: filter.datasetId, contentHash: filter.contentHash, contributor: filter.contributor },
      fromBlock,
      toBlock,
    }),
  );
}
