import type { Address, Hex } from "viem";
import { reviewerPoolAbi } from "../../abis/reviewerPool.js";
import type { CairnClient } from "../../client.js";
import { encodeAbiParameters, keccak256 } from "../../internal/evm.js";
import { seatIndex, seatsOf } from "./seats.js";

export type GetReviewQueueParameters = {
  pool: Address;
  datasetId: bigint;
  /** The reviewer (default: the wallet's account). */
  account?: Address | undefined;
  /** First block to scan for committed reviews (default: 0). */
  fromBlock?: bigint | undefined;
};

/** One seat the reviewer holds and has not voted in. */
export type QueuedReview = { contentHash: Hex; seat: number; drawnAt: number; panel: number };

/**
 * The reviews a member is drawn for and has not voted in yet: scans the pool's `ReviewCommitted` events of the
 * dataset, computes each open review's seats from its seed (read from the chain, or from the seed block's hash
 * when no one stored it yet) and keeps the active, unvoted seats that name the member's index.
 *
 * @example
 * ```ts
 * for (const r of await getReviewQueue(client, { pool, datasetId: 1n })) console.log(r.contentHash, r.seat);
 * ```
 */
export async function getReviewQueue(client: CairnClient, p: GetReviewQueueParameters): Promise<QueuedReview[]> {
  const account = p.account ?? client.walletClient?.account?.address;
  if (!account) throw new Error("getReviewQueue: give an account or a wallet client");
  const { publicClient } = client;
  const me = await publicClient.readContract({
    address: p.pool,
    abi: reviewerPoolAbi,
    functionName: "reviewerOf",
    args: [p.datasetId, account],
  });
  if (!me.joined || !me.active) return [];
  const logs = await publicClient.getContractEvents({
    address: p.pool,
    abi: reviewerPoolAbi,
    eventName: "ReviewCommitted",
    args: { datasetId: p.datasetId },
    fromBlock: p.fromBlock ?? 0n,
  });
  const hashes = [...new Set(logs.map((l) => l.args.contentHash as Hex))];
  const queue: QueuedReview[] = [];
  for (const contentHash of hashes) {
    const a = await publicClient.readContract({
      address: p.pool,
      abi: reviewerPoolAbi,
      functionName: "assignmentOf",
      args: [p.datasetId, contentHash],
    });
    if (a.state !== 1 || me.index >= a.poolSize) continue;
    let seed = a.seed;
    if (seed === 0n) {
      const block = await publicClient.getBlock({ blockNumber: BigInt(a.commitBlock) + 1n }).catch(() => undefined);
      if (!block?.hash) continue; // not mined yet
      const h = keccak256(
        encodeAbiParameters(
          [{ type: "bytes32" }, { type: "uint256" }, { type: "bytes32" }],
          [block.hash, p.datasetId, contentHash],
        ),
      );
      seed = BigInt(h) & 0xffffffffn || 1n;
    }
    const votedIndices = new Set(seatsOf(a.votedSeats).map((s) => seatIndex(seed, s, a.poolSize)));
    if (votedIndices.has(me.index)) continue;
    const mine = seatsOf(a.activeSeats & ~a.votedSeats).find((s) => seatIndex(seed, s, a.poolSize) === me.index);
    if (mine !== undefined) queue.push({ contentHash, seat: mine, drawnAt: a.drawnAt, panel: a.panel });
  }
  return queue;
}
