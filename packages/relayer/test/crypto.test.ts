import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { contributionDomain, contributionTypes, toSignedCalldata } from "@cairn/sdk";
import { CID } from "multiformats/cid";
import {
  bytesToHex,
  encodePacked,
  getAddress,
  type Hex,
  hashTypedData,
  hexToBytes,
  keccak256,
  parseSignature,
  serializeCompactSignature,
  serializeTransaction,
  signatureToCompactSignature,
  type TransactionSerializableEIP1559,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import {
  contributionDigest,
  domainSeparator,
  itemKey,
  recoverSigner,
  serializeEip1559,
  transactionSigner,
} from "../src/crypto.js";
import { RecoverPool } from "../src/recover-pool.js";
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

  it("writes the same calldata as the SDK's toSignedCalldata (its one definition), for every signature shape", async () => {
    const metadataCid = CID.decode(hexToBytes(`0x01551220${"77".repeat(32)}`)).toString();
    for (let i = 0; i < 24; i++) {
      const account = privateKeyToAccount(generatePrivateKey());
      const withMetadata = i % 2 === 1;
      const m = { ...message, datasetId: BigInt(i + 1), metadataCid: withMetadata ? CID.parse(metadataCid).bytes : [] };
      const signature = await account.signTypedData({
        domain: contributionDomain(31337, registry),
        types: contributionTypes,
        primaryType: "Contribution",
        message: { ...message, datasetId: m.datasetId },
      });
      // 65 bytes with v = 27/28, the same with v = 0/1, and an EIP-2098 64-byte signature.
      const v = Number.parseInt(signature.slice(130), 16);
      const shapes: Hex[] = [
        signature,
        `${signature.slice(0, 130)}0${v - 27}` as Hex,
        serializeCompactSignature(signatureToCompactSignature(parseSignature(signature))),
      ];
      for (const sig of shapes) {
        const wire = {
          datasetId: m.datasetId.toString(),
          contentHash: message.contentHash,
          cid: CID.decode(hexToBytes(message.cid)).toString(),
          size: "1234",
          deadline: "4000000000",
          contributor: account.address,
          signature: sig,
          chainId: 31337,
          registry,
          termsHash: message.termsHash,
          ...(withMetadata ? { metadataCid } : {}),
        };
        const parsed = parseContribution(wire, "items[0]");
        for (const isContract of [false, true]) {
          const sdk = toSignedCalldata(
            { ...parsed, metadataCid: parsed.metadataCid, chainId: 31337 } as Parameters<typeof toSignedCalldata>[0],
            { isContract },
          );
          assert.deepEqual(toCalldata(parsed, isContract), {
            datasetId: sdk.datasetId.toString(),
            contentHash: sdk.contentHash,
            size: sdk.size.toString(),
            deadline: sdk.deadline.toString(),
            contributor: sdk.contributor,
            cid: sdk.cid,
            metadataCid: sdk.metadataCid,
            signature: sdk.signature,
          });
        }
      }
    }
  });

  it("serializes and signs EIP-1559 transactions byte for byte as viem does", async () => {
    const key = generatePrivateKey();
    const account = privateKeyToAccount(key);
    const sign = transactionSigner(key);
    const cases: TransactionSerializableEIP1559[] = [
      {
        type: "eip1559",
        chainId: 31337,
        nonce: 0,
        to: registry,
        data: "0x",
        gas: 0n,
        value: 0n,
        maxFeePerGas: 0n,
        maxPriorityFeePerGas: 0n,
      },
      {
        type: "eip1559",
        chainId: 1,
        nonce: 127,
        to: registry,
        data: "0x00",
        gas: 21_000n,
        value: 1n,
        maxFeePerGas: 1n,
        maxPriorityFeePerGas: 1n,
      },
      {
        type: "eip1559",
        chainId: 8453,
        nonce: 128,
        to: registry,
        data: "0x7f",
        gas: 16_777_216n,
        value: 0n,
        maxFeePerGas: 10n ** 30n,
        maxPriorityFeePerGas: 255n,
      },
      {
        type: "eip1559",
        chainId: 11155111,
        nonce: 65_536,
        to: registry,
        data: `0x${"ab".repeat(55)}`,
        gas: 1n,
        value: 0n,
        maxFeePerGas: 256n,
        maxPriorityFeePerGas: 0n,
      },
      {
        type: "eip1559",
        chainId: 31337,
        nonce: 3,
        to: registry,
        data: `0x${"cd".repeat(56)}`,
        gas: 90_000n,
        value: 0n,
        maxFeePerGas: 2n,
        maxPriorityFeePerGas: 1n,
      },
      {
        type: "eip1559",
        chainId: 31337,
        nonce: 9,
        to: registry,
        data: `0x${"5e".repeat(70_000)}`,
        gas: 9_000_000n,
        value: 0n,
        maxFeePerGas: 7n,
        maxPriorityFeePerGas: 3n,
      },
    ];
    for (const tx of cases) {
      assert.equal(bytesToHex(serializeEip1559(tx)), serializeTransaction(tx), `unsigned, nonce ${tx.nonce}`);
      // Signatures whose r or s start with zero bytes must come out trimmed, as viem writes them.
      for (const [r, s, yParity] of [
        [`0x${"11".repeat(32)}`, `0x${"22".repeat(32)}`, 0],
        [`0x00${"11".repeat(31)}`, `0x0000${"22".repeat(30)}`, 1],
      ] as const)
        assert.equal(bytesToHex(serializeEip1559(tx, { r, s, yParity })), serializeTransaction(tx, { r, s, yParity }));
      // Signed by the relayer's signer: what viem's own account signs (RFC 6979 is deterministic).
      assert.equal(await sign(tx), await account.signTransaction(tx));
    }
  });

  it("recovers signers in worker threads exactly as inline, and inline again when a worker dies", async () => {
    const digest = contributionDigest(domainSeparator(31337, registry), digestInput(message));
    const items: { digest: Uint8Array; signature: Uint8Array }[] = [];
    const expected: (string | undefined)[] = [];
    for (let i = 0; i < 20; i++) {
      const account = privateKeyToAccount(generatePrivateKey());
      const signature = hexToBytes(
        await account.signTypedData({
          domain: contributionDomain(31337, registry),
          types: contributionTypes,
          primaryType: "Contribution",
          message,
        }),
      );
      items.push({ digest, signature });
      expected.push(account.address);
    }
    // Malformed: too short, a bad v.
    items.push({ digest, signature: new Uint8Array(10) }, { digest, signature: new Uint8Array(65).fill(7) });
    expected.push(undefined, undefined);
    const pool = new RecoverPool(2);
    try {
      assert.equal(pool.threads, 2);
      const answers = await Promise.all([pool.recover(items), pool.recover(items.slice(5)), pool.recover([])]);
      assert.deepEqual(answers, [expected, expected.slice(5), []]);
      assert.deepEqual(
        items.map((x) => recoverSigner(x.digest, x.signature)),
        expected,
      );
      // A worker killed under it: the requests it held are answered inline, and the pool carries on without it.
      const [first] = (pool as unknown as { slots: { worker: { terminate(): Promise<number> } }[] }).slots;
      const held = pool.recover(items);
      await first.worker.terminate();
      assert.deepEqual(await held, expected);
      assert.equal(pool.threads, 1);
      assert.deepEqual(await pool.recover(items), expected);
    } finally {
      await pool.close();
    }
  });
});
