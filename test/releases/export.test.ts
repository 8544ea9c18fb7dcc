import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  type CairnClient,
  type ContentStore,
  contribute,
  createCairnClient,
  createDataset,
  createHeliaStore,
  cutRelease,
  exportRelease,
  hashBytes,
  review,
  withClient,
} from "@cairn/sdk";
import { DuckDBInstance } from "@duckdb/node-api";
import { Ajv2020 } from "ajv/dist/2020.js";
import { network } from "hardhat";
import { type Address, getAddress, type Hex } from "viem";
import { parse as parseYaml } from "yaml";
import { cidToHex } from "../../packages/sdk/src/internal/cid.js";

const manifest = {
  schema: "cairn.manifest/1" as const,
  name: "Methali za Kiswahili",
  description: "Swahili proverbs, one per file.",
  language: "sw",
  license: "CC-BY-4.0",
  items: { kind: "text" as const, mediaTypes: ["text/plain"] },
  guidelines: "One proverb per file.",
  terms: "I hold the rights to what I contribute and license it under CC-BY-4.0.",
};
const proverbs = [
  "Haba na haba hujaza kibaba.",
  "Pole pole ndio mwendo.",
  "Asiyefunzwa na mamaye hufunzwa na ulimwengu.",
  "Bandu bandu huisha gogo.",
  "Mchelea mwana kulia hulia yeye.",
  "Usipoziba ufa utajenga ukuta.",
];

