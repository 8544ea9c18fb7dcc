// A contribution row's revision (lib/revision.ts): what the REST lists keep each row's JSON by, so two different
// contents of a row must never share one.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { bytesToHex } from "viem";
import { revisionOf } from "../lib/revision.js";

const event = (hash: `0x${string}`, logIndex: number) => ({ block: { hash }, log: { logIndex } });

test("the same event gives the same revision; another log, or another block of the same number, another one", () => {
  const hash = bytesToHex(randomBytes(32));
  assert.equal(revisionOf(event(hash, 7)), revisionOf(event(hash, 7)));
  const seen = new Set<bigint>();
  // 200 blocks (the hashes a reorg would give a height, say) × 50 logs each: all distinct.
  for (let b = 0; b < 200; b++) {
    const block = bytesToHex(randomBytes(32));
    for (let i = 0; i < 50; i++) seen.add(revisionOf(event(block, i)));
  }
  assert.equal(seen.size, 200 * 50);
});

test("fits the int8 column, whatever the hash", () => {
  for (const hash of [`0x${"ff".repeat(32)}`, `0x${"00".repeat(32)}`, `0x80${"00".repeat(31)}`] as const)
    for (const logIndex of [0, 1, 65_535]) {
      const r = revisionOf(event(hash, logIndex));
      assert.ok(r >= -(2n ** 63n) && r < 2n ** 63n, `${hash}/${logIndex}: ${r}`);
    }
});

test("every handler that writes a contribution row writes its revision", () => {
  const source = readFileSync(new URL("../src/registry.ts", import.meta.url), "utf8");
  // Each `insert(contribution)` and `update(contribution, …)` statement, up to the end of its statement.
  const writes = [...source.matchAll(/\.(insert|update)\(contribution\b[\s\S]*?\);\n/g)].map((m) => m[0]);
  assert.ok(writes.length >= 9, `found ${writes.length} writes of contribution rows`);
  for (const write of writes) assert.match(write, /revision: revisionOf\(event\)/, write);
});
