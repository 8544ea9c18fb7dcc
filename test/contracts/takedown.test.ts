import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { concatHex, keccak256, toHex } from "viem";
import {
  type Cairn,
  ContributionStatus,
  content,
  contribute,
  createDataset,
  createReviewedDataset,
  deployCairn,
  errorSelector,
  eventsOf,
  mined,
} from "../helpers/cairn.js";

const { networkHelpers } = await network.create();
const load = () => networkHelpers.loadFixture(deployCairn);

/** The CID (raw, sha2-256) of a justification document. */
const JUSTIFICATION = concatHex(["0x01551220", keccak256(toHex("Contains a phone number; request #42"))]);
const PERSONAL_DATA = 2;

async function funded(f: Cairn, id: bigint, amount: bigint) {
  await mined(f, f.token.write.mint([f.sponsor.address, amount]));
  await mined(f, f.token.write.approve([f.vault.address, amount], { account: f.sponsor.account }));
  await mined(f, f.vault.write.fund([id, amount], { account: f.sponsor.account }));
}

describe("takedown", () => {
  it("lets a curator remove an accepted contribution: recorded with who and why, its weight stops earning, what it earned stays claimable", async () => {
    const f = await load();
    const { registry, vault } = f;
    const id = await createDataset(f, {
      curators: [f.curatorA.address],
      defaultScore: 50,
      rewardToken: f.token.address,
    });
    const a = content("alice's file");
    const b = content("bob's file");
    await contribute(f, id, a, f.alice);
    await contribute(f, id, b, f.bob);
    await funded(f, id, 1_000n);

    const receipt = await mined(
      f,
      registry.write.takedownContribution([id, a.contentHash, PERSONAL_DATA, JUSTIFICATION], {
        account: f.curatorA.account,
      }),
    );
    assert.deepEqual(eventsOf(registry, receipt, "ContributionRemoved"), [
      {
        datasetId: id,
        contentHash: a.contentHash,
        by: f.curatorA.address,
        reason: PERSONAL_DATA,
        justificationCid: JUSTIFICATION,
      },
    ]);
    assert.deepEqual(eventsOf(vault, receipt, "WeightChanged"), [
      { datasetId: id, account: f.alice.address, weight: 0n, totalWeight: 50n },
    ]);
    assert.equal((await registry.read.getContribution([id, a.contentHash])).status, ContributionStatus.Removed);
    assert.equal(await vault.read.weightOf([id, f.alice.address]), 0n);

    // Alice keeps her half of the first funding (decided and documented: removal stops earning, it seizes
    // nothing); the next funding goes to bob alone.
    await funded(f, id, 1_000n);
    assert.equal(await vault.read.claimable([id, f.alice.address]), 500n);
    assert.equal(await vault.read.claimable([id, f.bob.address]), 1_500n);
    await mined(f, vault.write.claim([id, f.alice.address]));
    assert.equal(await f.token.read.balanceOf([f.alice.address]), 500n);
  });

  it("lets the steward remove a pending contribution, which can then not be reviewed, transferred, withdrawn or registered again", async () => {
    const f = await load();
    const { registry, viem } = f;
    const id = await createReviewedDataset(f);
    const c = content("pending");
    await contribute(f, id, c, f.alice);
    await viem.assertions.emitWithArgs(
      registry.write.takedownContribution([id, c.contentHash, 1, JUSTIFICATION], { account: f.steward.account }),
      registry,
      "ContributionRemoved",
      [id, c.contentHash, f.steward.address, 1, JUSTIFICATION],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      registry.write.review([id, c.contentHash, true, 80], { account: f.curatorA.account }),
      registry,
      "ContributionNotPending",
      [id, c.contentHash, ContributionStatus.Removed],
    );
    for (const call of [
      () => registry.write.transferContribution([id, c.contentHash, f.bob.address], { account: f.alice.account }),
      () => registry.write.withdrawContribution([id, c.contentHash], { account: f.alice.account }),
    ]) {
      await viem.assertions.revertWithCustomErrorWithArgs(call(), registry, "ContributionIsRemoved", [
        id,
        c.contentHash,
      ]);
    }
    await viem.assertions.revertWithCustomErrorWithArgs(
      registry.write.contribute([id, c.contentHash, c.size, c.cid, "0x"], { account: f.bob.account }),
      registry,
      "DuplicateContribution",
      [id, c.contentHash, f.alice.address],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      registry.write.takedownContribution([id, c.contentHash, 1, JUSTIFICATION], { account: f.curatorB.account }),
      registry,
      "ContributionRemovedAlready",
      [id, c.contentHash],
    );
  });

  it("refuses anyone but a curator or the steward, a zero reason, an empty justification and unknown items", async () => {
    const f = await load();
    const { registry, viem } = f;
    const id = await createReviewedDataset(f);
    const c = content("kept");
    await contribute(f, id, c, f.alice);
    for (const who of [f.alice, f.stranger]) {
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.takedownContribution([id, c.contentHash, 1, JUSTIFICATION], { account: who.account }),
        registry,
        "NotCuratorOrSteward",
        [id, who.address],
      );
    }
    await viem.assertions.revertWithCustomErrorWithArgs(
      registry.write.takedownContribution([id, c.contentHash, 0, JUSTIFICATION], { account: f.curatorA.account }),
      registry,
      "InvalidTakedown",
      [id, c.contentHash, 0],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      registry.write.takedownContribution([id, c.contentHash, 3, "0x"], { account: f.curatorA.account }),
      registry,
      "InvalidTakedown",
      [id, c.contentHash, 3],
    );
    const unknown = content("never registered");
    await viem.assertions.revertWithCustomErrorWithArgs(
      registry.write.takedownContribution([id, unknown.contentHash, 1, JUSTIFICATION], {
        account: f.curatorA.account,
      }),
      registry,
      "ContributionNotFound",
      [id, unknown.contentHash],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      registry.write.takedownContribution([99n, c.contentHash, 1, JUSTIFICATION], { account: f.curatorA.account }),
      registry,
      "DatasetNotFound",
      [99n],
    );
    // A curator of another dataset has no say here.
    const other = await createDataset(f, { curators: [f.curatorC.address], quorum: 1 });
    assert.ok(other !== id);
    await viem.assertions.revertWithCustomErrorWithArgs(
      registry.write.takedownContribution([id, c.contentHash, 1, JUSTIFICATION], { account: f.curatorC.account }),
      registry,
      "NotCuratorOrSteward",
      [id, f.curatorC.address],
    );
    assert.equal((await registry.read.getContribution([id, c.contentHash])).status, ContributionStatus.Pending);
  });

  it("removes a provisional contribution, which can then never be confirmed into weight", async () => {
    const f = await load();
    const { registry, vault } = f;
    const id = await createDataset(f, {
      curators: [f.curatorA.address],
      defaultScore: 40,
      rewardToken: f.token.address,
    });
    await mined(f, registry.write.setChallengePeriod([id, 3_600], { account: f.steward.account }));
    const c = content("provisional");
    await contribute(f, id, c, f.alice);
    assert.equal((await registry.read.getContribution([id, c.contentHash])).status, ContributionStatus.Provisional);
    await mined(
      f,
      registry.write.takedownContribution([id, c.contentHash, 5, JUSTIFICATION], { account: f.curatorA.account }),
    );
    await networkHelpers.time.increase(7_200);
    const { result } = await registry.simulate.confirmContributions([id, [c.contentHash]]);
    assert.deepEqual(result, [errorSelector(registry.abi, "ContributionNotPending")]);
    assert.equal(await vault.read.weightOf([id, f.alice.address]), 0n);
  });
});
