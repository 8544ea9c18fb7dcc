/**
 * The export's Parquet writer, read back by two independent readers (DuckDB, in C++, and hyparquet, in JavaScript):
 * several row groups, pages of many small values and values of their own page, optional columns with nulls, shared
 * buffers, and the per-column codecs.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { gunzipSync } from "node:zlib";
import { DuckDBInstance } from "@duckdb/node-api";
import { asyncBufferFromFile, parquetReadObjects } from "hyparquet";
import { type ParquetColumn, type ParquetValue, ParquetWriter } from "../src/actions/export/parquet.js";

const columns: ParquetColumn[] = [
  { name: "bytes", type: "bytes" },
  { name: "text", type: "text" },
  { name: "size", type: "int64" },
  { name: "score", type: "uint8" },
  { name: "meta_note", type: "text", optional: true },
];

async function read(path: string, sql: string) {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql.replaceAll("$file", `'${path}'`))).getRowObjectsJS();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe("ParquetWriter", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "cairn-parquet-"));
  });
  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("writes rows that DuckDB reads back identically, in several row groups", async () => {
    const path = join(dir, "t.parquet");
    const writer = await ParquetWriter.create(path, columns);
    const rows: ParquetValue[][] = [];
    for (let i = 0; i < 2500; i++) {
      // Mostly small values (many to a page); a few of 3 MB (a page of their own, written from their buffer).
      const length = i % 1000 === 7 ? 3_000_000 : i % 60;
      const bytes = new Uint8Array(i % 2 ? new SharedArrayBuffer(length) : new ArrayBuffer(length));
      bytes.set(randomBytes(length));
      const row = [bytes, `Haba na haba ${i} — ✓`, BigInt(length), i % 101, i % 3 === 0 ? undefined : `note ${i}`];
      rows.push(row);
      writer.append(row);
      if (i === 1200) await writer.flushRowGroup();
    }
    assert.throws(() => writer.append([new Uint8Array(0), undefined, 0n, 1, undefined]), /column text has no value/);
    // A value past what a page's 32-bit size holds is refused before anything is kept (no 2 GiB buffer needed).
    const huge = { length: 2 ** 31 } as Uint8Array;
    assert.throws(() => writer.append([huge, "x", 0n, 1, undefined]), RangeError);
    await writer.close();

    const schema = await read(path, "DESCRIBE SELECT * FROM read_parquet($file)");
    assert.deepEqual(
      schema.map((c) => `${c.column_name} ${c.column_type}`),
      ["bytes BLOB", "text VARCHAR", "size BIGINT", "score UTINYINT", "meta_note VARCHAR"],
    );
    const back = await read(path, "SELECT * FROM read_parquet($file)");
    assert.equal(back.length, rows.length);
    back.forEach((row, i) => {
      const [bytes, text, size, score, note] = rows[i] as [Uint8Array, string, bigint, number, string | undefined];
      const blob = row.bytes as { bytes: Uint8Array } | Uint8Array;
      const got = blob instanceof Uint8Array ? blob : blob.bytes;
      assert.ok(Buffer.from(got).equals(Buffer.from(bytes)), `row ${i}: bytes`);
      assert.deepEqual([row.text, row.size, row.score, row.meta_note], [text, size, score, note ?? null], `row ${i}`);
    });
    // A second reader, its own Thrift and page decoding: strings by their annotation, bytes as bytes.
    const objects = await parquetReadObjects({
      file: await asyncBufferFromFile(path),
      compressors: { GZIP: (input: Uint8Array) => new Uint8Array(gunzipSync(input)) },
      utf8: false,
    });
    assert.equal(objects.length, rows.length);
    objects.forEach((row, i) => {
      const [bytes, text, size, score, note] = rows[i] as [Uint8Array, string, bigint, number, string | undefined];
      assert.ok(Buffer.from(row.bytes as Uint8Array).equals(Buffer.from(bytes)), `hyparquet row ${i}: bytes`);
      assert.deepEqual([row.text, row.size, row.score, row.meta_note], [text, size, score, note ?? null], `row ${i}`);
    });
    const meta = await read(
      path,
      "SELECT row_group_id, path_in_schema, compression, num_values FROM parquet_metadata($file) ORDER BY 1, column_id",
    );
    assert.deepEqual(
      meta.map((m) => `${m.row_group_id} ${m.path_in_schema} ${m.compression} ${m.num_values}`),
      [0, 1].flatMap((g) =>
        columns.map(
          (c) =>
            `${g} ${c.name} ${c.type === "bytes" ? "UNCOMPRESSED" : "GZIP"} ${g === 0 ? 1201 : rows.length - 1201}`,
        ),
      ),
    );
  });

  it("writes a wide table (more than 14 columns: Thrift's long list headers) and many row groups", async () => {
    const path = join(dir, "wide.parquet");
    const wide: ParquetColumn[] = Array.from({ length: 40 }, (_, i) => ({
      name: `meta_${i}`,
      type: "text",
      optional: true,
    }));
    const writer = await ParquetWriter.create(path, wide);
    for (let g = 0; g < 20; g++) {
      writer.append(wide.map((_, i) => ((g + i) % 4 === 0 ? undefined : `${g}.${i}`)));
      await writer.flushRowGroup();
    }
    await writer.close();
    const back = await read(path, "SELECT * FROM read_parquet($file)");
    assert.equal(back.length, 20);
    back.forEach((row, g) => {
      for (const [i, c] of wide.entries()) assert.equal(row[c.name], (g + i) % 4 === 0 ? null : `${g}.${i}`);
    });
    const objects = await parquetReadObjects({
      file: await asyncBufferFromFile(path),
      compressors: { GZIP: (input: Uint8Array) => new Uint8Array(gunzipSync(input)) },
    });
    assert.deepEqual(objects, back);
  });

  it("writes a file with no rows that DuckDB reads as empty", async () => {
    const path = join(dir, "empty.parquet");
    await (await ParquetWriter.create(path, columns)).close();
    assert.deepEqual(await read(path, "SELECT count(*)::INTEGER AS n FROM read_parquet($file)"), [{ n: 0 }]);
  });
});
