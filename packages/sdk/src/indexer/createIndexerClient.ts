import type { Address, Hash, Hex } from "viem";
import type { AvailabilityReport, CopyStatus } from "../actions/availability/checkAvailability.js";
import type { ContributionSource } from "../actions/verify/verifyDataset.js";
import type { CairnClient } from "../client.js";
import type { Contribution, ContributionStatus } from "../types/contribution.js";
import { IndexerMismatchError, IndexerRequestError } from "./errors.js";
import { verifyClaimable, verifyIndexedContribution } from "./verify.js";

export type CreateIndexerClientParameters = {
  /** The indexer's base URL (`cairn dev` writes it to dev.json as `indexer`). */
  url: string;
  /**
   * A Cairn client on the same chain: when given, whatever matters (contributions, claimable amounts) is
   * checked against the chain before it is returned, and a lie throws {@link IndexerMismatchError}.
   */
  verifyWith?: CairnClient | undefined;
  fetch?: typeof globalThis.fetch | undefined;
};

export type IndexerListContributionsParameters = {
  datasetId: bigint;
  contributor?: Address | undefined;
  owner?: Address | undefined;
  status?: ContributionStatus | undefined;
  /** At most this many items (1..1000, default 100). */
  limit?: number | undefined;
  cursor?: string | undefined;
};
/** The same shape as `listContributions`' return type. */
export type IndexerListContributionsReturnType = { contributions: Contribution[]; nextCursor: string | undefined };

export type IndexedDataset = {
  id: bigint;
  steward: Address;
  pendingSteward: Address | undefined;
  creator: Address;
  status: string;
  quorum: number;
  defaultScore: number;
  curatorCount: number;
  termsHash: Hex;
  manifestCid: string;
  rewardToken: Address | undefined;
  governance: { governor: Address; timelock: Address; votes: Address } | undefined;
  contributions: {
    total: number;
    pending: number;
    accepted: number;
    rejected: number;
    withdrawn: number;
    /** Taken down (absent from indexers older than the takedown). */
    removed?: number | undefined;
  };
  rewards: { totalWeight: bigint; funded: bigint; claimed: bigint; held: bigint };
};

export type IndexedAccount = {
  address: Address;
  datasets: Array<{
    datasetId: bigint;
    contributed: number;
    owned: Record<ContributionStatus, number>;
    weight: bigint;
    claimable: bigint;
    claimed: bigint;
  }>;
  payouts: Array<{ datasetId: bigint; amount: bigint; blockNumber: bigint; transactionHash: Hash }>;
};

export type IndexerHealth = {
  ok: boolean;
  chainId: number | null;
  indexedBlock: number | null;
  headBlock: number | null;
  lagBlocks: number | null;
  lagSeconds: number | null;
};

/**
 * The indexer's latest availability check of a dataset's accepted files (when its operator configured stores):
 * a summary over all files and one page of them. What the indexer's own checker found, not proof: check a file
 * yourself with `checkAvailability` before relying on it.
 */
export type IndexedAvailability = {
  datasetId: bigint;
  /** The stores the indexer checks, by name. */
  stores: string[];
  minCopies: number;
  /** When the latest result was taken (unix ms), if any. */
  checkedAt: number | undefined;
  summary: AvailabilityReport["summary"] & {
    /** Accepted files not checked yet (just accepted). */
    unchecked: number;
  };
  files: Array<{
    position: bigint;
    contentHash: Hex;
    cid: string;
    copies: number;
    stores: Record<string, { status: CopyStatus; error?: string | undefined; checkedAt: number }>;
  }>;
  nextCursor: string | undefined;
};

