import type { Hex } from "viem";
import { releaseRegistryAbi } from "../../abis/releaseRegistry.js";
import type { CairnClient } from "../../client.js";
import { NotInReleaseError } from "../../errors/release.js";
import { readContract } from "../../internal/write.js";
import { getRelease, type Release, releasesAddress } from "./listReleases.js";
import { type ReleaseLeaf, type ReleaseTree, toLeafStruct, verifyLeaf } from "./tree.js";
import { verifiedReleaseTree } from "./verifyRelease.js";

/** A contribution's proof of inclusion in a release. */
export type InclusionProof = { releaseId: bigint; root: Hex; leaf: ReleaseLeaf; proof: Hex[]; leafHash: Hex };

export type ProveInclusionParameters = {
  releaseId: bigint;
  contentHash: Hex;
  /** The release's tree, when already built (saves rebuilding it from the chain for each proof). */
  tree?: ReleaseTree | undefined;
};

/**
 * Produces the Merkle proof that a contribution is in a release, from the release's tree rebuilt from the chain
 * (and checked against the recorded root). Throws `NotInReleaseError` if the contribution is not a leaf.
 *
 * @example
 * ```ts
 * const proof = await proveInclusion(client, { releaseId: 3n, contentHash: "0x9f86…" });
 * await verifyInclusion(client, proof); // { offChain: true, onChain: true }
 * ```
 */
export async function proveInclusion(client: CairnClient, p: ProveInclusionParameters): Promise<InclusionProof> {
  const tree = p.tree ?? (await verifiedReleaseTree(client, { releaseId: p.releaseId })).tree;
  const found = tree.proof(p.contentHash);
  if (!found) throw new NotInReleaseError(p.releaseId, p.contentHash);
  return { releaseId: p.releaseId, root: tree.root, ...found };
}

export type VerifyInclusionParameters = {
  releaseId: bigint;
  leaf: ReleaseLeaf;
  proof: readonly Hex[];
  /** Also ask the release registry's `isIncluded` view (default true). */
  onChain?: boolean | undefined;
};
export type VerifyInclusionReturnType = { release: Release; offChain: boolean; onChain: boolean | undefined };

/**
 * Checks an inclusion proof against the release's recorded root: offline with the standard tree's verifier,
 * and on-chain through the release registry's `isIncluded` view.
 *
 * @example
 * ```ts
 * const { offChain, onChain } = await verifyInclusion(client, { releaseId: 3n, leaf, proof });
 * ```
 */
export async function verifyInclusion(
  client: CairnClient,
  p: VerifyInclusionParameters,
): Promise<VerifyInclusionReturnType> {
  const release = await getRelease(client, { releaseId: p.releaseId });
  const offChain = verifyLeaf(release.root, p.leaf, p.proof);
  const onChain =
    p.onChain === false
      ? undefined
      : await readContract(
          client.publicClient.readContract({
            address: releasesAddress(client, "Verifying an inclusion proof"),
            abi: releaseRegistryAbi,
            functionName: "isIncluded",
            args: [p.releaseId, toLeafStruct(p.leaf), [...p.proof]],
          }),
        );
  return { release, offChain, onChain };
}
