/**
 * A small streaming Parquet writer for flat tables (Apache Parquet format 2, data pages v1, PLAIN encoding), made
 * for exports whose rows carry large byte values: a row group holds references to the rows' buffers, and at its end
 * each column chunk goes to the file with one gathered write, so an item's bytes are copied once (by the kernel),
 * never into an intermediate table or page buffer.
 *
 * Per-column codec: `bytes` columns are stored UNCOMPRESSED (media is compressed already; a general codec spends
 * CPU to save nothing), every other column GZIP (what every Parquet reader decodes). Types: `text` is BYTE_ARRAY
 * annotated STRING (UTF8), `bytes` plain BYTE_ARRAY, `int64` INT64, `uint8` INT32 annotated INTEGER(8, unsigned).
 * No statistics, no dictionary pages. The format: https://parquet.apache.org/docs/file-format/ (docs/releases.md).
 */
import type { FileHandle } from "node:fs/promises";

export type ParquetColumnType = "text" | "bytes" | "int64" | "uint8";
export type ParquetColumn = { name: string; type: ParquetColumnType; optional?: boolean | undefined };
export type ParquetValue = string | Uint8Array | bigint | number | undefined;

/** Values at least this large are written from their own buffer (not copied into a page buffer). */
const directBytes = 16 * 1024;
/** A data page is closed once it holds this many bytes (a value larger than this has a page of its own). */
const pageBytes = 1024 * 1024;
/** The largest value a page holds: page sizes are 32-bit signed in the format (less the value's length prefix). */
export const maxParquetValueBytes = 2 ** 31 - 1 - 4;

// Thrift compact protocol type ids, and the Parquet enums used here.
const T = { true: 1, false: 2, byte: 3, i32: 5, i64: 6, binary: 8, list: 9, struct: 12 } as const;
const Type = { INT32: 1, INT64: 2, BYTE_ARRAY: 6 } as const;
const Encoding = { PLAIN: 0, RLE: 3 } as const;
const Codec = { UNCOMPRESSED: 0, GZIP: 2 } as const;
const ConvertedType = { UTF8: 0, UINT_8: 11 } as const;

/** Thrift compact protocol encoder (the structs Parquet's footer and page headers need). */
class Thrift {
  readonly #out: number[] = [];
  readonly #last: number[] = [0];

  #varint(value: bigint) {
    let v = value;
    while (v >= 0x80n) {
      this.#out.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.#out.push(Number(v));
  }
  #zigzag(value: number | bigint) {
    const v = BigInt(value);
    this.#varint(v >= 0n ? v << 1n : (-v << 1n) - 1n);
  }
  #field(id: number, type: number) {
    const last = this.#last[this.#last.length - 1] as number;
    const delta = id - last;
    if (delta > 0 && delta <= 15) this.#out.push((delta << 4) | type);
    else {
      this.#out.push(type);
      this.#zigzag(id);
    }
    this.#last[this.#last.length - 1] = id;
  }
  #listHeader(size: number, type: number) {
    if (size < 15) this.#out.push((size << 4) | type);
    else {
      this.#out.push(0xf0 | type);
      this.#varint(BigInt(size));
    }
  }
  #bytes(bytes: Uint8Array) {
    this.#varint(BigInt(bytes.length));
    for (const b of bytes) this.#out.push(b);
  }
  i32(id: number, value: number): this {
    this.#field(id, T.i32);
    this.#zigzag(value);
    return this;
  }
  i64(id: number, value: number | bigint): this {
    this.#field(id, T.i64);
    this.#zigzag(value);
    return this;
  }
  byte(id: number, value: number): this {
    this.#field(id, T.byte);
    this.#out.push(value & 0xff);
    return this;
  }
  bool(id: number, value: boolean): this {
    this.#field(id, value ? T.true : T.false);
    return this;
  }
  string(id: number, value: string): this {
    this.#field(id, T.binary);
    this.#bytes(new TextEncoder().encode(value));
    return this;
  }
  struct(id: number, body: (t: this) => void): this {
    this.#field(id, T.struct);
    this.#structBody(body);
    return this;
  }
  #structBody(body: (t: this) => void) {
    this.#last.push(0);
    body(this);
    this.#out.push(0); // stop
    this.#last.pop();
  }
  i32List(id: number, values: number[]): this {
    this.#field(id, T.list);
    this.#listHeader(values.length, T.i32);
    for (const v of values) this.#zigzag(v);
    return this;
  }
  stringList(id: number, values: string[]): this {
    this.#field(id, T.list);
    this.#listHeader(values.length, T.binary);
    for (const v of values) this.#bytes(new TextEncoder().encode(v));
    return this;
  }
  structList<V>(id: number, values: readonly V[], body: (t: this, value: V) => void): this {
    this.#field(id, T.list);
    this.#listHeader(values.length, T.struct);
    for (const v of values) this.#structBody((t) => body(t, v));
    return this;
  }
  /** The encoding of a top-level struct whose fields `body` wrote. */
  end(): Uint8Array {
    this.#out.push(0);
    return Uint8Array.from(this.#out);
  }
}

