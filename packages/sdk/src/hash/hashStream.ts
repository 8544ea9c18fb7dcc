import { startHashRun } from "./engine.js";
import type { ContentHash, HashOptions } from "./types.js";

/** Parameters of {@link hashStream}. */
export type HashStreamOptions = HashOptions & {
  /** Total size, if known: used for progress and to decide whether a worker thread pays off. */
  totalBytes?: number | undefined;
};
/** Return type of {@link hashStream}. */
export type HashStreamReturnType = ContentHash;

/** A source of bytes: an async (or sync) iterable of chunks, or a WHATWG `ReadableStream`. */
export type ByteSource = AsyncIterable<Uint8Array> | Iterable<Uint8Array> | ReadableStream<Uint8Array>;

/**
 * Hashes a stream of bytes in one pass with bounded memory: sha256 of the raw bytes and
 * the IPFS CID under a profile (same CID as `ipfs add`). Works in Node and browsers.
 *
 * @example
 * ```ts
 * import { createReadStream } from "node:fs";
 * import { hashStream } from "@cairn/sdk";
 * const { sha256, cid, size } = await hashStream(createReadStream("data.jsonl"), {
 *   onProgress: ({ bytes }) => console.log(bytes),
 * });
 * const fromFetch = await hashStream((await fetch(url)).body!);
 * ```
 */
export async function hashStream(source: ByteSource, options: HashStreamOptions = {}): Promise<HashStreamReturnType> {
  const run = await startHashRun(options);
  try {
    for await (const chunk of toAsyncIterable(source)) await run.write(chunk);
    return await run.finish();
  } catch (error) {
    run.abort();
    throw error;
  }
}

/**
 * Iterates a {@link ByteSource} (including `ReadableStream`s that are not async-iterable, as in Safari).
 *
 * @example
 * ```ts
 * for await (const chunk of toAsyncIterable(response.body!)) consume(chunk);
 * ```
 */
export async function* toAsyncIterable(source: ByteSource): AsyncGenerator<Uint8Array> {
  // Node's (and lib.dom's newer) ReadableStream type is async-iterable, so narrowing on the symbol would
  // leave `never`: test it on the value.
  if (isReadableStream(source) && !(Symbol.asyncIterator in (source as object))) {
    const reader = (source as ReadableStream<Uint8Array>).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      reader.releaseLock();
    }
  }
  for await (const chunk of source as AsyncIterable<Uint8Array>) {
    // Node streams may yield strings when an encoding is set; refuse them rather than hash the wrong bytes.
    if (!(chunk instanceof Uint8Array))
      throw new TypeError("hashStream expects chunks of bytes (Uint8Array), not strings.");
    yield chunk;
  }
}

function isReadableStream(source: ByteSource): source is ReadableStream<Uint8Array> {
  return typeof (source as ReadableStream).getReader === "function";
}
