import type { Hex } from "viem";
import { cairnRegistryAbi } from "../../abis/cairnRegistry.js";
import type { CairnClient } from "../../client.js";
import { hexToCid } from "../../internal/cid.js";
import { registrationLogs } from "../contributions/getContribution.js";
import type { ReleaseItem } from "./tree.js";

const ACCEPTED = 2;
/** How many `getContribution` reads are in flight at once. */
const CONCURRENCY = 64;

export type SnapshotItemsParameters = { datasetId: bigint; blockNumber: bigint };

/**
 * The accepted contributions of a dataset as they stood at `blockNumber`, the leaves of a release cut at that
 * block: the registrations come from the registry's `ContributionRegistered` (and `MetadataAttached`) events up to
 * that block, and each one's status, owner and score from `getContribution` read at that block. Reading past
 * state needs a node that keeps it (an archive node, or any node for recent blocks; EDR and Anvil keep all).
 *
 * @example
 * ```ts
 * const items = await snapshotItems(client, { datasetId: 1n, blockNumber: 1234n });
 * ```
 */
export async function snapshotItems(client: CairnClient, p: SnapshotItemsParameters): Promise<ReleaseItem[]> {
  const [logs, attached] = await Promise.all([
    registrationLogs(client, { datasetId: p.datasetId, toBlock: p.blockNumber }),
    client.publicClient.getContractEvents({
      address: client.registry,
      abi: cairnRegistryAbi,
      eventName: "MetadataAttached",
      args: { datasetId: p.datasetId },
      fromBlock: 0n,
      toBlock: p.blockNumber,
    }),
  ]);
  const metadata = new Map<string, string>();
  for (const a of attached)
    metadata.set((a.args.contentHash as Hex).toLowerCase(), hexToCid(a.args.metadataCid as Hex));

  const items: (ReleaseItem | undefined)[] = new Array(logs.length);
  let next = 0;
  const worker = async () => {
    while (next < logs.length) {
      const i = next++;
      const log = logs[i];
      const contentHash = log.args.contentHash as Hex;
      const state = await client.publicClient.readContract({
        address: client.registry,
        abi: cairnRegistryAbi,
        functionName: "getContribution",
        args: [p.datasetId, contentHash],
        blockNumber: p.blockNumber,
      });
      if (state.status !== ACCEPTED) continue;
      items[i] = {
        contentHash,
        cid: hexToCid(log.args.cid as Hex),
        size: log.args.size as bigint,
        owner: state.owner,
        score: state.score,
        contributor: state.contributor,
        metadataCid: metadata.get(contentHash.toLowerCase()),
      };
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, logs.length) }, worker));
  return items.filter((item): item is ReleaseItem => item !== undefined);
}
