/**
 * The JSON form of a signed contribution on the wire (bigints as decimal strings) and its strict parsing:
 * every problem names the offending field, e.g. `items[3].contentHash`.
 */

import { type RelayContribution, RelayContributionSchema, toSignedCalldata } from "@cairn/sdk";
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

/** The registry's calldata form of an item, through the SDK's `toSignedCalldata` (compact signature, zero contributor for an EOA). */
export function toCalldata(item: ParsedContribution, isContract: boolean) {
  const c = toSignedCalldata(
    {
      datasetId: item.datasetId,
      contentHash: item.contentHash,
      cid: item.cid,
      size: item.size,
      metadataCid: item.metadataCid,
      deadline: item.deadline,
      contributor: item.contributor,
      signature: item.signature,
      chainId: item.chainId,
      registry: item.registry,
      termsHash: item.termsHash,
    },
    { isContract },
  );
  return {
    datasetId: c.datasetId.toString(),
    contentHash: c.contentHash,
    size: c.size.toString(),
    deadline: c.deadline.toString(),
    contributor: c.contributor,
    cid: c.cid,
    metadataCid: c.metadataCid,
    signature: c.signature,
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
