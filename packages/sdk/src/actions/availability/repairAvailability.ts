import type { ContentStore } from "../../stores/types.js";
import { profileOf } from "../verify/verifyContribution.js";
import { type AvailabilityReport, checkAvailability, type FileAvailability } from "./checkAvailability.js";

export type RepairAvailabilityParameters = {
  /** A report from checkAvailability over the same stores. */
  report: AvailabilityReport;
  /** The stores to repair (by name, as in the report) and to copy from. */
  stores: ContentStore[];
  signal?: AbortSignal | undefined;
};

export type RepairAvailabilityReturnType = {
  /** Each copy attempted: the file, from which store, to which, and the outcome. */
  repairs: Array<{ cid: string; from: string; to: string; ok: boolean; error?: string | undefined }>;
  /** The files touched, checked again after the repair. */
  after: AvailabilityReport;
};

/**
 * Puts every file that a store lacks (or holds corrupt) back into that store, streamed from a store whose copy
 * was verified; the receiving store checks the CID of what it gets (a pinning service fetches it from its
 * origin and pins it). Then checks the repaired files again. A file with no good copy anywhere cannot be
 * repaired here: it stays `lost` in the report.
 *
 * @example
 * ```ts
 * const report = await checkAvailability({ items, stores });
 * const { after } = await repairAvailability({ report, stores });
 * ```
 */
export async function repairAvailability(p: RepairAvailabilityParameters): Promise<RepairAvailabilityReturnType> {
  const byName = new Map(p.stores.map((s) => [s.name, s]));
  const repairs: RepairAvailabilityReturnType["repairs"] = [];
  const touched: FileAvailability[] = [];
  for (const file of p.report.files) {
    const entries = Object.entries(file.stores);
    const source = entries.find(([, c]) => c.status === "available")?.[0];
    const targets = entries.filter(([, c]) => c.status === "missing" || c.status === "corrupt").map(([name]) => name);
    if (!source || targets.length === 0) continue;
    touched.push(file);
    for (const target of targets) {
      const from = byName.get(source);
      const to = byName.get(target);
      if (!from || !to) continue;
      try {
        await to.put(from.get(file.cid, { signal: p.signal }), { profile: profileOf(file.cid), signal: p.signal });
        repairs.push({ cid: file.cid, from: source, to: target, ok: true });
      } catch (error) {
        repairs.push({ cid: file.cid, from: source, to: target, ok: false, error: (error as Error).message });
      }
    }
  }
  const after = await checkAvailability({
    items: touched.map(({ cid, contentHash, label }) => ({ cid, contentHash, label })),
    stores: p.stores,
    minCopies: p.report.minCopies,
    signal: p.signal,
  });
  return { repairs, after };
}
