import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import {
  type Actor,
  type Cairn,
  type Content,
  ContributionStatus,
  content,
  contribute,
  createDataset,
  createReviewedDataset,
  decodeReason,
  deployCairn,
  errorSelector,
  eventsOf,
  mined,
  NO_ERROR,
} from "../helpers/cairn.js";

const { networkHelpers } = await network.create();
const load = () => networkHelpers.loadFixture(deployCairn);

function vote(f: Cairn, curator: Actor, id: bigint, c: Content, accept: boolean, score: number) {
  return f.registry.write.review([id, c.contentHash, accept, score], { account: curator.account });
}

describe("curation", () => {
  describe("votes", () => {
    it("records a vote below the quorum with ContributionReviewed and leaves the contribution pending", async () => {
      const f = await load();
      const id = await createReviewedDataset(f);
      const c = content("x");
      await contribute(f, id, c, f.alice);
      await f.viem.assertions.emitWithArgs(vote(f, f.curatorA, id, c, true, 77), f.registry, "ContributionReviewed", [
        id,
        c.contentHash,
        f.curatorA.address,
        true,
        77,
      ]);
      assert.deepEqual(await f.registry.read.getContribution([id, c.contentHash]), {
        contributor: f.alice.address,
        owner: f.alice.address,
        status: ContributionStatus.Pending,
        score: 0,
        accepts: 1,
        rejects: 0,
      });
      assert.equal(await f.vault.read.weightOf([id, f.alice.address]), 0n);
    });

    it("refuses a vote from an account that holds no seat with NotCurator", async () => {
      const f = await load();
      const id = await createReviewedDataset(f);
      const c = content("x");
      await contribute(f, id, c, f.alice);
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        vote(f, f.curatorC, id, c, true, 50),
        f.registry,
        "NotCurator",
        [id, f.curatorC.address],
      );
    });

    it("refuses a second vote by the same curator with AlreadyVoted, whichever way it goes", async () => {
      const f = await load();
      const id = await createDataset(f, {
        curators: [f.curatorA.address, f.curatorB.address, f.curatorC.address],
        quorum: 3,
      });
      const c = content("x");
      await contribute(f, id, c, f.alice);
      await mined(f, vote(f, f.curatorA, id, c, true, 60));
      for (const accept of [true, false]) {
        await f.viem.assertions.revertWithCustomErrorWithArgs(
          vote(f, f.curatorA, id, c, accept, 60),
          f.registry,
          "AlreadyVoted",
          [id, c.contentHash, f.curatorA.address],
        );
      }
    });

    it("refuses an accepting score of 0 or 101 with InvalidScore, and ignores the score of a rejection", async () => {
      const f = await load();
      const id = await createReviewedDataset(f);
      const c = content("x");
      await contribute(f, id, c, f.alice);
      for (const score of [0, 101]) {
        await f.viem.assertions.revertWithCustomErrorWithArgs(
          vote(f, f.curatorA, id, c, true, score),
          f.registry,
          "InvalidScore",
          [BigInt(score)],
        );
      }
      await f.viem.assertions.emitWithArgs(vote(f, f.curatorA, id, c, false, 0), f.registry, "ContributionReviewed", [
        id,
        c.contentHash,
        f.curatorA.address,
        false,
        0,
      ]);
    });

    it("refuses a review of an unknown contribution with ContributionNotFound", async () => {
      const f = await load();
      const id = await createReviewedDataset(f);
      const c = content("never registered");
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        vote(f, f.curatorA, id, c, true, 50),
        f.registry,
        "ContributionNotFound",
        [id, c.contentHash],
      );
    });
  });

  describe("decisions", () => {
    it("accepts at the quorum with the mean accepting score (80 and 91 give 85) and credits the owner's weight", async () => {
      const f = await load();
      const { registry, vault } = f;
      const id = await createReviewedDataset(f);
      const c = content("x");
      await contribute(f, id, c, f.alice);
      await mined(f, vote(f, f.curatorA, id, c, true, 80));
      const receipt = await mined(f, vote(f, f.curatorB, id, c, true, 91));
      assert.deepEqual(eventsOf(registry, receipt, "ContributionAccepted"), [
        { datasetId: id, contentHash: c.contentHash, owner: f.alice.address, score: 85 },
      ]);
      assert.deepEqual(eventsOf(vault, receipt, "WeightChanged"), [
        { datasetId: id, account: f.alice.address, weight: 85n, totalWeight: 85n },
      ]);
      assert.deepEqual(await registry.read.getContribution([id, c.contentHash]), {
        contributor: f.alice.address,
        owner: f.alice.address,
        status: ContributionStatus.Accepted,
        score: 85,
        accepts: 2,
        rejects: 0,
      });
      assert.equal(await vault.read.weightOf([id, f.alice.address]), 85n);
    });

    it("refuses any vote after the decision with ContributionNotPending and the status", async () => {
      const f = await load();
      const id = await createDataset(f, {
        curators: [f.curatorA.address, f.curatorB.address, f.curatorC.address],
        quorum: 1,
      });
      const accepted = content("accepted");
      const rejected = content("rejected");
      await contribute(f, id, accepted, f.alice);
      await contribute(f, id, rejected, f.alice);
      await mined(f, vote(f, f.curatorA, id, accepted, true, 40));
      await mined(f, vote(f, f.curatorA, id, rejected, false, 0));
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        vote(f, f.curatorB, id, accepted, false, 0),
        f.registry,
        "ContributionNotPending",
        [id, accepted.contentHash, ContributionStatus.Accepted],
      );
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        vote(f, f.curatorB, id, rejected, true, 90),
        f.registry,
        "ContributionNotPending",
        [id, rejected.contentHash, ContributionStatus.Rejected],
      );
    });

    it("rejects when rejections reach the quorum, with no weight credited", async () => {
      const f = await load();
      const id = await createDataset(f, {
        curators: [f.curatorA.address, f.curatorB.address, f.curatorC.address],
        quorum: 2,
        rewardToken: f.token.address,
      });
      const c = content("x");
      await contribute(f, id, c, f.alice);
      await mined(f, vote(f, f.curatorA, id, c, true, 100));
      await mined(f, vote(f, f.curatorB, id, c, false, 0));
      await f.viem.assertions.emitWithArgs(vote(f, f.curatorC, id, c, false, 0), f.registry, "ContributionRejected", [
        id,
        c.contentHash,
      ]);
      const view = await f.registry.read.getContribution([id, c.contentHash]);
      assert.equal(view.status, ContributionStatus.Rejected);
      assert.equal(view.accepts, 1);
      assert.equal(view.rejects, 2);
      assert.equal(view.score, 0);
      assert.equal((await f.vault.read.getPool([id])).totalWeight, 0n);
    });

    it("accepts every contribution on arrival at the default score when the quorum is 0, leaving nothing to review", async () => {
      const f = await load();
      const id = await createDataset(f, { curators: [f.curatorA.address], quorum: 0, defaultScore: 35 });
      const c = content("x");
      const receipt = await contribute(f, id, c, f.alice);
      assert.deepEqual(eventsOf(f.registry, receipt, "ContributionAccepted"), [
        { datasetId: id, contentHash: c.contentHash, owner: f.alice.address, score: 35 },
      ]);
      assert.equal(await f.vault.read.weightOf([id, f.alice.address]), 35n);
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        vote(f, f.curatorA, id, c, true, 90),
        f.registry,
        "ContributionNotPending",
        [id, c.contentHash, ContributionStatus.Accepted],
      );
    });

    it("refuses a review of a withdrawn contribution", async () => {
      const f = await load();
      const id = await createReviewedDataset(f);
      const c = content("x");
      await contribute(f, id, c, f.alice);
      await mined(f, vote(f, f.curatorA, id, c, true, 50));
      await mined(f, f.registry.write.withdrawContribution([id, c.contentHash], { account: f.alice.account }));
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        vote(f, f.curatorB, id, c, true, 50),
        f.registry,
        "ContributionNotPending",
        [id, c.contentHash, ContributionStatus.Withdrawn],
      );
      assert.equal(await f.vault.read.weightOf([id, f.alice.address]), 0n);
    });

    it("keeps the votes of a removed curator counted, and refuses the removed curator's further votes", async () => {
      const f = await load();
      const id = await createDataset(f, {
        curators: [f.curatorA.address, f.curatorB.address, f.curatorC.address],
        quorum: 2,
      });
      const c = content("x");
      const d = content("y");
      await contribute(f, id, c, f.alice);
      await contribute(f, id, d, f.alice);
      await mined(f, vote(f, f.curatorA, id, c, true, 60));
      await mined(f, f.registry.write.removeCurator([id, f.curatorA.address], { account: f.steward.account }));
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        vote(f, f.curatorA, id, d, true, 60),
        f.registry,
        "NotCurator",
        [id, f.curatorA.address],
      );
      await f.viem.assertions.emitWithArgs(vote(f, f.curatorB, id, c, true, 80), f.registry, "ContributionAccepted", [
        id,
        c.contentHash,
        f.alice.address,
        70,
      ]);
    });

    it("counts one vote per curator even when a removed curator comes back", async () => {
      const f = await load();
      const id = await createDataset(f, {
        curators: [f.curatorA.address, f.curatorB.address, f.curatorC.address],
        quorum: 2,
      });
      const c = content("x");
      await contribute(f, id, c, f.alice);
      await mined(f, vote(f, f.curatorA, id, c, true, 100));
      const as = { account: f.steward.account };
      await mined(f, f.registry.write.removeCurator([id, f.curatorA.address], as)); // seat 0 stays A's
      await mined(f, f.registry.write.addCurator([id, f.stranger.address], as)); // a never-used seat (3)
      await mined(f, f.registry.write.addCurator([id, f.curatorA.address], as)); // back in seat 0
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        vote(f, f.curatorA, id, c, true, 100),
        f.registry,
        "AlreadyVoted",
        [id, c.contentHash, f.curatorA.address],
      );
    });

    it("lets a new curator vote on a contribution a removed curator voted on", async () => {
      const f = await load();
      const id = await createDataset(f, {
        curators: [f.curatorA.address, f.curatorB.address, f.curatorC.address],
        quorum: 2,
      });
      const c = content("x");
      await contribute(f, id, c, f.alice);
      await mined(f, vote(f, f.curatorA, id, c, true, 100));
      const as = { account: f.steward.account };
      await mined(f, f.registry.write.removeCurator([id, f.curatorA.address], as));
      await mined(f, f.registry.write.addCurator([id, f.stranger.address], as));
      await mined(f, vote(f, f.stranger, id, c, true, 50));
      assert.equal((await f.registry.read.getContribution([id, c.contentHash])).status, ContributionStatus.Accepted);
    });
  });

  describe("batched reviews", () => {
    it("counts the good votes of a batch and skips bad ones with ReviewSkipped and their decoded reason", async () => {
      const f = await load();
      const { registry } = f;
      const id = await createReviewedDataset(f);
      const elsewhere = await createDataset(f, { curators: [f.curatorB.address], quorum: 1 });
      const [a, b, c, d] = ["a", "b", "c", "d"].map((l) => content(l));
      await contribute(f, id, a, f.alice);
      await contribute(f, id, b, f.bob);
      await contribute(f, id, d, f.bob);
      await contribute(f, elsewhere, a, f.alice);
      await mined(f, vote(f, f.curatorB, id, d, true, 60));
      await mined(f, vote(f, f.curatorA, id, d, true, 60)); // d is accepted

      const reviews = [
        { datasetId: id, contentHash: a.contentHash, accept: true, score: 90 },
        { datasetId: id, contentHash: a.contentHash, accept: false, score: 0 }, // second vote, same batch
        { datasetId: id, contentHash: b.contentHash, accept: true, score: 0 },
        { datasetId: id, contentHash: c.contentHash, accept: true, score: 50 }, // never registered
        { datasetId: id, contentHash: d.contentHash, accept: true, score: 50 }, // already decided
        { datasetId: elsewhere, contentHash: a.contentHash, accept: true, score: 50 }, // no seat there
        { datasetId: id, contentHash: b.contentHash, accept: false, score: 0 },
      ];
      const as = { account: f.curatorA.account };
      const { result } = await registry.simulate.reviewBatch([reviews], as);
      const abi = registry.abi;
      assert.deepEqual(result, [
        NO_ERROR,
        errorSelector(abi, "AlreadyVoted"),
        errorSelector(abi, "InvalidScore"),
        errorSelector(abi, "ContributionNotFound"),
        errorSelector(abi, "ContributionNotPending"),
        errorSelector(abi, "NotCurator"),
        NO_ERROR,
      ]);

      const receipt = await mined(f, registry.write.reviewBatch([reviews], as));
      const A = f.curatorA.address;
      assert.deepEqual(
        eventsOf(registry, receipt, "ContributionReviewed").map((e) => [e.contentHash, e.curator, e.accepted, e.score]),
        [
          [a.contentHash, A, true, 90],
          [b.contentHash, A, false, 0],
        ],
      );
      assert.deepEqual(
        eventsOf(registry, receipt, "ReviewSkipped").map((e) => ({
          datasetId: e.datasetId,
          contentHash: e.contentHash,
          curator: e.curator,
          ...decodeReason(abi, e.reason),
        })),
        [
          {
            datasetId: id,
            contentHash: a.contentHash,
            curator: A,
            errorName: "AlreadyVoted",
            args: [id, a.contentHash, A],
          },
          { datasetId: id, contentHash: b.contentHash, curator: A, errorName: "InvalidScore", args: [0n] },
          {
            datasetId: id,
            contentHash: c.contentHash,
            curator: A,
            errorName: "ContributionNotFound",
            args: [id, c.contentHash],
          },
          {
            datasetId: id,
            contentHash: d.contentHash,
            curator: A,
            errorName: "ContributionNotPending",
            args: [id, d.contentHash, ContributionStatus.Accepted],
          },
          {
            datasetId: elsewhere,
            contentHash: a.contentHash,
            curator: A,
            errorName: "NotCurator",
            args: [elsewhere, A],
          },
        ],
      );
      const viewA = await registry.read.getContribution([id, a.contentHash]);
      assert.equal(viewA.accepts, 1);
      assert.equal(viewA.rejects, 0);
      assert.equal((await registry.read.getContribution([id, b.contentHash])).rejects, 1);
    });

    it("decides contributions inside a batch when its votes reach the quorum", async () => {
      const f = await load();
      const id = await createDataset(f, { curators: [f.curatorA.address, f.curatorB.address], quorum: 1 });
      const items = ["p", "q", "r"].map((l) => content(l));
      for (const c of items) await contribute(f, id, c, f.alice);
      const receipt = await mined(
        f,
        f.registry.write.reviewBatch(
          [
            [
              { datasetId: id, contentHash: items[0].contentHash, accept: true, score: 10 },
              { datasetId: id, contentHash: items[1].contentHash, accept: false, score: 0 },
              { datasetId: id, contentHash: items[2].contentHash, accept: true, score: 30 },
            ],
          ],
          { account: f.curatorA.account },
        ),
      );
      assert.equal(eventsOf(f.registry, receipt, "ContributionAccepted").length, 2);
      assert.equal(eventsOf(f.registry, receipt, "ContributionRejected").length, 1);
      assert.equal(await f.vault.read.weightOf([id, f.alice.address]), 40n);
    });
  });
});
