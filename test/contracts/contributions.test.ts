import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { concatHex, keccak256, toHex, zeroAddress, zeroHash } from "viem";
import {
  ContributionStatus,
  content,
  contribute,
  createDataset,
  createReviewedDataset,
  DatasetStatus,
  deployCairn,
  eventsOf,
  mined,
} from "../helpers/cairn.js";

const { networkHelpers } = await network.create();
const load = () => networkHelpers.loadFixture(deployCairn);

const METADATA = concatHex(["0x01551220", keccak256(toHex("item metadata"))]);

describe("contributions", () => {
  describe("own contributions", () => {
    it("registers the caller's contribution with its size and CID in ContributionRegistered, pending review", async () => {
      const f = await load();
      const { registry, viem } = f;
      const id = await createReviewedDataset(f);
      const c = content("a recording of a Breton proverb");
      await viem.assertions.emitWithArgs(
        registry.write.contribute([id, c.contentHash, c.size, c.cid, "0x"], { account: f.alice.account }),
        registry,
        "ContributionRegistered",
        [id, c.contentHash, f.alice.address, c.size, c.cid],
      );
      assert.deepEqual(await registry.read.getContribution([id, c.contentHash]), {
        contributor: f.alice.address,
        owner: f.alice.address,
        status: ContributionStatus.Pending,
        score: 0,
        accepts: 0,
        rejects: 0,
      });
    });

    it("emits MetadataAttached after the registration when the item has a metadata CID, and nothing otherwise", async () => {
      const f = await load();
      const id = await createReviewedDataset(f);
      const withMeta = await contribute(f, id, content("with metadata"), f.alice, METADATA);
      assert.deepEqual(eventsOf(f.registry, withMeta, "MetadataAttached"), [
        { datasetId: id, contentHash: content("with metadata").contentHash, metadataCid: METADATA },
      ]);
      const names = withMeta.logs.map((l) => l.topics[0]);
      assert.equal(names.length, 2, "ContributionRegistered then MetadataAttached");
      const without = await contribute(f, id, content("without metadata"), f.alice);
      assert.deepEqual(eventsOf(f.registry, without, "MetadataAttached"), []);
    });

    it("accepts the contribution on arrival at the default score when the quorum is 0", async () => {
      const f = await load();
      const id = await createDataset(f, { defaultScore: 42, rewardToken: f.token.address });
      const c = content("auto accepted");
      const receipt = await contribute(f, id, c, f.alice);
      assert.deepEqual(eventsOf(f.registry, receipt, "ContributionAccepted"), [
        { datasetId: id, contentHash: c.contentHash, owner: f.alice.address, score: 42 },
      ]);
      const view = await f.registry.read.getContribution([id, c.contentHash]);
      assert.equal(view.status, ContributionStatus.Accepted);
      assert.equal(view.score, 42);
      assert.equal(await f.vault.read.weightOf([id, f.alice.address]), 42n);
    });

    it("refuses content already in the dataset with DuplicateContribution naming the first contributor", async () => {
      const f = await load();
      const id = await createReviewedDataset(f);
      const c = content("same bytes");
      await contribute(f, id, c, f.alice);
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        f.registry.write.contribute([id, c.contentHash, c.size, c.cid, "0x"], { account: f.bob.account }),
        f.registry,
        "DuplicateContribution",
        [id, c.contentHash, f.alice.address],
      );
      // The first one wins: the record still names alice.
      assert.equal((await f.registry.read.getContribution([id, c.contentHash])).contributor, f.alice.address);
    });

    it("lets the same content be registered once in each of two datasets", async () => {
      const f = await load();
      const one = await createReviewedDataset(f);
      const two = await createReviewedDataset(f);
      const c = content("shared file");
      await contribute(f, one, c, f.alice);
      await contribute(f, two, c, f.bob);
      assert.equal((await f.registry.read.getContribution([two, c.contentHash])).contributor, f.bob.address);
    });

    it("refuses a zero content hash or an empty CID with InvalidContent", async () => {
      const f = await load();
      const id = await createReviewedDataset(f);
      const c = content("x");
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        f.registry.write.contribute([id, zeroHash, c.size, c.cid, "0x"], { account: f.alice.account }),
        f.registry,
        "InvalidContent",
        [id, zeroHash],
      );
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        f.registry.write.contribute([id, c.contentHash, c.size, "0x", "0x"], { account: f.alice.account }),
        f.registry,
        "InvalidContent",
        [id, c.contentHash],
      );
    });

    it("refuses a dataset that does not exist with DatasetNotFound", async () => {
      const f = await load();
      const c = content("x");
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        f.registry.write.contribute([5n, c.contentHash, c.size, c.cid, "0x"], { account: f.alice.account }),
        f.registry,
        "DatasetNotFound",
        [5n],
      );
    });

    it("refuses a paused or closed dataset with DatasetNotOpen and its status, and takes contributions again once reopened", async () => {
      const f = await load();
      const id = await createReviewedDataset(f);
      const c = content("x");
      const send = () =>
        f.registry.write.contribute([id, c.contentHash, c.size, c.cid, "0x"], { account: f.alice.account });
      await mined(f, f.registry.write.setStatus([id, DatasetStatus.Paused], { account: f.steward.account }));
      await f.viem.assertions.revertWithCustomErrorWithArgs(send(), f.registry, "DatasetNotOpen", [
        id,
        DatasetStatus.Paused,
      ]);
      await mined(f, f.registry.write.setStatus([id, DatasetStatus.Open], { account: f.steward.account }));
      await mined(f, send());

      const d = content("y");
      await mined(f, f.registry.write.setStatus([id, DatasetStatus.Closed], { account: f.steward.account }));
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        f.registry.write.contribute([id, d.contentHash, d.size, d.cid, "0x"], { account: f.alice.account }),
        f.registry,
        "DatasetNotOpen",
        [id, DatasetStatus.Closed],
      );
    });

    it("reads an unregistered contribution as ContributionNotFound", async () => {
      const f = await load();
      const id = await createReviewedDataset(f);
      const c = content("never sent");
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        f.registry.read.getContribution([id, c.contentHash]),
        f.registry,
        "ContributionNotFound",
        [id, c.contentHash],
      );
    });
  });

  describe("transfer", () => {
    it("changes the owner of a pending contribution; the contributor stays recorded and the new owner is paid on acceptance", async () => {
      const f = await load();
      const { registry, viem } = f;
      const id = await createReviewedDataset(f);
      const c = content("transferred while pending");
      await contribute(f, id, c, f.alice);
      await viem.assertions.emitWithArgs(
        registry.write.transferContribution([id, c.contentHash, f.bob.address], { account: f.alice.account }),
        registry,
        "ContributionTransferred",
        [id, c.contentHash, f.alice.address, f.bob.address],
      );
      let view = await registry.read.getContribution([id, c.contentHash]);
      assert.equal(view.contributor, f.alice.address);
      assert.equal(view.owner, f.bob.address);

      await mined(f, registry.write.review([id, c.contentHash, true, 70], { account: f.curatorA.account }));
      await viem.assertions.emitWithArgs(
        registry.write.review([id, c.contentHash, true, 90], { account: f.curatorB.account }),
        registry,
        "ContributionAccepted",
        [id, c.contentHash, f.bob.address, 80],
      );
      view = await registry.read.getContribution([id, c.contentHash]);
      assert.equal(view.status, ContributionStatus.Accepted);
      assert.equal(await f.vault.read.weightOf([id, f.bob.address]), 80n);
      assert.equal(await f.vault.read.weightOf([id, f.alice.address]), 0n);
    });

    it("moves the weight of an accepted contribution to the new owner, who can transfer it on", async () => {
      const f = await load();
      const { registry, vault, viem } = f;
      const id = await createDataset(f, { defaultScore: 30, rewardToken: f.token.address });
      const c = content("accepted then transferred");
      await contribute(f, id, c, f.alice);
      const tx = registry.write.transferContribution([id, c.contentHash, f.bob.address], { account: f.alice.account });
      await viem.assertions.emitWithArgs(tx, vault, "WeightChanged", [id, f.bob.address, 30n, 30n]);
      assert.equal(await vault.read.weightOf([id, f.alice.address]), 0n);
      assert.equal(await vault.read.weightOf([id, f.bob.address]), 30n);
      assert.equal((await vault.read.getPool([id])).totalWeight, 30n);

      // Only the current owner may move it now.
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.transferContribution([id, c.contentHash, f.alice.address], { account: f.alice.account }),
        registry,
        "NotContributionOwner",
        [id, c.contentHash, f.alice.address],
      );
      await mined(
        f,
        registry.write.transferContribution([id, c.contentHash, f.carol.address], { account: f.bob.account }),
      );
      assert.equal((await registry.read.getContribution([id, c.contentHash])).owner, f.carol.address);
      assert.equal(await vault.read.weightOf([id, f.carol.address]), 30n);
      assert.equal(await vault.read.weightOf([id, f.bob.address]), 0n);
    });

    it("refuses a transfer by anyone but the owner, to the zero address, or of an unknown contribution", async () => {
      const f = await load();
      const { registry, viem } = f;
      const id = await createReviewedDataset(f);
      const c = content("mine");
      await contribute(f, id, c, f.alice);
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.transferContribution([id, c.contentHash, f.bob.address], { account: f.bob.account }),
        registry,
        "NotContributionOwner",
        [id, c.contentHash, f.bob.address],
      );
      await viem.assertions.revertWithCustomError(
        registry.write.transferContribution([id, c.contentHash, zeroAddress], { account: f.alice.account }),
        registry,
        "ZeroAddress",
      );
      const unknown = content("unknown");
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.transferContribution([id, unknown.contentHash, f.bob.address], { account: f.alice.account }),
        registry,
        "ContributionNotFound",
        [id, unknown.contentHash],
      );
    });
  });

  describe("withdrawal", () => {
    it("takes an accepted contribution out: its weight stops earning, what it earned stays claimable", async () => {
      const f = await load();
      const { registry, vault, token, viem } = f;
      const id = await createDataset(f, { defaultScore: 50, rewardToken: f.token.address });
      const a = content("alice's file");
      const b = content("bob's file");
      await contribute(f, id, a, f.alice);
      await contribute(f, id, b, f.bob);
      await mined(f, token.write.mint([f.sponsor.address, 10_000n]));
      await mined(f, token.write.approve([vault.address, 10_000n], { account: f.sponsor.account }));
      await mined(f, vault.write.fund([id, 1_000n], { account: f.sponsor.account }));

      await viem.assertions.emitWithArgs(
        registry.write.withdrawContribution([id, a.contentHash], { account: f.alice.account }),
        registry,
        "ContributionWithdrawn",
        [id, a.contentHash, f.alice.address],
      );
      assert.equal((await registry.read.getContribution([id, a.contentHash])).status, ContributionStatus.Withdrawn);
      assert.equal(await vault.read.weightOf([id, f.alice.address]), 0n);
      assert.equal((await vault.read.getPool([id])).totalWeight, 50n);

      // Later funding goes to bob alone; alice keeps her half of the first.
      await mined(f, vault.write.fund([id, 1_000n], { account: f.sponsor.account }));
      assert.equal(await vault.read.claimable([id, f.alice.address]), 500n);
      assert.equal(await vault.read.claimable([id, f.bob.address]), 1_500n);
      await mined(f, vault.write.claim([id, f.alice.address]));
      assert.equal(await token.read.balanceOf([f.alice.address]), 500n);
    });

    it("can no longer be transferred or withdrawn again after withdrawal", async () => {
      const f = await load();
      const { registry, viem } = f;
      const id = await createReviewedDataset(f);
      const c = content("withdrawn");
      await contribute(f, id, c, f.alice);
      await mined(f, registry.write.withdrawContribution([id, c.contentHash], { account: f.alice.account }));
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.transferContribution([id, c.contentHash, f.bob.address], { account: f.alice.account }),
        registry,
        "ContributionWithdrawnAlready",
        [id, c.contentHash],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.withdrawContribution([id, c.contentHash], { account: f.alice.account }),
        registry,
        "ContributionWithdrawnAlready",
        [id, c.contentHash],
      );
    });

    it("keeps the content's place: withdrawn content cannot be registered again, by anyone", async () => {
      const f = await load();
      const { registry, viem } = f;
      const id = await createReviewedDataset(f);
      const c = content("withdrawn once");
      await contribute(f, id, c, f.alice);
      await mined(f, registry.write.withdrawContribution([id, c.contentHash], { account: f.alice.account }));
      for (const who of [f.alice, f.bob]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          registry.write.contribute([id, c.contentHash, c.size, c.cid, "0x"], { account: who.account }),
          registry,
          "DuplicateContribution",
          [id, c.contentHash, f.alice.address],
        );
      }
    });

    it("refuses a withdrawal by anyone but the owner", async () => {
      const f = await load();
      const id = await createReviewedDataset(f);
      const c = content("not yours");
      await contribute(f, id, c, f.alice);
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        f.registry.write.withdrawContribution([id, c.contentHash], { account: f.bob.account }),
        f.registry,
        "NotContributionOwner",
        [id, c.contentHash, f.bob.address],
      );
    });
  });
});