describe("training-ready export of a release: Parquet, JSON Lines, files; card and Croissant", async () => {
  const { viem } = await network.create();
  const publicClient = await viem.getPublicClient();
  const [steward, curator, alice, bob] = await viem.getWalletClients();
  let dir: string;
  let store: ContentStore;
  let base: CairnClient;
  let releaseId: bigint;
  const as = (wallet: typeof steward) => withClient(base, { walletClient: wallet as never });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "cairn-export-"));
    store = await createHeliaStore({ directory: join(dir, "ipfs") });
    const registry = await viem.deployContract("CairnRegistry");
    const releases = await viem.deployContract("ReleaseRegistry", [registry.address]);
    const models = await viem.deployContract("ModelRegistry", [releases.address]);
    base = await createCairnClient({
      publicClient: publicClient as never,
      registry: registry.address,
      store,
      releases: releases.address,
      models: models.address,
    });
    const { datasetId } = await createDataset(as(steward), {
      manifest,
      curators: [curator.account.address],
      quorum: 1,
    });
    const hashes: Hex[] = [];
    for (const [i, text] of proverbs.entries()) {
      const wallet = i % 2 === 0 ? alice : bob;
      const { outcomes } = await contribute(as(wallet), { datasetId, contents: [new TextEncoder().encode(text)] });
      hashes.push(outcomes[0].contentHash);
    }
    // The last one stays pending: it must not be exported.
    await review(as(curator), {
      reviews: hashes.slice(0, -1).map((contentHash, i) => ({ datasetId, contentHash, accept: true, score: 50 + i })),
    });
    ({ releaseId } = await cutRelease(as(steward), { datasetId }));
  });
  after(async () => {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("writes Parquet shards that an independent reader (DuckDB) reads, every row matching the chain", async () => {
    const out = join(dir, "parquet");
    // Tiny shards: one proverb (~30 bytes) per shard once the limit is passed.
    const result = await exportRelease(base, { releaseId, directory: out, format: "parquet", shardBytes: 60 });
    assert.deepEqual(result.failures, []);
    assert.equal(result.items, 5);
    assert.ok(result.files.length >= 2, "sharded by size");
    assert.deepEqual(
      (await readdir(join(out, "data"))).sort(),
      result.files.map((f) => f.slice("data/".length)).sort(),
    );
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll(
      `SELECT * FROM read_parquet('${join(out, "data", "*.parquet")}') ORDER BY content_hash`,
    );
    const rows = reader.getRowObjectsJS();
    connection.closeSync();
    instance.closeSync();
    assert.equal(rows.length, 5);
    const registry = await viem.getContractAt("CairnRegistry", base.registry);
    const releases = await viem.getContractAt("ReleaseRegistry", base.releases as Address);
    const release = await releases.read.getRelease([releaseId]);
    for (const row of rows) {
      const text = row.text as string;
      const contentHash = row.content_hash as Hex;
      assert.equal(`0x${createHash("sha256").update(text).digest("hex")}`, contentHash, "bytes match the hash");
      const onChain = await registry.read.getContribution([release.datasetId, contentHash], {
        blockNumber: release.snapshotBlock,
      });
      assert.equal(onChain.status, 2, "accepted at the snapshot");
      assert.equal(getAddress(row.contributor as string), onChain.contributor);
      assert.equal(getAddress(row.owner as string), onChain.owner);
      assert.equal(Number(row.score), onChain.score);
      assert.equal(Number(row.size), new TextEncoder().encode(text).length);
      assert.equal(row.license, "CC-BY-4.0");
      assert.ok(proverbs.includes(text));
    }
  });

  it("writes a dataset card with Hugging Face front matter and Croissant metadata valid against its schema", async () => {
    const out = join(dir, "parquet");
    const card = await readFile(join(out, "README.md"), "utf8");
    const [, front] = card.split(/^---$/m);
    const meta = parseYaml(front) as Record<string, unknown>;
    assert.equal(meta.license, "cc-by-4.0");
    assert.deepEqual(meta.language, ["sw"]);
    assert.deepEqual(meta.configs, [
      { config_name: "default", data_files: [{ split: "train", path: "data/train-*.parquet" }] },
    ]);
    type Croissant = {
      "cairn:release": { root: string };
      recordSet: Array<{ field: Array<{ name: string; source?: unknown }> }>;
    };
    const croissant: Croissant = JSON.parse(await readFile(join(out, "croissant.json"), "utf8"));
    const schema = JSON.parse(await readFile(new URL("./croissant-1.0.schema.json", import.meta.url), "utf8"));
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
    assert.ok(validate(croissant), JSON.stringify(validate.errors, null, 2));
    const releases = await viem.getContractAt("ReleaseRegistry", base.releases as Address);
    assert.equal(croissant["cairn:release"].root, (await releases.read.getRelease([releaseId])).root);
    assert.deepEqual(croissant.recordSet[0].field.map((f: { name: string }) => f.name).slice(0, 8), [
      "text",
      "content_hash",
      "cid",
      "size",
      "contributor",
      "owner",
      "score",
      "license",
    ]);
    // A broken description fails the schema: the check can fail.
    delete croissant.recordSet[0].field[0].source;
    assert.equal(validate(croissant), false);
  });

  it("writes JSON Lines and plain files with an index", async () => {
    const jsonl = await exportRelease(base, { releaseId, directory: join(dir, "jsonl"), format: "jsonl" });
    assert.equal(jsonl.files.length, 1);
    const lines = (await readFile(join(dir, "jsonl", jsonl.files[0]), "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    assert.equal(lines.length, 5);
    const files = await exportRelease(base, { releaseId, directory: join(dir, "files"), format: "files" });
    const index = (await readFile(join(dir, "files", "data", "train.jsonl"), "utf8")).trim().split("\n");
    for (const line of index.map((l) => JSON.parse(l))) {
      const bytes = await readFile(join(dir, "files", line.file));
      assert.equal(`0x${createHash("sha256").update(bytes).digest("hex")}`, line.content_hash);
    }
    assert.equal(files.items, 5);
  });

  it("exports binary items byte for byte (a large one checked on a worker thread), as DuckDB reads them", async () => {
    const { datasetId } = await createDataset(as(steward), {
      manifest: { ...manifest, name: "Sauti", items: { kind: "other" as const } },
      curators: [],
      quorum: 0,
    });
    const contents = [randomBytes(5 * 2 ** 20 + 3), randomBytes(1), randomBytes(70_000)];
    await contribute(as(alice), { datasetId, contents });
    // A contribution whose recorded size (5) is not what the store holds for its CID (22 bytes): it fails alone.
    const real = new TextEncoder().encode("Asiyefunzwa na mamaye.");
    const { cid } = await store.put(real);
    const registry = await viem.getContractAt("CairnRegistry", base.registry);
    const liar = (await hashBytes(real)).sha256;
    const hash = await registry.write.contribute([datasetId, liar, 5n, cidToHex(cid), "0x"], { account: bob.account });
    await publicClient.waitForTransactionReceipt({ hash });
    const cut = await cutRelease(as(steward), { datasetId });
    const out = join(dir, "binary");
    const result = await exportRelease(base, { releaseId: cut.releaseId, directory: out, format: "parquet" });
    assert.deepEqual(
      result.failures.map((f) => [f.contentHash, f.error]),
      [[liar, "its recorded size (5 bytes) is not the 22 bytes the store holds"]],
    );
    assert.equal(result.items, 3);
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll(
      `SELECT bytes, content_hash, size FROM read_parquet('${join(out, "data", "*.parquet")}')`,
    );
    const rows = reader.getRowObjectsJS();
    connection.closeSync();
    instance.closeSync();
    const expected = new Map(contents.map((c) => [`0x${createHash("sha256").update(c).digest("hex")}`, c]));
    assert.equal(rows.length, 3);
    for (const row of rows) {
      const blob = row.bytes as { bytes: Uint8Array } | Uint8Array;
      const bytes = Buffer.from(blob instanceof Uint8Array ? blob : blob.bytes);
      assert.ok(bytes.equals(expected.get(row.content_hash as string) as Uint8Array), "the bytes as contributed");
      assert.equal(row.size, BigInt(bytes.length));
    }
  });

  it("makes columns of the 256 most common metadata fields, and fails an item whose metadata cannot be read", async () => {
    // Metadata documents are the contributor's choice: two honest ones, one with 400 fields, one in no store.
    const { datasetId } = await createDataset(as(steward), { manifest, curators: [], quorum: 0 });
    const put = async (doc: unknown) => (await store.put(new TextEncoder().encode(JSON.stringify(doc)))).cid;
    const honest = await put({ schema: "cairn.item/1", source: "a book" });
    const wide = await put(Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`f${i}`, "x"])));
    const missing = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
    const registry = await viem.getContractAt("CairnRegistry", base.registry);
    const hashes: Hex[] = [];
    for (const [text, metadataCid] of [
      ["Haba na haba.", honest],
      ["Pole pole.", honest],
      ["Pole pole ndio mwendo.", wide],
      ["Bandu bandu huisha gogo.", missing],
    ] as const) {
      const bytes = new TextEncoder().encode(text);
      const { sha256, cid } = await hashBytes(bytes);
      await store.put(bytes);
      hashes.push(sha256);
      const hash = await registry.write.contribute(
        [datasetId, sha256, BigInt(bytes.length), cidToHex(cid), cidToHex(metadataCid)],
        { account: bob.account },
      );
      await publicClient.waitForTransactionReceipt({ hash });
    }
    const cut = await cutRelease(as(steward), { datasetId });
    const out = await exportRelease(base, { releaseId: cut.releaseId, directory: join(dir, "meta"), format: "jsonl" });
    assert.equal(out.items, 3);
    assert.deepEqual(
      out.failures.map((f) => f.contentHash),
      [hashes[3]],
    );
    assert.match(out.failures[0]?.error ?? "", /metadata document could not be read/);
    const meta = out.columns.filter((c) => c.name.startsWith("meta_")).map((c) => c.name);
    assert.equal(meta.length, 256);
    assert.ok(meta.includes("meta_source"), "the field two items share is kept");
    assert.equal(out.metadataFieldsLeftOut, 400 + 1 - 256);
    const lines = (await readFile(join(dir, "meta", out.files[0] as string), "utf8")).trim().split("\n");
    assert.deepEqual(lines.map((l) => JSON.parse(l).meta_source).sort(), ["a book", "a book", null]);
  });

  it("fails an item whose recorded size no buffer can hold, alone: the rest is exported", async () => {
    // The size on-chain is the contributor's word. A hostile one (2^40 bytes for a few real ones) in a dataset
    // with quorum 0 is accepted at once; an export must report it, not run out of memory or stop.
    const { datasetId } = await createDataset(as(steward), { manifest, curators: [], quorum: 0 });
    const honest = await contribute(as(alice), { datasetId, contents: [new TextEncoder().encode("Haba na haba.")] });
    const lie = await hashBytes(new TextEncoder().encode("Asiyefunzwa na mamaye."));
    const { cid } = await store.put(new TextEncoder().encode("Asiyefunzwa na mamaye."));
    const registry = await viem.getContractAt("CairnRegistry", base.registry);
    const hash = await registry.write.contribute([datasetId, lie.sha256, 2n ** 40n, cidToHex(cid), "0x"], {
      account: bob.account,
    });
    await publicClient.waitForTransactionReceipt({ hash });
    const cut = await cutRelease(as(steward), { datasetId });
    const out = await exportRelease(base, { releaseId: cut.releaseId, directory: join(dir, "lie"), format: "jsonl" });
    assert.equal(out.items, 1);
    assert.equal(out.failures.length, 1);
    assert.equal(out.failures[0].contentHash, lie.sha256);
    assert.match(out.failures[0].error ?? "", /recorded size/);
    assert.notEqual(honest.outcomes[0].contentHash, lie.sha256);
  });
});
