import type { AvailabilityReport } from "@cairn/sdk";
import { bool, type Command, networkOptions, str, strs } from "../lib/command.js";
import { connect } from "../lib/context.js";
import { CliError } from "../lib/errors.js";
import { print } from "../lib/output.js";
import { datasetIdOf, integerOf } from "../lib/parse.js";
import { originListen, psaHelp } from "../lib/pinning.js";
import { Progress } from "../lib/progress.js";
import { openStoreSpecs } from "../lib/stores.js";

export const availabilityCommand: Command = {
  name: "availability",
  summary: "check that every accepted file of a dataset can be fetched, verified, from each store; --repair",
  usage: "cairn availability <dataset> [--store <kind>:<where>]... [--min-copies 2] [--repair]",
  description: [
    "Fetches every accepted contribution from the network's store and from each --store (helia:<dir>,",
    `kubo:<url>, gateway:<url>, ${psaHelp}),`,
    "verifies the bytes (CID block by block, then sha256), and reports per file and store: available, missing,",
    "corrupt or unreachable, with the number of independent verified copies. A pinning service is read through",
    "its gateway (default: the endpoint's URL).",
    "--repair puts each missing or corrupt copy back from a store whose copy is good, then checks again; a",
    "pinning service fetches it from this command's IPFS node, listening on CAIRN_IPFS_LISTEN (default",
    "/ip4/0.0.0.0/tcp/0) while the command runs.",
    "Exit code 1 if a file has fewer than --min-copies copies (after the repair, with --repair).",
  ].join("\n"),
  options: {
    store: {
      type: "string",
      multiple: true,
      value: "<kind>:<where>",
      description: "Another store to check (repeatable).",
    },
    "min-copies": {
      type: "string",
      value: "<n>",
      description: "Copies each file should have (default: the manifest's pinning policy, else 2).",
    },
    concurrency: { type: "string", value: "<n>", description: "Fetches in flight at once (default 16)." },
    repair: { type: "boolean", description: "Copy missing or corrupt files back from a good copy." },
    status: { type: "string", value: "<status>", description: "Which contributions (default accepted)." },
    ...networkOptions,
  },
  examples: [
    "cairn availability 1 --store helia:/mnt/backup/ipfs",
    "cairn availability 1 --store kubo:http://127.0.0.1:5001 --store gateway:https://trustless-gateway.link --repair",
    "CAIRN_PSA_TOKEN=… cairn availability 1 --store psa:https://api.filebase.io/v1/ipfs,gateway=https://ipfs.filebase.io --repair",
  ],
  async run(args) {
    const sdk = await import("@cairn/sdk");
    const datasetId = datasetIdOf(args.positionals[0], "availability");
    const asked = integerOf(str(args, "min-copies"), "--min-copies", "availability", 1, 100);
    const concurrency = integerOf(str(args, "concurrency"), "--concurrency", "availability", 1, 256) ?? 16;
    const status = (str(args, "status") ?? "accepted") as "accepted" | "pending" | "rejected";
    if (!["accepted", "pending", "rejected"].includes(status))
      throw new CliError(`--status must be accepted, pending or rejected, not "${status}".`);
    const repair = bool(args, "repair");
    const psa = strs(args, "store").some((spec) => spec.startsWith("psa:"));
    const ctx = await connect(args, {
      store: repair ? "write" : "read",
      listen: repair && psa ? originListen() : undefined,
    });
    // Default: the dataset's pinning policy (its manifest's pinning.minCopies), else 2.
    const minCopies =
      asked ?? (await sdk.getManifest(ctx.client, { datasetId }).catch(() => undefined))?.pinning?.minCopies ?? 2;
    const extra = await openStoreSpecs(strs(args, "store"), "availability", repair ? ctx.client.store : undefined);
    try {
      const stores = [...(ctx.client.store ? [ctx.client.store] : []), ...extra.stores];
      const progress = new Progress();
      const onProgress = (done: number, total: number) =>
        progress.update({ phase: "checking", itemsDone: done, itemsTotal: total, bytesDone: 0, bytesTotal: 0 });
      let report = await sdk.checkDatasetAvailability(ctx.client, {
        datasetId,
        status,
        stores,
        minCopies,
        concurrency,
        onProgress,
      });
      let repairs: Awaited<ReturnType<typeof sdk.repairAvailability>>["repairs"] = [];
      if (repair) {
        const repaired = await sdk.repairAvailability({ report, stores });
        repairs = repaired.repairs;
        const byCid = new Map(repaired.after.files.map((f) => [f.cid, f]));
        report = sdk.summarizeAvailability(
          report.files.map((f) => byCid.get(f.cid) ?? f),
          report.stores,
          minCopies,
        );
      }
      progress.done();
      print(() => lines(report, repairs), { datasetId, ...report, repairs });
      const short = report.files.filter((f) => f.copies < minCopies).length;
      if (short > 0) throw new CliError(`${short} file(s) have fewer than ${minCopies} verified copies.`);
    } finally {
      await extra.close();
    }
  },
};

function lines(
  report: AvailabilityReport,
  repairs: Array<{ cid: string; from: string; to: string; ok: boolean; error?: string | undefined }>,
) {
  const out = report.files.map(
    (f) =>
      `${f.copies >= report.minCopies ? "ok  " : f.copies === 0 ? "LOST" : "RISK"} ${f.cid}  ${f.copies} cop${f.copies === 1 ? "y" : "ies"}  ${Object.entries(
        f.stores,
      )
        .map(([store, c]) => `${store}: ${c.status}`)
        .join(", ")}`,
  );
  for (const r of repairs) out.push(`repair ${r.cid} ${r.from} → ${r.to}: ${r.ok ? "done" : `failed (${r.error})`}`);
  const s = report.summary;
  out.push(`${s.files} file(s): ${s.healthy} with ≥ ${report.minCopies} copies, ${s.atRisk} at risk, ${s.lost} lost.`);
  return out;
}
