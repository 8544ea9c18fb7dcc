import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFileSync, createReadStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { unixfs } from "@helia/unixfs";
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import { MemoryBlockstore } from "blockstore-core";
import { importer } from "ipfs-unixfs-importer";
import { fixedSize } from "ipfs-unixfs-importer/chunker";
import { balanced } from "ipfs-unixfs-importer/layout";
// Imported from their modules, not the package index, so these tests do not depend on unrelated SDK areas.
import { ContentSizeMismatchError, FileReadError } from "../src/errors/hash.js";
import { hashBytes } from "../src/hash/hashBytes.js";
import { hashFile } from "../src/hash/hashFile.js";
import { hashStream } from "../src/hash/hashStream.js";
import type { CidProfile } from "../src/hash/profiles.js";
import { resolveCidProfile } from "../src/hash/profiles.js";
import { UnixfsDagBuilder } from "../src/hash/unixfs-dag.js";
import { importerOptions } from "../src/stores/importer-options.js";
import { pseudoRandomBytes } from "./utils/bytes.js";

const KiB = 1024;
const MiB = 1024 * KiB;

/** The CID ipfs-unixfs-importer gives, with the profile's or overridden chunking. */
async function importerCid(
  bytes: Uint8Array,
  profile: CidProfile,
  overrides: { chunkSize?: number; maxLinks?: number } = {},
): Promise<string> {
  const options: Parameters<typeof importer>[2] = { profile };
  if (overrides.chunkSize) options.chunker = fixedSize({ chunkSize: overrides.chunkSize });
  if (overrides.maxLinks) options.layout = balanced({ maxChildrenPerNode: overrides.maxLinks });
  let last: string | undefined;
  for await (const entry of importer([{ content: [bytes] }], new MemoryBlockstore(), options))
    last = entry.cid.toString();
  return last as string;
}

function ipfsCid(path: string): string {
  const out = execFileSync("ipfs_cid", [path], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  return (JSON.parse(out) as { CIDv0: string }).CIDv0;
}

function sha256sum(path: string): string {
  return `0x${execFileSync("sha256sum", [path], { encoding: "utf8" }).split(" ")[0]}`;
}

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), "cairn-hash-test-"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe("hashFile, unixfs-v0-2015, against Kubo's CIDv0 (ipfs_cid)", () => {
  const sizes: [string, number][] = [
    ["0 B", 0],
    ["1 B", 1],
    ["256 KiB - 1", 256 * KiB - 1],
    ["256 KiB", 256 * KiB],
    ["256 KiB + 1", 256 * KiB + 1],
    ["10 MiB", 10 * MiB],
    ["100 MiB", 100 * MiB],
  ];

  before(() => {
    const probe = spawnSync("ipfs_cid", ["--help"], { stdio: "ignore" });
    if (probe.error) {
      throw new Error(
        "ipfs_cid not found: these tests compare CIDs with Kubo's, computed by Debian's ipfs-cid. Install it with `apt-get install ipfs-cid`.",
      );
    }
  });

  for (const [label, size] of sizes) {
    it(`gives the same CID as ipfs_cid and the same sha256 as sha256sum for ${label}`, async () => {
      const path = join(dir, `v0-${size}.bin`);
      writeFileSync(path, pseudoRandomBytes(size, size + 7));
      const result = await hashFile(path, { profile: "unixfs-v0-2015" });
      assert.equal(result.cid, ipfsCid(path));
      assert.equal(result.sha256, sha256sum(path));
      assert.equal(result.size, BigInt(size));
      assert.match(result.cid, /^Qm/);
    });
  }
});

