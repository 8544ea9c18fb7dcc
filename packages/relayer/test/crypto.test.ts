import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { contributionDomain, contributionTypes } from "@cairn/sdk";
import { CID } from "multiformats/cid";
import {
  encodePacked,
  getAddress,
  type Hex,
  hashTypedData,
  hexToBytes,
  keccak256,
  parseSignature,
  serializeCompactSignature,
  signatureToCompactSignature,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { contributionDigest, domainSeparator, itemKey, recoverSigner } from "../src/crypto.js";
import { parseContribution, toCalldata } from "../src/wire.js";

const registry = getAddress("0x5fbdb2315678afecb367f032d93f642f64180aa3");
const message = {
  datasetId: 7n,
  contentHash: `0x${"ab".repeat(32)}` as Hex,
  cid: "0x01551220aabbccddeeff00112233445566778899aabbccddeeff00112233445566778899" as Hex,
  size: 1234n,
  metadataCid: "0x" as Hex,
  termsHash: `0x${"cd".repeat(32)}` as Hex,
  deadline: 4_000_000_000n,
};
const digestInput = (m: typeof message) => ({
  datasetId: m.datasetId,
  contentHash: hexToBytes(m.contentHash),
  cid: hexToBytes(m.cid),
  size: m.size,
  metadataCid: hexToBytes(m.metadataCid),
  termsHash: hexToBytes(m.termsHash),
  deadline: m.deadline,
});

describe("relayer crypto: the hand-built EIP-712 digest and signer recovery", () => {
  it("computes the same digest as viem's hashTypedData, with and without metadata", () => {
    for (const m of [message, { ...message, metadataCid: "0x0155122011" as Hex }]) {
      const expected = hashTypedData({
        domain: contributionDomain(31337, registry),
        types: contributionTypes,
        primaryType: "Contribution",
        message: m,
      });
      assert.equal(
        Buffer.from(contributionDigest(domainSeparator(31337, registry), digestInput(m))).toString("hex"),
        expected.slice(2),
      );
    }
  });

  it("recovers the signer from a 65-byte and a 64-byte compact signature, and refuses a high s", async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const signature = await account.signTypedData({
      domain: contributionDomain(31337, registry),
      types: contributionTypes,
      primaryType: "Contribution",
      message,
    });
    const digest = contributionDigest(domainSeparator(31337, registry), digestInput(message));
    assert.equal(recoverSigner(digest, hexToBytes(signature)), account.address);
    const compact = serializeCompactSignature(signatureToCompactSignature(parseSignature(signature)));
    assert.equal(recoverSigner(digest, hexToBytes(compact)), account.address);
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const sig = hexToBytes(signature);
    const s = BigInt(`0x${Buffer.from(sig.subarray(32, 64)).toString("hex")}`);
    const high = new Uint8Array(sig);
    high.set(hexToBytes(`0x${(n - s).toString(16).padStart(64, "0")}`), 32);
    high[64] = high[64] === 27 ? 28 : 27;
    assert.equal(recoverSigner(digest, high), undefined);
    assert.equal(recoverSigner(digest, new Uint8Array(10)), undefined);
  });

  it("keys an item by keccak256(chainId ‖ registry ‖ datasetId ‖ contentHash)", () => {
    const expected = keccak256(
      encodePacked(["uint256", "address", "uint256", "bytes32"], [31337n, registry, 7n, message.contentHash]),
    );
    assert.equal(itemKey(31337, registry, 7n, message.contentHash), expected);
  });

  it("sends an EOA's signature in compact form with a zero contributor, and a smart wallet's as it is", async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const cid = CID.decode(hexToBytes(message.cid)).toString();
    const signature = await account.signTypedData({
      domain: contributionDomain(31337, registry),
      types: contributionTypes,
      primaryType: "Contribution",
      message,
    });
    const wire = {
      datasetId: "7",
      contentHash: message.contentHash,
      cid,
      size: "1234",
      deadline: "4000000000",
      contributor: account.address,
      signature,
      chainId: 31337,
      registry,
      termsHash: message.termsHash,
    };
    const parsed = parseContribution(wire, "items[0]");
    const eoa = toCalldata(parsed, false);
    assert.equal(eoa.contributor, "0x0000000000000000000000000000000000000000");
    assert.equal(eoa.signature.length, 2 + 128);
    assert.equal(eoa.cid, message.cid);
    const wallet = toCalldata(parsed, true);
    assert.equal(wallet.contributor, account.address);
    assert.equal(wallet.signature, signature);
  });
});
