// Answers kept per indexed block. Until Ponder commits the next block, a page asked again is answered from memory,
// and clients asking for the same page at the same time share one database query. Each request first learns the
// indexed checkpoint: read at most every `maxAgeMs` (one query shared by the requests that arrive together; on
// PGlite a read waits for the indexing transaction in progress), and /healthz reports each one it reads, so no
// answer is older than the block indexed `maxAgeMs` before it was asked, nor than what /healthz last reported.
// A checkpoint counts from when its read started. Once it is half `maxAgeMs` old, the next request starts reading
// the next one in the background and is answered at the current one: under load, requests do not all wait every
// `maxAgeMs` for a read queued behind the pages being computed (on PostgreSQL, behind the read pool's other queries:
// 20-80 ms every 100 ms under the bench's 50 clients).
//
// Limit: Ponder reverts a reorg's rows before it writes the checkpoint of the new branch's block; if that block
// has the very same number and timestamp as the one it replaces, the answers of the old one are served until the
// next block is indexed. The indexer is never an authority: clients check what matters against the chain.

import type { AnswerArena } from "./answer-arena.js";
import { type Bytes, type JsonPart, jsonBytes } from "./json-bytes.js";

export type BlockCache = {
  /** The JSON for `key` at the current checkpoint, as UTF-8 bytes: from memory, or from `compute` (shared while
   *  running); `compute` may answer a RawJson, kept as it is. With an arena, the bytes are the caller's only while
   *  a lease it took before asking is open. */
  answer(key: string, compute: () => Promise<unknown>): Promise<Bytes>;
  /** Tells the cache the checkpoint read elsewhere (e.g. by /healthz), so that it is never behind it. */
  observe(checkpoint: string | null): void;
  /** A response that will hold answers begins: the function returned is called once it is done with them (sent or
   *  abandoned). With an arena (./answer-arena.ts), the memory of answers dropped is written over only then. */
  lease(): () => void;
};

/** An answer already serialized (e.g. JSON the database built, a page assembled from kept rows): kept and sent as
 *  it is, not stringified again. */
export class RawJson {
  private constructor(readonly parts: readonly JsonPart[]) {}
  /** JSON text (or its bytes) as it is. */
  static text(json: JsonPart): RawJson {
    return new RawJson([json]);
  }
  /** JSON assembled from pieces (./json-bytes.ts), copied together once, where the answer is kept. */
  static of(parts: readonly JsonPart[]): RawJson {
    return new RawJson(parts);
  }
}

const stringify = (value: unknown) => JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v));
/** An answer's pieces: a RawJson's, or the value's JSON text. */
const partsOf = (value: unknown): readonly JsonPart[] => (value instanceof RawJson ? value.parts : [stringify(value)]);
const noLease = () => () => {};

export function createBlockCache(
  readCheckpoint: () => Promise<string | null>,
  {
    maxBytes = 32 * 1024 * 1024,
    maxAgeMs = 0,
    arena,
  }: {
    maxBytes?: number;
    maxAgeMs?: number;
    /** Where answers' bytes are written (./answer-arena.ts); without one, each answer has memory of its own. */
    arena?: AnswerArena;
  } = {},
): BlockCache {
  let checkpoint: string | null = null;
  let readAt = Number.NEGATIVE_INFINITY;
  let entries = new Map<string, Promise<Bytes>>();
  let bytes = 0;
  let reading: Promise<string | null> | undefined;

  /** An answer's bytes: kept outside the JavaScript heap, and written to the socket with no encoding. */
  const write = arena?.write ?? jsonBytes;
  const bytesOf = (value: unknown): Bytes => write(partsOf(value));

  /** Drops the answers kept: their memory is the arena's to write over once the responses holding them are done. */
  function drop() {
    entries = new Map();
    bytes = 0;
    arena?.retire();
  }

  function observe(next: string | null) {
    if (next === checkpoint) return;
    checkpoint = next;
    drop();
  }

  /** Reads the checkpoint (one read at a time); the newest read started wins. */
  function refresh(): Promise<string | null> {
    if (reading) return reading;
    const startedAt = performance.now();
    reading = readCheckpoint()
      .then((read) => {
        if (startedAt >= readAt) {
          readAt = startedAt;
          observe(read);
        }
        return read;
      })
      .finally(() => {
        reading = undefined;
      });
    return reading;
  }

  async function current(): Promise<string | null> {
    const age = performance.now() - readAt;
    if (age >= maxAgeMs) return refresh();
    // A failed read in the background costs nothing: the next request past maxAgeMs reads (and fails) in the open.
    if (age >= maxAgeMs / 2) refresh().catch(() => {});
    return checkpoint;
  }

  return {
    observe,
    lease: arena ? arena.lease : noLease,
    async answer(key, compute) {
      const at = await current();
      const found = entries.get(key);
      if (found) return found;
      const mine = entries;
      const pending = compute().then(bytesOf);
      mine.set(key, pending);
      try {
        const body = await pending;
        if (at === checkpoint && mine === entries) {
          bytes += body.byteLength;
          if (bytes > maxBytes) drop();
        }
        return body;
      } catch (error) {
        mine.delete(key);
        throw error;
      }
    },
  };
}
