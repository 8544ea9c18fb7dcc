import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createAnswerArena } from "../src/api/answer-arena.js";
import { createBlockCache, RawJson } from "../src/api/block-cache.js";
import { arrayParts, jsonBytes } from "../src/api/json-bytes.js";

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString();

describe("the answers' arena", () => {
  it("writes an answer's pieces as the same bytes as a buffer of its own, answers one after another in one chunk", () => {
    const arena = createAnswerArena({ chunkBytes: 1024 });
    const parts = ['{"items":', ...arrayParts([Buffer.from('{"name":"café"}'), Buffer.from("2")]), "}"];
    const first = arena.write(parts);
    const second = arena.write(['{"n":', "1", "}"]);
    assert.deepEqual(first, jsonBytes(parts));
    assert.equal(text(second), '{"n":1}');
    assert.equal(first.buffer, second.buffer, "one chunk");
    assert.equal(second.byteOffset, first.byteOffset + first.byteLength, "the second after the first, not over it");
    assert.equal(text(first), '{"items":[{"name":"café"},2]}');
    assert.deepEqual(arena.stats(), { chunks: 1, free: 0, retired: 0, leases: 0 });
  });

  it("writes over a retired chunk only once every lease taken before it was retired is released", () => {
    const arena = createAnswerArena({ chunkBytes: 64 });
    const sending = arena.lease();
    const old = arena.write(["a".repeat(30)]);
    arena.retire();
    // A response that began after the retirement does not hold the old answers back.
    const later = arena.lease();
    const next = arena.write(["b".repeat(30)]);
    assert.notEqual(next.buffer, old.buffer, "the retired chunk is still being sent: a new one");
    assert.equal(text(old), "a".repeat(30));
    assert.equal(arena.stats().retired, 1);
    sending();
    sending(); // a second call changes nothing
    assert.deepEqual(arena.stats(), { chunks: 2, free: 1, retired: 0, leases: 1 });
    arena.retire();
    const reused = arena.write(["c".repeat(30)]);
    assert.equal(reused.buffer, old.buffer, "the first chunk, written over");
    assert.equal(text(old), "c".repeat(30));
    assert.equal(text(next), "b".repeat(30), "the chunk of the open lease's generation is not");
    later();
    assert.equal(arena.stats().leases, 0);
  });

  it("gives memory of its own to an answer larger than half a chunk, and to any once every chunk is in use", () => {
    const arena = createAnswerArena({ chunkBytes: 64, maxChunks: 1 });
    const big = arena.write(["x".repeat(33)]);
    assert.equal(text(big), "x".repeat(33));
    assert.equal(arena.stats().chunks, 0, "no chunk for it");
    arena.lease();
    const inChunk = arena.write(["y".repeat(32)]);
    arena.retire();
    const own = arena.write(["z".repeat(32)]);
    assert.notEqual(own.buffer, inChunk.buffer, "the one chunk waits for its lease: memory of its own");
    assert.equal(arena.stats().chunks, 1);
    assert.equal(text(own), "z".repeat(32));
    assert.equal(text(inChunk), "y".repeat(32));
  });
});

describe("the block cache with an arena", () => {
  it("keeps an answer of a block left behind intact until its response's lease is released", async () => {
    let checkpoint = "a";
    const arena = createAnswerArena({ chunkBytes: 64 });
    const cache = createBlockCache(async () => checkpoint, { arena });
    const release = cache.lease();
    const answer = await cache.answer("/v1/p", async () => RawJson.of(['"', "a".repeat(20), '"']));
    checkpoint = "b";
    cache.observe("b");
    const other = cache.lease();
    const next = await cache.answer("/v1/p", async () => RawJson.of(['"', "b".repeat(20), '"']));
    assert.equal(text(answer), `"${"a".repeat(20)}"`);
    assert.notEqual(next.buffer, answer.buffer);
    release();
    other();
    cache.observe("c");
    const third = await cache.answer("/v1/p", async () => ({ n: 1n }));
    assert.ok([answer.buffer, next.buffer].includes(third.buffer), "once released, a chunk is written over");
    assert.equal(arena.stats().chunks, 2, "no third chunk");
    assert.equal(text(third), '{"n":"1"}');
  });
});

describe("cached routes over HTTP with an arena", () => {
  it("answers every request its own block's bytes while blocks move and slow clients still read the ones before", async () => {
    const { createServer } = await import("node:http");
    const { getRequestListener } = await import("@hono/node-server");
    const { Hono } = await import("hono");
    const { cachedRoute } = await import("../src/api/cached-route.js");
    let block = 0;
    // Small chunks, so that they are retired and written over many times in the run.
    const arena = createAnswerArena({ chunkBytes: 256 * 1024, maxChunks: 6 });
    const cache = createBlockCache(async () => String(block), { arena });
    const app = new Hono();
    // Each answer says which key and block it was computed for, and fills 60 KB with both: bytes written over by
    // another answer cannot spell a consistent one.
    app.get(
      "/v1/:key",
      cachedRoute(cache)(async (c) => {
        const tag = `${c.req.param("key")}@${block};`;
        return RawJson.of([`{"tag":"${tag}","fill":"`, tag.repeat(Math.ceil(60_000 / tag.length)), '"}']);
      }),
    );
    const server = createServer(getRequestListener(app.fetch, { overrideGlobalObjects: false }));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as { port: number };
    const { request, Agent } = await import("node:http");
    const agent = new Agent({ keepAlive: true, maxSockets: 20 });
    const get = (key: number, slow: boolean) =>
      new Promise<string>((resolve, reject) => {
        request({ host: "127.0.0.1", port, path: `/v1/k${key}`, agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (d: Buffer) => {
            chunks.push(d);
            // A slow client: stops reading for a while after each chunk, so the server's writes wait for it.
            if (slow) {
              res.pause();
              setTimeout(() => res.resume(), 3);
            }
          });
          res.on("end", () => resolve(Buffer.concat(chunks).toString()));
          res.on("error", reject);
        })
          .on("error", reject)
          .end();
      });
    const mover = setInterval(() => {
      block++;
    }, 5);
    try {
      const answers = await Promise.all(Array.from({ length: 400 }, (_, i) => get(i % 7, i % 2 === 0)));
      for (const answer of answers) {
        const { tag, fill } = JSON.parse(answer) as { tag: string; fill: string };
        assert.match(tag, /^k\d@\d+;$/);
        assert.equal(fill, tag.repeat(Math.ceil(60_000 / tag.length)));
      }
      assert.ok(block > 5, `the block moved ${block} times`);
      assert.ok(arena.stats().chunks <= 6);
    } finally {
      clearInterval(mover);
      agent.destroy();
      await new Promise((r) => server.close(r));
    }
    // Every response closed: no lease is left open.
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(arena.stats().leases, 0);
  });
});
