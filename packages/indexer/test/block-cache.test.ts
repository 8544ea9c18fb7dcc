import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type BlockCache, createBlockCache, RawJson } from "../src/api/block-cache.js";
import { arrayParts } from "../src/api/json-bytes.js";

/** An answer's bytes, read as text. */
const answerText = (cache: BlockCache, key: string, compute: () => Promise<unknown>) =>
  cache.answer(key, compute).then(String);

describe("the REST answers' per-block cache", () => {
  it("computes a page once per indexed block, shares it between concurrent requests, and forgets it on the next block", async () => {
    let checkpoint = "a";
    let reads = 0;
    const cache = createBlockCache(async () => {
      reads++;
      return checkpoint;
    });
    let computed = 0;
    const compute = async () => {
      computed++;
      await new Promise((r) => setTimeout(r, 10));
      return { at: checkpoint, n: 1n };
    };
    const first = await Promise.all(Array.from({ length: 50 }, () => answerText(cache, "/v1/x", compute)));
    assert.equal(computed, 1);
    assert.ok(reads < 50, `${reads} checkpoint reads for 50 concurrent requests`);
    assert.deepEqual(new Set(first), new Set(['{"at":"a","n":"1"}']));
    assert.equal(await answerText(cache, "/v1/x", compute), first[0]);
    assert.equal(computed, 1);
    checkpoint = "b";
    assert.equal(await answerText(cache, "/v1/x", compute), '{"at":"b","n":"1"}');
    assert.equal(computed, 2);
    // /healthz reports a newer checkpoint: nothing older is served after it.
    cache.observe("c");
    checkpoint = "c";
    assert.equal(await answerText(cache, "/v1/x", compute), '{"at":"c","n":"1"}');
  });

  it("reads the checkpoint at most every maxAgeMs, and never serves older than what /healthz reported", async () => {
    let checkpoint = "a";
    let reads = 0;
    const cache = createBlockCache(
      async () => {
        reads++;
        return checkpoint;
      },
      { maxAgeMs: 60_000 },
    );
    const compute = async () => ({ at: checkpoint });
    assert.equal(await answerText(cache, "/v1/z", compute), '{"at":"a"}');
    checkpoint = "b";
    assert.equal(await answerText(cache, "/v1/z", compute), '{"at":"a"}', "within maxAgeMs: the block read before");
    assert.equal(reads, 1);
    cache.observe("b");
    assert.equal(await answerText(cache, "/v1/z", compute), '{"at":"b"}');
  });

  it("past half maxAgeMs, reads the next checkpoint in the background and answers at the current one meanwhile", async () => {
    let checkpoint = "a";
    let release: () => void = () => {};
    let reads = 0;
    const cache = createBlockCache(
      async () => {
        reads++;
        const at = checkpoint;
        if (reads > 1) await new Promise<void>((r) => (release = r));
        return at;
      },
      { maxAgeMs: 40 },
    );
    const compute = async () => ({ at: checkpoint });
    assert.equal(await answerText(cache, "/v1/w", compute), '{"at":"a"}');
    checkpoint = "b";
    await new Promise((r) => setTimeout(r, 25));
    // The read of "b" is held: this request does not wait for it.
    assert.equal(await answerText(cache, "/v1/w", compute), '{"at":"a"}');
    assert.equal(reads, 2);
    release();
    await new Promise((r) => setTimeout(r, 0));
    assert.equal(await answerText(cache, "/v1/w", compute), '{"at":"b"}');
    // Past maxAgeMs, a request waits for the read.
    checkpoint = "c";
    await new Promise((r) => setTimeout(r, 45));
    const waiting = answerText(cache, "/v1/w", compute);
    await new Promise((r) => setTimeout(r, 5));
    release();
    assert.equal(await waiting, '{"at":"c"}');
  });

  it("does not keep a failed answer", async () => {
    const cache = createBlockCache(async () => "a");
    await assert.rejects(
      answerText(cache, "/v1/y", () => Promise.reject(new Error("boom"))),
      /boom/,
    );
    assert.equal(await answerText(cache, "/v1/y", async () => ({ ok: true })), '{"ok":true}');
  });

  it("answers UTF-8 bytes: a RawJson assembled from pieces already encoded is sent as the JSON it spells", async () => {
    const cache = createBlockCache(async () => "a");
    const rows = [Buffer.from('{"name":"café"}'), Buffer.from("2")];
    const page = async () => RawJson.of(['{"items":', ...arrayParts(rows), ',"empty":', ...arrayParts([]), "}"]);
    const body = await cache.answer("/v1/p", page);
    assert.ok(Buffer.isBuffer(body));
    assert.deepEqual(JSON.parse(body.toString()), { items: [{ name: "café" }, 2], empty: [] });
    assert.equal(body.byteLength, Buffer.byteLength('{"items":[{"name":"café"},2],"empty":[]}'));
    assert.equal(await cache.answer("/v1/p", page), body, "the kept bytes themselves, not a copy");
    assert.equal(String(await cache.answer("/v1/s", async () => RawJson.text('{"raw":"ü"}'))), '{"raw":"ü"}');
  });

  it("drops what it keeps past its size limit", async () => {
    const cache = createBlockCache(async () => "a", { maxBytes: 100 });
    let computed = 0;
    const big = async () => ({ text: "x".repeat(80), n: ++computed });
    await answerText(cache, "/1", big);
    await answerText(cache, "/2", big);
    await answerText(cache, "/1", big);
    assert.equal(computed, 3, "the first answer was dropped when the second passed the limit");
  });
});
