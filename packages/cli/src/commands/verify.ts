import type * as Sdk from "@cairn/sdk";
import type { VerificationReport } from "@cairn/sdk";
import { type Command, networkOptions, str } from "../lib/command.js";
import { connect } from "../lib/context.js";
import { CliError } from "../lib/errors.js";
import { indexerOf, indexerOptions } from "../lib/indexer.js";
import { print } from "../lib/output.js";
import { contentHashOf, datasetIdOf } from "../lib/parse.js";
import { Progress } from "../lib/progress.js";

/** The SDK, loaded when the command runs (so `--help` stays fast). */
let sdk: typeof Sdk;

export const verifyCommand: Command = {
  name: "verify",
  summary: "fetch contributions from IPFS and check their sha256, CID and size against the chain",
  usage: "cairn verify <dataset> [contentHash] [--status accepted|pending|rejected]",
  description:
    "Without a content hash, checks every accepted contribution (or those with --status). Exit code 1 if any fails.",
  options: {
    status: { type: "string", value: "<status>", description: "Which contributions to check (default accepted)." },
    ...networkOptions,
    ...indexerOptions,
  },
  examples: [
    "cairn verify 1",
    "cairn verify 1 --indexer http://127.0.0.1:42069",
    "cairn verify 1 0x9f86d081…0a08",
    "cairn verify 1 --gateway https://trustless-gateway.link --json",
  ],
  async run(args) {
    sdk = await import("@cairn/sdk");
    const datasetId = datasetIdOf(args.positionals[0], "verify");
    const contentHash = args.positionals[1] !== undefined ? contentHashOf(args.positionals[1], "verify") : undefined;
    const status = str(args, "status") as "accepted" | "pending" | "rejected" | undefined;
    if (status && !["accepted", "pending", "rejected"].includes(status))
      throw new CliError(`--status must be accepted, pending or rejected, not "${status}".`);
    const ctx = await connect(args, { store: "read" });
    await sdk.getDataset(ctx.client, { datasetId });
    const indexer = await indexerOf(args, ctx, "verify");
    const progress = new Progress();
    let reports: VerificationReport[];
    if (contentHash) reports = [await sdk.verifyContribution(ctx.client, { datasetId, contentHash })];
    else
      ({ reports } = await sdk.verifyDataset(ctx.client, {
        datasetId,
        status,
        source: indexer?.source(),
        onProgress: (done, total) =>
          progress.update({ phase: "verifying", itemsDone: done, itemsTotal: total, bytesDone: 0, bytesTotal: 0 }),
      }));
    progress.done();
    const failed = reports.filter((r) => !r.ok);
    print(
      () => [
        ...reports.map(
          (r) =>
            `${r.ok ? "ok  " : "FAIL"} ${r.contentHash} ${r.cid}${r.ok ? "" : `  ${r.error ?? [!r.sha256Matches && "sha256 differs", !r.cidMatches && "CID differs", !r.sizeMatches && "size differs"].filter(Boolean).join(", ")}`}`,
        ),
        `${reports.length - failed.length} of ${reports.length} contribution(s) verified${failed.length ? `, ${failed.length} failed` : ""}.`,
      ],
      { datasetId, ok: failed.length === 0, verified: reports.length - failed.length, failed: failed.length, reports },
    );
    if (failed.length > 0) throw new CliError(`Verification failed for ${failed.length} contribution(s).`);
  },
};
