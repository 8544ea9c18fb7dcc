import { CID } from "multiformats/cid";
import type { Hex } from "viem";
import type { CairnClient } from "../../client.js";
import { hashStream } from "../../hash/hashStream.js";
import type { CidProfile } from "../../hash/profiles.js";
import { storeOf } from "../../internal/json.js";
import type { ContentSource } from "../../stores/types.js";
import type { Contribution } from "../../types/contribution.js";
import { getContribution } from "../contributions/getContribution.js";

/** The result of checking one contribution's bytes against the chain. */
export type VerificationReport = {
  datasetId: bigint;
  contentHash: Hex;
  cid: string;
  ok: boolean;
  /** sha256 of the fetched bytes equals the on-chain contentHash. */
  sha256Matches: boolean;
  /**
   * The bytes are those of the registered CID: recomputed from the bytes under the CID's profile, or, from a store
   * with local block files (`readVerified`), every block of the DAG hashed to the CID that links it.
   */
  cidMatches: boolean;
  /** Size of the fetched bytes equals the registered size. */
  sizeMatches: boolean;
  actual?: { sha256: Hex; cid: string; size: bigint } | undefined;
  /** Why the content could not be checked (not found, store error). */
  error?: string | undefined;
};

/** The CID profile a CID was made with, judging by its version. */
export function profileOf(cid: string): CidProfile {
  return CID.parse(cid).version === 0 ? "unixfs-v0-2015" : "unixfs-v1-2025";
}

/**
 * Fetches a contribution's content from the store, recomputes its sha256 and CID, and compares them
 * with what the chain recorded. Never throws for bad content: the report says what did not match.
 *
 * @example
 * ```ts
 * const report = await verifyContribution(client, { datasetId: 1n, contentHash });
 * if (!report.ok) console.error(report);
 * ```
 */
export async function verifyContribution(
  client: CairnClient,
  p: {
    datasetId: bigint;
    contentHash: Hex;
    contribution?: Contribution | undefined;
    sink?: ((bytes: Uint8Array) => void | Promise<void>) | undefined;
  },
): Promise<VerificationReport> {
  const contribution = p.contribution ?? (await getContribution(client, p));
  return verifyRecord(client, contribution, p.sink);
}

/** Verifies a known contribution record; optionally hands every verified chunk to `sink` (export writes files with it). */
export async function verifyRecord(
  client: CairnClient,
  c: Contribution,
  sink?: (bytes: Uint8Array) => void | Promise<void>,
): Promise<VerificationReport> {
  const base = { datasetId: c.datasetId, contentHash: c.contentHash, cid: c.cid };
  const store = storeOf(client, "Verifying content");
  try {
    // A store with local block files checks every block against the CID and the sha256 in one pass (large files
    // on worker threads); when the bytes go to a sink, they stream through the general path instead.
    const local = sink ? undefined : await store.readVerified?.(c.cid);
    if (local) {
      const sha256Matches = local.sha256.toLowerCase() === c.contentHash.toLowerCase();
      const sizeMatches = local.size === c.size;
      const actual = { sha256: local.sha256, cid: c.cid, size: local.size };
      return { ...base, ok: sha256Matches && sizeMatches, sha256Matches, cidMatches: true, sizeMatches, actual };
    }
    const source: ContentSource = (async function* () {
      for await (const chunk of store.get(c.cid)) {
        if (sink) await sink(chunk);
        yield chunk;
      }
    })();
    const actual = await hashStream(source, { profile: profileOf(c.cid) });
    const sha256Matches = actual.sha256.toLowerCase() === c.contentHash.toLowerCase();
    const cidMatches = CID.parse(actual.cid).equals(CID.parse(c.cid));
    const sizeMatches = actual.size === c.size;
    return { ...base, ok: sha256Matches && cidMatches && sizeMatches, sha256Matches, cidMatches, sizeMatches, actual };
  } catch (error) {
    return {
      ...base,
      ok: false,
      sha256Matches: false,
      cidMatches: false,
      sizeMatches: false,
      error: (error as Error).message,
    };
  }
}
