/** A worker thread of the `RecoverPool`: recovers the signers of the digests it is sent (see `recover-pool.ts`). */
import { parentPort } from "node:worker_threads";
import { recoverSigner } from "./crypto.js";
import type { RecoverRequest, RecoverResponse } from "./recover-pool.js";

parentPort?.on("message", ({ id, digests, signatures }: RecoverRequest) => {
  const signers = signatures.map((signature, i) => recoverSigner(digests.subarray(i * 32, i * 32 + 32), signature));
  parentPort?.postMessage({ id, signers } satisfies RecoverResponse);
});
