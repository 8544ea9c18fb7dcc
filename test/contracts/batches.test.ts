import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { type Hex, zeroHash } from "viem";
import {
  type Cairn,
  ContributionStatus,
  content,
  contribute,
  createDataset,
  createReviewedDataset,
  DatasetStatus,
  decodeReason,
  deployCairn,
  errorSelector,
  eventsOf,
  mined,
  NO_ERROR,
  OTHER_TERMS,
  signContribution,
  signer,
} from "../helpers/cairn.js";

const { networkHelpers } = await network.create();
const load = () => networkHelpers.loadFixture(deployCairn);

/** The decoded `ContributionSkipped` events of a receipt, in order. */
function skips(f: Cairn, receipt: Awaited<ReturnType<typeof mined>>) {
  return eventsOf(f.registry, receipt, "ContributionSkipped").map((e) => ({
    datasetId: e.datasetId as bigint,
    contentHash: e.contentHash as Hex,
    contributor: e.contributor as Hex,
    ...decodeReason(f.registry.abi, e.reason),
  }));
}

function registered(f: Cairn, receipt: Awaited<ReturnType<typeof mined>>) {
  return eventsOf(f.registry, receipt, "ContributionRegistered").map((e) => [
    e.datasetId,
    e.contentHash,
    e.contributor,
  ]);
}

