import { readFile } from "node:fs/promises";
import { type Command, keyOptions, networkOptions, str, strs } from "../lib/command.js";
import { connect } from "../lib/context.js";
import { UsageError } from "../lib/errors.js";
import { print } from "../lib/output.js";
import { datasetIdOf } from "../lib/parse.js";
import { openStoreSpecs } from "../lib/stores.js";
import { contentHashOrFile } from "./review.js";

export const takedownCommand: Command = {
  name: "takedown",
  summary: "remove a contribution (curators and the steward): it stops earning, leaves exports, is unpinned",
  usage:
    "cairn takedown <dataset> <contentHash|file> --reason <reason> --justification <file> [--store <kind>:<where>]...",
  description: [
    "Records the removal on-chain (who, the reason code, the CID of the justification, which is stored and stays",
    "public), takes the contribution's weight out of the rewards and the votes (what it earned before stays",
    "claimable), and unpins its content from the network's store and from each --store that Cairn controls.",
    "Reasons: illegal-content, personal-data, consent-withdrawn, copyright, spam, other. Policy: docs/takedown.md.",
  ].join("\n"),
  options: {
    reason: { type: "string", value: "<reason>", description: "Why (one of the reasons above)." },
    justification: {
      type: "string",
      value: "<file>",
      description: "A document explaining the removal (stored; its CID is recorded).",
    },
    store: {
      type: "string",
      multiple: true,
      value: "<kind>:<where>",
      description: "Another store to unpin the content from (repeatable): helia:<dir>, kubo:<url>, psa:<endpoint>.",
    },
    ...networkOptions,
    ...keyOptions,
  },
  examples: [
    "cairn takedown 1 0x9f86d081…0a08 --reason personal-data --justification ./request-42.txt",
    "cairn takedown 1 ./files/clip.wav --reason consent-withdrawn --justification why.md --store helia:/mnt/backup/ipfs",
  ],
  async run(args) {
    const sdk = await import("@cairn/sdk");
    const [id, item] = args.positionals;
    const datasetId = datasetIdOf(id, "takedown");
    if (!item) throw new UsageError("Give the content hash (or the file) of the contribution to remove.", "takedown");
    const contentHash = await contentHashOrFile(item, "takedown");
    const reason = str(args, "reason");
    if (!reason || !(reason in sdk.takedownReasons)) {
      throw new UsageError(`--reason must be one of ${Object.keys(sdk.takedownReasons).join(", ")}.`, "takedown");
    }
    const justificationPath = str(args, "justification");
    if (!justificationPath) throw new UsageError("--justification <file> is required.", "takedown");
    const justification = await readFile(justificationPath).catch((cause: Error) => {
      throw new UsageError(`--justification ${justificationPath}: ${cause.message}`, "takedown");
    });
    const ctx = await connect(args, { wallet: "required", store: "write", action: "Removing a contribution" });
    const extra = await openStoreSpecs(strs(args, "store"), "takedown");
    try {
      const result = await sdk.takedownContribution(ctx.client, {
        datasetId,
        contentHash,
        reason: reason as keyof typeof sdk.takedownReasons,
        justification: { content: new Uint8Array(justification) },
        stores: extra.stores,
      });
      print(
        () => [
          `Removed ${contentHash} from dataset ${datasetId} (${reason}); justification ${result.justificationCid}.`,
          `Transaction ${result.hash}.`,
          ...result.unpinned.map((u) => `${u.store}: ${u.held ? "unpinned" : "did not hold it"}`),
        ],
        { datasetId, contentHash, reason, ...result },
      );
    } finally {
      await extra.close();
    }
  },
};
