// A dataset reviewed by an open reviewer pool: two members join, a contribution is committed and its seat drawn,
// the drawn member's vote decides it, the review is settled, members leave and one returns; and the indexer's answers
// against the pool's views.
import { reviewerPoolAbi } from "@cairn/sdk";
import { type Address, type Hex, parseEventLogs, zeroAddress } from "viem";
import { type Diff, same } from "./compare.js";
import { account, type Chain, type Deployment, getJson, wallet } from "./harness.js";
import { contributeBatch, createDataset, send } from "./history.js";

export const poolMembers = [11, 12];

export async function poolHistory(chain: Chain, d: Deployment): Promise<{ datasetId: bigint; contentHash: Hex }> {
  const datasetId = await createDataset(chain, d, { curators: [d.reviewerPool], quorum: 1 });
  await send(chain, wallet(chain, 0), d.reviewerPool, reviewerPoolAbi, "configure", [
    datasetId,
    {
      k: 1,
      rule: 0,
      extraSeats: 0,
      membership: 0,
      timeout: 3600,
      reviewerShareBps: 1000,
      slashThresholdPct: 0,
      slashWindow: 0,
      unbonding: 0,
      credential: zeroAddress,
      credentialId: 0n,
      minWeight: 0n,
      minStake: 0n,
      goldPenalty: 0,
    },
  ]);
  for (const i of poolMembers)
    await send(chain, wallet(chain, i), d.reviewerPool, reviewerPoolAbi, "join", [datasetId]);
  const [contentHash] = await contributeBatch(chain, d, 13, datasetId, 1, "pool");
  if (!contentHash) throw new Error("no contribution");
  // The first call commits the review, the second (a block later) draws its seat.
  for (let i = 0; i < 2; i++)
    await send(chain, wallet(chain, 0), d.reviewerPool, reviewerPoolAbi, "assign", [datasetId, [contentHash]]);
  // Both members try seat 0: only the drawn one's vote is cast, the other's is skipped.
  let voter: Address | undefined;
  for (const i of poolMembers) {
    const receipt = await send(chain, wallet(chain, i), d.reviewerPool, reviewerPoolAbi, "voteBatch", [
      [{ datasetId, contentHash, seat: 0, accept: true, score: 77 }],
    ]);
    if (parseEventLogs({ abi: reviewerPoolAbi, logs: receipt.logs, eventName: "ReviewCast" }).length > 0)
      voter = account(chain, i).address;
  }
  if (!voter) throw new Error("no member was drawn");
  await send(chain, wallet(chain, 9), d.reviewerPool, reviewerPoolAbi, "settleBatch", [
    [{ datasetId, contentHash, voters: [voter] }],
  ]);
  // Members come and go: one leaves and comes back, one leaves for good (the pool's size follows each).
  for (const [i, call] of [
    [14, "join"],
    [14, "leave"],
    [14, "join"],
    [15, "join"],
    [15, "leave"],
  ] as const)
    await send(chain, wallet(chain, i), d.reviewerPool, reviewerPoolAbi, call, [datasetId]);
  return { datasetId, contentHash };
}

/** The pool's members and records, as its views say, against the indexer's answers. */
export async function comparePools(url: string, chain: Chain, d: Deployment, datasetId: bigint): Promise<Diff> {
  const diff: Diff = [];
  // biome-ignore lint/suspicious/noExplicitAny: views' results are loosely typed here
  const read = (functionName: string, args: unknown[]): Promise<any> =>
    chain.publicClient.readContract({ address: d.reviewerPool, abi: reviewerPoolAbi, functionName, args } as never);
  const { status, body } = await getJson(`${url}/v1/datasets/${datasetId}/pool`);
  if (status !== 200) return [`pool of ${datasetId}: ${status} ${JSON.stringify(body)}`];
  const pool = await read("poolOf", [datasetId]);
  same(diff, "pool members", Number(pool.activeMembers), body.members);
  same(diff, "pool policy k", 1, body.policy.k);
  let settled = 0;
  for (const i of poolMembers) {
    const who = account(chain, i).address;
    const view = await read("reviewerOf", [datasetId, who]);
    const row = body.reviewers.find((r: { account: string }) => r.account === who);
    same(
      diff,
      `reviewer ${who}`,
      [view.active, view.votes, view.agreed, view.stake.toString()],
      [row?.active, row?.votes, row?.agreed, row?.stake],
    );
    settled += Number(view.votes);
    if (Number(view.votes) > 0) {
      const one = await getJson(`${url}/v1/datasets/${datasetId}/pool/reviewers/${who}`);
      same(diff, `agreement rate of ${who}`, Number(view.agreed) / Number(view.votes), one.body.agreementRate);
      same(diff, `ballots of ${who}`, 1, one.body.ballots?.length);
    }
  }
  if (settled !== 1) diff.push(`expected one settled vote on chain, found ${settled}`);
  return diff;
}
