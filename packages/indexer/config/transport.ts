import { http, type Transport } from "viem";

/** JSON-RPC methods whose answer is a block, with its transactions as objects when asked for. */
const blockMethods = new Set(["eth_getBlockByNumber", "eth_getBlockByHash"]);

type RpcTransaction = { input?: unknown } & Record<string, unknown>;

/**
 * Drops the calldata (`input`) of the transactions in a block answer, in place. The indexer's handlers read
 * `event.transaction.hash` and nothing else of a transaction (test/transport.test.ts checks the sources), but
 * Ponder fetches every block with its full transactions and stores them in its sync tables: a batch of 400
 * contributions is one transaction of ~260 KB of calldata, parsed, written to the database (compressed, TOAST)
 * and read back for every block. Without it, a block costs what its logs cost.
 */
export function withoutCalldata(method: string, result: unknown): unknown {
  if (!blockMethods.has(method) || result === null || typeof result !== "object") return result;
  const transactions = (result as { transactions?: unknown }).transactions;
  if (!Array.isArray(transactions)) return result;
  for (const tx of transactions as RpcTransaction[])
    if (tx !== null && typeof tx === "object" && typeof tx.input === "string") tx.input = "0x";
  return result;
}

/**
 * The indexer's JSON-RPC transport: viem's `http` (no batching: Ponder schedules its own requests), with
 * transactions' calldata dropped from block answers (see `withoutCalldata`).
 */
export function indexerTransport(url: string, options: { timeoutMs?: number } = {}): Transport {
  const base = http(url, { batch: false, timeout: options.timeoutMs ?? 30_000 });
  return (params) => {
    const transport = base(params);
    return {
      ...transport,
      request: (async (args: { method: string; params?: unknown }) =>
        withoutCalldata(args.method, await transport.request(args as never))) as typeof transport.request,
    };
  };
}
