// What the chain says (its logs and views) against what the indexer answers. Returns every difference.
import { cairnGovernorAbi, cairnRegistryAbi, contributionVotesAbi, rewardVaultAbi } from "@cairn/sdk";
import { type Address, getAddress, type Hex } from "viem";
import { cidText } from "../lib/cid.js";
import { account, type Chain, type Deployment, getJson } from "./harness.js";

const statuses = ["none", "pending", "accepted", "rejected", "withdrawn", "provisional", "removed"];
const datasetStatuses = ["none", "open", "paused", "closed"];

export type Diff = string[];

// biome-ignore lint/suspicious/noExplicitAny: the indexer's answers and the views' results are loosely typed JSON here.
type Json = any;

export function same(diff: Diff, what: string, chain: unknown, indexer: unknown) {
  const a = JSON.stringify(chain, (_, v) => (typeof v === "bigint" ? v.toString() : v));
  const b = JSON.stringify(indexer, (_, v) => (typeof v === "bigint" ? v.toString() : v));
  if (a !== b) diff.push(`${what}: chain ${a} ≠ indexer ${b}`);
}

/** All pages of a paged REST list. */
export async function allPages<T>(url: string, key: string, limit = 100): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = url.includes("?") ? "&" : "?";
    const { status, body }: { status: number; body: Json } = await getJson(
      `${url}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`,
    );
    if (status !== 200) throw new Error(`${url}: ${status} ${JSON.stringify(body)}`);
    items.push(...body[key]);
    cursor = body.nextCursor;
  } while (cursor);
  return items;
}

