import * as v from "valibot";
import type { Hex } from "viem";
import { BaseError } from "../../errors/base.js";
import {
  type RelayAccepted,
  RelayAcceptedSchema,
  type RelayContribution,
  RelayErrorBodySchema,
  type RelayStatus,
  RelayStatusSchema,
  settledRelayStatusNames,
} from "../../schemas/relay.js";
import type { SignedContribution } from "../../types/contribution.js";

/** A relayer refused a request or could not be reached: `code` and `field` come from its JSON error. */
export class RelayError extends BaseError {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  constructor({
    status,
    code,
    field,
    message,
    cause,
  }: { status: number; code: string; field?: string | undefined; message: string; cause?: unknown }) {
    super(`The relayer refused: ${message}`, {
      name: "RelayError",
      metaMessages: [
        `Code: ${code}${field ? ` (field ${field})` : ""}`,
        ...(status === 429 || status === 503 ? ["Retry in a little while."] : []),
      ],
      details: `HTTP ${status}`,
      cause,
    });
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

export type RelayParameters = {
  items: readonly SignedContribution[];
  /** Items per HTTP request (default 200; the relayer's limit is 500 by default). */
  chunkSize?: number | undefined;
  fetch?: typeof fetch | undefined;
};
export type RelayReturnType = { keys: Hex[]; items: RelayAccepted["items"] };
export type RelayErrorType = RelayError;

export type { RelayStatus };

/** The JSON form of a signed contribution (bigints as decimal strings), as the relayer takes it. */
export function toRelayJson(item: SignedContribution): RelayContribution {
  return {
    datasetId: item.datasetId.toString(),
    contentHash: item.contentHash,
    cid: item.cid,
    size: item.size.toString(),
    metadataCid: item.metadataCid,
    deadline: item.deadline.toString(),
    contributor: item.contributor,
    signature: item.signature,
    chainId: item.chainId,
    registry: item.registry,
    termsHash: item.termsHash,
  };
}

/** Fetches, then checks the answer against its schema; a refusal becomes a {@link RelayError}. */
async function call<S extends v.GenericSchema>(
  f: typeof fetch,
  url: string,
  schema: S,
  init?: RequestInit,
): Promise<v.InferOutput<S>> {
  let res: Response;
  try {
    res = await f(url, init);
  } catch (cause) {
    throw new RelayError({ status: 0, code: "unreachable", message: `cannot reach ${url}`, cause });
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const refusal = v.safeParse(RelayErrorBodySchema, body);
    const e = refusal.success ? refusal.output.error : undefined;
    throw new RelayError({
      status: res.status,
      code: e?.code ?? `http_${res.status}`,
      field: e?.field ?? undefined,
      message: e?.message ?? (text.slice(0, 200) || res.statusText),
    });
  }
  const answer = v.safeParse(schema, body);
  if (!answer.success) {
    const issue = answer.issues[0];
    throw new RelayError({
      status: res.status,
      code: "invalid_response",
      field: v.getDotPath(issue) ?? undefined,
      message: `${url} answered something that is not a Cairn relayer's answer: ${issue.message}`,
    });
  }
  return answer.output;
}

/**
 * Posts contributions signed by their contributors to a Cairn relayer, which registers them on-chain in
 * batches (the contributor pays no gas). Returns one key per item; resubmitting the same signed item gives
 * the same key. A refusal (bad signature, duplicate, closed dataset, rate limit…) throws a {@link RelayError}
 * naming the item and field.
 *
 * @example
 * ```ts
 * const signed = await signContribution(account, { item, chainId, registry, termsHash });
 * const { keys } = await relay("http://127.0.0.1:8787", { items: [signed] });
 * const status = await waitForRelayed("http://127.0.0.1:8787", keys[0]);
 * console.log(status.status); // "included"
 * ```
 */
export async function relay(
  relayerUrl: string,
  { items, chunkSize = 200, fetch: f = fetch }: RelayParameters,
): Promise<RelayReturnType> {
  const out: RelayReturnType = { keys: [], items: [] };
  const base = relayerUrl.replace(/\/+$/, "");
  for (let start = 0; start < items.length; start += chunkSize) {
    const chunk = items.slice(start, start + chunkSize);
    const body = await call(f, `${base}/v1/contributions`, RelayAcceptedSchema, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ items: chunk.map(toRelayJson) }),
    });
    for (const item of body.items) {
      out.items.push(item);
      out.keys.push(item.key);
    }
  }
  return out;
}

/**
 * Reads where a relayed contribution is: queued, submitted (tx), included (tx, block, contribution id),
 * skipped (decoded reason) or failed.
 *
 * @example
 * ```ts
 * const s = await getRelayStatus("http://127.0.0.1:8787", key);
 * if (s.status === "skipped") console.log(s.reason.message);
 * ```
 */
export async function getRelayStatus(
  relayerUrl: string,
  key: Hex,
  { fetch: f = fetch }: { fetch?: typeof fetch } = {},
): Promise<RelayStatus> {
  return call(f, `${relayerUrl.replace(/\/+$/, "")}/v1/contributions/${key}`, RelayStatusSchema);
}

/**
 * Polls until a relayed contribution is settled (included, skipped or failed), or the timeout passes.
 *
 * @example
 * ```ts
 * const final = await waitForRelayed(url, key, { timeoutMs: 60_000 });
 * ```
 */
export async function waitForRelayed(
  relayerUrl: string,
  key: Hex,
  {
    timeoutMs = 120_000,
    intervalMs = 500,
    fetch: f = fetch,
  }: { timeoutMs?: number; intervalMs?: number; fetch?: typeof fetch } = {},
): Promise<RelayStatus> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const s = await getRelayStatus(relayerUrl, key, { fetch: f });
    if ((settledRelayStatusNames as readonly string[]).includes(s.status)) return s;
    if (Date.now() > until) {
      throw new RelayError({
        status: 0,
        code: "timeout",
        message: `contribution ${key} is still ${s.status} after ${timeoutMs} ms`,
      });
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
