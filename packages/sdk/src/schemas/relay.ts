/**
 * The relayer's HTTP shapes, defined once (valibot: the TypeScript type and the runtime check from one
 * declaration). The SDK's `relay()` actions, the relayer (`cairn-relayer`) and the CLI import them:
 * - {@link RelayContributionSchema}: one signed contribution as posted (bigints as decimal strings);
 * - {@link RelayRequestSchema}: the body of `POST /v1/contributions`;
 * - {@link RelayAcceptedSchema}: its 202 answer;
 * - {@link RelayStatusSchema}: the answer of `GET /v1/contributions/:key`, one variant per status name;
 * - {@link RelayErrorBodySchema} and {@link relayErrorCodes}: every refusal.
 *
 * Field messages name no path: a caller prefixes the field (`items[3].contentHash must be …`).
 */
import { CID } from "multiformats/cid";
import * as v from "valibot";
import type { Address, Hash, Hex } from "viem";

const UINT64_MAX = (1n << 64n) - 1n;
const UINT256_MAX = (1n << 256n) - 1n;
/** The longest signature the relayer takes (an ERC-1271 wallet's may be long, not unbounded). */
export const MAX_RELAY_SIGNATURE_BYTES = 4096;
const MAX_CID_LENGTH = 512;

const asHex = v.transform((s: string) => s.toLowerCase() as Hex);

/** A non-negative integer as a decimal string (or a safe JavaScript integer) at most `max`, at least `min`. */
function uint(max: bigint, min = 0n) {
  const message = `must be ${min > 0n ? `an integer of at least ${min}` : "a non-negative integer"} (a decimal string)`;
  return v.pipe(
    v.union(
      [
        v.pipe(v.string(), v.regex(/^(0|[1-9][0-9]{0,77})$/)),
        v.pipe(v.number(), v.safeInteger(), v.minValue(0), v.transform(String)),
      ],
      message,
    ),
    v.check((s) => BigInt(s) >= min, message),
    v.check((s) => BigInt(s) <= max, "is out of range"),
  );
}

const bytes32 = v.pipe(
  v.string("must be 32 bytes of hex (0x + 64 digits)"),
  v.regex(/^0x[0-9a-fA-F]{64}$/, "must be 32 bytes of hex (0x + 64 digits)"),
  asHex,
);
const address = v.pipe(
  v.string("must be an address"),
  v.regex(/^0x[0-9a-fA-F]{40}$/, "must be an address"),
  v.transform((s) => s as Address),
);
const cid = v.pipe(
  v.string("must be a CID string"),
  v.minLength(1, "must be a CID string"),
  v.maxLength(MAX_CID_LENGTH, "must be a CID string"),
  v.check((s) => {
    try {
      CID.parse(s);
      return true;
    } catch {
      return false;
    }
  }, "is not a valid CID"),
);

/** One signed contribution on the wire: what the SDK's `toRelayJson` writes and the relayer parses. */
export const RelayContributionSchema = v.object({
  datasetId: uint(UINT256_MAX, 1n),
  contentHash: v.pipe(
    bytes32,
    v.check((h) => !/^0x0{64}$/.test(h), "must not be zero"),
  ),
  cid,
  size: uint(UINT64_MAX),
  metadataCid: v.optional(v.nullable(v.union([v.literal(""), cid], "must be a CID string"))),
  deadline: uint(UINT64_MAX),
  contributor: address,
  signature: v.pipe(
    v.string("must be non-empty hex bytes"),
    v.regex(/^0x([0-9a-fA-F]{2})+$/, "must be non-empty hex bytes"),
    v.maxLength(2 + 2 * MAX_RELAY_SIGNATURE_BYTES, `must be at most ${MAX_RELAY_SIGNATURE_BYTES} bytes`),
    asHex,
  ),
  chainId: v.pipe(
    v.number("must be a positive integer"),
    v.safeInteger("must be a positive integer"),
    v.minValue(1, "must be a positive integer"),
  ),
  registry: address,
  termsHash: bytes32,
});
/** A signed contribution as the relayer takes it (JSON: bigints as decimal strings). */
export type RelayContribution = v.InferInput<typeof RelayContributionSchema>;
/** The same, checked (hex in lower case, integers as decimal strings). */
export type RelayContributionParsed = v.InferOutput<typeof RelayContributionSchema>;

