import { cairnRegistryAbi, getPool, getPoolStatus, listDatasets } from "@cairn/sdk/browser";
import { useQuery } from "@tanstack/react-query";
import type { Address } from "viem";
import { useCairn } from "./cairn.js";
import { readToken, type TokenInfo } from "./reads.js";

export type PoolStatus = Awaited<ReturnType<typeof getPoolStatus>>;
/** One dataset the configured reviewer pool curates, with the account's place in it. */
export type PoolRow = { datasetId: bigint; status: PoolStatus; token: TokenInfo | undefined };
/** The reviewer pool's datasets, and the chain's clock when they were read (unbonding is in chain time). */
export type PoolRows = { rows: PoolRow[]; chainTime: bigint };

/**
 * Where a member's stake stands: none held; bonded (still a member); unbonding until `unlocksAt` (unix
 * seconds, chain time); or withdrawable now (`forfeits`: withdrawing would have it slashed, see getPoolStatus).
 */
export type StakeState =
  | { kind: "none" }
  | { kind: "bonded"; stake: bigint }
  | { kind: "unbonding"; stake: bigint; unlocksAt: bigint }
  | { kind: "withdrawable"; stake: bigint; unlocksAt: bigint; forfeits: boolean };

export function stakeState(status: PoolStatus, chainTime: bigint): StakeState {
  const reviewer = status.reviewer;
  if (!reviewer || reviewer.stake === 0n) return { kind: "none" };
  if (reviewer.active || status.withdrawableAt === undefined) return { kind: "bonded", stake: reviewer.stake };
  const unlocksAt = status.withdrawableAt;
  return chainTime >= unlocksAt
    ? { kind: "withdrawable", stake: reviewer.stake, unlocksAt, forfeits: status.withdrawForfeits === true }
    : { kind: "unbonding", stake: reviewer.stake, unlocksAt };
}

/**
 * The datasets the configured reviewer pool curates (it is one of their curators and has a policy), with
 * `account`'s record in each, its claimable reward and the token it is paid in. Shared by the Review page's
 * pool panel and the Rewards page (one query, one cache entry).
 */
export function usePoolRows(account: Address | undefined) {
  const { client, config } = useCairn();
  const pool = config.reviewerPool;
  return useQuery({
    queryKey: ["reviewer-pools", pool, account],
    enabled: Boolean(pool),
    // Read again each time a page showing it opens (as the review queue): navigation keeps the query cache, and
    // stake, unbonding and rewards move with other people's transactions (a settlement, a funding).
    refetchOnMount: "always",
    queryFn: async (): Promise<PoolRows> => {
      const poolAddress = pool as Address;
      const [{ datasets }, block] = await Promise.all([listDatasets(client), client.publicClient.getBlock()]);
      const rows = await Promise.all(
        datasets.map(async (d): Promise<PoolRow | undefined> => {
          const curates = await client.publicClient.readContract({
            address: client.registry,
            abi: cairnRegistryAbi,
            functionName: "isCurator",
            args: [d.id, poolAddress],
          });
          if (!curates) return undefined;
          const status = await getPoolStatus(client, { pool: poolAddress, datasetId: d.id, account });
          if (status.policy.k === 0) return undefined; // named a curator, but no policy yet: nobody can join
          const paid =
            status.policy.minStake > 0n || (status.reviewer?.stake ?? 0n) > 0n || (status.claimable ?? 0n) > 0n;
          const token = paid
            ? await getPool(client, { datasetId: d.id }).then((p) => readToken(client, p.token))
            : undefined;
          return { datasetId: d.id, status, token };
        }),
      );
      return { rows: rows.filter((r): r is PoolRow => r !== undefined), chainTime: block.timestamp };
    },
  });
}
