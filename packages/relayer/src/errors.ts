/** A request the relayer refuses: an HTTP status and the JSON body `{ error: { code, field, message } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string | undefined,
    readonly headers?: Record<string, string> | undefined,
  ) {
    super(message);
    this.name = "ApiError";
  }

  toJSON() {
    return { error: { code: this.code, field: this.field ?? null, message: this.message } };
  }
}

/** The chain's RPC did not answer (network error, timeout, HTTP error): worth retrying. */
export function isTransportError(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; e && depth < 8; depth++) {
    const name = (e as { name?: string }).name ?? "";
    const message = (e as { message?: string }).message ?? "";
    if (
      name === "HttpRequestError" ||
      name === "TimeoutError" ||
      name === "SocketClosedError" ||
      name === "WebSocketRequestError"
    )
      return true;
    if (/fetch failed|ECONNREFUSED|ECONNRESET|socket hang up|other side closed|timed out|network/i.test(message))
      return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
