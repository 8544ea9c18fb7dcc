// The lists' rows kept by revision (src/api/row-cache.ts): a page is made from memory only when every one of its
// rows is there at the revision the database named.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createRowCache, type RowCache } from "../src/api/row-cache.js";

/** Keeps rows given as JSON text (the cache keeps their UTF-8 bytes). */
const keep = (rows: RowCache, positions: string[], revisions: string[], objects: string[]) =>
  rows.keep(
    positions,
    revisions,
    objects.map((o) => Buffer.from(o)),
  );
/** The rows' JSON objects as text joined by commas, or null (positions and revisions asked as the database answers
 *  them: joined by commas). */
const page = (rows: RowCache, positions: string[], revisions: string[]) =>
  rows.items(positions.join(","), revisions.join(","))?.map(String).join(",") ?? null;

test("makes a page only from rows kept at the revisions asked", () => {
  const rows = createRowCache({ maxBytes: 1_000 });
  assert.equal(page(rows, ["1", "2"], ["7", "8"]), null, "nothing kept yet");
  keep(rows, ["1", "2"], ["7", "8"], ['{"a":1}', '{"b":2}']);
  assert.equal(page(rows, ["1", "2"], ["7", "8"]), '{"a":1},{"b":2}');
  assert.equal(page(rows, ["2"], ["8"]), '{"b":2}');
  assert.equal(page(rows, ["1", "2"], ["7", "9"]), null, "row 2 was written again since");
  assert.equal(page(rows, ["1", "3"], ["7", "1"]), null, "row 3 was never kept");
  keep(rows, ["2"], ["9"], ['{"b":3}']);
  assert.equal(page(rows, ["1", "2"], ["7", "9"]), '{"a":1},{"b":3}');
  assert.equal(page(rows, ["2"], ["8"]), null, "the older revision is gone");
  assert.deepEqual(rows.stats(), { rows: 2, bytes: 14, hits: 3, misses: 4 });
});

test("starts over when full, and refuses rows and revisions that do not pair up", () => {
  const rows = createRowCache({ maxBytes: 20 });
  keep(rows, ["1", "2"], ["1", "1"], ["x".repeat(8), "y".repeat(8)]);
  keep(rows, ["3"], ["1"], ["z".repeat(8)]);
  assert.equal(page(rows, ["1"], ["1"]), null, "dropped when the third row would pass 20 bytes");
  assert.equal(page(rows, ["3"], ["1"]), "z".repeat(8));
  keep(rows, ["4"], ["1"], ["w".repeat(21)]);
  assert.equal(page(rows, ["4"], ["1"]), null, "a row larger than the whole cache is not kept");
  assert.equal(rows.stats().bytes, 0);
  assert.throws(() => keep(rows, ["1", "2"], ["1"], ["a", "b"]), /2 positions, 1 revisions, 2 objects/);
});

test("asks for revisions first only while recent pages were mostly found", () => {
  const rows = createRowCache({ maxBytes: 1_000 });
  assert.equal(rows.worthAsking(), false, "a cold cache: pages are read with their JSON at once");
  keep(rows, ["1"], ["1"], ["{}"]);
  let pages = 0;
  for (let i = 0; i < 100; i++) {
    assert.equal(rows.has("1", "1"), true);
    if (!rows.worthAsking()) pages = i + 1;
  }
  assert.ok(rows.worthAsking());
  assert.ok(pages > 5 && pages < 30, `worth asking after ${pages + 1} pages found`);
  let missed = 0;
  while (rows.worthAsking() && missed < 100) {
    assert.equal(rows.has("2", "1"), false);
    missed++;
  }
  assert.ok(missed > 2 && missed < 30, `not worth asking after ${missed} pages missed`);
});

test("tells apart positions past a double's exact integers, and revisions that only begin alike", () => {
  const rows = createRowCache({ maxBytes: 1_000 });
  // Both are the same double (2^63 - 1 and 2^63 - 2): kept under their texts, not their numbers.
  keep(rows, ["9223372036854775807", "9223372036854775806"], ["1", "2"], ['{"a":1}', '{"b":2}']);
  assert.equal(page(rows, ["9223372036854775806"], ["2"]), '{"b":2}');
  assert.equal(page(rows, ["9223372036854775807", "9223372036854775806"], ["1", "2"]), '{"a":1},{"b":2}');
  keep(rows, ["123456789012345"], ["-42"], ['{"c":3}']);
  assert.equal(page(rows, ["123456789012345"], ["-42"]), '{"c":3}');
  assert.equal(page(rows, ["123456789012345"], ["-421"]), null, "a revision the kept one only begins");
  assert.equal(page(rows, ["123456789012345"], ["-4"]), null, "a revision that only begins the kept one");
  assert.equal(rows.items("123456789012345", "-42,7"), null, "more revisions than positions");
  assert.equal(rows.items("123456789012345,9223372036854775806", "-42"), null, "more positions than revisions");
});
