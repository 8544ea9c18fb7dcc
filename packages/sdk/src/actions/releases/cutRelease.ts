import type { Hash, Hex } from "viem";
import { releaseRegistryAbi } from "../../abis/releaseRegistry.js";
import type { CairnClient } from "../../client.js";
import { InvalidParameterError } from "../../errors/client.js";
import { cidToHex } from "../../internal/cid.js";
import { loadViem } from "../../internal/evm.js";
import { getJson, putJson } from "../../internal/json.js";
import { writeContract } from "../../internal/write.js";
import type { DatasetManifest } from "../../manifest/schema.js";
import { getDataset } from "../datasets/getDataset.js";
import { findRelease, getRelease, releasesAddress } from "./listReleases.js";
import { snapshotItems } from "./snapshot.js";
import { buildReleaseTree, type ReleaseItem, releaseLeafEncoding } from "./tree.js";

/** The JSON document a release's `fileListCid` names (docs/releases.md). */
export type ReleaseFileList = {
  format: "cairn-release-file-list/1";
  chainId: number;
  registry: string;
  datasetId: string;
  snapshotBlock: string;
  parentId: string;
  leafEncoding: string[];
  root: Hex;
  itemCount: number;
  totalScore: string;
  license: string;
  items: Array<{
    contentHash: Hex;
    cid: string;
    size: string;
    owner: string;
    score: number;
    contributor: string;
    metadataCid: string | null;
  }>;
  /** What changed since the parent release, by content hash. */
  changelog: { added: Hex[]; removed: Hex[]; changed: Hex[] };
};

export type CutReleaseParameters = {
  datasetId: bigint;
  /** The block whose state the release captures (default: the latest block). */
  snapshotBlock?: bigint | undefined;
  /** The release's license (default: the manifest's `license`). */
  license?: string | undefined;
};
export type CutReleaseReturnType = {
  releaseId: bigint;
  number: number;
  root: Hex;
  itemCount: number;
  totalScore: bigint;
  snapshotBlock: bigint;
  fileListCid: string;
  fileList: ReleaseFileList;
  hash: Hash;
};

/**
 * Cuts a release of a dataset (steward only): rebuilds the tree of its accepted contributions at the snapshot
 * block from the chain, stores the file list (leaves + changelog against the parent release) in the content
 * store, and records root, counts and CIDs in the release registry — one transaction whose cost does not
 * depend on the number of items.
 *
 * @example
 * ```ts
 * const { releaseId, root, itemCount } = await cutRelease(stewardClient, { datasetId: 1n });
 * ```
 */
export async function cutRelease(client: CairnClient, p: CutReleaseParameters): Promise<CutReleaseReturnType> {
  const action = `Cutting a release of dataset ${p.datasetId}`;
  const address = releasesAddress(client, action);
  const snapshotBlock = p.snapshotBlock ?? (await client.publicClient.getBlockNumber());
  const [dataset, parent, items] = await Promise.all([
    getDataset(client, { datasetId: p.datasetId }),
    findRelease(client, { datasetId: p.datasetId }),
    snapshotItems(client, { datasetId: p.datasetId, blockNumber: snapshotBlock }),
  ]);
  if (items.length === 0) {
    throw new InvalidParameterError(
      "dataset",
      `dataset ${p.datasetId} has no accepted contribution at block ${snapshotBlock}`,
    );
  }
  const tree = buildReleaseTree(items);
  let license = p.license;
  if (license === undefined) {
    const manifest = (await getJson(client, action, dataset.manifestCid).catch(() => undefined)) as
      | DatasetManifest
      | undefined;
    license = manifest?.license ?? "";
  }
  const parentItems = parent
    ? await snapshotItems(client, { datasetId: p.datasetId, blockNumber: parent.snapshotBlock })
    : [];
  const fileList = toFileList(client, {
    datasetId: p.datasetId,
    snapshotBlock,
    parentId: parent?.releaseId ?? 0n,
    license,
    root: tree.root,
    items,
    parentItems,
  });
  const fileListCid = await putJson(client, action, fileList);
  const { hash, receipt } = await writeContract(client, action, {
    address,
    abi: releaseRegistryAbi,
    functionName: "cutRelease",
    args: [
      {
        datasetId: p.datasetId,
        parentId: parent?.releaseId ?? 0n,
        root: tree.root,
        itemCount: BigInt(tree.itemCount),
        totalScore: tree.totalScore,
        snapshotBlock,
        manifestCid: cidToHex(dataset.manifestCid),
        fileListCid: cidToHex(fileListCid),
        license,
      },
    ],
  });
  const [event] = (await loadViem()).parseEventLogs({
    abi: releaseRegistryAbi,
    logs: receipt.logs,
    eventName: "ReleaseCut",
  });
  return {
    releaseId: event.args.releaseId,
    number: Number(event.args.number),
    root: tree.root,
    itemCount: tree.itemCount,
    totalScore: tree.totalScore,
    snapshotBlock,
    fileListCid,
    fileList,
    hash,
  };
}

/** Reads and parses a release's file list from the store (verified against its CID by the store). */
export async function getReleaseFileList(client: CairnClient, p: { releaseId: bigint }): Promise<ReleaseFileList> {
  const release = await getRelease(client, p);
  return (await getJson(client, `Reading release ${p.releaseId}'s file list`, release.fileListCid)) as ReleaseFileList;
}

function toFileList(
  client: CairnClient,
  p: {
    datasetId: bigint;
    snapshotBlock: bigint;
    parentId: bigint;
    license: string;
    root: Hex;
    items: ReleaseItem[];
    parentItems: ReleaseItem[];
  },
): ReleaseFileList {
  const sorted = [...p.items].sort((a, b) => (a.contentHash.toLowerCase() < b.contentHash.toLowerCase() ? -1 : 1));
  const before = new Map(p.parentItems.map((item) => [item.contentHash.toLowerCase(), item]));
  const now = new Set(sorted.map((item) => item.contentHash.toLowerCase()));
  const changelog: ReleaseFileList["changelog"] = { added: [], removed: [], changed: [] };
  for (const item of sorted) {
    const old = before.get(item.contentHash.toLowerCase());
    if (!old) changelog.added.push(item.contentHash);
    else if (old.owner !== item.owner || old.score !== item.score) changelog.changed.push(item.contentHash);
  }
  for (const [hash, item] of before) if (!now.has(hash)) changelog.removed.push(item.contentHash);
  return {
    format: "cairn-release-file-list/1",
    chainId: client.chainId,
    registry: client.registry,
    datasetId: p.datasetId.toString(),
    snapshotBlock: p.snapshotBlock.toString(),
    parentId: p.parentId.toString(),
    leafEncoding: [...releaseLeafEncoding],
    root: p.root,
    itemCount: sorted.length,
    totalScore: sorted.reduce((sum, item) => sum + BigInt(item.score), 0n).toString(),
    license: p.license,
    items: sorted.map((item) => ({
      contentHash: item.contentHash,
      cid: item.cid,
      size: item.size.toString(),
      owner: item.owner,
      score: item.score,
      contributor: item.contributor,
      metadataCid: item.metadataCid ?? null,
    })),
    changelog,
  };
}
