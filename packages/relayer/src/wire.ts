/**
 * The JSON form of a signed contribution on the wire (bigints as decimal strings) and its strict parsing:
 * every problem names the offending field, e.g. `items[3].contentHash`.
 */

import { toSignedCalldata } from "@cairn/sdk";
import { CID } from "multiformats/cid";
import { type Address, type Hex, isAddress } from "viem";
import { checksummed } from "./crypto.js";
import { ApiError } from "./errors.js";

/** A signed contribution as posted to `POST /v1/contributions`. */
export type WireContribution = {
  datasetId: string;
  contentHash: Hex;
  cid: string;
  size: string;
  metadataCid?: string | undefined;
  deadline: string;
  contributor: Address;
  signature: Hex;
  chainId: number;
  registry: Address;
  termsHash: Hex;
};

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

const UINT64_MAX = (1n << 64n) - 1n;
const UINT256_MAX = (1n << 256n) - 1n;
const MAX_SIGNATURE_BYTES = 4096;
const MAX_CID_LENGTH = 512;

const bad = (field: string, message: string) => new ApiError(400, "invalid_field", message, field);

function uint(value: unknown, field: string, max: bigint): bigint {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value !== "string" || !/^(0|[1-9][0-9]{0,77})$/.test(value)) {
    throw bad(field, `${field} must be a non-negative integer (a decimal string)`);
  }
  const n = BigInt(value);
  if (n > max) throw bad(field, `${field} is out of range`);
  return n;
}

function hex32(value: unknown, field: string): Hex {
  if (typeof value !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(value))
    throw bad(field, `${field} must be 32 bytes of hex (0x + 64 digits)`);
  return value.toLowerCase() as Hex;
}

function cid(value: unknown, field: string): { text: string; bytes: Uint8Array } {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_CID_LENGTH)
    throw bad(field, `${field} must be a CID string`);
  try {
    const parsed = CID.parse(value);
    return { text: parsed.toString(), bytes: parsed.bytes };
  } catch {
    throw bad(field, `${field} is not a valid CID`);
  }
}

/** Parses one wire item; `path` prefixes field names (`items[2]`). */
export function parseContribution(raw: unknown, path: string): ParsedContribution {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw bad(path, `${path} must be an object`);
  const o = raw as Record<string, unknown>;
  const f = (name: string) => `${path}.${name}`;
  const datasetId = uint(o.datasetId, f("datasetId"), UINT256_MAX);
  if (datasetId === 0n) throw bad(f("datasetId"), "datasetId must be at least 1");
  const contentHash = hex32(o.contentHash, f("contentHash"));
  if (/^0x0{64}$/.test(contentHash)) throw bad(f("contentHash"), "contentHash must not be zero");
  const content = cid(o.cid, f("cid"));
  const size = uint(o.size, f("size"), UINT64_MAX);
  const metadata =
    o.metadataCid === undefined || o.metadataCid === null || o.metadataCid === ""
      ? undefined
      : cid(o.metadataCid, f("metadataCid"));
  const deadline = uint(o.deadline, f("deadline"), UINT64_MAX);
  if (typeof o.contributor !== "string" || !isAddress(o.contributor, { strict: false }))
    throw bad(f("contributor"), "contributor must be an address");
  const contributor = checksummed(o.contributor);
  if (
    typeof o.signature !== "string" ||
    !/^0x([0-9a-fA-F]{2})+$/.test(o.signature) ||
    o.signature.length > 2 + 2 * MAX_SIGNATURE_BYTES
  ) {
    throw bad(f("signature"), "signature must be non-empty hex bytes");
  }
  const chainId = o.chainId;
  if (typeof chainId !== "number" || !Number.isSafeInteger(chainId) || chainId <= 0)
    throw bad(f("chainId"), "chainId must be a positive integer");
  if (typeof o.registry !== "string" || !isAddress(o.registry, { strict: false }))
    throw bad(f("registry"), "registry must be an address");
  const termsHash = hex32(o.termsHash, f("termsHash"));
  const signature = o.signature.toLowerCase() as Hex;
  return {
    datasetId,
    contentHash,
    contentHashBytes: fromHex(contentHash),
    cid: content.text,
    cidBytes: content.bytes,
    size,
    metadataCid: metadata?.text,
    metadataCidBytes: metadata?.bytes ?? new Uint8Array(0),
    deadline,
    contributor,
    signature,
    signatureBytes: fromHex(signature),
    chainId,
    registry: checksummed(o.registry),
    termsHash,
    termsHashBytes: fromHex(termsHash),
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
