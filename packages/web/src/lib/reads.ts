import {
  type CairnClient,
  type Contribution,
  ContributionStatusSchema,
  cairnRegistryAbi,
  type Dataset,
  type DatasetManifest,
  getClaimable,
  getDataset,
  getManifest,
  getPool,
  type IndexerClient,
  listContributions,
  listDatasets,
} from "@cairn/sdk/browser";
import { useQuery } from "@tanstack/react-query";
import { type Address, createPublicClient, erc20Abi, http, parseAbi } from "viem";
import type { WebConfig } from "../config.js";
import { useCairn } from "./cairn.js";

/** The vault address, asked of the registry (when config.json does not give it). */
export async function readVault(config: WebConfig): Promise<Address> {
  const client = createPublicClient({ transport: http(config.rpc) });
  return client.readContract({
    address: config.registry,
    abi: parseAbi(["function rewardVault() view returns (address)"]),
    functionName: "rewardVault",
  });
}

export type TokenInfo = { address: Address; symbol: string; decimals: number };
export type Counts = Record<Contribution["status"], number> & { total: number };
export type DatasetSummary = {
  dataset: Dataset;
  manifest: DatasetManifest | undefined;
  manifestError: string | undefined;
  counts: Counts;
  pool: { funded: bigint; paid: bigint; held: bigint; totalWeight: bigint } | undefined;
  token: TokenInfo | undefined;
};

const tokenCache = new Map<string, Promise<TokenInfo>>();
export function readToken(client: CairnClient, address: Address): Promise<TokenInfo> {
  let cached = tokenCache.get(address);
  if (!cached) {
    cached = Promise.all([
      client.publicClient.readContract({ address, abi: erc20Abi, functionName: "symbol" }).catch(() => "?"),
      client.publicClient.readContract({ address, abi: erc20Abi, functionName: "decimals" }).catch(() => 18),
    ]).then(([symbol, decimals]) => ({ address, symbol, decimals: Number(decimals) }));
    tokenCache.set(address, cached);
  }
  return cached;
}

function count(contributions: readonly Contribution[]): Counts {
  const c = { total: contributions.length } as Counts;
  for (const status of ContributionStatusSchema.options) c[status] = 0;
  for (const x of contributions) c[x.status]++;
  return c;
}

/**
 * Reads through the indexer when config.json names one, and from the chain when it does not or when the
 * indexer fails (down, lagging behind a broken RPC, or caught lying): the app keeps working, quietly.
 */
export async function viaIndexer<T>(
  config: WebConfig,
  read: (indexer: IndexerClient, lib: typeof import("./indexer.js")) => Promise<T>,
  fallback: () => Promise<T>,
): Promise<T> {
  if (!config.indexer) return fallback();
  try {
    const lib = await import("./indexer.js");
    return await read(lib.indexerAt(config.indexer), lib);
  } catch (error) {
    console.info(`Indexer ${config.indexer} not used (${(error as Error).message}): reading the chain.`);
    return fallback();
  }
}

