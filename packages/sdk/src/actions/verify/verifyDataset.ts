import type { CairnClient } from "../../client.js";
import type { Contribution, ContributionStatus } from "../../types/contribution.js";
import { listContributions } from "../contributions/listContributions.js";
import { type VerificationReport, verifyRecord } from "./verifyContribution.js";

/**
 * Where a dataset's contributions are listed from: the chain's logs by default, or an indexer
 * (`createIndexerClient(...).source()`, which checks each one against the chain).
 */
export type ContributionSource = (datasetId: bigint, status: ContributionStatus) => Promise<Contribution[]>;

/** Every contribution of a dataset with the given status (all pages). */
export async function allContributions(
  client: CairnClient,
  datasetId: bigint,
  status?: ContributionStatus,
): Promise<Contribution[]> {
  const all: Contribution[] = [];
  let cursor: string | undefined;
  do {
    const page = await listContributions(client, { datasetId, status, cursor, limit: 500 });
    all.push(...page.contributions);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

/**
 * Verifies every accepted contribution of a dataset (or every one with `status`), reporting per item.
 *
 * @example
 * ```ts
 * const { reports, ok } = await verifyDataset(client, { datasetId: 1n, onProgress: (d, t) => console.log(d, t) });
 * ```
 */
export async function verifyDataset(
  client: CairnClient,
  p: {
    datasetId: bigint;
    status?: ContributionStatus | undefined;
    onProgress?: ((done: number, total: number) => void) | undefined;
    /** Where the list comes from (default: the chain's logs). */
    source?: ContributionSource | undefined;
  },
): Promise<{ ok: boolean; reports: VerificationReport[] }> {
  const status = p.status ?? "accepted";
  const contributions = await (p.source
    ? p.source(p.datasetId, status)
    : allContributions(client, p.datasetId, status));
  const reports: VerificationReport[] = [];
  for (const c of contributions) {
    reports.push(await verifyRecord(client, c));
    p.onProgress?.(reports.length, contributions.length);
  }
  return { ok: reports.every((r) => r.ok), reports };
}
