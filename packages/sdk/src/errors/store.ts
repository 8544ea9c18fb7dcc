import { BaseError } from "./base.js";

/**
 * Thrown by a store's `put` when the CID the store reports differs from the CID computed
 * locally for the chosen profile. Never ignored: a mismatch means the store chunked or
 * encoded the content differently (other settings, other software) and the CID you would
 * register on-chain would not be the one the network serves.
 */
export class CidMismatchError extends BaseError {
  readonly store: string;
  readonly expected: string;
  readonly actual: string;

  constructor({
    store,
    expected,
    actual,
    profile,
    hint,
  }: { store: string; expected: string; actual: string; profile: string; hint?: string | undefined }) {
    super(`The ${store} store returned a different CID than the one computed locally.`, {
      name: "CidMismatchError",
      metaMessages: [
        `Profile:  ${profile}`,
        `Expected: ${expected} (computed locally)`,
        `Actual:   ${actual} (returned by ${store})`,
        ...(hint ? [hint] : []),
      ],
    });
    this.store = store;
    this.expected = expected;
    this.actual = actual;
  }
}

/** Thrown when fetched bytes do not hash to the CID they were requested by (a corrupt or lying source). */
export class BlockVerificationError extends BaseError {
  readonly cid: string;
  readonly source: string;

  constructor({ cid, source, reason }: { cid: string; source: string; reason: string }) {
    super(`Block ${cid} from ${source} failed verification.`, {
      name: "BlockVerificationError",
      details: reason,
      metaMessages: [`CID:    ${cid}`, `Source: ${source}`, "The data was discarded; try another store or gateway."],
    });
    this.cid = cid;
    this.source = source;
  }
}

/** Thrown when a store does not have the requested content. */
export class ContentNotFoundError extends BaseError {
  readonly cid: string;
  readonly store: string;

  constructor({ cid, store, cause }: { cid: string; store: string; cause?: unknown }) {
    super(`Content ${cid} was not found in the ${store} store.`, {
      name: "ContentNotFoundError",
      cause,
      metaMessages: [`CID: ${cid}`],
    });
    this.cid = cid;
    this.store = store;
  }
}

/** Thrown when a store cannot be reached or answers with an error. */
export class StoreRequestError extends BaseError {
  readonly store: string;
  readonly url: string | undefined;
  readonly status: number | undefined;

  constructor({
    store,
    operation,
    url,
    status,
    cause,
    details,
  }: {
    store: string;
    operation: string;
    url?: string | undefined;
    status?: number | undefined;
    cause?: unknown;
    details?: string | undefined;
  }) {
    super(`The ${store} store failed to ${operation}.`, {
      name: "StoreRequestError",
      cause,
      details,
      metaMessages: [...(url ? [`URL:    ${url}`] : []), ...(status !== undefined ? [`Status: ${status}`] : [])],
    });
    this.store = store;
    this.url = url;
    this.status = status;
  }
}

/** Thrown when writing to a read-only store (for example a gateway). */
export class ReadOnlyStoreError extends BaseError {
  constructor({ store, operation }: { store: string; operation: string }) {
    super(`The ${store} store is read-only: it cannot ${operation}.`, {
      name: "ReadOnlyStoreError",
      metaMessages: ["Put content through a Helia or Kubo store, then read it back through the gateway."],
    });
  }
}

/** Thrown by a replicated store's `put` when one or more of its stores failed; the others may hold the content. */
export class ReplicationError extends BaseError {
  readonly failures: { store: string; error: unknown }[];
  readonly succeeded: string[];

  constructor({ failures, succeeded }: { failures: { store: string; error: unknown }[]; succeeded: string[] }) {
    super(
      `Replication failed: ${failures.length} of ${failures.length + succeeded.length} stores did not store the content.`,
      {
        name: "ReplicationError",
        cause: failures[0]?.error,
        metaMessages: [
          ...failures.map(
            ({ store, error }) =>
              `Failed:    ${store}: ${error instanceof BaseError ? error.shortMessage : String((error as Error)?.message ?? error)}`,
          ),
          ...(succeeded.length ? [`Succeeded: ${succeeded.join(", ")}`] : []),
        ],
      },
    );
    this.failures = failures;
    this.succeeded = succeeded;
  }
}