/** Every contribution of the registry (or of one dataset), all pages, from the chain's logs. */
export async function allContributions(client: CairnClient, datasetId?: bigint): Promise<Contribution[]> {
  const out: Contribution[] = [];
  let cursor: string | undefined;
  do {
    const page = await listContributions(client, { datasetId, cursor, limit: 500 });
    out.push(...page.contributions);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** A dataset's contributions (optionally of one status), from the indexer when there is one. */
export function contributionsOf(
  client: CairnClient,
  config: WebConfig,
  datasetId: bigint,
  status?: Contribution["status"],
): Promise<Contribution[]> {
  return viaIndexer(
    config,
    (indexer) => indexer.listAllContributions({ datasetId, status }),
    async () => {
      const all = await allContributions(client, datasetId);
      return status ? all.filter((c) => c.status === status) : all;
    },
  );
}

/** Manifest, pool and token of a dataset: fetched together (the manifest from the gateway, verified). */
async function documentsOf(client: CairnClient, dataset: Dataset) {
  const [manifest, pool, token] = await Promise.all([
    getManifest(client, { datasetId: dataset.id }).then(
      (m) => ({ m, e: undefined }),
      (e: Error) => ({ m: undefined, e: (e as { shortMessage?: string }).shortMessage ?? e.message }),
    ),
    getPool(client, { datasetId: dataset.id }).catch(() => undefined),
    dataset.rewardToken ? readToken(client, dataset.rewardToken) : undefined,
  ]);
  return {
    manifest: manifest.m,
    manifestError: manifest.e,
    pool: pool && {
      funded: pool.funded,
      held: pool.held,
      paid: pool.funded > pool.held ? pool.funded - pool.held : 0n,
      totalWeight: pool.totalWeight,
    },
    token,
  };
}

async function summarize(
  client: CairnClient,
  dataset: Dataset,
  contributions: Contribution[],
): Promise<DatasetSummary> {
  return { dataset, counts: count(contributions), ...(await documentsOf(client, dataset)) };
}

export function useDatasets() {
  const { client, config } = useCairn();
  return useQuery({
    queryKey: ["datasets"],
    queryFn: () =>
      viaIndexer(
        config,
        // The list and the counts from the indexer; each manifest and pool from the chain's views (verified content).
        async (indexer, lib) =>
          Promise.all(
            (await lib.indexedDatasets(indexer)).map(async ({ dataset, counts }) => ({
              dataset,
              counts,
              ...(await documentsOf(client, dataset)),
            })),
          ),
        async () => {
          const [{ datasets }, contributions] = await Promise.all([listDatasets(client), allContributions(client)]);
          return Promise.all(
            datasets.map((d) =>
              summarize(
                client,
                d,
                contributions.filter((c) => c.datasetId === d.id),
              ),
            ),
          );
        },
      ),
  });
}

export function useDataset(datasetId: bigint, { fresh = false }: { fresh?: boolean } = {}) {
  const { client, config } = useCairn();
  return useQuery({
    queryKey: ["dataset", datasetId.toString()],
    // `fresh`: read again each time the page opens, even within the default staleTime (the Manage page, where who
    // is steward and who was proposed decide what may be done, changes with other people's transactions).
    ...(fresh ? { refetchOnMount: "always" as const } : {}),
    queryFn: async () => {
      const dataset = await getDataset(client, { datasetId }).catch((error) => {
        throw (error as { errorName?: string }).errorName === "DatasetNotFound"
          ? Object.assign(new Error(`There is no dataset ${datasetId}.`), { name: "DatasetNotFound" })
          : error;
      });
      // Everything else at once: the content store and the chain answer in parallel.
      const [documents, contributions, curators] = await Promise.all([
        documentsOf(client, dataset),
        contributionsOf(client, config, datasetId),
        readCurators(client, datasetId),
      ]);
      // A contribution taken down (illegal content, personal data, consent withdrawn) is counted but never listed
      // or previewed: its bytes must not be fetched from a gateway and shown again.
      const shown = contributions.filter((c) => c.status !== "removed");
      return { dataset, counts: count(contributions), ...documents, contributions: shown, curators };
    },
  });
}

/** The dataset's current curators, replayed from CuratorAdded / CuratorRemoved. */
export async function readCurators(client: CairnClient, datasetId: bigint): Promise<Address[]> {
  const [added, removed] = await Promise.all(
    (["CuratorAdded", "CuratorRemoved"] as const).map((eventName) =>
      client.publicClient.getContractEvents({
        address: client.registry,
        abi: cairnRegistryAbi,
        eventName,
        args: { datasetId },
        fromBlock: 0n,
      }),
    ),
  );
  const events = [...added.map((e) => ({ e, add: true })), ...removed.map((e) => ({ e, add: false }))].sort((a, b) =>
    a.e.blockNumber === b.e.blockNumber ? a.e.logIndex - b.e.logIndex : a.e.blockNumber < b.e.blockNumber ? -1 : 1,
  );
  const set = new Set<Address>();
  for (const { e, add } of events) {
    const curator = (e.args as { curator: Address }).curator;
    if (add) set.add(curator);
    else set.delete(curator);
  }
  return [...set];
}

/** What `account` can claim in each dataset. */
export function useClaimable(account: Address | undefined) {
  const { client, config } = useCairn();
  return useQuery({
    queryKey: ["claimable", account],
    enabled: Boolean(account),
    queryFn: () =>
      viaIndexer(
        config,
        async (indexer, lib) =>
          Promise.all(
            (await lib.indexedClaimable(indexer, client, account as Address)).map(async (row) => ({
              ...row,
              token: await readToken(client, row.dataset.rewardToken as Address),
            })),
          ),
        () => claimableFromChain(client, account as Address),
      ),
  });
}

async function claimableFromChain(client: CairnClient, account: Address) {
  const { datasets } = await listDatasets(client);
  return Promise.all(
    datasets
      .filter((d) => d.rewardToken)
      .map(async (d) => ({
        dataset: d,
        amount: await getClaimable(client, { datasetId: d.id, account }),
        token: await readToken(client, d.rewardToken as Address),
      })),
  );
}
