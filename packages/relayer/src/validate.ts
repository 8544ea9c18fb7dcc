/**
 * Everything checked before an item is accepted, cheapest first: schema, EIP-712 domain (this relayer's
 * chain and registry), deadline, dataset open and its current terms, signature (ECDSA recovery, or
 * ERC-1271 `isValidSignature` for a smart wallet), then duplicates (queued here, or registered on-chain).
 * The first problem refuses the whole request with a 4xx naming the item and field.
 */
import { cairnRegistryAbi } from "@cairn/sdk";
import { bytesToHex, type Hex, toFunctionSelector } from "viem";
import type { ChainReader } from "./chain.js";
import { contributionDigest, domainSeparator, itemKey, recoverSigner } from "./crypto.js";
import { ApiError, isTransportError } from "./errors.js";
import type { IndexerLookup, LookupAnswer } from "./indexer.js";
import type { Metrics } from "./metrics.js";
import type { NewItem, QueueStore } from "./store/types.js";
import { type ParsedContribution, parseContribution, reviveCalldata, toCalldata } from "./wire.js";

/** Custom-error selectors of the registry, to name what a dry run reports. */
const errorNames = new Map<Hex, string>(
  cairnRegistryAbi
    .filter((x) => x.type === "error")
    .map((e) => [toFunctionSelector(e as never), (e as { name: string }).name] as const),
);

export type ValidatorOptions = {
  chainId: number;
  registry: `0x${string}`;
  chain: ChainReader;
  store: QueueStore;
  /** The follower of on-chain registrations; until it has caught up, items are checked by a dry run. */
  registrations: { readonly ready: boolean };
  /** The relayer's address (the dry run's sender). */
  relayer: `0x${string}`;
  /** Seconds a signature must still be valid for when it arrives (it has to wait for a batch). */
  minDeadlineSeconds: number;
  /** Recovers the signers of many digests at once (a `RecoverPool`); inline `recoverSigner` if not given. */
  recover?: ((items: { digest: Uint8Array; signature: Uint8Array }[]) => Promise<(string | undefined)[]>) | undefined;
  /** The sponsorship policy's datasets: items for another dataset are refused before any costly check. */
  serves?: ((datasetId: bigint) => boolean) | undefined;
  /** An indexer asked instead of the dry run while the follower has not caught up (./indexer.ts). */
  indexer?: IndexerLookup | undefined;
  metrics?: Metrics | undefined;
};

/** The result for one accepted item: its key, and whether it was already queued (an idempotent resubmission). */
export type Accepted = { key: Hex; item: NewItem | undefined; existing: boolean };

const DATASET_OPEN = 1;
const statusNames = ["none", "open", "paused", "closed"];

export class Validator {
  private readonly separator: Uint8Array;

  constructor(private readonly o: ValidatorOptions) {
    this.separator = domainSeparator(o.chainId, o.registry);
  }