describe("unixfs-v1-2025 against ipfs-unixfs-importer and Helia", () => {
  const cases: [string, number, { chunkSize?: number; maxLinks?: number }][] = [
    ["an empty file", 0, {}],
    ["1 byte", 1, {}],
    ["1 MiB - 1 (one chunk)", MiB - 1, {}],
    ["exactly 1 MiB", MiB, {}],
    ["1 MiB + 1 (two chunks)", MiB + 1, {}],
    ["5 MiB + 3", 5 * MiB + 3, {}],
    ["1025 chunks of 256 B (two levels at 1024 links)", 1025 * 256, { chunkSize: 256 }],
    ["exactly 1024 chunks of 256 B", 1024 * 256, { chunkSize: 256 }],
    ["three levels (4 links, 64 B chunks)", 64 * 4 * 4 * 4 + 1, { chunkSize: 64, maxLinks: 4 }],
    ["four full levels (3 links)", 10 * 3 ** 4, { chunkSize: 10, maxLinks: 3 }],
    ["odd chunk size across buffers (7 B, 5 links)", 12_345, { chunkSize: 7, maxLinks: 5 }],
  ];
  for (const profile of ["unixfs-v1-2025", "unixfs-v0-2015"] as const) {
    for (const [label, size, overrides] of cases) {
      it(`${profile}: ${label} gets the importer's CID from bytes, stream and file`, async () => {
        const bytes = pseudoRandomBytes(size, size + 11);
        const expected = await importerCid(bytes, profile, overrides);
        const fromBytes = await hashBytes(bytes, { profile, ...overrides });
        assert.equal(fromBytes.cid, expected);
        // uneven stream pieces, on the worker and on this thread
        const pieces = [...splitUneven(bytes)];
        for (const worker of [true, false]) {
          const fromStream = await hashStream(pieces, { profile, worker, ...overrides });
          assert.equal(fromStream.cid, expected, `hashStream worker=${worker}`);
          assert.equal(fromStream.sha256, fromBytes.sha256);
        }
        const path = join(dir, `${profile}-${size}-${overrides.chunkSize ?? 0}.bin`);
        writeFileSync(path, bytes);
        const fromFile = await hashFile(path, { profile, ...overrides });
        assert.equal(fromFile.cid, expected);
        assert.equal(fromFile.sha256, `0x${createHash("sha256").update(bytes).digest("hex")}`);
        if (profile === "unixfs-v1-2025")
          assert.match(fromFile.cid, size > MiB || overrides.chunkSize ? /^bafy/ : /^bafk/);
      });
    }
  }

  it("agrees with Helia's unixfs addBytes with the same options", async () => {
    // Helia's addBytes defaults to CIDv1 + raw leaves, so the options are spelled out (importerOptions).
    const fs = unixfs({ blockstore: new MemoryBlockstore() });
    for (const size of [0, 1, MiB, 3 * MiB + 5]) {
      const bytes = pseudoRandomBytes(size, size + 3);
      for (const profile of ["unixfs-v1-2025", "unixfs-v0-2015"] as const) {
        const helia = await fs.addBytes(bytes, importerOptions({ profile }));
        assert.equal((await hashBytes(bytes, { profile })).cid, helia.toString(), `${profile} ${size}`);
      }
      const small = await fs.addBytes(bytes, importerOptions({ chunkSize: 1000, maxLinks: 11 }));
      assert.equal((await hashBytes(bytes, { chunkSize: 1000, maxLinks: 11 })).cid, small.toString());
    }
    // With no options, Helia's default is the v1 profile's CID for a one-chunk file.
    const one = pseudoRandomBytes(1000, 1);
    assert.equal((await fs.addBytes(one)).toString(), (await hashBytes(one)).cid);
  });
});

