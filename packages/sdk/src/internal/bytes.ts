/** Collects an async stream of chunks into one array (for small documents such as manifests). */
export async function collect(source: AsyncIterable<Uint8Array>, limit = 16 * 1024 * 1024): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of source) {
    size += chunk.length;
    if (size > limit) throw new Error(`document larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