/** Byte parts of a page: small writes gathered into blocks, large values kept as their own buffers. */
class Parts {
  readonly list: Uint8Array[] = [];
  size = 0;
  #block = Buffer.allocUnsafe(64 * 1024);
  #at = 0;

  #room(n: number) {
    if (this.#at + n <= this.#block.length) return;
    this.#flush();
    if (n > this.#block.length) this.#block = Buffer.allocUnsafe(n);
  }
  #flush() {
    if (this.#at === 0) return;
    this.list.push(this.#block.subarray(0, this.#at));
    this.#block = Buffer.allocUnsafe(this.#block.length);
    this.#at = 0;
  }
  u32(v: number) {
    this.#room(4);
    this.#block.writeUInt32LE(v, this.#at);
    this.#at += 4;
    this.size += 4;
  }
  i32(v: number) {
    this.#room(4);
    this.#block.writeInt32LE(v, this.#at);
    this.#at += 4;
    this.size += 4;
  }
  i64(v: bigint) {
    this.#room(8);
    this.#block.writeBigInt64LE(v, this.#at);
    this.#at += 8;
    this.size += 8;
  }
  byte(v: number) {
    this.#room(1);
    this.#block[this.#at++] = v;
    this.size += 1;
  }
  bytes(b: Uint8Array) {
    if (b.length >= directBytes) {
      this.#flush();
      this.list.push(b);
    } else {
      this.#room(b.length);
      this.#block.set(b, this.#at);
      this.#at += b.length;
    }
    this.size += b.length;
  }
  done(): Uint8Array[] {
    this.#flush();
    return this.list;
  }
}

type ChunkMeta = {
  column: ParquetColumn;
  codec: number;
  offset: number;
  values: number;
  uncompressed: number;
  compressed: number;
};
type RowGroupMeta = { rows: number; offset: number; chunks: ChunkMeta[] };

const physical = (type: ParquetColumnType) =>
  type === "int64" ? Type.INT64 : type === "uint8" ? Type.INT32 : Type.BYTE_ARRAY;

function valueSize(type: ParquetColumnType, value: ParquetValue): number {
  if (value === undefined) return 0;
  if (type === "int64") return 8;
  if (type === "uint8") return 4;
  return 4 + (typeof value === "string" ? Buffer.byteLength(value) : (value as Uint8Array).length);
}

/** Definition levels (bit width 1) as the RLE/bit-packing hybrid, length-prefixed (data page v1). */
function definitionLevels(values: readonly ParquetValue[], parts: Parts) {
  const runs: number[] = [];
  let i = 0;
  while (i < values.length) {
    const defined = values[i] !== undefined;
    let j = i + 1;
    while (j < values.length && (values[j] !== undefined) === defined) j++;
    let header = (j - i) * 2; // RLE run: (count << 1) | 0, then the value in one byte
    while (header >= 0x80) {
      runs.push((header & 0x7f) | 0x80);
      header = Math.floor(header / 128);
    }
    runs.push(header, defined ? 1 : 0);
    i = j;
  }
  parts.u32(runs.length);
  for (const b of runs) parts.byte(b);
}

/**
 * One Parquet file written as rows arrive: `append` keeps a reference to each row; `flushRowGroup` writes the rows
 * held as one row group; `close` writes the footer. Not safe for concurrent calls: await each.
 */
export class ParquetWriter {
  readonly #file: FileHandle;
  readonly #columns: ParquetColumn[];
  readonly #rowGroups: RowGroupMeta[] = [];
  #held: ParquetValue[][] = [];
  #offset = 0;
  /** Bytes of the values held for the next row group. */
  heldBytes = 0;

  private constructor(file: FileHandle, columns: ParquetColumn[]) {
    this.#file = file;
    this.#columns = columns;
  }

  static async create(path: string, columns: ParquetColumn[]): Promise<ParquetWriter> {
    const { open } = await import("node:fs/promises");
    const writer = new ParquetWriter(await open(path, "w"), columns);
    await writer.#write([Buffer.from("PAR1")]);
    return writer;
  }

  get heldRows(): number {
    return this.#held.length;
  }

  append(row: ParquetValue[]) {
    if (row.length !== this.#columns.length) throw new Error("a row has one value per column");
    let bytes = 0;
    row.forEach((value, i) => {
      const column = this.#columns[i] as ParquetColumn;
      if (value === undefined && !column.optional) throw new Error(`column ${column.name} has no value`);
      const size = valueSize(column.type, value);
      if (size - 4 > maxParquetValueBytes)
        throw new RangeError(`a value of column ${column.name} is larger than a Parquet page holds`);
      bytes += size;
    });
    this.heldBytes += bytes;
    this.#held.push(row);
  }

  async flushRowGroup() {
    const rows = this.#held;
    if (rows.length === 0) return;
    this.#held = [];
    this.heldBytes = 0;
    const { gzipSync } = await import("node:zlib");
    const group: RowGroupMeta = { rows: rows.length, offset: this.#offset, chunks: [] };
    for (const [c, column] of this.#columns.entries()) {
      const codec = column.type === "bytes" ? Codec.UNCOMPRESSED : Codec.GZIP;
      const chunk: ChunkMeta = {
        column,
        codec,
        offset: this.#offset,
        values: rows.length,
        uncompressed: 0,
        compressed: 0,
      };
      let start = 0;
      while (start < rows.length) {
        // A page: values until it passes pageBytes (at least one).
        let end = start;
        let size = 0;
        while (end < rows.length && (end === start || size < pageBytes))
          size += valueSize(column.type, (rows[end++] as ParquetValue[])[c]);
        const values = rows.slice(start, end).map((r) => r[c]);
        const body = new Parts();
        if (column.optional) definitionLevels(values, body);
        for (const value of values) {
          if (value === undefined) continue;
          if (column.type === "int64") body.i64(BigInt(value as bigint | number));
          else if (column.type === "uint8") body.i32(Number(value));
          else {
            const bytes = typeof value === "string" ? Buffer.from(value, "utf8") : (value as Uint8Array);
            body.u32(bytes.length);
            body.bytes(bytes);
          }
        }
        const raw = body.done();
        const data = codec === Codec.GZIP ? [gzipSync(Buffer.concat(raw))] : raw;
        const compressed = data.reduce((n, b) => n + b.length, 0);
        const header = new Thrift()
          .i32(1, 0) // DATA_PAGE
          .i32(2, body.size)
          .i32(3, compressed)
          .struct(5, (t) =>
            t
              .i32(1, values.length)
              .i32(2, Encoding.PLAIN)
              .i32(3, Encoding.RLE) // definition levels
              .i32(4, Encoding.RLE),
          )
          .end();
        await this.#write([header, ...data]);
        chunk.uncompressed += header.length + body.size;
        chunk.compressed += header.length + compressed;
        start = end;
      }
      group.chunks.push(chunk);
    }
    this.#rowGroups.push(group);
  }

  /** Writes the held rows and the footer, and closes the file. */
  async close() {
    try {
      await this.flushRowGroup();
      const columns = this.#columns;
      const footer = new Thrift()
        .i32(1, 1) // version
        .structList(2, [undefined, ...columns], (t, column) => {
          if (column === undefined) {
            t.string(4, "schema").i32(5, columns.length);
            return;
          }
          t.i32(1, physical(column.type))
            .i32(3, column.optional ? 1 : 0)
            .string(4, column.name);
          if (column.type === "text") t.i32(6, ConvertedType.UTF8).struct(10, (l) => l.struct(1, () => {}));
          if (column.type === "uint8")
            t.i32(6, ConvertedType.UINT_8).struct(10, (l) => l.struct(10, (i) => i.byte(1, 8).bool(2, false)));
        })
        .i64(
          3,
          this.#rowGroups.reduce((n, g) => n + g.rows, 0),
        )
        .structList(4, this.#rowGroups, (t, group) => {
          t.structList(1, group.chunks, (tc, chunk) => {
            tc.i64(2, chunk.offset).struct(3, (m) =>
              m
                .i32(1, physical(chunk.column.type))
                .i32List(2, [Encoding.PLAIN, Encoding.RLE])
                .stringList(3, [chunk.column.name])
                .i32(4, chunk.codec)
                .i64(5, chunk.values)
                .i64(6, chunk.uncompressed)
                .i64(7, chunk.compressed)
                .i64(9, chunk.offset),
            );
          })
            .i64(
              2,
              group.chunks.reduce((n, c) => n + c.uncompressed, 0),
            )
            .i64(3, group.rows)
            .i64(5, group.offset)
            .i64(
              6,
              group.chunks.reduce((n, c) => n + c.compressed, 0),
            );
        })
        .string(6, "cairn export")
        .end();
      const length = Buffer.alloc(4);
      length.writeUInt32LE(footer.length);
      await this.#write([footer, length, Buffer.from("PAR1")]);
    } finally {
      await this.#file.close();
    }
  }

  /** Writes `parts` at the end of the file, all of them (a short write is continued). */
  async #write(parts: Uint8Array[]) {
    let rest = parts.filter((p) => p.length > 0);
    while (rest.length > 0) {
      // At most 1,024 buffers a call (IOV_MAX).
      const batch = rest.slice(0, 1024);
      const { bytesWritten } = await this.#file.writev(batch as NodeJS.ArrayBufferView[], this.#offset);
      this.#offset += bytesWritten;
      let skip = bytesWritten;
      const next: Uint8Array[] = [];
      for (const part of rest) {
        if (skip >= part.length) skip -= part.length;
        else {
          next.push(skip > 0 ? part.subarray(skip) : part);
          skip = 0;
        }
      }
      if (bytesWritten === 0) throw new Error("writing a Parquet file: no progress");
      rest = next;
    }
  }
}