export async function compareWithChain(url: string, chain: Chain, d: Deployment): Promise<Diff> {
  const diff: Diff = [];
  const pc = chain.publicClient;
  const read = (address: Address, abi: Json, functionName: string, args: unknown[] = []) =>
    pc.readContract({ address, abi, functionName, args } as never) as Promise<Json>;
  const count = Number(await read(d.registry, cairnRegistryAbi, "datasetCount"));
  const datasets = await allPages<Json>(`${url}/v1/datasets`, "datasets", 2);
  same(
    diff,
    "dataset ids",
    Array.from({ length: count }, (_, i) => String(i + 1)),
    datasets.map((x) => x.id),
  );

  const registered = await pc.getContractEvents({
    address: d.registry,
    abi: cairnRegistryAbi,
    eventName: "ContributionRegistered",
    fromBlock: 0n,
  });
  const reviewed = await pc.getContractEvents({
    address: d.registry,
    abi: cairnRegistryAbi,
    eventName: "ContributionReviewed",
    fromBlock: 0n,
  });
  const claims = await pc.getContractEvents({
    address: d.vault,
    abi: rewardVaultAbi,
    eventName: "RewardsClaimed",
    fromBlock: 0n,
  });

  /** Per account and dataset (`${address}/${id}`), from the chain: contributions made, and owned by status. */
  const counted = new Map<string, { contributed: number; owned: Record<string, number> }>();
  // The REST answer's order of the statuses.
  const none = () => ({
    contributed: 0,
    owned: { pending: 0, provisional: 0, accepted: 0, rejected: 0, withdrawn: 0, removed: 0 } as Record<string, number>,
  });
  const countsOf = (who: Address, id: bigint) => {
    const key = `${getAddress(who)}/${id}`;
    const found = counted.get(key) ?? none();
    counted.set(key, found);
    return found;
  };

  for (let id = 1n; id <= BigInt(count); id++) {
    const view = await read(d.registry, cairnRegistryAbi, "getDataset", [id]);
    const poolView = await read(d.vault, rewardVaultAbi, "getPool", [id]);
    const { status, body } = await getJson(`${url}/v1/datasets/${id}`);
    if (status !== 200) {
      diff.push(`dataset ${id}: ${status}`);
      continue;
    }
    const claimed = claims.filter((l) => l.args.datasetId === id).reduce((s, l) => s + (l.args.amount as bigint), 0n);
    same(
      diff,
      `dataset ${id}`,
      {
        steward: view.steward,
        pendingSteward:
          view.pendingSteward === "0x0000000000000000000000000000000000000000" ? null : view.pendingSteward,
        status: datasetStatuses[view.status],
        quorum: view.quorum,
        defaultScore: view.defaultScore,
        curatorCount: view.curatorCount,
        termsHash: view.termsHash,
        manifestCid: cidText(view.manifestCid),
        token: poolView.token === "0x0000000000000000000000000000000000000000" ? null : poolView.token,
        totalWeight: poolView.totalWeight,
        funded: poolView.funded,
        held: poolView.held,
        claimed,
      },
      {
        steward: body.steward,
        pendingSteward: body.pendingSteward,
        status: body.status,
        quorum: body.quorum,
        defaultScore: body.defaultScore,
        curatorCount: body.curatorCount,
        termsHash: body.termsHash,
        manifestCid: body.manifestCid,
        token: body.rewards.token,
        totalWeight: body.rewards.totalWeight,
        funded: body.rewards.funded,
        held: body.rewards.held,
        claimed: body.rewards.claimed,
      },
    );

    // Every contribution, in log order, with its state from the registry's view.
    // Taken-down contributions are listed only when asked for by status.
    const logs = registered.filter((l) => l.args.datasetId === id);
    const states = await Promise.all(
      logs.map((l) => read(d.registry, cairnRegistryAbi, "getContribution", [id, l.args.contentHash])),
    );
    const items = await allPages<Json>(`${url}/v1/datasets/${id}/contributions`, "contributions");
    same(
      diff,
      `dataset ${id} contributions`,
      logs.filter((_, k) => statuses[states[k].status] !== "removed").map((l) => l.args.contentHash),
      items.map((x) => x.contentHash),
    );
    items.push(...(await allPages<Json>(`${url}/v1/datasets/${id}/contributions?status=removed`, "contributions")));
    const byStatus = none().owned;
    for (const state of states) byStatus[statuses[state.status] as string]++;
    same(diff, `dataset ${id} counts`, { total: logs.length, ...byStatus }, body.contributions);
    const byHash = new Map(items.map((x) => [x.contentHash, x]));
    logs.forEach((l, k) => {
      const s = states[k];
      countsOf(s.contributor, id).contributed++;
      countsOf(s.owner, id).owned[statuses[s.status] as string]++;
      const x = byHash.get(l.args.contentHash as Hex);
      same(
        diff,
        `contribution ${id}/${l.args.contentHash}`,
        {
          contributor: s.contributor,
          owner: s.owner,
          status: statuses[s.status],
          score: s.score,
          accepts: s.accepts,
          rejects: s.rejects,
          cid: cidText(l.args.cid as Hex),
          size: l.args.size,
          blockNumber: l.blockNumber,
        },
        x && {
          contributor: x.contributor,
          owner: x.owner,
          status: x.status,
          score: x.score,
          accepts: x.accepts,
          rejects: x.rejects,
          cid: x.cid,
          size: x.size,
          blockNumber: x.blockNumber,
        },
      );
    });

    // Filters: by status, and by contributor and status together.
    for (const st of ["pending", "provisional", "accepted", "rejected", "withdrawn", "removed"]) {
      const want = logs.filter((_, k) => statuses[states[k].status] === st).map((l) => l.args.contentHash);
      const got = await allPages<Json>(`${url}/v1/datasets/${id}/contributions?status=${st}`, "contributions", 250);
      same(
        diff,
        `dataset ${id} status=${st}`,
        want,
        got.map((x) => x.contentHash),
      );
    }
    const someone = account(chain, 4).address;
    const want = logs
      .filter(
        (l, k) => getAddress(l.args.contributor as Address) === someone && statuses[states[k].status] === "pending",
      )
      .map((l) => l.args.contentHash);
    const got = await allPages<Json>(
      `${url}/v1/datasets/${id}/contributions?status=pending&contributor=${someone}`,
      "contributions",
      7,
    );
    same(
      diff,
      `dataset ${id} pending by ${someone}`,
      want,
      got.map((x) => x.contentHash),
    );

    // Review queue of each curator: pending contributions the curator has not voted on.
    for (const who of [account(chain, 1).address, account(chain, 2).address]) {
      const voted = new Set(
        reviewed
          .filter((r) => r.args.datasetId === id && getAddress(r.args.curator as Address) === who)
          .map((r) => r.args.contentHash),
      );
      const queue = logs
        .filter((l, k) => statuses[states[k].status] === "pending" && !voted.has(l.args.contentHash))
        .map((l) => l.args.contentHash);
      const answer = await allPages<Json>(`${url}/v1/datasets/${id}/review-queue?curator=${who}`, "contributions", 100);
      same(
        diff,
        `dataset ${id} review queue of ${who}`,
        queue,
        answer.map((x) => x.contentHash),
      );
    }
  }

  // Accounts: contributions made and owned by status, weight, claimable and payouts per dataset.
  for (const { address } of chain.accounts) {
    const { body } = await getJson(`${url}/v1/accounts/${address}`);
    for (let id = 1n; id <= BigInt(count); id++) {
      const weight = await read(d.vault, rewardVaultAbi, "weightOf", [id, address]);
      const claimable = await read(d.vault, rewardVaultAbi, "claimable", [id, address]);
      const entry = body.datasets.find((x: Json) => x.datasetId === String(id));
      const counts = counted.get(`${address}/${id}`) ?? none();
      same(
        diff,
        `account ${address} dataset ${id}`,
        { weight, claimable, contributed: counts.contributed, owned: counts.owned },
        {
          weight: entry?.weight ?? "0",
          claimable: entry?.claimable ?? "0",
          contributed: entry?.contributed ?? 0,
          owned: entry?.owned ?? none().owned,
        },
      );
    }
    const payouts = claims
      .filter((l) => getAddress(l.args.account as Address) === address)
      .map((l) => ({ datasetId: String(l.args.datasetId), amount: String(l.args.amount) }));
    same(
      diff,
      `payouts of ${address}`,
      payouts,
      body.payouts.map((p: Json) => ({ datasetId: p.datasetId, amount: p.amount })),
    );
  }
  return diff;
}

