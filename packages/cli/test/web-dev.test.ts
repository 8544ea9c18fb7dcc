import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { firstPart, isLoopbackOrigin, MultipartError, profileOfQuery } from "../src/dev/kubo-add.js";

async function collect(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of source) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}

async function* pieces(body: Buffer, size: number) {
  for (let i = 0; i < body.length; i += size) yield body.subarray(i, i + size);
}

describe("cairn dev: the Kubo-RPC add subset for browsers", () => {
  const boundary = "----cairnBoundary7MA4YWxkTrZu0gW";
  // Content that contains what looks like a boundary, CRLFs and the boundary's prefix.
  const content = Buffer.concat([
    Buffer.from("line 1\r\n--not-the-boundary\r\n----cairnBoundary7MA4"),
    Buffer.from(Array.from({ length: 300 }, (_, i) => i % 256)),
  ]);
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="file"\r\n`),
    Buffer.from("Content-Type: application/octet-stream\r\n\r\n"),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);

  it("streams the first part's bytes exactly, however the body is cut into chunks", async () => {
    for (const size of [1, 2, 3, 7, 31, 64, 1000, body.length]) {
      assert.deepEqual(await collect(firstPart(pieces(body, size), boundary)), content, `chunks of ${size}`);
    }
  });

  it("refuses a body cut before its closing boundary, or with no part", async () => {
    await assert.rejects(collect(firstPart(pieces(body.subarray(0, body.length - 30), 16), boundary)), MultipartError);
    await assert.rejects(collect(firstPart(pieces(Buffer.from("no multipart here"), 4), boundary)), MultipartError);
  });

  it("maps Kubo add options to the SDK's CID profiles and refuses any other combination", () => {
    const q = (s: string) => new URLSearchParams(s);
    assert.equal(profileOfQuery(q("cid-version=1&raw-leaves=true&chunker=size-1048576")), "unixfs-v1-2025");
    assert.equal(profileOfQuery(q("cid-version=0&raw-leaves=false&chunker=size-262144")), "unixfs-v0-2015");
    assert.equal(profileOfQuery(q("")), "unixfs-v0-2015", "Kubo's defaults");
    assert.equal(profileOfQuery(q("profile=unixfs-v1-2025")), "unixfs-v1-2025");
    assert.equal(profileOfQuery(q("cid-version=1&chunker=size-262144")), undefined);
    assert.equal(profileOfQuery(q("cid-version=1&raw-leaves=false&chunker=size-1048576")), undefined);
  });

  it("lets only pages served from this machine store content", () => {
    for (const ok of [undefined, "http://127.0.0.1:5173", "http://localhost:8090", "http://[::1]:3000"])
      assert.equal(isLoopbackOrigin(ok), true, String(ok));
    for (const bad of ["https://evil.example", "http://127.0.0.1.evil.example", "null", "file://"])
      assert.equal(isLoopbackOrigin(bad), false, bad);
  });
});
