/**
 * The JSON form of a signed contribution on the wire (bigints as decimal strings) and its strict parsing:
 * every problem names the offending field, e.g. `items[3].contentHash`.
 */

import { type RelayContribution, RelayContributionSchema } from "@cairn/sdk";
import { CID } from "multiformats/cid";
import * as v from "valibot";
import type { Address, Hex } from "viem";
import { checksummed } from "./crypto.js";
import { ApiError } from "./errors.js";

/** A signed contribution as posted to `POST /v1/contributions` (the SDK's schema, defined once). */
export type WireContribution = RelayContribution;

/** A parsed item, with its byte fields decoded once. */
export type ParsedContribution = {
  datasetId: bigint;
  contentHash: Hex;
  contentHashBytes: Uint8Array;
  cid: string;
  cidBytes: Uint8Array;
  size: bigint;
  metadataCid: string | undefined;
  metadataCidBytes: Uint8Array;
  deadline: bigint;
  contributor: Address;
  signature: Hex;
  signatureBytes: Uint8Array;
  chainId: number;
  registry: Address;
  termsHash: Hex;
  termsHashBytes: Uint8Array;
};

const fromHex = (h: string): Uint8Array => Buffer.from(h.slice(2), "hex");

const bad = (field: string, message: string) => new ApiError(400, "invalid_field", message, field);

/** Parses one wire item against the SDK's `RelayContributionSchema`; `path` prefixes field names (`items[2]`). */
export function parseContribution(raw: unknown, path: string): ParsedContribution {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw bad(path, `${path} must be an object`);
  const r = v.safeParse(RelayContributionSchema, raw, { abortEarly: true });
  if (!r.success) {
    const issue = r.issues[0];
    const key = issue.path?.[0]?.key;
    const field = typeof key === "string" ? `${path}.${key}` : path;
    throw bad(field, `${field} ${issue.message}`);
  }
  const o = r.output;
  const content = CID.parse(o.cid);
  const metadata = o.metadataCid ? CID.parse(o.metadataCid) : undefined;
  return {
    datasetId: BigInt(o.datasetId),
    contentHash: o.contentHash,
    contentHashBytes: fromHex(o.contentHash),
    cid: content.toString(),
    cidBytes: content.bytes,
    size: BigInt(o.size),
    metadataCid: metadata?.toString(),
    metadataCidBytes: metadata?.bytes ?? new Uint8Array(0),
    deadline: BigInt(o.deadline),
    contributor: checksummed(o.contributor),
    signature: o.signature,
    signatureBytes: fromHex(o.signature),
    chainId: o.chainId,
    registry: checksummed(o.registry),
    termsHash: o.termsHash,
    termsHashBytes: fromHex(o.termsHash),
  };
}

/** Reads `{ items: [...] }`, `[...]` or a single item object. */
export function itemsOf(body: unknown, maxItems: number): unknown[] {
  let items: unknown[];
  if (Array.isArray(body)) items = body;
  else if (body && typeof body === "object" && Array.isArray((body as { items?: unknown }).items))
    items = (body as { items: unknown[] }).items;
  else if (body && typeof body === "object" && "contentHash" in body) items = [body];
  else throw new ApiError(400, "invalid_body", "expected { items: [signed contributions] }", "items");
  if (items.length === 0) throw new ApiError(400, "invalid_body", "items is empty", "items");
  if (items.length > maxItems)
    throw new ApiError(413, "too_many_items", `at most ${maxItems} items per request`, "items");
  return items;
}

const hexOf = (b: Uint8Array) => `0x${Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex")}` as Hex;
const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000" as Address;

/**
 * The registry's calldata form of an item: the SDK's `toSignedCalldata` (an EOA's 65-byte signature in EIP-2098
 * compact form with a zero contributor, which the registry recovers; a smart wallet's address and signature
 * as they are), written from the bytes the parser already decoded instead of parsing the CIDs and signature
 * again. `crypto.test.ts` checks that both give the same calldata.
 */
export function toCalldata(item: ParsedContribution, isContract: boolean) {
  const compact = !isContract && item.signatureBytes.length === 65;
  let signature = item.signature;
  if (compact) {
    // r ‖ (yParity << 255 | s), yParity from v (27/28, or 0/1).
    const sig = item.signatureBytes.slice(0, 64);
    const v = item.signatureBytes[64];
    if ((v >= 27 ? v - 27 : v) === 1) sig[32] |= 0x80;
    signature = hexOf(sig);
  }
  return {
    datasetId: item.datasetId.toString(),
    contentHash: item.contentHash,
    size: item.size.toString(),
    deadline: item.deadline.toString(),
    contributor: compact ? ZERO_ADDRESS : item.contributor,
    cid: hexOf(item.cidBytes),
    metadataCid: item.metadataCidBytes.length > 0 ? hexOf(item.metadataCidBytes) : ("0x" as Hex),
    signature,
  };
}

export type StoredCalldata = ReturnType<typeof toCalldata>;

/** The ABI argument form of stored calldata. */
export function reviveCalldata(c: StoredCalldata) {
  return {
    datasetId: BigInt(c.datasetId),
    contentHash: c.contentHash,
    size: BigInt(c.size),
    deadline: BigInt(c.deadline),
    contributor: c.contributor,
    cid: c.cid,
    metadataCid: c.metadataCid,
    signature: c.signature,
  };
}
