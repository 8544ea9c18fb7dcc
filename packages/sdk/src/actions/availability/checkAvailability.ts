import type { Hex } from "viem";
import type { CairnClient } from "../../client.js";
import { loadSha256 } from "../../hash/sha256.js";
import { bytesToHex } from "../../internal/evm.js";
import type { ContentStore } from "../../stores/types.js";
import type { ContributionStatus } from "../../types/contribution.js";
import { allContributions } from "../verify/verifyDataset.js";

/** One file whose copies are checked: its CID and the sha256 its bytes must have. */
export type AvailabilityItem = { cid: string; contentHash: Hex; label?: string | undefined };

/**
 * A store's copy of a file: `available` (every byte fetched, verified against the CID and the sha256),
 * `missing` (the store does not have it), `corrupt` (bytes that do not match), `unreachable` (the store
 * failed to answer: says nothing about the file).
 */
export type CopyStatus = "available" | "missing" | "corrupt" | "unreachable";

export type FileAvailability = AvailabilityItem & {
  /** Per store name. */
  stores: Record<string, { status: CopyStatus; error?: string | undefined }>;
  /** Independent verified copies: the stores where the file is `available`. */
  copies: number;
};

export type AvailabilityReport = {
  stores: string[];
  minCopies: number;
  files: FileAvailability[];
  summary: {
    files: number;
    /** Files with at least `minCopies` verified copies. */
    healthy: number;
    /** Files with at least one but fewer than `minCopies` copies. */
    atRisk: number;
    /** Files with no verified copy anywhere checked. */
    lost: number;
    byStore: Record<string, Record<CopyStatus, number>>;
  };
};

export type CheckAvailabilityParameters = {
  items: AvailabilityItem[];
  /** The stores and gateways to check; names must differ. */
  stores: ContentStore[];
  /** Copies a file should have (the dataset's pinning policy). Default 2. */
  minCopies?: number | undefined;
  /** Fetches in flight at once, over all stores. Default 16. */
  concurrency?: number | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((done: number, total: number) => void) | undefined;
};

/**
 * Fetches every file from every store, with bounded concurrency, and verifies the bytes (the store checks each
 * block against the CID, this checks the sha256 of the whole): per file and store, available, missing, corrupt
 * or unreachable, and the number of independent verified copies.
 *
 * @example
 * ```ts
 * const report = await checkAvailability({ items, stores: [helia, pinningService, gateway], minCopies: 2 });
 * for (const f of report.files) if (f.copies < 2) console.log(f.cid, f.stores);
 * ```
 */
export async function checkAvailability(p: CheckAvailabilityParameters): Promise<AvailabilityReport> {
  const names = p.stores.map((s) => s.name);
  if (new Set(names).size !== names.length) throw new Error(`store names must differ: ${names.join(", ")}`);
  const createSha256 = await loadSha256();
  const files: FileAvailability[] = p.items.map((item) => ({ ...item, stores: {}, copies: 0 }));
  const tasks = files.flatMap((file) => p.stores.map((store) => ({ file, store })));
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const { file, store } = tasks[next++];
      p.signal?.throwIfAborted();
      file.stores[store.name] = await checkCopy(store, file, createSha256, p.signal);
      p.onProgress?.(++done, tasks.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(p.concurrency ?? 16, tasks.length)) }, worker));
  return summarize(files, names, p.minCopies ?? 2);
}

/** Checks the accepted contributions of a dataset (or those with `status`), read from the chain. */
export async function checkDatasetAvailability(
  client: CairnClient,
  p: Omit<CheckAvailabilityParameters, "items"> & { datasetId: bigint; status?: ContributionStatus | undefined },
): Promise<AvailabilityReport> {
  const contributions = await allContributions(client, p.datasetId, p.status ?? "accepted");
  return checkAvailability({
    ...p,
    items: contributions.map((c) => ({ cid: c.cid, contentHash: c.contentHash, label: c.contentHash })),
  });
}

async function checkCopy(
  store: ContentStore,
  item: AvailabilityItem,
  createSha256: Awaited<ReturnType<typeof loadSha256>>,
  signal: AbortSignal | undefined,
): Promise<FileAvailability["stores"][string]> {
  try {
    // A store with local block files checks blocks and sha256 in one pass, off the main thread for large files.
    const local = await store.readVerified?.(item.cid, { signal });
    let actual = local?.sha256;
    if (!actual) {
      const hash = createSha256();
      for await (const chunk of store.get(item.cid, { signal })) hash.update(chunk);
      actual = bytesToHex(hash.digest());
    }
    if (actual !== item.contentHash.toLowerCase())
      return { status: "corrupt", error: `sha256 ${actual}, expected ${item.contentHash}` };
    return { status: "available" };
  } catch (error) {
    const name = (error as Error).name;
    const message = (error as Error).message;
    if (name === "ContentNotFoundError") return { status: "missing" };
    if (name === "BlockVerificationError" || name === "CidMismatchError") return { status: "corrupt", error: message };
    if (signal?.aborted) throw error;
    return { status: "unreachable", error: message };
  }
}

export function summarize(files: FileAvailability[], stores: string[], minCopies: number): AvailabilityReport {
  const byStore = Object.fromEntries(
    stores.map((s) => [s, { available: 0, missing: 0, corrupt: 0, unreachable: 0 } as Record<CopyStatus, number>]),
  );
  for (const file of files) {
    file.copies = 0;
    for (const [store, { status }] of Object.entries(file.stores)) {
      byStore[store][status]++;
      if (status === "available") file.copies++;
    }
  }
  return {
    stores,
    minCopies,
    files,
    summary: {
      files: files.length,
      healthy: files.filter((f) => f.copies >= minCopies).length,
      atRisk: files.filter((f) => f.copies > 0 && f.copies < minCopies).length,
      lost: files.filter((f) => f.copies === 0).length,
      byStore,
    },
  };
}
