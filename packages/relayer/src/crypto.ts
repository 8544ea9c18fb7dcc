/**
 * The CPU-bound part of accepting a contribution: its EIP-712 digest and the ECDSA recovery of its signer.
 *
 * Recovery is the relayer's main cost per item, so it goes to libsecp256k1: the native binding that the
 * `secp256k1` package ships prebuilt (about 0.25 ms per recovery), else the WebAssembly build in
 * `tiny-secp256k1` (about 1 ms). The digest is built by hand over fixed offsets (the registry does the same
 * in scratch memory), which is several times faster than a generic typed-data encoder.
 */
import { createRequire } from "node:module";
import { contributionDomain, contributionTypes } from "@cairn/sdk";
import { createKeccak } from "hash-wasm";
import { type Address, getAddress, type Hex, type TransactionSerializableEIP1559 } from "viem";

// keccak256 in WebAssembly (hash-wasm): about 15 times faster than a pure-JS one, and an item needs five.
const hasher = await createKeccak(256);
/** keccak256 of `data`. */
export function keccak(data: Uint8Array): Uint8Array {
  hasher.init();
  hasher.update(data);
  return hasher.digest("binary");
}
const utf8 = (s: string) => new TextEncoder().encode(s);
const hex = (b: Uint8Array) => `0x${Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex")}` as Hex;
const bytes = (h: string) => Buffer.from(h.slice(2), "hex");

type Recover = (digest: Uint8Array, signature64: Uint8Array, recoveryId: 0 | 1) => Uint8Array | null;
type Sign = (digest: Uint8Array, key: Uint8Array) => { signature: Uint8Array; recid: number };

const require = createRequire(import.meta.url);

function loadRecover(): { recover: Recover; sign: Sign; backend: string } {
  try {
    const native = require("secp256k1/bindings.js") as {
      ecdsaRecover(sig: Uint8Array, recid: number, msg: Uint8Array, compressed: boolean): Uint8Array;
      ecdsaSign(msg: Uint8Array, key: Uint8Array): { signature: Uint8Array; recid: number };
    };
    return {
      backend: "libsecp256k1 (native)",
      sign: (digest, key) => native.ecdsaSign(digest, key),
      recover: (digest, sig, recid) => {
        try {
          return native.ecdsaRecover(sig, recid, digest, false);
        } catch {
          return null;
        }
      },
    };
  } catch {
    const wasm = require("tiny-secp256k1") as {
      recover(h: Uint8Array, sig: Uint8Array, recid: 0 | 1 | 2 | 3, compressed?: boolean): Uint8Array | null;
      signRecoverable(h: Uint8Array, d: Uint8Array): { signature: Uint8Array; recoveryId: number };
    };
    return {
      backend: "libsecp256k1 (wasm)",
      sign: (digest, key) => {
        const { signature, recoveryId } = wasm.signRecoverable(digest, key);
        return { signature, recid: recoveryId };
      },
      recover: (digest, sig, recid) => {
        try {
          return wasm.recover(digest, sig, recid, false);
        } catch {
          return null;
        }
      },
    };
  }
}

const { recover, sign, backend } = loadRecover();
/** Which secp256k1 implementation is in use (shown by `/healthz`). */
export const secp256k1Backend = backend;

// The EIP-712 types come from the SDK (their one definition). The encoder below writes the fields at fixed
// offsets in this order: if the SDK's types ever change, the relayer refuses to start rather than sign wrong.
const ENCODED_FIELDS =
  "uint256 datasetId,bytes32 contentHash,bytes cid,uint64 size,bytes metadataCid,bytes32 termsHash,uint64 deadline";
const sdkFields = contributionTypes.Contribution.map((f) => `${f.type} ${f.name}`).join(",");
if (sdkFields !== ENCODED_FIELDS)
  throw new Error(`the SDK's EIP-712 Contribution type is (${sdkFields}); this relayer encodes (${ENCODED_FIELDS})`);
