// JSON answers as UTF-8 bytes (src/api/json-bytes.ts): pieces already encoded, assembled with one copy.
import assert from "node:assert/strict";
import { test } from "node:test";
import { arrayParts, jsonBytes, ownBytes } from "../src/api/json-bytes.js";

test("assembles a JSON array of encoded elements with strings around it", () => {
  const rows = ['{"name":"café"}', '{"n":1}', "null"].map((row) => Buffer.from(row));
  const page = jsonBytes(['{"items":', ...arrayParts(rows), ',"none":', ...arrayParts([]), "}"]);
  assert.deepEqual(JSON.parse(page.toString()), { items: [{ name: "café" }, { n: 1 }, null], none: [] });
  assert.equal(jsonBytes(arrayParts([Buffer.from("7")])).toString(), "[7]");
});

test("keeps a row's bytes in memory of its own, never a slice of a shared pool", () => {
  const pooled = Buffer.from('{"a":1}');
  assert.ok(pooled.buffer.byteLength > pooled.byteLength, "Buffer.from of a short string is a view of its pool");
  const own = ownBytes('{"a":"ü"}');
  assert.equal(own.toString(), '{"a":"ü"}');
  assert.equal(own.byteLength, 10);
  assert.equal(own.buffer.byteLength, own.byteLength, "the whole of its memory");
});