describe("hashing behaviour", () => {
  it("defaults to unixfs-v1-2025 and returns sha256 as 0x hex and size as bigint", async () => {
    const result = await hashBytes(new TextEncoder().encode("hello\n"));
    assert.deepEqual(result, {
      sha256: "0x5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03",
      cid: "bafkreicysg23kiwv34eg2d7qweipxwosdo2py4ldv42nbauguluen5v6am",
      size: 6n,
    });
  });

  it("reports progress up to the file size, in order, with totalBytes", async () => {
    const size = 20 * MiB + 123;
    const path = join(dir, "progress.bin");
    writeFileSync(path, pseudoRandomBytes(size, 5));
    const seen: { bytes: number; totalBytes?: number | undefined }[] = [];
    await hashFile(path, { onProgress: (p) => seen.push(p) });
    assert.ok(seen.length > 2, `progress called ${seen.length} times`);
    for (let i = 1; i < seen.length; i++) assert.ok((seen[i]?.bytes as number) > (seen[i - 1]?.bytes as number));
    assert.deepEqual(seen.at(-1), { bytes: size, totalBytes: size });
  });

  it("reports progress for streams of unknown size, and once for an empty input", async () => {
    const seen: number[] = [];
    const bytes = pseudoRandomBytes(9 * MiB, 9);
    await hashStream(splitUneven(bytes), { onProgress: ({ bytes }) => seen.push(bytes) });
    assert.equal(seen.at(-1), bytes.length);
    const empty: number[] = [];
    await hashBytes(new Uint8Array(0), { onProgress: ({ bytes }) => empty.push(bytes) });
    assert.deepEqual(empty, [0]);
  });

  it("hashes a WHATWG ReadableStream and a Node read stream", async () => {
    const bytes = pseudoRandomBytes(3 * MiB + 1, 21);
    const path = join(dir, "stream.bin");
    writeFileSync(path, bytes);
    const expected = await hashBytes(bytes);
    const web = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const piece of splitUneven(bytes)) controller.enqueue(piece);
        controller.close();
      },
    });
    assert.deepEqual(await hashStream(web), expected);
    assert.deepEqual(await hashStream(createReadStream(path)), expected);
  });

  it("throws FileReadError for a missing file and for a directory", async () => {
    const missing = join(dir, "does-not-exist.bin");
    await assert.rejects(hashFile(missing), (error: unknown) => {
      assert.ok(error instanceof FileReadError);
      assert.equal(error.code, "ENOENT");
      assert.equal(error.path, missing);
      assert.match(error.shortMessage, /does not exist/);
      return true;
    });
    const sub = join(dir, "a-directory");
    mkdirSync(sub);
    await assert.rejects(hashFile(sub), (error: unknown) => error instanceof FileReadError && error.code === "EISDIR");
  });

  it("throws FileReadError when the file grows while it is hashed", async () => {
    const path = join(dir, "growing.bin");
    writeFileSync(path, pseudoRandomBytes(12 * MiB, 12));
    let grown = false;
    const grow = () => {
      if (!grown) appendFileSync(path, new Uint8Array(1000));
      grown = true;
    };
    await assert.rejects(hashFile(path, { onProgress: grow }), (error: unknown) => {
      assert.ok(error instanceof FileReadError, String(error));
      assert.ok(error.walk((e) => e instanceof ContentSizeMismatchError));
      assert.match(error.shortMessage, /changed size/);
      return true;
    });
    await assert.rejects(hashFile(join(path, "not-a-directory")), FileReadError);
  });

  it("computes the same CID with the portable sha256 used in browsers (@noble/hashes)", async () => {
    const bytes = pseudoRandomBytes(2 * MiB + 3, 8);
    for (const profile of ["unixfs-v1-2025", "unixfs-v0-2015"] as const) {
      const builder = new UnixfsDagBuilder(resolveCidProfile({ profile }), () => nobleSha256.create());
      for (const piece of splitUneven(bytes)) builder.update(piece);
      assert.equal(builder.finish().toString(), (await hashBytes(bytes, { profile })).cid);
    }
  });

  it("stops when aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(hashBytes(new Uint8Array(10), { signal: controller.signal }), { name: "AbortError" });
  });
});

/** Splits bytes into pieces of varying sizes (1 B to ~1.5 MiB) so chunk boundaries fall inside pieces. */
function* splitUneven(bytes: Uint8Array): Generator<Uint8Array> {
  const sizes = [1, 1000, 65_536, 3, 1_500_000, 262_144, 77];
  let offset = 0;
  for (let i = 0; offset < bytes.length; i++) {
    const n = sizes[i % sizes.length] as number;
    yield bytes.subarray(offset, offset + n);
    offset += n;
  }
}
