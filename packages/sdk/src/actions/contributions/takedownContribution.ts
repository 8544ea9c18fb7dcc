import type { Hash, Hex } from "viem";
import { cairnRegistryAbi } from "../../abis/cairnRegistry.js";
import type { CairnClient } from "../../client.js";
import { InvalidParameterError, MissingStoreError } from "../../errors/client.js";
import { cidToHex } from "../../internal/cid.js";
import { writeContract } from "../../internal/write.js";
import { type TakedownReason, takedownReasons } from "../../schemas/contribution.js";
import type { ContentSource, ContentStore } from "../../stores/types.js";
import { getContribution } from "./getContribution.js";

export type TakedownContributionParameters = {
  datasetId: bigint;
  contentHash: Hex;
  /** Why: a reason name (recorded on-chain as its code, see `takedownReasons`). */
  reason: TakedownReason;
  /**
   * The justification: the CID of a document already stored, or the document itself (stored in the client's
   * store, and kept there: it is the public record of why).
   */
  justification: { cid: string } | { content: ContentSource };
  /** Stores to unpin the content from, besides the client's own store. */
  stores?: readonly ContentStore[] | undefined;
};

export type TakedownContributionReturnType = {
  hash: Hash;
  /** The contribution's CID, as registered. */
  cid: string;
  /** The justification's CID, as recorded in `ContributionRemoved`. */
  justificationCid: string;
  /** Each store Cairn controls that was asked to let the content go, and whether it held or pinned it. */
  unpinned: { store: string; held: boolean }[];
};

/**
 * Removes a contribution from its dataset (curators and the steward only): the registry records who removed it
 * and why (`ContributionRemoved`: reason code and justification CID), its accepted weight stops earning and
 * voting (what it earned before stays claimable by its owner), and it leaves exports, releases cut afterwards,
 * previews and lists. Then the content is unpinned from the client's store and every store in `stores` that can
 * let it go (`ContentStore.unpin`); copies on stores Cairn does not control (public gateways, others' nodes)
 * are out of its reach.
 *
 * @example
 * ```ts
 * await takedownContribution(client, {
 *   datasetId: 1n,
 *   contentHash,
 *   reason: "personal-data",
 *   justification: { content: new TextEncoder().encode("Contains a phone number (request #42).") },
 * });
 * ```
 */
export async function takedownContribution(
  client: CairnClient,
  p: TakedownContributionParameters,
): Promise<TakedownContributionReturnType> {
  const code = takedownReasons[p.reason];
  if (code === undefined) {
    throw new InvalidParameterError("reason", `"${p.reason}"`, `One of ${Object.keys(takedownReasons).join(", ")}.`);
  }
  const contribution = await getContribution(client, { datasetId: p.datasetId, contentHash: p.contentHash });
  let justificationCid: string;
  if ("cid" in p.justification) {
    justificationCid = p.justification.cid;
  } else {
    if (!client.store) throw new MissingStoreError("Storing a takedown's justification");
    justificationCid = (await client.store.put(p.justification.content)).cid;
  }
  const { hash } = await writeContract(client, "Removing a contribution", {
    address: client.registry,
    abi: cairnRegistryAbi,
    functionName: "takedownContribution",
    args: [p.datasetId, p.contentHash, code, cidToHex(justificationCid)],
  });

  const stores = [...(client.store ? [client.store] : []), ...(p.stores ?? [])];
  const unpinned: TakedownContributionReturnType["unpinned"] = [];
  for (const store of stores) {
    if (!store.unpin) continue;
    unpinned.push({ store: store.name, held: await store.unpin(contribution.cid) });
  }
  return { hash, cid: contribution.cid, justificationCid, unpinned };
}
