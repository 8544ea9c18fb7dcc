import type { Hex } from "viem";
import type { CairnClient } from "../../client.js";
import { ReleaseMismatchError } from "../../errors/release.js";
import { getRelease, type Release } from "./listReleases.js";
import { snapshotItems } from "./snapshot.js";
import { buildReleaseTree, type ReleaseItem, type ReleaseTree } from "./tree.js";

export type VerifyReleaseParameters = { releaseId: bigint };
export type VerifyReleaseReturnType = {
  ok: boolean;
  release: Release;
  /** Root of the tree rebuilt from the chain at the release's snapshot block. */
  rebuiltRoot: Hex;
  rebuiltItemCount: number;
  rebuiltTotalScore: bigint;
  /** What differs from the recorded release, one line each. */
  problems: string[];
  tree: ReleaseTree;
  items: ReleaseItem[];
};

/**
 * Checks a release against the chain: rebuilds its tree from the registry's events and state at the release's
 * snapshot block, and compares root, item count and total score with what the release registry recorded.
 *
 * @example
 * ```ts
 * const { ok, problems } = await verifyRelease(client, { releaseId: 1n });
 * ```
 */
export async function verifyRelease(client: CairnClient, p: VerifyReleaseParameters): Promise<VerifyReleaseReturnType> {
  const release = await getRelease(client, p);
  const items = await snapshotItems(client, { datasetId: release.datasetId, blockNumber: release.snapshotBlock });
  const tree =
    items.length > 0
      ? buildReleaseTree(items)
      : ({ root: "0x", itemCount: 0, totalScore: 0n, leaves: [], proof: () => undefined } as ReleaseTree);
  const problems: string[] = [];
  if (tree.root !== release.root) problems.push(`root: recorded ${release.root}, rebuilt ${tree.root}`);
  if (BigInt(tree.itemCount) !== release.itemCount)
    problems.push(`item count: recorded ${release.itemCount}, rebuilt ${tree.itemCount}`);
  if (tree.totalScore !== release.totalScore)
    problems.push(`total score: recorded ${release.totalScore}, rebuilt ${tree.totalScore}`);
  return {
    ok: problems.length === 0,
    release,
    rebuiltRoot: tree.root,
    rebuiltItemCount: tree.itemCount,
    rebuiltTotalScore: tree.totalScore,
    problems,
    tree,
    items,
  };
}

/** The release's tree rebuilt from the chain, or `ReleaseMismatchError` if it does not match the recorded root. */
export async function verifiedReleaseTree(
  client: CairnClient,
  p: VerifyReleaseParameters,
): Promise<VerifyReleaseReturnType> {
  const result = await verifyRelease(client, p);
  if (result.rebuiltRoot !== result.release.root)
    throw new ReleaseMismatchError(p.releaseId, result.release.root, result.rebuiltRoot);
  return result;
}
