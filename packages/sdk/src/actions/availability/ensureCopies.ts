import {
  type AvailabilityReport,
  type CheckAvailabilityParameters,
  checkAvailability,
  summarize,
} from "./checkAvailability.js";
import { type RepairAvailabilityReturnType, repairAvailability } from "./repairAvailability.js";

export type EnsureCopiesParameters = CheckAvailabilityParameters;

export type EnsureCopiesReturnType = {
  /** Per file and store, after the repair: where each file is pinned (`available`), and its number of copies. */
  report: AvailabilityReport;
  /** Each copy made: the file, from which store, to which, and the outcome. */
  repairs: RepairAvailabilityReturnType["repairs"];
};

/**
 * Applies a pinning policy: checks every file in every store, copies each one that a store lacks (or holds
 * corrupt) from a store whose copy verified, and reports per file where it is pinned after that. A file is
 * `healthy` when it has at least `minCopies` verified copies.
 *
 * @example
 * ```ts
 * const { report } = await ensureCopies({ items, stores: [helia, kubo], minCopies: manifest.pinning?.minCopies ?? 1 });
 * for (const f of report.files) console.log(f.cid, Object.keys(f.stores).filter((s) => f.stores[s].status === "available"));
 * ```
 */
export async function ensureCopies(p: EnsureCopiesParameters): Promise<EnsureCopiesReturnType> {
  const minCopies = p.minCopies ?? 2;
  const first = await checkAvailability({ ...p, minCopies });
  const { repairs, after } = await repairAvailability({ report: first, stores: p.stores, signal: p.signal });
  const byCid = new Map(after.files.map((f) => [f.cid, f]));
  const report = summarize(
    first.files.map((f) => byCid.get(f.cid) ?? f),
    first.stores,
    minCopies,
  );
  return { report, repairs };
}
