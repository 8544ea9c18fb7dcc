import type { Address, Hex } from "viem";
import { cairnRegistryAbi } from "../../abis/cairnRegistry.js";
import type { CairnClient } from "../../client.js";
import { hexToCid } from "../../internal/cid.js";
import { registrationLogs } from "../contributions/getContribution.js";
import type { ReleaseItem } from "./tree.js";

const ACCEPTED = 2;
/** `getContribution` reads per eth_call (about 10k gas each), and such calls in flight at once. */
const MULTICALL_SIZE = 500;
const CONCURRENCY = 4;

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
  const keep = (i: number, state: { status: number; owner: Address; score: number; contributor: Address }) => {
    if (state.status !== ACCEPTED) return;
    const log = logs[i];
    const contentHash = log.args.contentHash as Hex;
    items[i] = {
      contentHash,
      cid: hexToCid(log.args.cid as Hex),
      size: log.args.size as bigint,
      owner: state.owner,
      score: state.score,
      contributor: state.contributor,
      metadataCid: metadata.get(contentHash.toLowerCase()),
    };
  };
  const read = (contentHash: Hex) =>
    ({
      address: client.registry,
      abi: cairnRegistryAbi,
      functionName: "getContribution",
      args: [p.datasetId, contentHash],
    }) as const;
  let next = 0;
  const worker = async () => {
    while (next < logs.length) {
      const start = next;
      next = Math.min(logs.length, next + MULTICALL_SIZE);
      const chunk = logs.slice(start, next).map((log) => read(log.args.contentHash as Hex));
      // One eth_call per chunk (Multicall3's code run in the call itself: nothing needs to be deployed), or, where a
      // node refuses that, one call per contribution.
      const states = await client.publicClient
        .multicall({ contracts: chunk, blockNumber: p.blockNumber, deployless: true, allowFailure: false })
        .catch(() =>
          Promise.all(chunk.map((call) => client.publicClient.readContract({ ...call, blockNumber: p.blockNumber }))),
        );
      states.forEach((state, j) => {
        keep(start + j, state);
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, Math.ceil(logs.length / MULTICALL_SIZE)) }, worker));
  return items.filter((item): item is ReleaseItem => item !== undefined);
}
