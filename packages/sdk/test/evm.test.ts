/**
 * `internal/evm.ts` stands in for viem's root module at import time (start-up): each helper must give viem's
 * answer, on the SDK's own ABIs and on random and malformed inputs, in Node (ox, @noble/hashes) and in a
 * browser bundle (viem's functions behind the same signatures).
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import * as viem from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { cairnGovernorAbi, cairnRegistryAbi, reviewerPoolAbi, rewardVaultAbi } from "../src/index.js";
import * as browserEvm from "../src/platform/evm.browser.js";
import * as nodeEvm from "../src/platform/evm.node.js";

const hex = (n: number) => viem.bytesToHex(randomBytes(n));

for (const [side, evm] of [
  ["node", nodeEvm],
  ["browser", browserEvm],
] as const)
  describe(`evm helpers give viem's answers (${side})`, () => {
    it("addresses: checksum, validation (strict and not), equality", () => {
      for (let i = 0; i < 200; i++) {
        const lower = hex(20);
        const checksummed = viem.getAddress(lower);
        assert.equal(evm.getAddress(lower), checksummed);
        assert.equal(evm.getAddress(lower.toUpperCase().replace("0X", "0x")), checksummed);
        for (const candidate of [lower, checksummed, lower.toUpperCase().replace("0X", "0x")]) {
          assert.equal(evm.isAddress(candidate), viem.isAddress(candidate));
          assert.equal(evm.isAddress(candidate, { strict: false }), viem.isAddress(candidate, { strict: false }));
        }
        // A wrong checksum: flip the case of one letter.
        const at = checksummed.slice(2).search(/[a-fA-F]/);
        if (at >= 0) {
          const c = checksummed[at + 2] as string;
          const flipped = `${checksummed.slice(0, at + 2)}${c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()}${checksummed.slice(at + 3)}`;
          assert.equal(evm.isAddress(flipped), viem.isAddress(flipped));
          // Invalid, unless the flipped letter was the only capital: an all-lowercase address carries no checksum and
          // is valid (a random address is like that about once in a few thousand; CI met one).
          assert.equal(evm.isAddress(flipped), flipped === flipped.toLowerCase());
          assert.equal(evm.isAddress(flipped, { strict: false }), true);
        }
        assert.equal(evm.isAddressEqual(lower as viem.Address, checksummed), true);
      }
      for (const bad of ["0x", "0x123", `0x${"g".repeat(40)}`, "1".repeat(42), `${hex(20)}00`]) {
        assert.equal(evm.isAddress(bad), viem.isAddress(bad), bad);
        assert.throws(() => evm.getAddress(bad));
        assert.throws(() => viem.getAddress(bad));
      }
    });

    it("hashes and hex", () => {
      for (const text of ["", "terms", "Swahili proverbs — methali", "x".repeat(1000)]) {
        assert.equal(evm.stringToHex(text), viem.stringToHex(text));
        assert.equal(evm.keccak256(evm.stringToHex(text)), viem.keccak256(viem.stringToHex(text)));
      }
      const bytes = randomBytes(77);
      assert.equal(evm.bytesToHex(bytes), viem.bytesToHex(bytes));
      assert.deepEqual(evm.hexToBytes(viem.bytesToHex(bytes)), viem.hexToBytes(viem.bytesToHex(bytes)));
      assert.equal(evm.formatUnits(123456789n, 6), viem.formatUnits(123456789n, 6));
      assert.equal(evm.formatUnits(10n ** 24n - 1n, 18), viem.formatUnits(10n ** 24n - 1n, 18));
    });

    it("signatures: parse (v or yParity) and the ERC-2098 compact form", async () => {
      for (let i = 0; i < 20; i++) {
        const account = privateKeyToAccount(generatePrivateKey());
        const signature = await account.signMessage({ message: hex(32) });
        assert.deepEqual(evm.parseSignature(signature), viem.parseSignature(signature));
        assert.equal(
          evm.toCompactSignature(signature),
          viem.compactSignatureToHex(viem.signatureToCompactSignature(viem.hexToSignature(signature))),
        );
        const withParity = `${signature.slice(0, 130)}0${Number(`0x${signature.slice(130)}`) - 27}` as viem.Hex;
        assert.deepEqual(evm.parseSignature(withParity), viem.parseSignature(withParity));
      }
      assert.throws(() => evm.parseSignature(hex(64)));
      assert.throws(() => evm.parseSignature(`${hex(64)}05`));
    });

    it("ABI: custom errors decode, calldata and abi.encode match", () => {
      const abi = [...cairnRegistryAbi, ...rewardVaultAbi, ...reviewerPoolAbi, ...cairnGovernorAbi];
      const errors = abi.filter((item) => item.type === "error");
      assert.ok(errors.length > 20);
      for (const error of errors) {
        const args = error.inputs.map((input) => sample(input.type));
        const data = viem.encodeErrorResult({ abi: [error], errorName: error.name, args } as never);
        const ours = evm.decodeErrorResult({ abi, data });
        const theirs = viem.decodeErrorResult({ abi, data });
        assert.equal(ours.errorName, theirs.errorName);
        assert.deepEqual(ours.args, theirs.args ?? []);
      }
      const revert = viem.encodeErrorResult({
        abi: [{ type: "error", name: "Error", inputs: [{ type: "string" }] }],
        errorName: "Error",
        args: ["nope"],
      });
      assert.deepEqual(evm.decodeErrorResult({ abi, data: revert }), { errorName: "Error", args: ["nope"] });
      assert.throws(() => evm.decodeErrorResult({ abi, data: "0xdeadbeef" }));

      const functions = cairnRegistryAbi.filter(
        (item) => item.type === "function" && item.inputs.every((input) => !input.type.startsWith("tuple")),
      );
      assert.ok(functions.length > 20);
      for (const fn of functions) {
        if (fn.type !== "function") continue;
        const args = fn.inputs.map((input) => sample(input.type));
        assert.equal(
          evm.encodeFunctionData({ abi: [fn], functionName: fn.name, args }),
          viem.encodeFunctionData({ abi: [fn], functionName: fn.name, args } as never),
          fn.name,
        );
      }
      const types = [{ type: "uint64" }, { type: "uint256" }, { type: "bytes32" }] as const;
      const values = [2n ** 63n, 5n, hex(32)] as const;
      assert.equal(evm.encodeAbiParameters(types, values), viem.encodeAbiParameters(types, values));
    });
  });

/** A valid value of a Solidity type, for encoding round trips. */
function sample(type: string): unknown {
  if (type.endsWith("[]")) return [sample(type.slice(0, -2)), sample(type.slice(0, -2))];
  if (type === "address") return viem.getAddress(hex(20));
  if (type === "bool") return true;
  if (type === "string") return "a reason";
  if (type === "bytes") return hex(5);
  const bytesN = /^bytes(\d+)$/.exec(type);
  if (bytesN) return hex(Number(bytesN[1]));
  const int = /^(u?)int(\d+)$/.exec(type);
  if (int) {
    const bits = Number(int[2]);
    const value = BigInt(viem.bytesToHex(randomBytes(bits / 8))) >> (int[1] ? 0n : 1n);
    return bits <= 48 ? Number(value) : value;
  }
  throw new Error(`no sample for ${type}`);
}