  /** Validates raw items; returns the new rows to insert and the keys of those already known, in order. */
  async validate(raw: readonly unknown[]): Promise<{ parsed: ParsedContribution[]; accepted: Accepted[] }> {
    const now = BigInt(Math.floor(Date.now() / 1000));
    const parsed = raw.map((r, i) => parseContribution(r, `items[${i}]`));
    const keys: Hex[] = [];
    for (let i = 0; i < parsed.length; i++) {
      const p = parsed[i];
      const at = `items[${i}]`;
      if (p.chainId !== this.o.chainId) {
        throw new ApiError(
          422,
          "wrong_chain",
          `signed for chain ${p.chainId}; this relayer submits to chain ${this.o.chainId}`,
          `${at}.chainId`,
        );
      }
      if (p.registry.toLowerCase() !== this.o.registry.toLowerCase()) {
        throw new ApiError(
          422,
          "wrong_registry",
          `signed for registry ${p.registry}; this relayer submits to ${this.o.registry}`,
          `${at}.registry`,
        );
      }
      if (p.deadline <= now + BigInt(this.o.minDeadlineSeconds)) {
        throw new ApiError(
          422,
          "expired",
          p.deadline <= now
            ? `the signature expired at ${p.deadline} (now ${now}); sign again with a later deadline`
            : `the signature expires within ${this.o.minDeadlineSeconds} s, too soon to be batched; sign again with a later deadline`,
          `${at}.deadline`,
        );
      }
      if (this.o.serves && !this.o.serves(p.datasetId)) {
        throw new ApiError(
          403,
          "dataset_not_served",
          `this relayer does not pay for contributions to dataset ${p.datasetId}; submit them yourself or use its own relayer`,
          `${at}.datasetId`,
        );
      }
      keys.push(itemKey(this.o.chainId, this.o.registry, p.datasetId, p.contentHash));
    }

    // Dataset state (cached) and contract-ness of the named contributors, all at once.
    const datasetIds = [...new Set(parsed.map((p) => p.datasetId))];
    const datasets = new Map(
      await rpc(Promise.all(datasetIds.map(async (id) => [id, await this.o.chain.dataset(id)] as const))),
    );
    const digests: Uint8Array[] = [];
    const isContract: boolean[] = [];
    const pending1271: Promise<void>[] = [];
    for (let i = 0; i < parsed.length; i++) {
      const p = parsed[i];
      const at = `items[${i}]`;
      const d = datasets.get(p.datasetId);
      if (!d) throw new ApiError(404, "dataset_not_found", `dataset ${p.datasetId} does not exist`, `${at}.datasetId`);
      if (d.status !== DATASET_OPEN) {
        throw new ApiError(
          409,
          "dataset_not_open",
          `dataset ${p.datasetId} is ${statusNames[d.status] ?? d.status} and takes no contributions`,
          `${at}.datasetId`,
        );
      }
      if (d.termsHash !== p.termsHash) {
        throw new ApiError(
          422,
          "terms_changed",
          `dataset ${p.datasetId}'s terms are now ${d.termsHash}; sign again under the current terms`,
          `${at}.termsHash`,
        );
      }
      const digest = contributionDigest(this.separator, {
        datasetId: p.datasetId,
        contentHash: p.contentHashBytes,
        cid: p.cidBytes,
        size: p.size,
        metadataCid: p.metadataCidBytes,
        termsHash: p.termsHashBytes,
        deadline: p.deadline,
      });
      digests.push(digest);
    }
    // The signers, recovered off the main thread when a pool of workers is given.
    const signers = this.o.recover
      ? await this.o.recover(parsed.map((p, i) => ({ digest: digests[i], signature: p.signatureBytes })))
      : parsed.map((p, i) => recoverSigner(digests[i], p.signatureBytes));
    for (let i = 0; i < parsed.length; i++) {
      const p = parsed[i];
      const at = `items[${i}]`;
      const digest = digests[i];
      if (signers[i] === p.contributor) {
        isContract.push(false);
        continue;
      }
      // Not the contributor's own key: only a smart wallet (ERC-1271) can vouch for this signature.
      isContract.push(true);
      pending1271.push(
        (async () => {
          const ok =
            (await this.o.chain.isContract(p.contributor)) &&
            (await this.o.chain.isValidSignature(p.contributor, bytesToHex(digest), p.signature));
          if (!ok) {
            throw new ApiError(
              422,
              "invalid_signature",
              `the signature is not ${p.contributor}'s over this contribution, chain, registry and terms`,
              `${at}.signature`,
            );
          }
        })(),
      );
    }
    await rpc(Promise.all(pending1271));

    // Duplicates: the same key twice in this request, already queued here, or already on-chain.
    const known = await this.o.store.findItems(keys);
    const seen = new Map<Hex, number>();
    const accepted: Accepted[] = [];
    const toCheck: number[] = [];
    for (let i = 0; i < parsed.length; i++) {
      const p = parsed[i];
      const key = keys[i];
      const same = (contributor: string, signature: string) =>
        contributor === p.contributor && signature === p.signature;
      const prior = known.get(key);
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        if (!same(parsed[earlier].contributor, parsed[earlier].signature)) {
          throw new ApiError(
            409,
            "duplicate_in_request",
            `items[${earlier}] has the same content for the same dataset`,
            `items[${i}].contentHash`,
          );
        }
        accepted.push({ key, item: undefined, existing: true });
        continue;
      }
      seen.set(key, i);
      if (prior) {
        if (!same(prior.contributor, prior.signature)) {
          throw new ApiError(
            409,
            "duplicate_queued",
            `this content was already submitted to dataset ${p.datasetId} by ${prior.contributor} (key ${key})`,
            `items[${i}].contentHash`,
          );
        }
        accepted.push({ key, item: undefined, existing: true });
        continue;
      }
      toCheck.push(i);
      accepted.push({
        key,
        existing: false,
        item: {
          key,
          datasetId: p.datasetId.toString(),
          contentHash: p.contentHash,
          contributor: p.contributor,
          isContract: isContract[i],
          signature: p.signature,
          calldata: toCalldata(p, isContract[i]),
        },
      });
    }
    // Already on-chain? From the follower's index when it has caught up (no RPC call), else by a dry run.
    const fresh = toCheck.map((i) => accepted[i].item as NewItem);
    if (this.o.registrations.ready) {
      const onChain = fresh.length > 0 ? await this.o.store.findRegistered(fresh.map((f) => f.key)) : new Map();
      for (let j = 0; j < fresh.length; j++) {
        const by = onChain.get(fresh[j].key);
        if (!by) continue;
        throw alreadyRegistered(parsed[toCheck[j]], by, toCheck[j]);
      }
      this.o.metrics?.duplicateCheck("follower", fresh.length);
      return { parsed, accepted };
    }
    // Not caught up: an indexer, if one is configured and answers, with its answer checked against the chain.
    if (this.o.indexer?.usable && fresh.length > 0) {
      const answer = await this.o.indexer.lookup(
        toCheck.map((i, j) => ({
          key: fresh[j].key,
          datasetId: parsed[i].datasetId,
          contentHash: parsed[i].contentHash,
        })),
      );
      if (answer && (await this.indexerAnswerHolds(parsed, toCheck, fresh, answer))) {
        this.o.metrics?.duplicateCheck("indexer", fresh.length);
        return { parsed, accepted };
      }
    }
    // The dry run applies every on-chain rule in one call: open dataset, duplicate, deadline, signature.
    const results =
      fresh.length > 0
        ? await rpc(
            this.o.chain.simulate(
              this.o.relayer,
              fresh.map((item) => reviveCalldata(item.calldata)),
            ),
          )
        : [];
    for (let j = 0; j < results.length; j++) {
      const selector = results[j];
      if (/^0x0{8}$/.test(selector)) continue;
      const i = toCheck[j];
      const p = parsed[i];
      const at = `items[${i}]`;
      const name = errorNames.get(selector.toLowerCase() as Hex) ?? selector;
      if (name === "DuplicateContribution") {
        const existing = await rpc(this.o.chain.registeredBy(p.datasetId, p.contentHash)).catch(() => undefined);
        throw alreadyRegistered(p, existing, i);
      }
      if (name === "InvalidSignature") {
        throw new ApiError(
          422,
          "invalid_signature",
          `the registry refuses this signature for ${p.contributor}`,
          `${at}.signature`,
        );
      }
      if (name === "SignatureExpired")
        throw new ApiError(422, "expired", "the signature has expired by the chain's clock", `${at}.deadline`);
      if (name === "DatasetNotOpen" || name === "DatasetNotFound") {
        throw new ApiError(409, "dataset_not_open", `dataset ${p.datasetId} takes no contributions`, `${at}.datasetId`);
      }
      if (name === "InvalidContent")
        throw new ApiError(400, "invalid_field", "the content hash or CID is empty", `${at}.cid`);
      throw new ApiError(422, "refused_by_registry", `the registry would skip this item: ${name}`, at);
    }
    this.o.metrics?.duplicateCheck("dry_run", fresh.length);
    return { parsed, accepted };
  }

  /**
   * Checks the indexer's answer with the registry's view: every item it says is registered (before refusing it),
   * and one it says is new. False when the chain contradicts it (the indexer is then distrusted, and the caller
   * falls back to the dry run); throws `already_registered` for a duplicate the chain confirms.
   */
  private async indexerAnswerHolds(
    parsed: ParsedContribution[],
    toCheck: number[],
    fresh: NewItem[],
    answer: LookupAnswer,
  ): Promise<boolean> {
    const indexer = this.o.indexer as IndexerLookup;
    const unclaimed: number[] = [];
    for (let j = 0; j < fresh.length; j++) {
      const claimed = answer.registered.get(fresh[j].key);
      if (!claimed) {
        unclaimed.push(j);
        continue;
      }
      const p = parsed[toCheck[j]];
      const by = await rpc(this.o.chain.registeredBy(p.datasetId, p.contentHash));
      if (!by) {
        indexer.distrust({ said: "registered", datasetId: p.datasetId.toString(), contentHash: p.contentHash });
        return false;
      }
      throw alreadyRegistered(p, by, toCheck[j]);
    }
    const j = unclaimed[Math.floor(Math.random() * unclaimed.length)];
    if (j === undefined) return true;
    const p = parsed[toCheck[j]];
    const by = await rpc(this.o.chain.registeredBy(p.datasetId, p.contentHash));
    if (by) {
      indexer.distrust({ said: "not registered", datasetId: p.datasetId.toString(), contentHash: p.contentHash });
      throw alreadyRegistered(p, by, toCheck[j]);
    }
    return true;
  }
}

function alreadyRegistered(p: ParsedContribution, by: string | undefined, index: number): ApiError {
  return new ApiError(
    409,
    "already_registered",
    `this content is already in dataset ${p.datasetId}, contributed by ${by ?? "someone else"} (contribution ${p.datasetId}:${p.contentHash})`,
    `items[${index}].contentHash`,
  );
}

/** Chain reads that fail for lack of an RPC become a 503 the client can retry. */
async function rpc<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (error) {
    if (error instanceof ApiError) throw error;
    if (isTransportError(error))
      throw new ApiError(503, "rpc_unavailable", "the chain's RPC is not answering; retry shortly", undefined, {
        "retry-after": "2",
      });
    throw error;
  }
}
