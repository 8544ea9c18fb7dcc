import { resolve } from "node:path";
import type * as Sdk from "@cairn/sdk";
import { type Command, networkOptions } from "../lib/command.js";
import { connect } from "../lib/context.js";
import { CliError, UsageError } from "../lib/errors.js";
import { indexerOf, indexerOptions } from "../lib/indexer.js";
import { print } from "../lib/output.js";
import { datasetIdOf, integerOf } from "../lib/parse.js";
import { Progress } from "../lib/progress.js";
import { exportReleaseRun, releaseExportOptions } from "./export-release.js";

/** The SDK, loaded when the command runs (so `--help` stays fast). */
let sdk: typeof Sdk;

export const exportCommand: Command = {
  name: "export",
  summary: "download a dataset's accepted contributions, verified, with a provenance manifest",
  usage: "cairn export <dataset> <folder> [--release <n> --format parquet|jsonl|files]",
  description:
    "Writes files/<sha256>, provenance.jsonl (one line per file: contributor, owner, sha256, CID, score, time, license) and manifest.json.",
  options: { ...releaseExportOptions, ...networkOptions, ...indexerOptions },
  examples: [
    "cairn export 1 ./methali",
    "cairn export 1 ./methali --indexer http://127.0.0.1:42069",
    "cairn export 1 ./methali --release 2 --format parquet",
    "cairn export 1 ./methali --gateway http://127.0.0.1:8080 --json",
  ],
  async run(args) {
    sdk = await import("@cairn/sdk");
    const datasetId = datasetIdOf(args.positionals[0], "export");
    if (!args.positionals[1]) throw new UsageError("Give the folder to export into.", "export");
    const directory = resolve(args.positionals[1]);
    if (args.values.release !== undefined || args.values.format !== undefined) {
      const number = integerOf(args.values.release as string | undefined, "--release", "export", 1, 2 ** 32 - 1);
      return exportReleaseRun(args, datasetId, number, directory);
    }
    const ctx = await connect(args, { store: "read" });
    await sdk.getDataset(ctx.client, { datasetId });
    const indexer = await indexerOf(args, ctx, "export");
    const progress = new Progress();
    const { exported, failures, provenancePath } = await sdk.exportDataset(ctx.client, {
      datasetId,
      directory,
      source: indexer?.source(),
      onProgress: ({ done, total, file }) => {
        progress.update({
          phase: "exporting",
          itemsDone: done,
          itemsTotal: total,
          bytesDone: 0,
          bytesTotal: 0,
          label: file,
        });
        progress.step(`exported ${done}/${total} ${file}`);
      },
    });
    progress.done();
    print(
      () => [
        `Exported ${exported} verified file(s) of dataset ${datasetId} to ${directory}.`,
        `Provenance: ${provenancePath}`,
        ...failures.map((f) => `FAILED ${f.contentHash} ${f.cid}: ${f.error ?? "content does not match the chain"}`),
      ],
      { datasetId, directory, exported, failures, provenancePath },
    );
    if (failures.length > 0)
      throw new CliError(`${failures.length} contribution(s) failed verification and were not exported.`);
  },
};
