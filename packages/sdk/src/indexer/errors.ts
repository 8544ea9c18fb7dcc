import { BaseError } from "../errors/base.js";

/** The indexer could not be reached or answered with an error. */
export class IndexerRequestError extends BaseError {
  readonly status: number | undefined;
  constructor({ url, status, message, cause }: { url: string; status?: number; message: string; cause?: unknown }) {
    super(`The indexer did not answer: ${message}`, {
      name: "IndexerRequestError",
      cause,
      metaMessages: [`URL: ${url}`, ...(status ? [`HTTP status: ${status}`] : [])],
    });
    this.status = status;
  }
}

/**
 * The indexer said something the chain contradicts. The indexer is a convenience, never an authority:
 * whatever matters is checked against the chain, and a lie ends here.
 */
export class IndexerMismatchError extends BaseError {
  readonly field: string;
  readonly indexer: unknown;
  readonly chain: unknown;
  constructor({ what, field, indexer, chain }: { what: string; field: string; indexer: unknown; chain: unknown }) {
    const show = (v: unknown) => (typeof v === "bigint" ? v.toString() : JSON.stringify(v));
    super(`The indexer's answer about ${what} is contradicted by the chain (${field}).`, {
      name: "IndexerMismatchError",
      metaMessages: [
        `Indexer says: ${show(indexer)}`,
        `Chain says:   ${show(chain)}`,
        "Do not trust this indexer; use the chain (omit --indexer) or another indexer.",
      ],
    });
    this.field = field;
    this.indexer = indexer;
    this.chain = chain;
  }
}
