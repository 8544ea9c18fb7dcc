import { CID } from "multiformats/cid";
import type { Hex } from "viem";
import { cairnRegistryAbi } from "../../abis/cairnRegistry.js";
import type { CairnClient } from "../../client.js";
import { MissingContractError } from "../../errors/release.js";
import { hashStream } from "../../hash/hashStream.js";
import { getJson, storeOf } from "../../internal/json.js";
import type { DatasetManifest } from "../../manifest/schema.js";
import { contributionStatuses } from "../../schemas/contribution.js";
import type { Release } from "../releases/listReleases.js";
import type { ReleaseItem } from "../releases/tree.js";
import { verifiedReleaseTree } from "../releases/verifyRelease.js";
import { profileOf, type VerificationReport } from "../verify/verifyContribution.js";
import { croissant, datasetCard, type ExportColumn, type ExportProvenance } from "./card.js";
import { maxParquetValueBytes, type ParquetColumn, type ParquetWriter } from "./parquet.js";

export type ExportFormat = "parquet" | "jsonl" | "files";

export type ExportReleaseParameters = {
  releaseId: bigint;
  /** Folder to write into (created if missing). */
  directory: string;
  format: ExportFormat;
  /** Start a new shard once this many content bytes are in the current one (default 256 MiB). */
  shardBytes?: number | undefined;
  /** Items fetched and verified at once (default 32). */
  concurrency?: number | undefined;
  /** Content bytes held in flight at most, beyond the shard being written (default 256 MiB; one item may exceed it). */
  maxBytesInFlight?: number | undefined;
  onProgress?: ((progress: { done: number; total: number; bytes: number }) => void) | undefined;
};

export type ExportReleaseReturnType = {
  release: Release;
  items: number;
  bytes: number;
  /** Metadata fields left out of the columns: the least common, past the 256 most common. */
  metadataFieldsLeftOut: number;
  /** The data files written, relative to `directory`. */
  files: string[];
  columns: ExportColumn[];
  cardPath: string;
  croissantPath: string;
  /** Items whose content did not match the chain (left out of the export). */
  failures: VerificationReport[];
  /**
   * Items of the release taken down since it was cut (status `removed` now: illegal content, personal data, a
   * withdrawn consent): their leaves stay in the release's root, but their bytes are left out of the export.
   */
  removed: Hex[];
};

/** Metadata fields that become columns at most (the most common ones). */
const maxMetaColumns = 256;

type Fetched = { index: number; item: ReleaseItem; bytes: Uint8Array; report: VerificationReport };

const BASE_COLUMNS = (content: ExportColumn): ExportColumn[] => [
  content,
  {
    name: "content_hash",
    type: "text",
    description: "sha256 of the raw bytes (0x-prefixed hex), as registered on-chain",
  },
  { name: "cid", type: "text", description: "IPFS CID of the content, as registered on-chain" },
  { name: "size", type: "integer", description: "size in bytes" },
  { name: "contributor", type: "text", description: "who signed the contribution" },
  { name: "owner", type: "text", description: "who owned it at the release's snapshot (paid its data dividends)" },
  { name: "score", type: "integer", description: "accepted quality score, 1..100" },
  { name: "license", type: "text", description: "the item's license (its metadata's, else the release's)" },
];

/**
 * Exports a release in a form training tools read: Parquet shards (one row per item: the text or the bytes,
 * content hash, CID, size, contributor, owner, score, license, and the item's metadata fields as `meta_*`
 * columns), JSON Lines shards, or the files themselves with an index; plus a dataset card (`README.md`, Hugging
 * Face front matter) and MLCommons Croissant metadata (`croissant.json`). The release's tree is rebuilt from the
 * chain and checked against its root first; every item's bytes are checked against its sha256 and CID as they
 * stream in; items that fail are left out and reported. Fetching runs with bounded concurrency and bounded bytes
 * in flight, and a shard is written out as soon as it reaches `shardBytes`, so memory does not grow with the
 * release.
 *
 * @example
 * ```ts
 * const { files, failures } = await exportRelease(client, { releaseId: 1n, directory: "out", format: "parquet" });
 * ```
 */
