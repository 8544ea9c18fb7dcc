/** Options accepted by {@link BaseError} and every error class that extends it. */
export type BaseErrorParameters = {
  /** The underlying error, if any. Its message is shown under "Details" unless `details` is given. */
  cause?: unknown;
  /** One line on what went wrong underneath (defaults to the cause's message). */
  details?: string | undefined;
  /** Extra lines shown between the short message and the details: values involved, what to do. */
  metaMessages?: string[] | undefined;
  /** The error's name, usually the class name. */
  name?: string | undefined;
};

/** Type of {@link BaseError}, for `ErrorType` unions in actions. */
export type BaseErrorType = BaseError & { name: "CairnError" };

/**
 * Base class of every error the Cairn SDK throws, modelled on viem's `BaseError`.
 *
 * `message` is the full, multi-line text; `shortMessage` is its first line;
 * `metaMessages` carry the values involved; `details` the underlying reason;
 * `cause` the original error. Subclass it for each failure a caller may handle.
 *
 * @example
 * ```ts
 * class QuotaExceededError extends BaseError {
 *   constructor({ used, limit }: { used: number; limit: number }) {
 *     super("Storage quota exceeded.", {
 *       name: "QuotaExceededError",
 *       metaMessages: [`Used:  ${used}`, `Limit: ${limit}`],
 *     });
 *   }
 * }
 * try { ... } catch (error) {
 *   if (error instanceof BaseError) console.error(error.shortMessage);
 * }
 * ```
 */
export class BaseError extends Error {
  /** First line of the message: what went wrong, in one sentence. */
  readonly shortMessage: string;
  /** The underlying reason, usually the cause's message. */
  readonly details: string;
  /** Extra lines with the values involved and what to do. */
  readonly metaMessages: string[] | undefined;
  override name = "CairnError";

  constructor(shortMessage: string, parameters: BaseErrorParameters = {}) {
    const details = parameters.details ?? detailsOf(parameters.cause);
    const message = [
      shortMessage || "An error occurred.",
      ...(parameters.metaMessages?.length ? ["", ...parameters.metaMessages] : []),
      ...(details ? ["", `Details: ${details}`] : []),
    ].join("\n");
    super(message, parameters.cause === undefined ? undefined : { cause: parameters.cause });
    this.shortMessage = shortMessage;
    this.details = details;
    this.metaMessages = parameters.metaMessages;
    if (parameters.name) this.name = parameters.name;
  }

  /**
   * Walks the `cause` chain and returns the first error for which `fn` is true
   * (or the deepest error when no `fn` is given), like viem's `BaseError.walk`.
   *
   * @example
   * ```ts
   * const notFound = error.walk((e) => (e as NodeJS.ErrnoException).code === "ENOENT");
   * ```
   */
  walk(fn?: (error: unknown) => boolean): unknown {
    return walk(this, fn);
  }
}

function detailsOf(cause: unknown): string {
  if (cause instanceof BaseError) return cause.details || cause.shortMessage;
  if (cause instanceof Error) return cause.message;
  if (typeof cause === "string") return cause;
  return "";
}

function walk(error: unknown, fn?: (error: unknown) => boolean): unknown {
  if (fn?.(error)) return error;
  if (error && typeof error === "object" && "cause" in error && error.cause !== undefined) {
    return walk(error.cause, fn);
  }
  return fn ? null : error;
}
