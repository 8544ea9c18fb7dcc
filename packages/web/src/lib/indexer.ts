/**
 * What the web app reads from a Cairn indexer, loaded on demand (its own chunk) by reads.ts when config.json
 * names an indexer: the first page of an app without one does not carry it.
 */
import {
  type CairnClient,
  createIndexerClient,
  type Dataset,
  type IndexedDataset,
  type IndexerClient,
  verifyClaimable,
} from "@cairn/sdk/browser";
import type { Address } from "viem";
import type { Counts } from "./reads.js";

const clients = new Map<string, IndexerClient>();

/**
 * The indexer at `url`. Lists are taken as it gives them (checking each contribution against the chain
 * would cost the log reads the indexer saves): the bytes of every item previewed are still checked against
 * its CID by the content store, and each claimable amount is checked against the vault (below).
 */
export function indexerAt(url: string): IndexerClient {
  let indexer = clients.get(url);
  if (!indexer) {
    indexer = createIndexerClient({ url });
    clients.set(url, indexer);
  }
  return indexer;
}

/** Every dataset the indexer knows, all pages. */
async function allIndexedDatasets(indexer: IndexerClient): Promise<IndexedDataset[]> {
  const out: IndexedDataset[] = [];
  let cursor: string | undefined;
  do {
    const page = await indexer.listDatasets({ limit: 100, cursor });
    out.push(...page.datasets);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

function datasetOf(x: IndexedDataset): Dataset {
  return {
    id: x.id,
    steward: x.steward,
    pendingSteward: x.pendingSteward,
    status: x.status as Dataset["status"],
    quorum: x.quorum,
    defaultScore: x.defaultScore,
    curatorCount: x.curatorCount,
    termsHash: x.termsHash,
    manifestCid: x.manifestCid,
    rewardToken: x.rewardToken,
    weightObserver: undefined,
  };
}

function countsOf(x: IndexedDataset): Counts {
  const c = x.contributions;
  return {
    total: c.total,
    pending: c.pending,
    accepted: c.accepted,
    rejected: c.rejected,
    withdrawn: c.withdrawn,
    removed: c.removed ?? 0,
  } as Counts;
}

/** Every dataset with its contribution counts, as the indexer gives them. */
export async function indexedDatasets(indexer: IndexerClient): Promise<Array<{ dataset: Dataset; counts: Counts }>> {
  return (await allIndexedDatasets(indexer)).map((x) => ({ dataset: datasetOf(x), counts: countsOf(x) }));
}

/**
 * What `account` can claim in each dataset with a reward token: every amount the indexer names is checked
 * against the vault before it is shown (and claimed); a dataset it does not name shows nothing to claim.
 */
export async function indexedClaimable(
  indexer: IndexerClient,
  client: CairnClient,
  account: Address,
): Promise<Array<{ dataset: Dataset; amount: bigint }>> {
  const [datasets, me] = await Promise.all([allIndexedDatasets(indexer), indexer.getAccount({ address: account })]);
  return Promise.all(
    datasets
      .filter((d) => d.rewardToken)
      .map(async (d) => {
        const row = me.datasets.find((x) => x.datasetId === d.id);
        const amount = row
          ? (await verifyClaimable(client, { datasetId: d.id, account, claimable: row.claimable, weight: row.weight }))
              .claimable
          : 0n;
        return { dataset: datasetOf(d), amount };
      }),
  );
}
