// JSON answers as UTF-8 bytes, assembled from pieces already encoded.
//
// A list's page is 100 contributions' JSON (~47 KB), each kept encoded by ./row-cache.ts. Joined as a string, the
// page was copied three more times on the API thread before it reached the socket: flattened, measured
// (`Buffer.byteLength` for Content-Length) and encoded by the write; and the strings kept (every row in the row
// cache, every page in the block cache) lived on the JavaScript heap, where each scavenge that found them young
// copied them and each full collection marked them. As bytes, a page is one copy of its rows into one buffer, sent
// as it is; the bytes kept are outside the heap.

/** Bytes over an ArrayBuffer (never a SharedArrayBuffer): what a response body may be. */
export type Bytes = Buffer<ArrayBuffer>;

/** A piece of JSON text: a string (encoded when assembled) or bytes already encoded. */
export type JsonPart = string | Uint8Array;

const comma = Buffer.from(",");
const open = Buffer.from("[");
const close = Buffer.from("]");

/**
 * A string's UTF-8 bytes in memory of their own, for keeping. `Buffer.from` cuts a short string's bytes out of an 8 KB
 * pool shared by every small buffer: one row kept from a pool keeps all of it alive, whatever else there is dropped.
 */
export function ownBytes(text: string): Bytes {
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
  bytes.write(text);
  return bytes;
}

/** The pieces of a JSON array whose elements are each a JSON value's bytes: brackets, and commas between. */
export function arrayParts(elements: readonly Uint8Array[]): Uint8Array[] {
  if (elements.length === 0) return [open, close];
  const parts: Uint8Array[] = new Array(elements.length * 2 + 1);
  parts[0] = open;
  for (let i = 0; i < elements.length; i++) {
    parts[2 * i + 1] = elements[i] as Uint8Array;
    parts[2 * i + 2] = i === elements.length - 1 ? close : comma;
  }
  return parts;
}

/** The pieces' bytes in one buffer (each copied once). */
export function jsonBytes(parts: readonly JsonPart[]): Bytes {
  return Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(part) : part)));
}
