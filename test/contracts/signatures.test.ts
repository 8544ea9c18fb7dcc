import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { contributionDomain, contributionTypes } from "@cairn/sdk";
import { network } from "hardhat";
import { concatHex, getAddress, hashTypedData, keccak256, toHex, zeroAddress } from "viem";
import {
  type Cairn,
  ContributionStatus,
  content,
  contributionMessage,
  createDataset,
  createReviewedDataset,
  DatasetStatus,
  datasetConfig,
  deployCairn,
  eventsOf,
  mined,
  OTHER_TERMS,
  type SignedItem,
  signContribution,
  signer,
} from "../helpers/cairn.js";

const { networkHelpers } = await network.create();
const load = () => networkHelpers.loadFixture(deployCairn);

const METADATA = concatHex(["0x01551220", keccak256(toHex("signed item metadata"))]);

/** Submits a signed item through the relayer account. */
function submit(f: Cairn, item: SignedItem) {
  return f.registry.write.contributeBySig([item], { account: f.relayer.account });
}

describe("signed contributions", () => {
  describe("valid signatures", () => {
    it("registers a 65-byte signature with the contributor named, as that contributor, whoever relays it", async () => {
      const f = await load();
      const id = await createReviewedDataset(f);
      const key = signer("alice");
      const c = content("signed, named");
      const item = await signContribution(f, key, { datasetId: id, content: c, metadataCid: METADATA, form: "full" });
      assert.equal((item.signature.length - 2) / 2, 65);
      const receipt = await mined(f, submit(f, item));
      assert.deepEqual(eventsOf(f.registry, receipt, "ContributionRegistered"), [
        { datasetId: id, contentHash: c.contentHash, contributor: key.address, size: c.size, cid: c.cid },
      ]);
      assert.deepEqual(eventsOf(f.registry, receipt, "MetadataAttached"), [
        { datasetId: id, contentHash: c.contentHash, metadataCid: METADATA },
      ]);
      const view = await f.registry.read.getContribution([id, c.contentHash]);
      assert.equal(view.contributor, key.address);
      assert.equal(view.owner, key.address);
      assert.equal(view.status, ContributionStatus.Pending);
    });

    it("registers a 64-byte compact signature with the contributor left zero, as the recovered signer", async () => {
      const f = await load();
      const id = await createReviewedDataset(f);
      const key = signer("bob");
      const c = content("signed, compact");
      const item = await signContribution(f, key, { datasetId: id, content: c, form: "compact" });
      assert.equal(item.contributor, zeroAddress);
      assert.equal((item.signature.length - 2) / 2, 64);
      await f.viem.assertions.emitWithArgs(submit(f, item), f.registry, "ContributionRegistered", [
        id,
        c.contentHash,
        key.address,
        c.size,
        c.cid,
      ]);
      assert.equal((await f.registry.read.getContribution([id, c.contentHash])).contributor, key.address);
    });

    it("registers a 65-byte signature with the contributor left zero, as the recovered signer", async () => {
      const f = await load();
      const id = await createReviewedDataset(f);
      const key = signer("dave");
      const c = content("full, unnamed");
      const item = await signContribution(f, key, { datasetId: id, content: c, contributor: zeroAddress });
      await mined(f, submit(f, item));
      assert.equal((await f.registry.read.getContribution([id, c.contentHash])).contributor, key.address);
    });

    it("credits the signer's weight when a signed contribution is accepted on arrival", async () => {
      const f = await load();
      const id = await createDataset(f, { defaultScore: 64, rewardToken: f.token.address });
      const key = signer("erin");
      const c = content("signed into an auto-accepting dataset");
      const receipt = await mined(
        f,
        submit(f, await signContribution(f, key, { datasetId: id, content: c, form: "compact" })),
      );
      assert.deepEqual(eventsOf(f.registry, receipt, "ContributionAccepted"), [
        { datasetId: id, contentHash: c.contentHash, owner: key.address, score: 64 },
      ]);
      assert.equal(await f.vault.read.weightOf([id, key.address]), 64n);
      assert.equal(await f.vault.read.weightOf([id, f.relayer.address]), 0n);
    });

    it("accepts a compact signature with the contributor named too", async () => {
      const f = await load();
      const id = await createReviewedDataset(f);
      const key = signer("carol");
      const c = content("compact, named");
      const item = await signContribution(f, key, {
        datasetId: id,
        content: c,
        form: "compact",
        contributor: key.address,
      });
      await mined(f, submit(f, item));
      assert.equal((await f.registry.read.getContribution([id, c.contentHash])).contributor, key.address);
    });

    it("computes in contributionDigest the same EIP-712 digest as viem's hashTypedData, under the dataset's current terms", async () => {
      const f = await load();
      const id = await createReviewedDataset(f);
      const key = signer("alice");
      const c = content("digest");
      const o = { datasetId: id, content: c, metadataCid: METADATA, deadline: 1_900_000_000n };
      const item = await signContribution(f, key, o);
      const expected = hashTypedData({
        domain: contributionDomain(f.chainId, f.registry.address),
        types: contributionTypes,
        primaryType: "Contribution",
        message: contributionMessage(o),
      });
      assert.equal(await f.registry.read.contributionDigest([item]), expected);

      await mined(f, f.registry.write.setTerms([id, OTHER_TERMS], { account: f.steward.account }));
      assert.equal(
        await f.registry.read.contributionDigest([item]),
        hashTypedData({
          domain: contributionDomain(f.chainId, f.registry.address),
          types: contributionTypes,
          primaryType: "Contribution",
          message: contributionMessage({ ...o, termsHash: OTHER_TERMS }),
        }),
      );
    });

    it("registers a signature from an ERC-1271 wallet that approves it, with the wallet as contributor", async () => {
      const f = await load();
      const id = await createReviewedDataset(f);
      const owner = signer("safe owner");
      const wallet = await f.viem.deployContract("ERC1271Wallet", [owner.address, false]);
      const c = content("from a smart account");
      const item = await signContribution(f, owner, {
        datasetId: id,
        content: c,
        contributor: getAddress(wallet.address),
      });
      await f.viem.assertions.emitWithArgs(submit(f, item), f.registry, "ContributionRegistered", [
        id,
        c.contentHash,
        getAddress(wallet.address),
        c.size,
        c.cid,
      ]);
      const view = await f.registry.read.getContribution([id, c.contentHash]);
      assert.equal(view.contributor, getAddress(wallet.address));
      assert.equal(view.owner, getAddress(wallet.address));
    });

    it("accepts a signature up to and including its deadline second", async () => {
      const f = await load();
      const id = await createReviewedDataset(f);
      const deadline = BigInt(await f.networkHelpers.time.latest()) + 60n;
      const item = await signContribution(f, signer("alice"), { datasetId: id, content: content("edge"), deadline });
      await f.networkHelpers.time.setNextBlockTimestamp(deadline);
      await mined(f, submit(f, item));
    });
  });

  describe("refused signatures", () => {
    it("refuses a signature past its deadline with SignatureExpired(deadline, now)", async () => {
      const f = await load();
      const id = await createReviewedDataset(f);
      const deadline = BigInt(await f.networkHelpers.time.latest()) + 60n;
      const item = await signContribution(f, signer("alice"), { datasetId: id, content: content("late"), deadline });
      await f.networkHelpers.time.increaseTo(deadline + 100n);
      await f.networkHelpers.time.setNextBlockTimestamp(deadline + 101n);
      await f.viem.assertions.revertWithCustomErrorWithArgs(submit(f, item), f.registry, "SignatureExpired", [
        deadline,
        deadline + 101n,
      ]);
    });

    it("refuses to replay a signature with DuplicateContribution naming its signer", async () => {
      const f = await load();
      const id = await createReviewedDataset(f);
      const key = signer("alice");
      const c = content("replayed");
      const item = await signContribution(f, key, { datasetId: id, content: c, form: "compact" });
      await mined(f, submit(f, item));
      await f.viem.assertions.revertWithCustomErrorWithArgs(submit(f, item), f.registry, "DuplicateContribution", [
        id,
        c.contentHash,
        key.address,
      ]);
    });

    it("refuses a signature made for another chain id with InvalidSignature", async () => {
      const f = await load();
      const id = await createReviewedDataset(f);
      const key = signer("alice");
      const item = await signContribution(f, key, { datasetId: id, content: content("c"), chainId: f.chainId + 1 });
      await f.viem.assertions.revertWithCustomErrorWithArgs(submit(f, item), f.registry, "InvalidSignature", [
        key.address,
      ]);
    });

    it("never credits the signer of a compact signature made for another chain: it recovers to a stranger", async () => {
      // With the contributor left zero, whoever the digest recovers to is the contributor; a signature over
      // another domain recovers to an unrelated address (whose key nobody holds), never to the real signer.
      const f = await load();
      const id = await createReviewedDataset(f);
      const key = signer("alice");
      const c = content("other chain, compact");
      const item = await signContribution(f, key, {
        datasetId: id,
        content: c,
        chainId: f.chainId + 1,
        form: "compact",
      });
      await mined(f, submit(f, item));
      const view = await f.registry.read.getContribution([id, c.contentHash]);
      assert.notEqual(view.contributor, key.address);
      assert.notEqual(view.contributor, zeroAddress);
    });

    it("refuses a signature made for another registry, which that registry accepts", async () => {
      const f = await load();
      const id = await createReviewedDataset(f);
      const other = await f.viem.deployContract("CairnRegistry");
      await mined(f, other.write.createDataset([datasetConfig(f)], { account: f.steward.account }));
      const key = signer("alice");
      const item = await signContribution(f, key, {
        datasetId: id,
        content: content("c"),
        verifyingContract: other.address,
      });
      await f.viem.assertions.revertWithCustomErrorWithArgs(submit(f, item), f.registry, "InvalidSignature", [
        key.address,
      ]);
      await mined(f, other.write.contributeBySig([item], { account: f.relayer.account }));
    });

    it("refuses a signature over other terms, and one made before the steward changed the terms", async () => {
      const f = await load();
      const id = await createReviewedDataset(f);
      const key = signer("alice");
      const wrongTerms = await signContribution(f, key, {
        datasetId: id,
        content: content("a"),
        termsHash: OTHER_TERMS,
      });
      await f.viem.assertions.revertWithCustomErrorWithArgs(submit(f, wrongTerms), f.registry, "InvalidSignature", [
        key.address,
      ]);

      const beforeChange = await signContribution(f, key, { datasetId: id, content: content("b") });
      await mined(f, f.registry.write.setTerms([id, OTHER_TERMS], { account: f.steward.account }));
      await f.viem.assertions.revertWithCustomErrorWithArgs(submit(f, beforeChange), f.registry, "InvalidSignature", [
        key.address,
      ]);
      // Consent to the new terms registers.
      await mined(
        f,
        submit(f, await signContribution(f, key, { datasetId: id, content: content("b"), termsHash: OTHER_TERMS })),
      );
    });

    it("refuses a signature by another key than the named contributor", async () => {
      const f = await load();
      const id = await createReviewedDataset(f);
      const item = await signContribution(f, signer("mallory"), {
        datasetId: id,
        content: content("c"),
        contributor: f.alice.address,
      });
      await f.viem.assertions.revertWithCustomErrorWithArgs(submit(f, item), f.registry, "InvalidSignature", [
        f.alice.address,
      ]);
    });

    it("refuses a signature whose signed fields differ from the submitted item", async () => {
      const f = await load();
      const id = await createReviewedDataset(f);
      const key = signer("alice");
      const sibling = await createReviewedDataset(f); // same terms, open: only the signature can refuse it
      const item = await signContribution(f, key, { datasetId: id, content: content("c") });
      for (const tampered of [
        { ...item, datasetId: sibling },
        { ...item, contentHash: content("d").contentHash },
        { ...item, size: item.size + 1n },
        { ...item, cid: concatHex([item.cid, "0x00"]) },
        { ...item, metadataCid: METADATA },
        { ...item, deadline: item.deadline + 1n },
      ]) {
        await f.viem.assertions.revertWithCustomErrorWithArgs(submit(f, tampered), f.registry, "InvalidSignature", [
          key.address,
        ]);
      }
    });

    it("refuses a garbage signature with the contributor left zero with InvalidSignature(0)", async () => {
      const f = await load();
      const id = await createReviewedDataset(f);
      const item = await signContribution(f, signer("alice"), {
        datasetId: id,
        content: content("c"),
        form: "compact",
      });
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        submit(f, { ...item, signature: `0x${"00".repeat(65)}` }),
        f.registry,
        "InvalidSignature",
        [zeroAddress],
      );
    });

    it("refuses a signature from an ERC-1271 wallet that does not approve it", async () => {
      const f = await load();
      const id = await createReviewedDataset(f);
      const owner = signer("safe owner");
      const wallet = await f.viem.deployContract("ERC1271Wallet", [owner.address, true]);
      const item = await signContribution(f, owner, {
        datasetId: id,
        content: content("refused by the wallet"),
        contributor: getAddress(wallet.address),
      });
      await f.viem.assertions.revertWithCustomErrorWithArgs(submit(f, item), f.registry, "InvalidSignature", [
        getAddress(wallet.address),
      ]);
    });

    it("refuses a signed item for a closed dataset with DatasetNotOpen and for an unknown one with DatasetNotFound", async () => {
      const f = await load();
      const id = await createDataset(f);
      const key = signer("alice");
      const item = await signContribution(f, key, { datasetId: id, content: content("c") });
      await mined(f, f.registry.write.setStatus([id, DatasetStatus.Closed], { account: f.steward.account }));
      await f.viem.assertions.revertWithCustomErrorWithArgs(submit(f, item), f.registry, "DatasetNotOpen", [
        id,
        DatasetStatus.Closed,
      ]);
      const unknown = await signContribution(f, key, { datasetId: 99n, content: content("c") });
      await f.viem.assertions.revertWithCustomErrorWithArgs(submit(f, unknown), f.registry, "DatasetNotFound", [99n]);
    });
  });
});
