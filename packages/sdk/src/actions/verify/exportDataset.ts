import type { CairnClient } from "../../client.js";
import { getJson } from "../../internal/json.js";
import type { DatasetManifest } from "../../manifest/schema.js";
import { getDataset } from "../datasets/getDataset.js";
import { type VerificationReport, verifyRecord } from "./verifyContribution.js";
import { allContributions, type ContributionSource } from "./verifyDataset.js";

/** One line of the provenance manifest (`provenance.jsonl`). */
export type ProvenanceRecord = {
  contributionId: string;
  datasetId: string;
  contentHash: string;
  file: string;
  contributor: string;
  owner: string;
  sha256: string;
  cid: string;
  size: number;
  score: number;
  time: string;
  blockNumber: number;
  transactionHash: string;
  license: string | undefined;
  metadataCid: string | undefined;
};

export type ExportDatasetParameters = {
  datasetId: bigint;
  /** Folder to write into (created if missing). */
  directory: string;
  onProgress?: ((progress: { done: number; total: number; file: string }) => void) | undefined;
  /** Where the list comes from (default: the chain's logs); each file is verified against the chain either way. */
  source?: ContributionSource | undefined;
};
export type ExportDatasetReturnType = { exported: number; failures: VerificationReport[]; provenancePath: string };

/**
 * Downloads every accepted contribution of a dataset into a folder, verifying each file's sha256 and
 * CID against the chain as it streams, and writes `provenance.jsonl` (one line per file: contribution
 * id, contributor, owner, sha256, CID, size, score, time, license) plus `manifest.json`. A file that
 * fails verification is not kept, and is reported in `failures`.
 *
 * @example
 * ```ts
 * const { exported, failures } = await exportDataset(client, { datasetId: 1n, directory: "out/methali" });
 * ```
 */
export async function exportDataset(client: CairnClient, p: ExportDatasetParameters): Promise<ExportDatasetReturnType> {
  const { mkdir, open, rename, rm, writeFile } = await import("node:fs/promises");
  const { join } = await import("node:path");
  await mkdir(join(p.directory, "files"), { recursive: true });

  const dataset = await getDataset(client, { datasetId: p.datasetId });
  let manifest: DatasetManifest | undefined;
  try {
    manifest = (await getJson(client, "Exporting", dataset.manifestCid)) as DatasetManifest;
    await writeFile(join(p.directory, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  } catch {
    manifest = undefined;
  }
  const contributions = await (p.source
    ? p.source(p.datasetId, "accepted")
    : allContributions(client, p.datasetId, "accepted"));
  const times = new Map<bigint, string>();
  const lines: string[] = [];
  const failures: VerificationReport[] = [];
  for (const [index, c] of contributions.entries()) {
    const name = `${c.contentHash.slice(2)}`;
    const file = join("files", name);
    const partial = join(p.directory, `${file}.partial`);
    const handle = await open(partial, "w");
    let report: VerificationReport;
    try {
      report = await verifyRecord(client, c, async (chunk) => {
        await handle.write(chunk);
      });
    } finally {
      await handle.close();
    }
    if (!report.ok) {
      failures.push(report);
      await rm(partial, { force: true });
      continue;
    }
    await rename(partial, join(p.directory, file));
    if (!times.has(c.blockNumber)) {
      const block = await client.publicClient.getBlock({ blockNumber: c.blockNumber });
      times.set(c.blockNumber, new Date(Number(block.timestamp) * 1000).toISOString());
    }
    const record: ProvenanceRecord = {
      contributionId: `${c.datasetId}:${c.contentHash}`,
      datasetId: c.datasetId.toString(),
      contentHash: c.contentHash,
      file,
      contributor: c.contributor,
      owner: c.owner,
      sha256: c.contentHash.slice(2),
      cid: c.cid,
      size: Number(c.size),
      score: c.score,
      time: times.get(c.blockNumber) as string,
      blockNumber: Number(c.blockNumber),
      transactionHash: c.transactionHash,
      license: manifest?.license,
      metadataCid: c.metadataCid,
    };
    lines.push(JSON.stringify(record));
    p.onProgress?.({ done: index + 1, total: contributions.length, file });
  }
  const provenancePath = join(p.directory, "provenance.jsonl");
  await writeFile(provenancePath, lines.length > 0 ? `${lines.join("\n")}\n` : "");
  return { exported: lines.length, failures, provenancePath };
}
