import type { Address, Hash, Hex } from "viem";
import { releaseRegistryAbi } from "../../abis/releaseRegistry.js";
import type { CairnClient } from "../../client.js";
import { MissingContractError, ReleaseNotFoundError } from "../../errors/release.js";
import { hexToCid, optionalHexToCid } from "../../internal/cid.js";

/** A release as recorded by its `ReleaseCut` event. */
export type Release = {
  releaseId: bigint;
  datasetId: bigint;
  /** The dataset's previous release, or 0n. */
  parentId: bigint;
  /** Counts the dataset's releases from 1. */
  number: number;
  root: Hex;
  itemCount: bigint;
  totalScore: bigint;
  snapshotBlock: bigint;
  manifestCid: string | undefined;
  fileListCid: string;
  license: string;
  blockNumber: bigint;
  transactionHash: Hash;
};

export type ListReleasesParameters = { datasetId?: bigint | undefined; releaseId?: bigint | undefined };

/**
 * Lists releases from the release registry's `ReleaseCut` events, oldest first, optionally of one dataset.
 *
 * @example
 * ```ts
 * const releases = await listReleases(client, { datasetId: 1n });
 * ```
 */
export async function listReleases(client: CairnClient, p: ListReleasesParameters = {}): Promise<Release[]> {
  const logs = await client.publicClient.getContractEvents({
    address: releasesAddress(client, "Listing releases"),
    abi: releaseRegistryAbi,
    eventName: "ReleaseCut",
    args: { datasetId: p.datasetId, releaseId: p.releaseId },
    fromBlock: 0n,
    toBlock: "latest",
  });
  return logs.map((log) => ({
    releaseId: log.args.releaseId as bigint,
    datasetId: log.args.datasetId as bigint,
    parentId: log.args.parentId as bigint,
    number: Number(log.args.number),
    root: log.args.root as Hex,
    itemCount: log.args.itemCount as bigint,
    totalScore: log.args.totalScore as bigint,
    snapshotBlock: log.args.snapshotBlock as bigint,
    manifestCid: optionalHexToCid(log.args.manifestCid as Hex),
    fileListCid: hexToCid(log.args.fileListCid as Hex),
    license: log.args.license as string,
    blockNumber: log.blockNumber,
    transactionHash: log.transactionHash,
  }));
}

/**
 * Reads one release. Throws `ReleaseNotFoundError` if there is none.
 *
 * @example
 * ```ts
 * const release = await getRelease(client, { releaseId: 3n });
 * ```
 */
export async function getRelease(client: CairnClient, p: { releaseId: bigint }): Promise<Release> {
  const [release] = await listReleases(client, { releaseId: p.releaseId });
  if (!release) throw new ReleaseNotFoundError(p.releaseId);
  return release;
}

/** Finds a dataset's release by its number (1, 2, …) or, without one, its latest. */
export async function findRelease(
  client: CairnClient,
  p: { datasetId: bigint; number?: number | undefined },
): Promise<Release | undefined> {
  const releases = await listReleases(client, { datasetId: p.datasetId });
  return p.number === undefined ? releases.at(-1) : releases.find((r) => r.number === p.number);
}

export function releasesAddress(client: CairnClient, action: string): Address {
  if (!client.releases) throw new MissingContractError("releases", action);
  return client.releases;
}