/** The body of `POST /v1/contributions` (the relayer also takes a bare array or a single item). */
export const RelayRequestSchema = v.object({ items: v.pipe(v.array(RelayContributionSchema), v.minLength(1)) });
export type RelayRequest = v.InferInput<typeof RelayRequestSchema>;

/** Where a relayed contribution is: every status name the relayer reports. */
export const relayStatusNames = ["queued", "submitted", "included", "skipped", "failed"] as const;
export type RelayStatusName = (typeof relayStatusNames)[number];
/** The status names after which nothing changes any more. */
export const settledRelayStatusNames = ["included", "skipped", "failed"] as const satisfies readonly RelayStatusName[];

const key = bytes32;
const txHash = v.pipe(
  v.string(),
  v.regex(/^0x[0-9a-fA-F]*$/),
  v.transform((s) => s as Hash),
);

/** The 202 answer to `POST /v1/contributions`: one key per item, in order. */
export const RelayAcceptedSchema = v.object({
  items: v.array(v.object({ key, status: v.picklist(relayStatusNames), duplicate: v.optional(v.boolean()) })),
  ms: v.optional(v.number()),
});
export type RelayAccepted = v.InferOutput<typeof RelayAcceptedSchema>;

const statusBase = {
  key,
  datasetId: v.string(),
  contentHash: bytes32,
  contributor: address,
  acceptedAt: v.optional(v.string()),
};
/** Why an item was skipped: the registry's custom error, decoded, and its explanation. */
const skipReason = v.looseObject({ errorName: v.string(), args: v.array(v.unknown()), message: v.string() });
const failReason = v.looseObject({ errorName: v.string(), message: v.string() });

/** The answer to `GET /v1/contributions/:key`. */
export const RelayStatusSchema = v.variant("status", [
  v.object({ ...statusBase, status: v.literal("queued") }),
  v.object({ ...statusBase, status: v.literal("submitted"), tx: txHash }),
  v.object({ ...statusBase, status: v.literal("included"), tx: txHash, block: v.string(), contributionId: v.string() }),
  v.object({ ...statusBase, status: v.literal("skipped"), tx: txHash, block: v.string(), reason: skipReason }),
  v.object({ ...statusBase, status: v.literal("failed"), reason: failReason }),
]);
/** Where a relayed contribution is. */
export type RelayStatus = v.InferOutput<typeof RelayStatusSchema>;

/** Every refusal's `error.code`, by HTTP status. */
export const relayErrorCodes = [
  "invalid_json", // 400
  "invalid_body", // 400
  "invalid_field", // 400
  "invalid_key", // 400
  "api_key_required", // 401
  "invalid_api_key", // 401
  "dataset_not_served", // 403
  "origin_not_allowed", // 403
  "not_found", // 404
  "unknown_key", // 404
  "dataset_not_found", // 404
  "method_not_allowed", // 405
  "request_timeout", // 408
  "dataset_not_open", // 409
  "duplicate_queued", // 409
  "duplicate_in_request", // 409
  "already_registered", // 409
  "body_too_large", // 413
  "too_many_items", // 413
  "unsupported_media_type", // 415
  "wrong_chain", // 422
  "wrong_registry", // 422
  "expired", // 422
  "terms_changed", // 422
  "invalid_signature", // 422
  "refused_by_registry", // 422
  "rate_limited", // 429
  "quota_exceeded", // 429
  "budget_exhausted", // 429
  "gas_budget_exhausted", // 429
  "too_many_connections", // 429
  "internal", // 500
  "rpc_unavailable", // 503
] as const;
export type RelayErrorCode = (typeof relayErrorCodes)[number];

/** Every refusal's body: the code, the offending field (`items[3].signature`) or null, and a message. */
export const RelayErrorBodySchema = v.object({
  error: v.object({ code: v.string(), field: v.nullable(v.string()), message: v.string() }),
});
export type RelayErrorBody = v.InferOutput<typeof RelayErrorBodySchema>;
