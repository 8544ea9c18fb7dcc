import type * as Sdk from "@cairn/sdk";
import { type ParsedArgs, str } from "../lib/command.js";
import { CliError, UsageError } from "../lib/errors.js";
import { formatBytes, print } from "../lib/output.js";
import { integerOf } from "../lib/parse.js";
import { Progress } from "../lib/progress.js";
import { connectReleases, contractOptions } from "./release.js";

/** `cairn export`'s options for a release export (training-ready formats). */
export const releaseExportOptions = {
  release: {
    type: "string",
    value: "<n>",
    description: "Export release <n> of the dataset (default with --format: its latest release).",
  },
  format: {
    type: "string",
    value: "<parquet|jsonl|files>",
    description: "Training-ready export of a release, with README.md (dataset card) and croissant.json.",
  },
  "shard-size": { type: "string", value: "<MiB>", description: "Start a new shard past this size (default 256)." },
  ...contractOptions,
} as const;

const formats = ["parquet", "jsonl", "files"] as const;

/** Exports a release of `datasetId` (its number, or the latest) into `directory`. */
export async function exportReleaseRun(
  args: ParsedArgs,
  datasetId: bigint,
  number: number | undefined,
  directory: string,
): Promise<void> {
  const format = (str(args, "format") ?? "parquet") as Sdk.ExportFormat;
  if (!formats.includes(format)) throw new UsageError(`--format must be one of ${formats.join(", ")}.`, "export");
  const shardMiB = integerOf(str(args, "shard-size"), "--shard-size", "export", 1, 1_000_000);
  const ctx = await connectReleases(args, "export", { store: "read" });
  const sdk = await import("@cairn/sdk");
  const release = await sdk.findRelease(ctx.client, { datasetId, number });
  if (!release)
    throw new CliError(`Dataset ${datasetId} has no release${number === undefined ? " yet" : ` ${number}`}.`, {
      meta: ["`cairn release list <dataset>` shows its releases."],
    });
  const progress = new Progress();
  const result = await sdk.exportRelease(ctx.client, {
    releaseId: release.releaseId,
    directory,
    format,
    shardBytes: shardMiB === undefined ? undefined : shardMiB * 2 ** 20,
    onProgress: ({ done, total, bytes }) => {
      progress.update({ phase: "exporting", itemsDone: done, itemsTotal: total, bytesDone: bytes, bytesTotal: 0 });
    },
  });
  progress.done();
  const { release: _, ...json } = result;
  print(
    () => [
      `Exported release ${release.number} of dataset ${datasetId} (${result.items} items, ${formatBytes(result.bytes)}) as ${format} to ${directory}.`,
      ...result.files.map((f) => `  ${f}`),
      `Dataset card: ${result.cardPath}`,
      `Croissant:    ${result.croissantPath}`,
      ...result.failures.map(
        (f) => `FAILED ${f.contentHash} ${f.cid}: ${f.error ?? "content does not match the chain"}`,
      ),
      ...result.removed.map((h) => `left out (taken down since the release): ${h}`),
      ...(result.metadataFieldsLeftOut > 0
        ? [`${result.metadataFieldsLeftOut} rare metadata field(s) left out of the columns (past the 256 most common)`]
        : []),
    ],
    { datasetId, releaseId: release.releaseId, number: release.number, format, directory, ...json },
  );
  if (result.failures.length > 0)
    throw new CliError(`${result.failures.length} item(s) failed verification and were not exported.`);
}