export type IndexerClient = {
  readonly url: string;
  health(): Promise<IndexerHealth>;
  listDatasets(p?: {
    limit?: number;
    cursor?: string;
  }): Promise<{ datasets: IndexedDataset[]; nextCursor: string | undefined }>;
  getDataset(p: { datasetId: bigint }): Promise<IndexedDataset>;
  listContributions(p: IndexerListContributionsParameters): Promise<IndexerListContributionsReturnType>;
  /** Every contribution of a dataset matching the filters, all pages. */
  listAllContributions(p: Omit<IndexerListContributionsParameters, "cursor">): Promise<Contribution[]>;
  reviewQueue(p: {
    datasetId: bigint;
    curator: Address;
    limit?: number;
    cursor?: string;
  }): Promise<IndexerListContributionsReturnType>;
  getAccount(p: { address: Address }): Promise<IndexedAccount>;
  /** The indexer's availability results for a dataset (404 `availability_off` when it does not check). */
  getAvailability(p: { datasetId: bigint; limit?: number; cursor?: string }): Promise<IndexedAvailability>;
  /** A {@link ContributionSource} for `verifyDataset` and `exportDataset` (checked when `verifyWith` is set). */
  source(): ContributionSource;
};

// biome-ignore lint/suspicious/noExplicitAny: the indexer's JSON, converted field by field below.
type Json = any;

function toContribution(x: Json): Contribution {
  return {
    datasetId: BigInt(x.datasetId),
    contentHash: x.contentHash,
    contributor: x.contributor,
    owner: x.owner,
    status: x.status,
    score: x.score,
    accepts: x.accepts,
    rejects: x.rejects,
    cid: x.cid,
    size: BigInt(x.size),
    metadataCid: x.metadataCid ?? undefined,
    blockNumber: BigInt(x.blockNumber),
    transactionHash: x.transactionHash,
  };
}

function toDataset(x: Json): IndexedDataset {
  return {
    id: BigInt(x.id),
    steward: x.steward,
    pendingSteward: x.pendingSteward ?? undefined,
    creator: x.creator,
    status: x.status,
    quorum: x.quorum,
    defaultScore: x.defaultScore,
    curatorCount: x.curatorCount,
    termsHash: x.termsHash,
    manifestCid: x.manifestCid,
    rewardToken: x.rewards.token ?? undefined,
    governance: x.governance ?? undefined,
    contributions: x.contributions,
    rewards: {
      totalWeight: BigInt(x.rewards.totalWeight),
      funded: BigInt(x.rewards.funded),
      claimed: BigInt(x.rewards.claimed),
      held: BigInt(x.rewards.held),
    },
  };
}

/**
 * A client of a Cairn indexer (packages/indexer): lists in milliseconds what the log-reading actions find
 * by scanning the chain, with the same return types. The indexer is a convenience, never an authority:
 * with `verifyWith`, each contribution and each claimable amount is checked against the chain before it
 * is returned, and a lie throws {@link IndexerMismatchError}.
 *
 * @example
 * ```ts
 * const indexer = createIndexerClient({ url: "http://127.0.0.1:42069", verifyWith: client });
 * const { contributions, nextCursor } = await indexer.listContributions({ datasetId: 1n, status: "accepted" });
 * const me = await indexer.getAccount({ address: "0x…" }); // claimable checked against the vault
 * ```
 */