describe("batches", () => {
  describe("signed batches (contributeBatchBySig)", () => {
    it("registers the good items of a mixed batch and skips each bad one with its decoded reason and selector", async () => {
      const f = await load();
      const { registry } = f;
      const reviewed = await createReviewedDataset(f);
      const closed = await createDataset(f);
      const auto = await createDataset(f, { defaultScore: 70, rewardToken: f.token.address });
      await mined(f, registry.write.setStatus([closed, DatasetStatus.Closed], { account: f.steward.account }));

      const [alice, bob, carol, dave, mallory] = ["alice", "bob", "carol", "dave", "mallory"].map(signer);
      const now = BigInt(await f.networkHelpers.time.latest());
      const shared = content("first one wins");
      const items = [
        await signContribution(f, alice, { datasetId: reviewed, content: shared, form: "compact" }),
        // The same content again, inside the same batch.
        await signContribution(f, bob, { datasetId: reviewed, content: shared }),
        await signContribution(f, carol, { datasetId: reviewed, content: content("expired"), deadline: now - 1n }),
        // Signed by mallory, claiming to be alice.
        await signContribution(f, mallory, {
          datasetId: reviewed,
          content: content("forged"),
          contributor: alice.address,
        }),
        await signContribution(f, dave, { datasetId: closed, content: content("too late, closed") }),
        await signContribution(f, dave, { datasetId: 99n, content: content("no such dataset") }),
        await signContribution(f, dave, { datasetId: auto, content: content("auto-accepted") }),
        await signContribution(f, bob, { datasetId: reviewed, content: content("bob's own") }),
      ];

      const { result } = await registry.simulate.contributeBatchBySig([items], { account: f.relayer.account });
      const abi = registry.abi;
      assert.deepEqual(result, [
        NO_ERROR,
        errorSelector(abi, "DuplicateContribution"),
        errorSelector(abi, "SignatureExpired"),
        errorSelector(abi, "InvalidSignature"),
        errorSelector(abi, "DatasetNotOpen"),
        errorSelector(abi, "DatasetNotFound"),
        NO_ERROR,
        NO_ERROR,
      ]);

      const at = now + 10n;
      await f.networkHelpers.time.setNextBlockTimestamp(at);
      const receipt = await mined(f, registry.write.contributeBatchBySig([items], { account: f.relayer.account }));

      assert.deepEqual(registered(f, receipt), [
        [reviewed, shared.contentHash, alice.address],
        [auto, content("auto-accepted").contentHash, dave.address],
        [reviewed, content("bob's own").contentHash, bob.address],
      ]);
      assert.deepEqual(skips(f, receipt), [
        {
          datasetId: reviewed,
          contentHash: shared.contentHash,
          contributor: bob.address,
          errorName: "DuplicateContribution",
          args: [reviewed, shared.contentHash, alice.address],
        },
        {
          datasetId: reviewed,
          contentHash: content("expired").contentHash,
          contributor: carol.address,
          errorName: "SignatureExpired",
          args: [now - 1n, at],
        },
        {
          datasetId: reviewed,
          contentHash: content("forged").contentHash,
          contributor: alice.address,
          errorName: "InvalidSignature",
          args: [alice.address],
        },
        {
          datasetId: closed,
          contentHash: content("too late, closed").contentHash,
          contributor: dave.address,
          errorName: "DatasetNotOpen",
          args: [closed, DatasetStatus.Closed],
        },
        {
          datasetId: 99n,
          contentHash: content("no such dataset").contentHash,
          contributor: dave.address,
          errorName: "DatasetNotFound",
          args: [99n],
        },
      ]);

      assert.equal((await registry.read.getContribution([reviewed, shared.contentHash])).contributor, alice.address);
      const accepted = await registry.read.getContribution([auto, content("auto-accepted").contentHash]);
      assert.equal(accepted.status, ContributionStatus.Accepted);
      assert.equal(accepted.score, 70);
      for (const skipped of ["expired", "forged"]) {
        await f.viem.assertions.revertWithCustomError(
          registry.read.getContribution([reviewed, content(skipped).contentHash]),
          registry,
          "ContributionNotFound",
        );
      }
    });

    it("skips an expired signature and registers the rest of the batch", async () => {
      const f = await load();
      const id = await createReviewedDataset(f);
      const now = BigInt(await f.networkHelpers.time.latest());
      const key = signer("alice");
      const items = [
        await signContribution(f, key, { datasetId: id, content: content("1"), form: "compact" }),
        await signContribution(f, key, { datasetId: id, content: content("2"), deadline: now, form: "compact" }),
        await signContribution(f, key, { datasetId: id, content: content("3"), form: "compact" }),
      ];
      const receipt = await mined(f, f.registry.write.contributeBatchBySig([items], { account: f.relayer.account }));
      assert.deepEqual(registered(f, receipt), [
        [id, content("1").contentHash, key.address],
        [id, content("3").contentHash, key.address],
      ]);
      assert.deepEqual(
        skips(f, receipt).map((s) => s.errorName),
        ["SignatureExpired"],
      );
    });

    it("takes items for several datasets, interleaved, each under its own terms and review rules", async () => {
      const f = await load();
      const reviewed = await createReviewedDataset(f);
      const auto = await createDataset(f, { termsHash: OTHER_TERMS, defaultScore: 90, rewardToken: f.token.address });
      const key = signer("alice");
      const sign = (datasetId: bigint, label: string) =>
        signContribution(f, key, {
          datasetId,
          content: content(label),
          termsHash: datasetId === auto ? OTHER_TERMS : undefined,
          form: "compact",
        });
      const items = [
        await sign(reviewed, "r1"),
        await sign(auto, "a1"),
        await sign(auto, "a2"),
        await sign(reviewed, "r2"),
        await sign(auto, "a3"),
      ];
      const { result } = await f.registry.simulate.contributeBatchBySig([items], { account: f.relayer.account });
      assert.deepEqual(result, Array(5).fill(NO_ERROR));
      await mined(f, f.registry.write.contributeBatchBySig([items], { account: f.relayer.account }));
      for (const label of ["r1", "r2"]) {
        const v = await f.registry.read.getContribution([reviewed, content(label).contentHash]);
        assert.equal(v.status, ContributionStatus.Pending, label);
      }
      for (const label of ["a1", "a2", "a3"]) {
        const v = await f.registry.read.getContribution([auto, content(label).contentHash]);
        assert.equal(v.status, ContributionStatus.Accepted, label);
        assert.equal(v.score, 90);
      }
      assert.equal(await f.vault.read.weightOf([auto, key.address]), 270n);
    });

    it("succeeds with nothing registered when every item is bad, and returns an empty result for an empty batch", async () => {
      const f = await load();
      const id = await createReviewedDataset(f);
      const items = [
        await signContribution(f, signer("a"), { datasetId: 42n, content: content("1") }),
        await signContribution(f, signer("b"), { datasetId: id, content: content("2"), termsHash: OTHER_TERMS }),
      ];
      const receipt = await mined(f, f.registry.write.contributeBatchBySig([items], { account: f.relayer.account }));
      assert.deepEqual(registered(f, receipt), []);
      assert.deepEqual(
        skips(f, receipt).map((s) => s.errorName),
        ["DatasetNotFound", "InvalidSignature"],
      );
      const { result } = await f.registry.simulate.contributeBatchBySig([[]], { account: f.relayer.account });
      assert.deepEqual(result, []);
    });
  });

  describe("own batches (contributeBatch)", () => {
    it("registers the caller's good items and skips duplicates, invalid content and a paused dataset", async () => {
      const f = await load();
      const { registry } = f;
      const one = await createReviewedDataset(f);
      const two = await createDataset(f, { defaultScore: 20, rewardToken: f.token.address });
      const paused = await createDataset(f);
      await mined(f, registry.write.setStatus([paused, DatasetStatus.Paused], { account: f.steward.account }));
      const existing = content("already there");
      await contribute(f, one, existing, f.bob);

      const item = (datasetId: bigint, label: string, overrides: Partial<{ contentHash: Hex; cid: Hex }> = {}) => ({
        datasetId,
        ...content(label),
        metadataCid: "0x" as Hex,
        ...overrides,
      });
      const items = [
        item(one, "good 1"),
        item(one, "already there"),
        item(one, "good 1"),
        item(one, "no hash", { contentHash: zeroHash }),
        item(one, "no cid", { cid: "0x" }),
        item(paused, "paused"),
        item(two, "good 2"),
      ];
      const { result } = await registry.simulate.contributeBatch([items], { account: f.alice.account });
      const abi = registry.abi;
      assert.deepEqual(result, [
        NO_ERROR,
        errorSelector(abi, "DuplicateContribution"),
        errorSelector(abi, "DuplicateContribution"),
        errorSelector(abi, "InvalidContent"),
        errorSelector(abi, "InvalidContent"),
        errorSelector(abi, "DatasetNotOpen"),
        NO_ERROR,
      ]);

      const receipt = await mined(f, registry.write.contributeBatch([items], { account: f.alice.account }));
      const alice = f.alice.address;
      assert.deepEqual(registered(f, receipt), [
        [one, content("good 1").contentHash, alice],
        [two, content("good 2").contentHash, alice],
      ]);
      assert.deepEqual(skips(f, receipt), [
        {
          datasetId: one,
          contentHash: existing.contentHash,
          contributor: alice,
          errorName: "DuplicateContribution",
          args: [one, existing.contentHash, f.bob.address],
        },
        {
          datasetId: one,
          contentHash: content("good 1").contentHash,
          contributor: alice,
          errorName: "DuplicateContribution",
          args: [one, content("good 1").contentHash, alice],
        },
        {
          datasetId: one,
          contentHash: zeroHash,
          contributor: alice,
          errorName: "InvalidContent",
          args: [one, zeroHash],
        },
        {
          datasetId: one,
          contentHash: content("no cid").contentHash,
          contributor: alice,
          errorName: "InvalidContent",
          args: [one, content("no cid").contentHash],
        },
        {
          datasetId: paused,
          contentHash: content("paused").contentHash,
          contributor: alice,
          errorName: "DatasetNotOpen",
          args: [paused, DatasetStatus.Paused],
        },
      ]);
      assert.equal(await f.vault.read.weightOf([two, alice]), 20n);
    });

    it("emits MetadataAttached only for the batch items that carry a metadata CID", async () => {
      const f = await load();
      const id = await createReviewedDataset(f);
      const meta = "0x0155122000112233445566778899aabbccddeeff00112233445566778899aabbccddeeff" as Hex;
      const items = [
        { datasetId: id, ...content("m1"), metadataCid: meta },
        { datasetId: id, ...content("m2"), metadataCid: "0x" as Hex },
      ];
      const receipt = await mined(f, f.registry.write.contributeBatch([items], { account: f.alice.account }));
      assert.deepEqual(eventsOf(f.registry, receipt, "MetadataAttached"), [
        { datasetId: id, contentHash: content("m1").contentHash, metadataCid: meta },
      ]);
    });
  });
});
