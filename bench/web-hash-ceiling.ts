/**
 * What bounds the browser's hashing, measured in the same Chromium on the same file (bench/web.ts records it as
 * `hashCeiling` in bench/results/web.json), each in a fresh dedicated worker, best of `runs`:
 * - readArrayBufferMBps / readStreamMBps: the chosen File read into memory, in one `arrayBuffer()` call or
 *   through its stream (chunks copied into one buffer);
 * - webCryptoOneShotMBps: `crypto.subtle.digest("SHA-256")` of a buffer of the file's size;
 * - webCryptoDigestInCallShare: the share of that digest's time spent before `digest()` returns (1 = Chromium
 *   computes on the calling thread, not on a thread of its own: one worker keeps one core busy);
 * - webCryptoTwoWorkersSpeedup: two workers each digesting 64 MiB at once, over one doing it alone (2 = they run
 *   in parallel; the machine's other load lowers it);
 * - floorMs / ceilingMBps: read in one call + one-shot digest, the time the whole-file sha256 needs at best
 *   (the leaves hashed meanwhile on another core), and the MB/s it allows.
 */
import type { Page } from "playwright-core";

export type HashCeiling = {
  readArrayBufferMBps: number;
  readStreamMBps: number;
  webCryptoOneShotMBps: number;
  webCryptoDigestInCallShare: number;
  webCryptoTwoWorkersSpeedup: number;
  floorMs: number;
  ceilingMBps: number;
};

/** The worker's code: one measurement per message, answered in ms. */
const probe = `onmessage = async (event) => {
  const { kind, file, size } = event.data;
  const started = performance.now();
  if (kind === "arrayBuffer") await file.arrayBuffer();
  else if (kind === "stream") {
    const bytes = new Uint8Array(file.size);
    const reader = file.stream().getReader();
    let at = 0;
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      bytes.set(r.value, at);
      at += r.value.length;
    }
  } else {
    const data = new Uint8Array(size);
    for (let i = 0; i < size; i += 4096) data[i] = i;
    const t = performance.now();
    const digest = crypto.subtle.digest("SHA-256", data);
    const inCall = performance.now() - t;
    await digest;
    postMessage({ ms: performance.now() - t, inCall });
    return;
  }
  postMessage({ ms: performance.now() - started });
};`;

type Best = { ms: number; inCall: number };
type Measured = { size: number; arrayBuffer: Best; stream: Best; oneShot: Best; one: number; two: number };

/** Runs in the page: each measurement in a fresh worker, best of `runs`. */
const measure = `async (probe, runs) => {
  const input = document.querySelector("#bench-ceiling");
  const file = input.files[0];
  const url = URL.createObjectURL(new Blob([probe], { type: "text/javascript" }));
  const run = (message) =>
    new Promise((resolve, reject) => {
      const worker = new Worker(url);
      worker.onmessage = (event) => {
        worker.terminate();
        resolve(event.data);
      };
      worker.onerror = (event) => reject(new Error(event.message));
      worker.postMessage(message);
    });
  const best = async (message) => {
    let ms = Infinity;
    let inCall = 0;
    for (let i = 0; i < runs; i++) {
      const r = await run(message);
      if (r.ms < ms) [ms, inCall] = [r.ms, r.inCall ?? 0];
    }
    return { ms, inCall };
  };
  const arrayBuffer = await best({ kind: "arrayBuffer", file });
  const stream = await best({ kind: "stream", file });
  const oneShot = await best({ kind: "digest", size: file.size });
  const sample = 64 * 1024 * 1024;
  let one = Infinity;
  let two = Infinity;
  for (let i = 0; i < runs; i++) {
    one = Math.min(one, (await run({ kind: "digest", size: sample })).ms);
    const both = await Promise.all([run({ kind: "digest", size: sample }), run({ kind: "digest", size: sample })]);
    two = Math.min(two, Math.max(...both.map((r) => r.ms)));
  }
  URL.revokeObjectURL(url);
  input.remove();
  return { size: file.size, arrayBuffer, stream, oneShot, one, two };
}`;

export async function measureHashCeiling(page: Page, path: string, runs = 3): Promise<HashCeiling> {
  // A file input of its own (the app's would start hashing), the same file as the app hashes.
  await page.evaluate(() => {
    const input = document.createElement("input");
    input.type = "file";
    input.id = "bench-ceiling";
    input.hidden = true;
    document.body.append(input);
  });
  await page.locator("#bench-ceiling").setInputFiles(path);
  // A string, not a function: tsx would wrap the functions inside in a helper the page does not have.
  const result: Measured = await page.evaluate(`(${measure})(${JSON.stringify(probe)}, ${runs})`);
  const mbps = (ms: number) => Math.round((result.size / 1e6 / (ms / 1000)) * 10) / 10;
  const floorMs = result.arrayBuffer.ms + result.oneShot.ms;
  return {
    readArrayBufferMBps: mbps(result.arrayBuffer.ms),
    readStreamMBps: mbps(result.stream.ms),
    webCryptoOneShotMBps: mbps(result.oneShot.ms),
    webCryptoDigestInCallShare: Math.round((result.oneShot.inCall / result.oneShot.ms) * 100) / 100,
    webCryptoTwoWorkersSpeedup: Math.round(((2 * result.one) / result.two) * 100) / 100,
    floorMs: Math.round(floorMs),
    ceilingMBps: mbps(floorMs),
  };
}
