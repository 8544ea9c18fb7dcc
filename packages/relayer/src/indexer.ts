/**
 * Asks a Cairn indexer (packages/indexer, `POST /v1/contributions/lookup`) which of the items being accepted are
 * already registered: one HTTP round trip instead of a dry run of the whole batch on the chain's node, used while
 * the follower (./follower.ts) has not caught up with the chain (at start, or when the node refuses log ranges).
 *
 * The indexer is trusted with nothing (the validator, ./validate.ts, applies this):
 * - "registered" is verified with the registry's own view (`getContribution`) before an item is refused; a claim
 *   the chain denies is a lie;
 * - "not registered" is checked for one item of each request (a lie, or an indexer behind the chain, caught there
 *   too); an undetected one costs one skipped item in a batch: the registry refuses the duplicate (first
 *   registration wins) and the client sees it reported, as for content registered by someone else while the
 *   follower polls;
 * - an indexer the chain contradicted once is not asked again (until restart); one that does not answer within
 *   `timeoutMs`, or answers anything malformed, is passed over for this request: the validator falls back to the
 *   dry run on the chain.
 * (No freshness test on the indexed block: Ponder moves its checkpoint only with blocks that carry events, so an
 * indexer in step with a quiet chain reports a block far behind the head.)
 */
import type { Address, Hex } from "viem";
import { getAddress, isAddress } from "viem";
import type { Logger } from "./log.js";
import type { Metrics } from "./metrics.js";

export type LookupItem = { key: Hex; datasetId: bigint; contentHash: Hex };

/** `registered`: key → the contributor the indexer names, for the items it says are registered. */
export type LookupAnswer = { indexedBlock: number; registered: Map<Hex, Address> };

const maxItemsPerCall = 1000;
const maxResponseBytes = 4 * 1024 * 1024;

export class IndexerLookup {
  private trusted = true;

  constructor(
    private readonly o: {
      url: string;
      log: Logger;
      metrics: Metrics;
      timeoutMs?: number;
    },
  ) {}

  /** Whether the indexer may still be asked (it has not been caught lying). */
  get usable() {
    return this.trusted;
  }

  /** The chain contradicted the indexer: never ask it again. */
  distrust(detail: Record<string, unknown>) {
    if (this.trusted)
      this.o.log.warn("the indexer's answer was contradicted by the chain; not asking it again", detail);
    this.trusted = false;
    this.o.metrics.indexerLie();
  }

  /** The indexer's answer for `items`, or undefined when it cannot be used for them (then: the chain). */
  async lookup(items: readonly LookupItem[]): Promise<LookupAnswer | undefined> {
    if (!this.trusted || items.length === 0) return undefined;
    const asked = new Map(items.map((i) => [`${i.datasetId}:${i.contentHash.toLowerCase()}`, i.key] as const));
    const registered = new Map<Hex, Address>();
    let indexedBlock = Number.POSITIVE_INFINITY;
    try {
      const answers = await Promise.all(chunks(items, maxItemsPerCall).map((chunk) => this.call(chunk)));
      for (const answer of answers) {
        if (!answer) return undefined;
        indexedBlock = Math.min(indexedBlock, answer.indexedBlock);
        for (const r of answer.registered) {
          // Only what was asked: an indexer cannot add keys of its own.
          const key = asked.get(`${BigInt(r.datasetId)}:${r.contentHash.toLowerCase()}`);
          if (key) registered.set(key, r.contributor);
        }
      }
    } catch (error) {
      this.o.log.debug("indexer lookup failed; checking on the chain", {
        error: (error as Error).message.split("\n")[0],
      });
      return undefined;
    }
    return { indexedBlock, registered };
  }

  private async call(items: readonly LookupItem[]) {
    const res = await fetch(new URL("/v1/contributions/lookup", this.o.url), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        items: items.map((i) => ({ datasetId: i.datasetId.toString(), contentHash: i.contentHash })),
      }),
      signal: AbortSignal.timeout(this.o.timeoutMs ?? 2000),
    });
    if (!res.ok) {
      await res.body?.cancel();
      return undefined;
    }
    return parseAnswer(await readCapped(res, maxResponseBytes));
  }
}

function chunks<T>(xs: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

async function readCapped(res: Response, max: number): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) return "";
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new Error(`the indexer's answer is over ${max} bytes`);
    }
    parts.push(value);
  }
  return Buffer.concat(parts).toString("utf8");
}

/** The answer's shape, checked: anything else is no answer. */
function parseAnswer(
  text: string,
):
  | { indexedBlock: number; registered: Array<{ datasetId: string; contentHash: string; contributor: Address }> }
  | undefined {
  const body = JSON.parse(text) as { indexedBlock?: unknown; registered?: unknown };
  if (!Number.isSafeInteger(body.indexedBlock) || (body.indexedBlock as number) < 0) return undefined;
  if (!Array.isArray(body.registered)) return undefined;
  const registered = [];
  for (const r of body.registered as Array<Record<string, unknown>>) {
    if (typeof r?.datasetId !== "string" || !/^\d{1,78}$/.test(r.datasetId)) return undefined;
    if (typeof r.contentHash !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(r.contentHash)) return undefined;
    if (typeof r.contributor !== "string" || !isAddress(r.contributor, { strict: false })) return undefined;
    registered.push({ datasetId: r.datasetId, contentHash: r.contentHash, contributor: getAddress(r.contributor) });
  }
  return { indexedBlock: body.indexedBlock as number, registered };
}
