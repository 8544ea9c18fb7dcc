import { resolve } from "node:path";
import { readCar } from "../lib/car.js";
import { type Command, networkOptions } from "../lib/command.js";
import { resolveConfig } from "../lib/config.js";
import { openStore } from "../lib/context.js";
import { UsageError } from "../lib/errors.js";
import { print } from "../lib/output.js";

export const importCarCommand: Command = {
  name: "import-car",
  summary: "put the files of CAR archives into the store, every block and file verified",
  usage: "cairn import-car <file.car...> [--ipfs <kubo url>]",
  description: [
    "Reads each CAR (e.g. from `cairn export --car`), checks every block against its CID, rebuilds each root's",
    "file and stores it (the store checks the CID again). Into the network's store: the embedded node of",
    "`cairn dev`, or the Kubo node of --ipfs.",
  ].join("\n"),
  options: { ...networkOptions },
  examples: ["cairn import-car ./methali/dataset.car", "cairn import-car dataset.car --ipfs http://127.0.0.1:5001"],
  async run(args) {
    if (args.positionals.length === 0) throw new UsageError("Give the CAR file(s) to import.", "import-car");
    const store = await openStore(resolveConfig(args), "write");
    if (!store) throw new UsageError("No store to import into.", "import-car");
    const files: Array<{ file: string; roots: Array<{ cid: string; size: bigint }> }> = [];
    for (const file of args.positionals) {
      const { roots } = await readCar(store, resolve(file));
      files.push({ file: resolve(file), roots });
    }
    print(
      () =>
        files.flatMap((f) => [
          `${f.file}: ${f.roots.length} file(s) imported, verified`,
          ...f.roots.map((r) => `  ${r.cid} (${r.size} bytes)`),
        ]),
      { files },
    );
  },
};