/** Governance through GraphQL: each proposal's tally and each delegate's votes against the contracts. */
export async function compareGovernance(url: string, chain: Chain, governor: Address, votes: Address): Promise<Diff> {
  const diff: Diff = [];
  const res = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      query: `{ proposals(limit: 100) { items { governor proposalId state forVotes againstVotes abstainVotes } }
                votingPowers(limit: 100) { items { token delegate votes } } }`,
    }),
  });
  const { data, errors } = (await res.json()) as Json;
  if (errors) return [`graphql: ${JSON.stringify(errors)}`];
  const created = await chain.publicClient.getContractEvents({
    address: governor,
    abi: cairnGovernorAbi,
    eventName: "ProposalCreated",
    fromBlock: 0n,
  });
  same(
    diff,
    "proposal ids",
    created.map((l) => String(l.args.proposalId)),
    data.proposals.items.map((p: Json) => p.proposalId),
  );
  for (const p of data.proposals.items) {
    const [against, forVotes, abstain] = (await chain.publicClient.readContract({
      address: governor,
      abi: cairnGovernorAbi,
      functionName: "proposalVotes",
      args: [BigInt(p.proposalId)],
    })) as [bigint, bigint, bigint];
    same(
      diff,
      `proposal ${p.proposalId}`,
      { forVotes, against, abstain },
      {
        forVotes: p.forVotes,
        against: p.againstVotes,
        abstain: p.abstainVotes,
      },
    );
  }
  for (const { address } of chain.accounts) {
    const onChain = (await chain.publicClient.readContract({
      address: votes,
      abi: contributionVotesAbi,
      functionName: "getVotes",
      args: [address],
    })) as bigint;
    const row = data.votingPowers.items.find(
      (v: Json) => getAddress(v.delegate) === address && getAddress(v.token) === getAddress(votes),
    );
    same(diff, `votes of ${address}`, onChain, row ? row.votes : "0");
  }
  return diff;
}
