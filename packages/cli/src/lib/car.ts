import { createReadStream, createWriteStream } from "node:fs";
import { readFile, rename } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ContentStore } from "@cairn/sdk";

/** Writes `<directory>/dataset.car` with the files listed in provenance.jsonl (written first: atomic). */
export async function writeCar(store: ContentStore, provenancePath: string, directory: string) {
  const { exportCar } = await import("@cairn/sdk");
  const cids = (await readFile(provenancePath, "utf8"))
    .split("\n")
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { cid: string }).cid);
  const path = join(directory, "dataset.car");
  await pipeline(Readable.from(exportCar(store, { cids })), createWriteStream(`${path}.tmp`));
  await rename(`${path}.tmp`, path);
  return { path, roots: cids.length };
}

/** Reads a CAR file into a store, every block and every root verified. */
export async function readCar(store: ContentStore, path: string) {
  const { importCar } = await import("@cairn/sdk");
  return importCar(store, { car: createReadStream(path) });
}
