import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checksummed, literal } from "../src/api/sql-text.js";

describe("the REST reads' SQL text helpers", () => {
  it("writes values as literals: strings quoted with their quotes doubled, integers as they are", () => {
    assert.equal(literal("it's'; DROP TABLE t; --"), "'it''s''; DROP TABLE t; --'");
    assert.equal(literal(123n), "123");
    assert.equal(literal(101), "101");
    assert.equal(literal(null), "NULL");
    assert.throws(() => literal("a\\b"), /backslash/);
    assert.throws(() => literal(Number.NaN));
    assert.throws(() => literal({}));
    assert.throws(() => literal("a\0b"));
  });

  it("writes an array as the text of an array literal, its elements double-quoted", () => {
    assert.equal(literal(["1", 2n, "0xab", "it's"]), `'{"1","2","0xab","it''s"}'`);
    assert.equal(literal([]), "'{}'");
    assert.throws(() => literal(['a"b']), /array literal/);
    assert.throws(() => literal(["a\\b"]), /backslash/);
    assert.throws(() => literal([{}]), /array literal/);
  });

  it("checksums the contributor, owner and curator addresses, and nothing in a string value", () => {
    const lower = "0x90f79bf6eb2c4f870365e785982e1f101e93b906";
    const text = JSON.stringify({
      contributor: lower,
      owner: lower,
      cid: `"owner":"${lower}"`,
      transactionHash: `0x${"ab".repeat(32)}`,
      reviews: [{ curator: lower }],
      coowner: lower,
      note: `x","owner":"${lower}`,
    });
    const out = JSON.parse(checksummed(text));
    const sum = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
    assert.equal(out.contributor, sum);
    assert.equal(out.owner, sum);
    assert.equal(out.reviews[0].curator, sum);
    assert.equal(out.cid, `"owner":"${lower}"`);
    assert.equal(out.transactionHash, `0x${"ab".repeat(32)}`);
    assert.equal(out.coowner, lower);
    assert.equal(out.note, `x","owner":"${lower}`);
  });

  it("leaves a value that is not 40 lowercase hex digits as it is", () => {
    const text = '{"owner":"0x90F79bf6EB2c4f870365E785982E1f101E93b906","curator":"0x1234","contributor":"0xzz"}';
    assert.equal(checksummed(text), text);
    assert.equal(checksummed("[]"), "[]");
  });
});