export function createIndexerClient(parameters: CreateIndexerClientParameters): IndexerClient {
  const base = parameters.url.replace(/\/+$/, "");
  const doFetch = parameters.fetch ?? globalThis.fetch;
  const chain = parameters.verifyWith;

  async function get(path: string, query: Record<string, string | number | bigint | undefined> = {}): Promise<Json> {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) search.set(k, String(v));
    const url = `${base}${path}${search.size ? `?${search}` : ""}`;
    let res: Response;
    try {
      res = await doFetch(url, { headers: { accept: "application/json" } });
    } catch (cause) {
      throw new IndexerRequestError({ url, message: (cause as Error).message, cause });
    }
    let body: Json;
    try {
      body = await res.json();
    } catch (cause) {
      throw new IndexerRequestError({ url, status: res.status, message: "the answer is not JSON", cause });
    }
    if (!res.ok)
      throw new IndexerRequestError({ url, status: res.status, message: body?.error?.message ?? res.statusText });
    return body;
  }

  async function contributionsPage(
    path: string,
    query: Record<string, string | number | bigint | undefined>,
    datasetId: bigint,
  ) {
    const body = await get(path, query);
    const contributions: Contribution[] = body.contributions.map(toContribution);
    for (const c of contributions) {
      if (c.datasetId !== datasetId)
        throw new IndexerMismatchError({
          what: `contribution ${c.contentHash}`,
          field: "datasetId",
          indexer: c.datasetId,
          chain: datasetId,
        });
    }
    const checked = chain
      ? await Promise.all(contributions.map((c) => verifyIndexedContribution(chain, c)))
      : contributions;
    return { contributions: checked, nextCursor: (body.nextCursor as string | null) ?? undefined };
  }

  const client: IndexerClient = {
    url: base,
    health: () => get("/healthz"),
    async listDatasets(p = {}) {
      const body = await get("/v1/datasets", { limit: p.limit, cursor: p.cursor });
      return { datasets: body.datasets.map(toDataset), nextCursor: body.nextCursor ?? undefined };
    },
    async getDataset({ datasetId }) {
      return toDataset(await get(`/v1/datasets/${datasetId}`));
    },
    listContributions(p) {
      return contributionsPage(
        `/v1/datasets/${p.datasetId}/contributions`,
        { status: p.status, contributor: p.contributor, owner: p.owner, limit: p.limit, cursor: p.cursor },
        p.datasetId,
      );
    },
    async listAllContributions(p) {
      const all: Contribution[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.listContributions({ ...p, limit: p.limit ?? 1000, cursor });
        all.push(...page.contributions);
        cursor = page.nextCursor;
      } while (cursor);
      return all;
    },
    reviewQueue(p) {
      return contributionsPage(
        `/v1/datasets/${p.datasetId}/review-queue`,
        { curator: p.curator, limit: p.limit, cursor: p.cursor },
        p.datasetId,
      );
    },
    async getAccount({ address }) {
      const body = await get(`/v1/accounts/${address}`);
      const account: IndexedAccount = {
        address: body.address,
        datasets: body.datasets.map((x: Json) => ({
          datasetId: BigInt(x.datasetId),
          contributed: x.contributed,
          owned: x.owned,
          weight: BigInt(x.weight),
          claimable: BigInt(x.claimable),
          claimed: BigInt(x.claimed),
        })),
        payouts: body.payouts.map((x: Json) => ({
          datasetId: BigInt(x.datasetId),
          amount: BigInt(x.amount),
          blockNumber: BigInt(x.blockNumber),
          transactionHash: x.transactionHash,
        })),
      };
      if (account.address.toLowerCase() !== address.toLowerCase())
        throw new IndexerMismatchError({
          what: "an account",
          field: "address",
          indexer: account.address,
          chain: address,
        });
      if (chain) {
        for (const d of account.datasets) {
          await verifyClaimable(chain, {
            datasetId: d.datasetId,
            account: address,
            claimable: d.claimable,
            weight: d.weight,
          });
        }
      }
      return account;
    },
    async getAvailability({ datasetId, limit, cursor }) {
      const body = await get(`/v1/datasets/${datasetId}/availability`, { limit, cursor });
      if (BigInt(body.datasetId) !== datasetId)
        throw new IndexerMismatchError({
          what: "an availability report",
          field: "datasetId",
          indexer: body.datasetId,
          chain: datasetId,
        });
      return {
        ...body,
        datasetId,
        checkedAt: body.checkedAt ?? undefined,
        files: body.files.map((f: Json) => ({ ...f, position: BigInt(f.position) })),
        nextCursor: body.nextCursor ?? undefined,
      };
    },
    source() {
      return (datasetId, status) => client.listAllContributions({ datasetId, status });
    },
  };
  return client;
}
