/** Errors with viem's shape (`shortMessage`, `metaMessages`, `details`): the SDK's BaseError and viem's own. */
type ShapedError = Error & {
  shortMessage: string;
  metaMessages?: string[] | undefined;
  details?: string | undefined;
  version?: string;
};

function isShaped(error: unknown): error is ShapedError {
  return error instanceof Error && typeof (error as ShapedError).shortMessage === "string";
}

/** The SDK's errors (duck-typed, so the SDK is not loaded just to print help): shaped, and not viem's (which carry `version`). */
function isCairnError(error: unknown): error is ShapedError {
  return isShaped(error) && typeof (error as ShapedError).version !== "string";
}

/** Exit codes of every cairn command (documented in `cairn --help`). */
export const ExitCode = {
  ok: 0,
  /** Bad input, or refused by the contracts (not found, not allowed, duplicate, verification failed). */
  user: 1,
  /** The network failed: RPC or IPFS unreachable, or answering with errors. */
  network: 2,
  /** Stopped by Ctrl-C (SIGINT); resumable commands say how to resume. */
  interrupted: 130,
} as const;

/** An error the CLI itself raises, with the exit code it maps to and extra lines on what to do. */
export class CliError extends Error {
  readonly exitCode: number;
  readonly metaMessages: string[];
  constructor(
    message: string,
    { exitCode = ExitCode.user, meta = [], cause }: { exitCode?: number; meta?: string[]; cause?: unknown } = {},
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = "CliError";
    this.exitCode = exitCode;
    this.metaMessages = meta;
  }
}

/** Bad command-line usage. */
export class UsageError extends CliError {
  constructor(message: string, command?: string) {
    super(message, { meta: [`Run \`cairn ${command ? `${command} ` : ""}--help\` for usage and examples.`] });
    this.name = "UsageError";
  }
}

/** The network (RPC or IPFS) could not be reached. */
export class NetworkError extends CliError {
  constructor(message: string, meta: string[] = [], cause?: unknown) {
    super(message, { exitCode: ExitCode.network, meta, cause });
    this.name = "NetworkError";
  }
}

/** The run was interrupted by Ctrl-C. */
export class InterruptedError extends CliError {
  constructor(meta: string[] = []) {
    super("Interrupted.", { exitCode: ExitCode.interrupted, meta });
    this.name = "InterruptedError";
  }
}

const networkCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_SOCKET",
]);
const networkErrorNames = new Set([
  "HttpRequestError",
  "TimeoutError",
  "WebSocketRequestError",
  "SocketClosedError",
  "StoreRequestError",
]);

/** Walks an error's `cause` chain. */
function* chain(error: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  let current = error;
  while (current && !seen.has(current)) {
    seen.add(current);
    yield current;
    current = (current as { cause?: unknown }).cause;
  }
}

/** Whether an error (or any of its causes) is a failure to reach the network. */
export function isNetworkFailure(error: unknown): boolean {
  for (const e of chain(error)) {
    if (e instanceof NetworkError) return true;
    if (e instanceof CliError) return false;
    const name = (e as Error)?.name;
    const code = (e as { code?: unknown })?.code;
    if (typeof name === "string" && networkErrorNames.has(name)) return true;
    if (typeof code === "string" && networkCodes.has(code)) return true;
    if (e instanceof TypeError && /fetch failed/i.test(e.message)) return true;
  }
  return false;
}

/** The exit code an error maps to. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof CliError) return error.exitCode;
  // the SDK's errors are the user's (refused, not found, bad input), except a store that cannot be reached
  if (isCairnError(error))
    return error.name === "StoreRequestError" || error.name === "ReplicationError" ? ExitCode.network : ExitCode.user;
  if (isNetworkFailure(error)) return ExitCode.network;
  return ExitCode.user;
}

/** The lines to print for an error: its short message, then what is known and what to do. No stack unless `debug`. */
export function describeError(error: unknown, { debug = false }: { debug?: boolean } = {}): string[] {
  const lines: string[] = [];
  if (error instanceof CliError) {
    lines.push(error.message, ...error.metaMessages);
  } else if (isCairnError(error)) {
    lines.push(error.shortMessage, ...(error.metaMessages ?? []));
    const details = error.details;
    if (details && !error.metaMessages?.some((m) => m.includes(details)) && details !== error.shortMessage)
      lines.push(`Details: ${details}`);
  } else if (isShaped(error)) {
    lines.push(error.shortMessage, ...(error.metaMessages ?? []).filter((m) => m.trim() !== ""));
    if (error.details && error.details !== error.shortMessage) lines.push(`Details: ${error.details}`);
  } else if (error instanceof Error) {
    lines.push(error.message);
  } else {
    lines.push(String(error));
  }
  if (debug && error instanceof Error && error.stack) lines.push("", error.stack);
  return lines;
}
