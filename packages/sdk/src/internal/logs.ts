import type { CairnClient } from "../client.js";

/** Blocks per `eth_getLogs` request when a client sets none: public endpoints refuse much wider ranges. */
export const defaultLogBlockRange = 10_000;

/**
 * Reads logs from `fromBlock` (default 0) to `toBlock` (default: the head) in ranges of the client's
 * `logBlockRange` blocks (default 10,000), one request after the other, and returns them in order.
 */
export async function inBlockRanges<T>(
  client: CairnClient,
  range: { fromBlock?: bigint | undefined; toBlock?: bigint | undefined },
  read: (fromBlock: bigint, toBlock: bigint) => Promise<T[]>,
): Promise<T[]> {
  const step = BigInt(Math.max(1, client.logBlockRange ?? defaultLogBlockRange));
  const last = range.toBlock ?? (await client.publicClient.getBlockNumber({ cacheTime: 0 }));
  const out: T[] = [];
  for (let from = range.fromBlock ?? 0n; from <= last; from += step) {
    const to = from + step - 1n < last ? from + step - 1n : last;
    out.push(...(await read(from, to)));
  }
  return out;
}
