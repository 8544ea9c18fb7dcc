import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checksummed, inlined, literal } from "../src/api/sql-text.js";

describe("the REST reads' SQL text helpers", () => {
  it("inlines values as literals: strings quoted with their quotes doubled, integers as they are", () => {
    assert.equal(
      inlined(`SELECT 1 FROM t WHERE a = $1 AND b > $2 AND c = $3 LIMIT $10`, [
        "0xab",
        123n,
        "it's'; DROP TABLE t; --",
        0,
        0,
        0,
        0,
        0,
        0,
        101,
      ]),
      `SELECT 1 FROM t WHERE a = '0xab' AND b > 123 AND c = 'it''s''; DROP TABLE t; --' LIMIT 101`,
    );
    // A value that looks like a placeholder is not replaced again.
    assert.equal(inlined("a = $1 AND b = $2", ["$2", 7]), "a = '$2' AND b = 7");
    assert.equal(literal(null), "NULL");
    assert.equal(literal("a\\b"), "'a\\b'");
    assert.throws(() => literal(Number.NaN));
    assert.throws(() => literal({}));
    assert.throws(() => literal("a\0b"));
    assert.throws(() => inlined("a = $2", [1]));
  });

  it("checksums the contributor, owner and curator addresses, and nothing in a string value", () => {
    const lower = "0x90f79bf6eb2c4f870365e785982e1f101e93b906";
    const text = JSON.stringify({
      contributor: lower,
      owner: lower,
      cid: `"owner":"${lower}"`,
      transactionHash: `0x${"ab".repeat(32)}`,
      reviews: [{ curator: lower }],
    });
    const out = JSON.parse(checksummed(text));
    const sum = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
    assert.equal(out.contributor, sum);
    assert.equal(out.owner, sum);
    assert.equal(out.reviews[0].curator, sum);
    assert.equal(out.cid, `"owner":"${lower}"`);
    assert.equal(out.transactionHash, `0x${"ab".repeat(32)}`);
  });
});
