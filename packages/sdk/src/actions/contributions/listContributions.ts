import type { Address, Hex } from "viem";
import { cairnRegistryAbi } from "../../abis/cairnRegistry.js";
import type { CairnClient } from "../../client.js";
import { hexToCid } from "../../internal/cid.js";
import { inBlockRanges } from "../../internal/logs.js";
import { type Contribution, type ContributionStatus, contributionStatuses } from "../../types/contribution.js";
import { registrationLogs } from "./getContribution.js";

export type ListContributionsParameters = {
  datasetId?: bigint | undefined;
  contributor?: Address | undefined;
  status?: ContributionStatus | undefined;
  fromBlock?: bigint | undefined;
  toBlock?: bigint | undefined;
  /** At most this many items (default 100). */
  limit?: number | undefined;
  /** The `nextCursor` of the previous page. */
  cursor?: string | undefined;
};
export type ListContributionsReturnType = { contributions: Contribution[]; nextCursor: string | undefined };

/**
 * Lists contributions from the registry's logs, oldest first, filtered by dataset, contributor and
 * status (removed ones only when `status: "removed"` asks for them), a page at a time (`cursor` = the last
 * item's block and log index).
 *
 * @example
 * ```ts
 * let cursor: string | undefined;
 * do {
 *   const page = await listContributions(client, { datasetId: 1n, status: "pending", cursor });
 *   page.contributions.forEach((c) => console.log(c.contentHash));
 *   cursor = page.nextCursor;
 * } while (cursor);
 * ```
 */
export async function listContributions(
  client: CairnClient,
  p: ListContributionsParameters = {},
): Promise<ListContributionsReturnType> {
  const limit = p.limit ?? 100;
  const [afterBlock, afterIndex] = p.cursor ? p.cursor.split(":").map(BigInt) : [-1n, -1n];
  const logs = (
    await registrationLogs(client, {
      datasetId: p.datasetId,
      contributor: p.contributor as Hex | undefined,
      fromBlock: p.cursor ? afterBlock : p.fromBlock,
      toBlock: p.toBlock,
    })
  ).filter(
    (log) => log.blockNumber > afterBlock || (log.blockNumber === afterBlock && BigInt(log.logIndex) > afterIndex),
  );

  // Per-item metadata CIDs come from their own event; one query covers the whole range.
  const metadata = new Map<string, string>();
  if (logs.length > 0) {
    const range = { fromBlock: logs[0].blockNumber, toBlock: logs[logs.length - 1].blockNumber };
    const attached = await inBlockRanges(client, range, (fromBlock, toBlock) =>
      client.publicClient.getContractEvents({
        address: client.registry,
        abi: cairnRegistryAbi,
        eventName: "MetadataAttached",
        args: { datasetId: p.datasetId },
        fromBlock,
        toBlock,
      }),
    );
    for (const a of attached)
      metadata.set(`${a.args.datasetId}:${a.args.contentHash}`, hexToCid(a.args.metadataCid as Hex));
  }
  const contributions: Contribution[] = [];
  let nextCursor: string | undefined;
  const pageSize = 50;
  for (let start = 0; start < logs.length && contributions.length < limit; start += pageSize) {
    const page = logs.slice(start, start + pageSize);
    const states = await Promise.all(
      page.map((log) =>
        client.publicClient.readContract({
          address: client.registry,
          abi: cairnRegistryAbi,
          functionName: "getContribution",
          args: [log.args.datasetId as bigint, log.args.contentHash as Hex],
        }),
      ),
    );
    for (let i = 0; i < page.length && contributions.length < limit; i++) {
      const log = page[i];
      const state = states[i];
      const status = contributionStatuses[state.status] as ContributionStatus;
      nextCursor = `${log.blockNumber}:${log.logIndex}`;
      if (p.status ? status !== p.status : status === "removed") continue;
      contributions.push({
        datasetId: log.args.datasetId as bigint,
        contentHash: log.args.contentHash as Hex,
        contributor: state.contributor,
        owner: state.owner,
        status,
        score: state.score,
        accepts: state.accepts,
        rejects: state.rejects,
        cid: hexToCid(log.args.cid as Hex),
        size: log.args.size as bigint,
        metadataCid: metadata.get(`${log.args.datasetId}:${log.args.contentHash}`),
        blockNumber: log.blockNumber,
        transactionHash: log.transactionHash,
      });
    }
  }
  const last = logs.at(-1);
  const exhausted = !last || nextCursor === `${last.blockNumber}:${last.logIndex}`;
  return { contributions, nextCursor: exhausted ? undefined : nextCursor };
}
