import { Worker } from "node:worker_threads";

export { withoutCalldata } from "./relay-worker.mjs";

export type RpcRelay = {
  /** `lanes` URLs of the relay: give them all to Ponder as the chain's `rpc`. */
  urls: string[];
  close(): Promise<void>;
};

/**
 * The indexer's JSON-RPC relay: an HTTP server on 127.0.0.1 (ephemeral port, in a worker thread of the Ponder
 * process: relay-worker.mjs) that forwards each JSON-RPC request to `upstream` and drops transactions' calldata
 * from block answers (`withoutCalldata`).
 *
 * Why a relay and several URLs rather than a viem transport: Ponder 0.16 rate-limits each RPC endpoint it is given
 * (`rpc/index.js`): 20 requests a second at first, raised by 5 % only after 5 × the limit consecutive successes
 * with every one of the last seconds near the limit — a dev chain or one's own node answers far more, and Ponder
 * spent most of a cold sync and of the live head waiting for that budget (idle, with every process below 0.5
 * core). Polling the head every 100 ms already takes 10 of the 20; each live block takes 2 more. Ponder gives each
 * URL of an `rpc` array its own budget, so the relay answers on `lanes` URLs (one path each) — a custom
 * transport is always one endpoint. The paths carry a random token: another local process cannot use the relay
 * to reach an upstream whose URL holds an API key.
 */
export async function startRpcRelay(
  upstream: string,
  options: { lanes?: number; timeoutMs?: number } = {},
): Promise<RpcRelay> {
  const lanes = Math.max(1, Math.floor(options.lanes ?? 1));
  const worker = new Worker(new URL("./relay-worker.mjs", import.meta.url), {
    workerData: { cairnRpcRelay: { upstream, lanes, timeoutMs: options.timeoutMs ?? 60_000 } },
  });
  const { port, token } = await new Promise<{ port: number; token: string }>((resolve, reject) => {
    worker.once("message", (m: { port?: number; token?: string; error?: string }) =>
      m.error ? reject(new Error(`JSON-RPC relay: ${m.error}`)) : resolve(m as { port: number; token: string }),
    );
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`JSON-RPC relay exited (${code})`)));
  });
  // Never what keeps a process alive (`ponder codegen` evaluates the config too).
  worker.unref();
  return {
    urls: Array.from({ length: lanes }, (_, i) => `http://127.0.0.1:${port}/${token}/${i}`),
    close: async () => {
      await worker.terminate();
    },
  };
}

// On globalThis, not in this module: `ponder dev` evaluates the config (and so this module) again on each change.
const globalRelays = globalThis as { cairnRpcRelays?: Map<string, Promise<RpcRelay>> };

/** One relay per upstream and lane count in this process. */
export function sharedRpcRelay(upstream: string, lanes: number): Promise<RpcRelay> {
  globalRelays.cairnRpcRelays ??= new Map();
  const shared = globalRelays.cairnRpcRelays;
  const key = `${lanes} ${upstream}`;
  let relay = shared.get(key);
  if (!relay) {
    relay = startRpcRelay(upstream, { lanes });
    shared.set(key, relay);
  }
  return relay;
}
