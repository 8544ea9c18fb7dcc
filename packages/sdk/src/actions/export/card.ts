import type { DatasetManifest } from "../../manifest/schema.js";
import type { Release } from "../releases/listReleases.js";

/** A column of the exported table, for the dataset card and the Croissant record set. */
export type ExportColumn = { name: string; type: "text" | "bytes" | "integer"; description: string };

/** What the card and the Croissant file say about where the data comes from. */
export type ExportProvenance = {
  release: Release;
  chainId: number;
  registry: string;
  releaseRegistry: string;
  manifest: DatasetManifest | undefined;
  format: "parquet" | "jsonl" | "files";
  /** Glob of the data files, relative to the export folder (e.g. `data/train-*.parquet`). */
  dataFiles: string;
  encodingFormat: string;
  columns: ExportColumn[];
  items: number;
  bytes: number;
};

/** Hugging Face `size_categories` bucket for `n` rows. */
function sizeCategory(n: number): string {
  const buckets: Array<[number, string]> = [
    [1_000, "n<1K"],
    [10_000, "1K<n<10K"],
    [100_000, "10K<n<100K"],
    [1_000_000, "100K<n<1M"],
    [10_000_000, "1M<n<10M"],
    [100_000_000, "10M<n<100M"],
  ];
  return buckets.find(([limit]) => n < limit)?.[1] ?? "n>1T";
}

const yamlString = (s: string) => JSON.stringify(s);

/**
 * The dataset card: README.md with YAML front matter as the Hugging Face Hub reads it (license, language,
 * size, the data files of the `train` split), then the description and the release's provenance.
 */
export function datasetCard(p: ExportProvenance): string {
  const { release, manifest } = p;
  const name = manifest?.name ?? `Dataset ${release.datasetId}`;
  const license = (release.license || manifest?.license || "other").toLowerCase();
  const front = [
    "---",
    `pretty_name: ${yamlString(name)}`,
    `license: ${yamlString(license)}`,
    ...(manifest?.language ? ["language:", `- ${yamlString(manifest.language)}`] : []),
    "size_categories:",
    `- ${yamlString(sizeCategory(p.items))}`,
    "tags:",
    "- cairn",
    "configs:",
    "- config_name: default",
    "  data_files:",
    "  - split: train",
    `    path: ${yamlString(p.dataFiles)}`,
    "---",
  ];
  const body = [
    "",
    `# ${name}`,
    "",
    manifest?.description ?? "",
    "",
    "## Provenance",
    "",
    `This is release ${release.number} of Cairn dataset ${release.datasetId}: ${p.items} items, every one verified`,
    "against the chain (sha256 and IPFS CID) when exported. Anyone can rebuild the release's Merkle tree from the",
    "chain and compare its root (`cairn release verify`), and prove that any item is in it (`cairn release prove`).",
    "",
    "| | |",
    "| --- | --- |",
    `| chain id | ${p.chainId} |`,
    `| registry | \`${p.registry}\` |`,
    `| release registry | \`${p.releaseRegistry}\` |`,
    `| release id | ${release.releaseId} (number ${release.number}, parent ${release.parentId}) |`,
    `| Merkle root | \`${release.root}\` |`,
    `| snapshot block | ${release.snapshotBlock} |`,
    `| items / total score | ${release.itemCount} / ${release.totalScore} |`,
    `| file list | \`${release.fileListCid}\` |`,
    `| manifest | \`${release.manifestCid ?? ""}\` |`,
    `| license | ${release.license || manifest?.license || ""} |`,
    "",
    "## Columns",
    "",
    "| column | type | description |",
    "| --- | --- | --- |",
    ...p.columns.map((c) => `| \`${c.name}\` | ${c.type} | ${c.description} |`),
    "",
  ];
  return [...front, ...body].join("\n");
}

/** The JSON-LD context of Croissant 1.0, plus a `cairn` namespace for the release's provenance. */
const croissantContext = {
  "@language": "en",
  "@vocab": "https://schema.org/",
  cairn: "https://cairn.invalid/ns/release#",
  citeAs: "cr:citeAs",
  column: "cr:column",
  conformsTo: "dct:conformsTo",
  cr: "http://mlcommons.org/croissant/",
  rai: "http://mlcommons.org/croissant/RAI/",
  data: { "@id": "cr:data", "@type": "@json" },
  dataType: { "@id": "cr:dataType", "@type": "@vocab" },
  dct: "http://purl.org/dc/terms/",
  examples: { "@id": "cr:examples", "@type": "@json" },
  extract: "cr:extract",
  field: "cr:field",
  fileProperty: "cr:fileProperty",
  fileObject: "cr:fileObject",
  fileSet: "cr:fileSet",
  format: "cr:format",
  includes: "cr:includes",
  isLiveDataset: "cr:isLiveDataset",
  jsonPath: "cr:jsonPath",
  key: "cr:key",
  md5: "cr:md5",
  parentField: "cr:parentField",
  path: "cr:path",
  recordSet: "cr:recordSet",
  references: "cr:references",
  regex: "cr:regex",
  repeated: "cr:repeated",
  replace: "cr:replace",
  sc: "https://schema.org/",
  separator: "cr:separator",
  source: "cr:source",
  subField: "cr:subField",
  transform: "cr:transform",
} as const;

const dataTypes = { text: "sc:Text", bytes: "sc:Text", integer: "sc:Integer" } as const;

/**
 * MLCommons Croissant 1.0 metadata (JSON-LD): the dataset, its data files as a FileSet, one record set whose
 * fields are the table's columns, the license, and the release's provenance (root, chain, registries).
 */
export function croissant(p: ExportProvenance): Record<string, unknown> {
  const { release, manifest } = p;
  const fileSetId = `${p.format}-files`;
  return {
    "@context": croissantContext,
    "@type": "sc:Dataset",
    conformsTo: "http://mlcommons.org/croissant/1.0",
    name: manifest?.name ?? `Dataset ${release.datasetId}`,
    description: manifest?.description ?? `Release ${release.number} of Cairn dataset ${release.datasetId}.`,
    license: release.license || manifest?.license || "other",
    url: `ipfs://${release.fileListCid}`,
    version: `${release.number}.0.0`,
    isLiveDataset: false,
    inLanguage: manifest?.language,
    citeAs: `Cairn dataset ${release.datasetId}, release ${release.number} (root ${release.root}, chain ${p.chainId}).`,
    "cairn:release": {
      releaseId: release.releaseId.toString(),
      number: release.number,
      root: release.root,
      itemCount: release.itemCount.toString(),
      totalScore: release.totalScore.toString(),
      snapshotBlock: release.snapshotBlock.toString(),
      fileListCid: release.fileListCid,
      manifestCid: release.manifestCid,
      chainId: p.chainId,
      registry: p.registry,
      releaseRegistry: p.releaseRegistry,
    },
    distribution: [
      {
        "@type": "cr:FileSet",
        "@id": fileSetId,
        name: fileSetId,
        description: `The release's items as ${p.format}.`,
        encodingFormat: p.encodingFormat,
        includes: p.dataFiles,
      },
    ],
    recordSet: [
      {
        "@type": "cr:RecordSet",
        "@id": "items",
        name: "items",
        description: "One record per item of the release, with its provenance.",
        key: { "@id": "items/content_hash" },
        field: p.columns.map((c) => ({
          "@type": "cr:Field",
          "@id": `items/${c.name}`,
          name: c.name,
          description: c.description,
          dataType: dataTypes[c.type],
          source: { fileSet: { "@id": fileSetId }, extract: { column: c.name } },
        })),
      },
    ],
  };
}
