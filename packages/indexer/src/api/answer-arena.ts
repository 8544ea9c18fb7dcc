// The REST answers' bytes, written into memory allocated once and written over again, not into a new buffer each.
//
// Each answer the block cache keeps (./block-cache.ts; a list's page is ~47 KB) was a buffer of its own: memory
// outside the JavaScript heap that V8 counts as "external". The cache keeps its answers for a whole indexed block, so
// they outlived two scavenges and were promoted; once the block moved they were garbage that only a mark-compact
// frees. Every ~64 MB of such garbage V8 started one for "external memory pressure" (its old generation was at ~155
// MB of a 270-620 MB limit): under the bench's 50 clients, one every two or three thousand pages, a 10-19 ms pause
// and 50-60 ms of marking on the API thread with the helpers' threads busy on the same 2 cores. The rounds of 1,000
// list requests it fell in had p99s of 45-137 ms (five of six over 60), the others 17-49 ms (README, "The answers in
// an arena").
//
// Here answers are copied into chunks (`chunkBytes`, 2 MB) allocated once and kept. When the cache drops its answers
// (`retire`: a new block, or its size limit), the chunks they were written to are written over only once every
// response that may still be sending them is done: a response takes a lease before it asks the cache and releases
// it when Node's response closes (./cached-route.ts), and a retired chunk is reused once no lease taken before its
// retirement is open. A response that began later cannot hold its bytes: the cache it asked no longer had them.
// Answers larger than half a chunk, and any answer once `maxChunks` are all in use (a client that never reads holds
// its lease, and with it every chunk retired since), get memory of their own, as before.

import { type Bytes, type JsonPart, jsonBytes } from "./json-bytes.js";

export type AnswerArena = {
  /** A response that may hold answers begins; the function returned is called once it is done with them (sent or
   *  abandoned). Calling it again does nothing. */
  lease(): () => void;
  /** The pieces' bytes in one buffer: in a chunk when they fit, else memory of their own. */
  write(parts: readonly JsonPart[]): Bytes;
  /** What was written so far will not be handed out again: its chunks are written over once every lease open now
   *  is released. */
  retire(): void;
  /** Chunks allocated, free, held by retired answers; leases open. */
  stats(): { chunks: number; free: number; retired: number; leases: number };
};

export function createAnswerArena({
  chunkBytes = 2 * 1024 * 1024,
  // Three times the block cache's 32 MB: the answers of this block, and of the two before while slow clients finish.
  maxChunks = 48,
}: {
  chunkBytes?: number;
  maxChunks?: number;
} = {}): AnswerArena {
  /** Leases open, by the generation they were taken in (a generation ends at each `retire`). */
  const open = new Map<number, number>();
  let generation = 0;
  /** The chunks written in each retired generation, oldest first: reused once no lease of theirs or older is open. */
  const retired: Array<{ generation: number; chunks: Bytes[] }> = [];
  const free: Bytes[] = [];
  let allocated = 0;
  /** This generation's chunks; the last one is written to, from `offset`. */
  let writing: Bytes[] = [];
  let offset = 0;

  function reclaim() {
    let oldest = Number.POSITIVE_INFINITY;
    for (const g of open.keys()) if (g < oldest) oldest = g;
    while (retired.length > 0 && (retired[0] as { generation: number }).generation < oldest)
      free.push(...(retired.shift() as { chunks: Bytes[] }).chunks);
  }

  /** A chunk to write to next, or undefined when all `maxChunks` are in use. */
  function nextChunk(): Bytes | undefined {
    reclaim();
    let chunk = free.pop();
    if (!chunk && allocated < maxChunks) {
      allocated++;
      chunk = Buffer.allocUnsafeSlow(chunkBytes);
    }
    if (chunk) {
      writing.push(chunk);
      offset = 0;
    }
    return chunk;
  }

  return {
    lease() {
      const taken = generation;
      open.set(taken, (open.get(taken) ?? 0) + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (open.get(taken) ?? 1) - 1;
        if (left > 0) open.set(taken, left);
        else {
          open.delete(taken);
          reclaim();
        }
      };
    },
    write(parts) {
      let size = 0;
      for (const part of parts) size += typeof part === "string" ? Buffer.byteLength(part) : part.byteLength;
      if (size > chunkBytes / 2) return jsonBytes(parts);
      let chunk = writing.at(-1);
      if (!chunk || offset + size > chunk.byteLength) chunk = nextChunk();
      if (!chunk) return jsonBytes(parts);
      const out = chunk.subarray(offset, offset + size);
      let at = 0;
      for (const part of parts) {
        if (typeof part === "string") at += out.write(part, at);
        else {
          out.set(part, at);
          at += part.byteLength;
        }
      }
      offset += size;
      return out;
    },
    retire() {
      if (writing.length > 0) retired.push({ generation, chunks: writing });
      writing = [];
      offset = 0;
      generation++;
      reclaim();
    },
    stats() {
      let leases = 0;
      for (const n of open.values()) leases += n;
      return {
        chunks: allocated,
        free: free.length,
        retired: retired.reduce((n, r) => n + r.chunks.length, 0),
        leases,
      };
    },
  };
}