export async function exportRelease(client: CairnClient, p: ExportReleaseParameters): Promise<ExportReleaseReturnType> {
  const { mkdir, rename, writeFile } = await import("node:fs/promises");
  const { join } = await import("node:path");
  if (!client.releases) throw new MissingContractError("releases", "Exporting a release");
  const action = `Exporting release ${p.releaseId}`;
  const tree = await verifiedReleaseTree(client, { releaseId: p.releaseId });
  const { release } = tree;
  const removed = await removedSince(client, release.datasetId, tree.items);
  const items = tree.items.filter((item) => !removed.includes(item.contentHash));
  items.sort((a, b) => (a.contentHash.toLowerCase() < b.contentHash.toLowerCase() ? -1 : 1));
  const manifest = release.manifestCid
    ? ((await getJson(client, action, release.manifestCid).catch(() => undefined)) as DatasetManifest | undefined)
    : undefined;
  const asText = manifest?.items.kind === "text" && p.format !== "files";
  const concurrency = p.concurrency ?? 32;

  // Pass 1: the items' metadata documents (small), so that the table's columns are known before any row. A document
  // that cannot be read fails its item (below), not the export.
  const metadata = await mapBounded(items, concurrency, async (item): Promise<Record<string, string> | Error> => {
    if (!item.metadataCid) return {};
    try {
      return flatten((await getJson(client, action, item.metadataCid)) as Record<string, unknown>);
    } catch (error) {
      return error as Error;
    }
  });
  // Contributors choose the fields: the most common `maxMetaColumns` become columns (one hostile document with a
  // million fields would otherwise make every row a million cells wide).
  const fieldCounts = new Map<string, number>();
  for (const m of metadata)
    if (!(m instanceof Error)) for (const k of Object.keys(m)) fieldCounts.set(k, (fieldCounts.get(k) ?? 0) + 1);
  const ranked = [...fieldCounts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const metaKeys = ranked
    .slice(0, maxMetaColumns)
    .map(([k]) => k)
    .sort();
  const content: ExportColumn =
    p.format === "files"
      ? { name: "file", type: "text", description: "path of the item's file, relative to the export folder" }
      : asText
        ? { name: "text", type: "text", description: "the item's content (UTF-8 text)" }
        : { name: "bytes", type: "bytes", description: "the item's content (raw bytes)" };
  const columns: ExportColumn[] = [
    ...BASE_COLUMNS(content),
    ...metaKeys.map((k) => ({ name: k, type: "text" as const, description: `item metadata field ${k.slice(5)}` })),
  ];
  const releaseLicense = release.license || manifest?.license || "";

  await mkdir(join(p.directory, "data", p.format === "files" ? "files" : ""), { recursive: true });
  const writer =
    p.format === "parquet"
      ? await parquetWriter(p.directory, columns)
      : p.format === "jsonl"
        ? jsonlWriter(p.directory, asText, metaKeys)
        : filesWriter(p.directory, metaKeys);

  // Pass 2: content, fetched ahead in order within the bounds, verified, appended, sharded by size.
  const shardBytes = p.shardBytes ?? 256 * 2 ** 20;
  const failures: VerificationReport[] = [];
  let done = 0;
  let bytes = 0;
  let inShard = 0;
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const fetches = fetchVerified(client, release.datasetId, items, concurrency, p.maxBytesInFlight ?? 256 * 2 ** 20);
  for await (const fetched of fetches) {
    const { index } = fetched;
    done++;
    if (!fetched.report.ok) {
      failures.push(fetched.report);
      continue;
    }
    const { item } = fetched;
    const meta = metadata[index] as Record<string, string> | Error;
    if (meta instanceof Error) {
      const error = `its metadata document could not be read as a JSON object: ${meta.message}`;
      failures.push({ ...fetched.report, ok: false, error });
      continue;
    }
    let text: string | undefined;
    if (asText) {
      try {
        text = decoder.decode(fetched.bytes);
      } catch {
        failures.push({ ...fetched.report, ok: false, error: "not UTF-8 text" });
        continue;
      }
    }
    const row: Row = {
      content: text ?? fetched.bytes,
      content_hash: item.contentHash,
      cid: item.cid,
      size: item.size,
      contributor: item.contributor,
      owner: item.owner,
      score: item.score,
      license: (meta.meta_license as string | undefined) ?? releaseLicense,
      meta: metaKeys.map((k) => meta[k]),
    };
    if (p.format === "parquet" && fetched.bytes.length > maxParquetValueBytes) {
      failures.push({ ...fetched.report, ok: false, error: "larger than a Parquet value holds (2 GiB)" });
      continue;
    }
    if (inShard > 0 && inShard + fetched.bytes.length > shardBytes) {
      await writer.endShard();
      inShard = 0;
    }
    await writer.append(row);
    inShard += fetched.bytes.length;
    bytes += fetched.bytes.length;
    p.onProgress?.({ done, total: items.length, bytes });
  }
  const written = await writer.finish();

  // Shards are named `train-00000-of-0000N` once N is known.
  const files: string[] = [];
  for (const [i, path] of written.entries()) {
    if (p.format === "files") {
      files.push(path);
      continue;
    }
    const ext = p.format === "parquet" ? "parquet" : "jsonl";
    const name = join("data", `train-${pad(i)}-of-${pad(written.length)}.${ext}`);
    await rename(join(p.directory, path), join(p.directory, name));
    files.push(name);
  }
  const provenance: ExportProvenance = {
    release,
    chainId: client.chainId,
    registry: client.registry,
    releaseRegistry: client.releases,
    manifest,
    format: p.format,
    dataFiles:
      p.format === "parquet"
        ? "data/train-*.parquet"
        : p.format === "jsonl"
          ? "data/train-*.jsonl"
          : "data/train.jsonl",
    encodingFormat: p.format === "parquet" ? "application/x-parquet" : "application/jsonlines",
    columns,
    items: done - failures.length,
    bytes,
  };
  const cardPath = join(p.directory, "README.md");
  const croissantPath = join(p.directory, "croissant.json");
  await writeFile(cardPath, datasetCard(provenance));
  await writeFile(croissantPath, `${JSON.stringify(croissant(provenance), null, 2)}\n`);
  return {
    release,
    items: provenance.items,
    bytes,
    files,
    columns,
    cardPath,
    croissantPath,
    failures,
    removed,
    metadataFieldsLeftOut: ranked.length - metaKeys.length,
  };
}

type Row = {
  content: string | Uint8Array;
  content_hash: Hex;
  cid: string;
  size: bigint;
  contributor: string;
  owner: string;
  score: number;
  license: string;
  meta: Array<string | undefined>;
};

type Writer = {
  append(row: Row): Promise<void>;
  endShard(): Promise<void>;
  /** Ends the last shard; returns every data file written, relative to the folder. */
  finish(): Promise<string[]>;
};

/** Rows of a row group held at most (the bytes they hold are bounded too, by `rowGroupBytes`). */
const rowGroupRows = 100_000;
/** Content bytes a row group holds at most, beyond its last row (128 MiB, as Parquet writers commonly use). */
const rowGroupBytes = 128 * 2 ** 20;

/**
 * Parquet through {@link ParquetWriter}: each row holds the verified buffer of its item until its row group is
 * written out (at `rowGroupBytes`), then the buffers go to the file in one gathered write.
 */
async function parquetWriter(directory: string, columns: ExportColumn[]): Promise<Writer> {
  const { join } = await import("node:path");
  const { ParquetWriter } = await import("./parquet.js");
  const schema: ParquetColumn[] = columns.map((c) => ({
    name: c.name,
    type: c.name === "score" ? "uint8" : c.type === "integer" ? "int64" : c.type,
    optional: c.name.startsWith("meta_"),
  }));
  const shards: string[] = [];
  let file: ParquetWriter | undefined;
  const endShard = async () => {
    if (!file) return;
    await file.close();
    file = undefined;
  };
  return {
    async append(row) {
      if (!file) {
        const name = join("data", `.shard-${shards.length}.parquet`);
        file = await ParquetWriter.create(join(directory, name), schema);
        shards.push(name);
      }
      file.append([
        row.content,
        row.content_hash,
        row.cid,
        row.size,
        row.contributor,
        row.owner,
        row.score,
        row.license,
        ...row.meta,
      ]);
      if (file.heldBytes >= rowGroupBytes || file.heldRows >= rowGroupRows) await file.flushRowGroup();
    },
    endShard,
    async finish() {
      await endShard();
      return shards;
    },
  };
}

function rowJson(row: Row, content: string, value: unknown, metaKeys: string[]): string {
  const record: Record<string, unknown> = {
    [content]: value,
    content_hash: row.content_hash,
    cid: row.cid,
    size: Number(row.size),
    contributor: row.contributor,
    owner: row.owner,
    score: row.score,
    license: row.license,
  };
  row.meta.forEach((v, i) => {
    record[metaKeys[i]] = v ?? null;
  });
  return JSON.stringify(record);
}

/** JSON Lines shards: `text`, or `bytes` as base64. */
function jsonlWriter(directory: string, asText: boolean, metaKeys: string[]): Writer {
  const shards: string[] = [];
  let lines: string[] = [];
  const endShard = async () => {
    if (lines.length === 0) return;
    const { writeFile } = await import("node:fs/promises");
    const { join } = await import("node:path");
    const name = join("data", `.shard-${shards.length}.jsonl`);
    await writeFile(join(directory, name), `${lines.join("\n")}\n`);
    shards.push(name);
    lines = [];
  };
  return {
    async append(row) {
      const value = asText ? row.content : Buffer.from(row.content as Uint8Array).toString("base64");
      lines.push(rowJson(row, asText ? "text" : "bytes", value, metaKeys));
    },
    endShard,
    async finish() {
      await endShard();
      return shards;
    },
  };
}

/** The files themselves (`data/files/<sha256>`) and one index, `data/train.jsonl`. */
function filesWriter(directory: string, metaKeys: string[]): Writer {
  const lines: string[] = [];
  return {
    async append(row) {
      const { writeFile } = await import("node:fs/promises");
      const { join } = await import("node:path");
      const file = join("data", "files", row.content_hash.slice(2));
      await writeFile(join(directory, file), row.content as Uint8Array);
      lines.push(rowJson(row, "file", file, metaKeys));
    },
    async endShard() {},
    async finish() {
      const { writeFile } = await import("node:fs/promises");
      const { join } = await import("node:path");
      await writeFile(join(directory, "data", "train.jsonl"), lines.length ? `${lines.join("\n")}\n` : "");
      return ["data/train.jsonl"];
    },
  };
}

/**
 * Fetches and verifies items ahead of the consumer, in order: at most `concurrency` at once and at most
 * `maxBytes` of content in flight (always at least one item, whatever its size).
 */
async function* fetchVerified(
  client: CairnClient,
  datasetId: bigint,
  items: ReleaseItem[],
  concurrency: number,
  maxBytes: number,
): AsyncGenerator<Fetched> {
  const pending: Array<{ size: number; promise: Promise<Fetched> }> = [];
  let next = 0;
  let inFlight = 0;
  const launch = () => {
    while (next < items.length && pending.length < concurrency) {
      const size = Number(items[next].size);
      if (pending.length > 0 && inFlight + size > maxBytes) break;
      const index = next++;
      inFlight += size;
      pending.push({ size, promise: fetchOne(client, datasetId, items[index], index) });
    }
  };
  launch();
  while (pending.length > 0) {
    const head = pending.shift() as { size: number; promise: Promise<Fetched> };
    const fetched = await head.promise;
    inFlight -= head.size;
    launch();
    yield fetched;
  }
}

/** Content at least this large is read into shared memory, so that a store's worker thread can fill it. */
const sharedThreshold = 4 * 1024 * 1024;

/** The largest item an export reads into memory (the largest buffer Node allocates is 2^32 bytes or more). */
const maxItemBytes = 2 ** 32;

async function fetchOne(client: CairnClient, datasetId: bigint, item: ReleaseItem, index: number): Promise<Fetched> {
  const base = { datasetId, contentHash: item.contentHash, cid: item.cid };
  const size = Number(item.size);
  const store = storeOf(client, "Exporting a release");
  let bytes: Uint8Array<ArrayBuffer | SharedArrayBuffer> = new Uint8Array(0);
  let filled = 0;
  let overflow = false;
  try {
    // The recorded size is the contributor's word: the buffer is sized by what the store holds (and only when the
    // two agree), or grows as bytes arrive (never past the recorded size); a size no buffer can hold fails this
    // item, not the export.
    const tooLarge = (n: number | bigint) =>
      new Error(`its size (${n} bytes) is more than an export holds in memory (${maxItemBytes})`);
    if (!Number.isSafeInteger(size)) throw tooLarge(item.size);
    // A store with local block files reads and checks the content in one pass (blocks against the CID, sha256),
    // into one buffer (a shared one when a worker thread fills it).
    const local = await store.readVerified?.(item.cid, {
      into: (stored) => {
        if (stored !== size)
          throw new Error(`its recorded size (${item.size} bytes) is not the ${stored} bytes the store holds`);
        if (stored > maxItemBytes) throw tooLarge(stored);
        bytes = new Uint8Array(stored >= sharedThreshold ? new SharedArrayBuffer(stored) : new ArrayBuffer(stored));
        return bytes;
      },
    });
    if (local) {
      const sha256Matches = local.sha256.toLowerCase() === item.contentHash.toLowerCase();
      const sizeMatches = local.size === item.size;
      const ok = sha256Matches && sizeMatches;
      const actual = { sha256: local.sha256, cid: item.cid, size: local.size };
      return { index, item, bytes, report: { ...base, ok, sha256Matches, cidMatches: true, sizeMatches, actual } };
    }
    if (size > maxItemBytes) throw tooLarge(size);
    bytes = new Uint8Array(Math.min(size, 2 ** 20));
    const source = (async function* () {
      for await (const chunk of store.get(item.cid)) {
        if (filled + chunk.length > size) overflow = true;
        else {
          if (filled + chunk.length > bytes.length) {
            const grown = new Uint8Array(Math.min(size, Math.max(bytes.length * 2, filled + chunk.length)));
            grown.set(bytes.subarray(0, filled));
            bytes = grown;
          }
          bytes.set(chunk, filled);
        }
        filled += chunk.length;
        yield chunk;
      }
    })();
    const actual = await hashStream(source, { profile: profileOf(item.cid), totalBytes: size });
    if (!overflow && filled < bytes.length) bytes = bytes.subarray(0, filled);
    const sha256Matches = actual.sha256.toLowerCase() === item.contentHash.toLowerCase();
    const cidMatches = CID.parse(actual.cid).equals(CID.parse(item.cid));
    const sizeMatches = actual.size === item.size && !overflow;
    const ok = sha256Matches && cidMatches && sizeMatches;
    return { index, item, bytes, report: { ...base, ok, sha256Matches, cidMatches, sizeMatches, actual } };
  } catch (error) {
    const report = { ...base, ok: false, sha256Matches: false, cidMatches: false, sizeMatches: false };
    return { index, item, bytes, report: { ...report, error: (error as Error).message } };
  }
}

/** Runs `fn` over `items` with at most `limit` at once, results in order. */
async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** An item metadata document as `meta_<field>` columns (attributes flattened); non-strings as JSON. */
function flatten(doc: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (key: string, value: unknown) => {
    const name = `meta_${key.replace(/[^A-Za-z0-9_]/g, "_")}`;
    out[name] = typeof value === "string" ? value : JSON.stringify(value);
  };
  for (const [key, value] of Object.entries(doc)) {
    if (key === "schema") continue;
    if (key === "attributes" && value && typeof value === "object")
      for (const [k, v] of Object.entries(value)) put(k, v);
    else put(key, value);
  }
  return out;
}

const pad = (n: number) => String(n).padStart(5, "0");

/** The items of a release whose contribution was taken down since (read now, in pages of 100). */
async function removedSince(client: CairnClient, datasetId: bigint, items: readonly ReleaseItem[]): Promise<Hex[]> {
  const removed: Hex[] = [];
  for (let start = 0; start < items.length; start += 100) {
    const page = items.slice(start, start + 100);
    const states = await Promise.all(
      page.map((item) =>
        client.publicClient.readContract({
          address: client.registry,
          abi: cairnRegistryAbi,
          functionName: "getContribution",
          args: [datasetId, item.contentHash],
        }),
      ),
    );
    states.forEach((state, i) => {
      if (contributionStatuses[state.status] === "removed") removed.push(page[i].contentHash);
    });
  }
  return removed;
}
