/// <reference lib="webworker" />
/**
 * Hashes one file off the page's thread: sha256 of the raw bytes and the IPFS CID, in one streaming
 * pass with the SDK (memory does not grow with the file), reporting progress about every 4 MiB.
 */
import { type CidProfile, hashStream } from "@cairn/sdk/browser";

export type HashRequest = { file: Blob; profile?: CidProfile | undefined };
export type HashMessage =
  | { type: "progress"; bytes: number; total: number }
  | { type: "done"; sha256: `0x${string}`; cid: string; size: string; ms: number }
  | { type: "error"; name: string; message: string };

const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = async (event: MessageEvent<HashRequest>) => {
  const { file, profile } = event.data;
  const started = performance.now();
  try {
    const result = await hashStream(file.stream(), {
      profile,
      totalBytes: file.size,
      worker: false,
      onProgress: ({ bytes }) => scope.postMessage({ type: "progress", bytes, total: file.size } satisfies HashMessage),
    });
    scope.postMessage({
      type: "done",
      sha256: result.sha256,
      cid: result.cid,
      size: result.size.toString(),
      ms: performance.now() - started,
    } satisfies HashMessage);
  } catch (error) {
    const e = error as Error;
    scope.postMessage({ type: "error", name: e.name, message: e.message } satisfies HashMessage);
  }
};