const CONTRIBUTION_TYPEHASH = keccak(utf8(`Contribution(${sdkFields})`));
const domain = contributionDomain(1, "0x0000000000000000000000000000000000000000");
const DOMAIN_TYPEHASH = keccak(
  utf8("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
);
const DOMAIN_NAME_HASH = keccak(utf8(domain.name));
const DOMAIN_VERSION_HASH = keccak(utf8(domain.version));
const EMPTY_HASH = keccak(new Uint8Array(0));
// secp256k1's order n, halved: OpenZeppelin's ECDSA refuses signatures with s above it (malleability).
const HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;

function word(value: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let v = value;
  for (let i = 31; i >= 0 && v > 0n; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** The EIP-712 domain separator of a registry (the SDK's `contributionDomain`): name, version, chain id and address. */
export function domainSeparator(chainId: number, registry: Address): Uint8Array {
  const buf = new Uint8Array(160);
  buf.set(DOMAIN_TYPEHASH, 0);
  buf.set(DOMAIN_NAME_HASH, 32);
  buf.set(DOMAIN_VERSION_HASH, 64);
  buf.set(word(BigInt(chainId)), 96);
  buf.set(bytes(registry), 140);
  return keccak(buf);
}

export type DigestInput = {
  datasetId: bigint;
  contentHash: Uint8Array;
  cid: Uint8Array;
  size: bigint;
  metadataCid: Uint8Array;
  termsHash: Uint8Array;
  deadline: bigint;
};

/** The EIP-712 digest of a `Contribution` under `separator` (as `CairnRegistry.contributionDigest`). */
export function contributionDigest(separator: Uint8Array, m: DigestInput): Uint8Array {
  const struct = new Uint8Array(256);
  struct.set(CONTRIBUTION_TYPEHASH, 0);
  struct.set(word(m.datasetId), 32);
  struct.set(m.contentHash, 64);
  struct.set(keccak(m.cid), 96);
  struct.set(word(m.size), 128);
  struct.set(m.metadataCid.length === 0 ? EMPTY_HASH : keccak(m.metadataCid), 160);
  struct.set(m.termsHash, 192);
  struct.set(word(m.deadline), 224);
  const out = new Uint8Array(66);
  out[0] = 0x19;
  out[1] = 0x01;
  out.set(separator, 2);
  out.set(keccak(struct), 34);
  return keccak(out);
}

/**
 * The address that made a 65-byte (r ‖ s ‖ v) or 64-byte EIP-2098 signature over `digest`, or undefined when
 * the signature is malformed or would be refused on-chain (high s).
 */
export function recoverSigner(digest: Uint8Array, signature: Uint8Array): Address | undefined {
  let rs: Uint8Array;
  let recid: number;
  if (signature.length === 65) {
    const v = signature[64];
    recid = v >= 27 ? v - 27 : v;
    rs = signature.subarray(0, 64);
  } else if (signature.length === 64) {
    recid = signature[32] >> 7;
    rs = signature.slice(0, 64);
    rs[32] &= 0x7f;
  } else return undefined;
  if (recid !== 0 && recid !== 1) return undefined;
  const s = BigInt(hex(rs.subarray(32, 64)));
  if (s === 0n || s > HALF_N) return undefined;
  const pub = recover(digest, rs, recid as 0 | 1) ?? undefined;
  if (pub?.length !== 65) return undefined;
  return checksummed(hex(keccak(pub.subarray(1)).subarray(12)));
}

/** The relayer's key for an item: keccak256(chainId ‖ registry ‖ datasetId ‖ contentHash), one per content per dataset. */
export function itemKey(chainId: number, registry: Address, datasetId: bigint, contentHash: Hex): Hex {
  const buf = new Uint8Array(116);
  buf.set(word(BigInt(chainId)), 0);
  buf.set(bytes(registry), 32);
  buf.set(word(datasetId), 52);
  buf.set(bytes(contentHash), 84);
  return hex(keccak(buf));
}

// Checksumming costs a keccak; contributors come back again and again.
const checksums = new Map<string, Address>();
/** The EIP-55 form of an address, remembered for the most recent 100,000 addresses. */
export function checksummed(address: string): Address {
  const lower = address.toLowerCase();
  let out = checksums.get(lower);
  if (!out) {
    if (checksums.size >= 100_000) checksums.clear();
    out = getAddress(lower);
    checksums.set(lower, out);
  }
  return out;
}

/** RLP of a byte string. */
function rlpBytes(b: Uint8Array): Uint8Array {
  if (b.length === 1 && b[0] < 0x80) return b;
  return concatBytes([rlpLength(b.length, 0x80), b]);
}
function rlpLength(n: number, offset: number): Uint8Array {
  if (n <= 55) return Uint8Array.of(offset + n);
  const len = Buffer.from(n.toString(16).padStart(Math.ceil(n.toString(16).length / 2) * 2, "0"), "hex");
  return concatBytes([Uint8Array.of(offset + 55 + len.length), len]);
}
/** An integer as RLP wants it: big-endian, no leading zero bytes, 0 as the empty string. */
function rlpInt(v: bigint | number): Uint8Array {
  if (BigInt(v) === 0n) return new Uint8Array(0);
  const h = BigInt(v).toString(16);
  return Buffer.from(h.length % 2 ? `0${h}` : h, "hex");
}
const concatBytes = (parts: Uint8Array[]) => Buffer.concat(parts);
const trimmed = (h: Hex) => rlpInt(BigInt(h));

/**
 * The EIP-1559 (type 2) serialization of `tx`, signed or not: the same bytes as viem's `serializeTransaction`
 * (`crypto.test.ts` compares them), built with Buffers. viem's generic RLP encoder walks a batch's calldata
 * (tens of kilobytes) hex digit by hex digit, twice per transaction.
 */
export function serializeEip1559(
  tx: TransactionSerializableEIP1559,
  signature?: { r: Hex; s: Hex; yParity: number },
): Uint8Array {
  const fields = [
    rlpInt(tx.chainId as number),
    rlpInt(tx.nonce ?? 0),
    rlpInt(tx.maxPriorityFeePerGas ?? 0n),
    rlpInt(tx.maxFeePerGas ?? 0n),
    rlpInt(tx.gas ?? 0n),
    tx.to ? bytes(tx.to) : new Uint8Array(0),
    rlpInt(tx.value ?? 0n),
    tx.data ? bytes(tx.data) : new Uint8Array(0),
  ].map(rlpBytes);
  if (tx.accessList && tx.accessList.length > 0) throw new Error("serializeEip1559: access lists are not supported");
  fields.push(Uint8Array.of(0xc0));
  if (signature)
    fields.push(rlpBytes(rlpInt(signature.yParity)), rlpBytes(trimmed(signature.r)), rlpBytes(trimmed(signature.s)));
  const payload = concatBytes(fields);
  return concatBytes([Uint8Array.of(0x02), rlpLength(payload.length, 0xc0), payload]);
}

/**
 * A transaction signer for the relayer's key: serializes, hashes (WebAssembly keccak) and signs (libsecp256k1,
 * RFC 6979, low s). A batch transaction is tens of kilobytes, so this is several times faster than a pure-JS
 * signer. The key never leaves the closure.
 */
export function transactionSigner(privateKey: Hex): (tx: TransactionSerializableEIP1559) => Promise<Hex> {
  const key = bytes(privateKey);
  return async (tx) => {
    const digest = keccak(serializeEip1559(tx));
    const { signature, recid } = sign(digest, key);
    return hex(
      serializeEip1559(tx, {
        r: hex(signature.subarray(0, 32)),
        s: hex(signature.subarray(32, 64)),
        yParity: recid,
      }),
    );
  };
}
