import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { type Address, zeroAddress } from "viem";
import {
  acceptedContribution,
  assertAddress,
  content,
  DatasetStatus,
  datasetConfig,
  endVoting,
  governedWithWeight,
  MANIFEST,
  mined,
  ProposalState,
  propose,
  registryCall,
  review,
  TERMS,
  Vote,
} from "./fixture.js";

const connection = await network.create();
const { networkHelpers } = connection;
const load = () => networkHelpers.loadFixture(governedWithWeight);

describe("contribution votes", () => {
  it("gives each contributor its accepted weight as votes, delegated to itself on the first credit", async () => {
    const { f, g } = await load();
    for (const [who, weight] of [
      [f.alice, 60n],
      [f.bob, 30n],
      [f.carol, 10n],
    ] as const) {
      const account = who.account.address as Address;
      assert.equal(BigInt(await f.vault.read.weightOf([g.datasetId, account])), weight);
      assert.equal(await g.votes.read.getVotes([account]), weight);
      assertAddress(await g.votes.read.delegates([account]), account);
      assert.equal(await g.votes.read.hasChosenDelegate([account]), false);
    }
    assert.equal(await g.votes.read.totalVotingUnits(), 100n);
    assert.equal(BigInt((await f.vault.read.getPool([g.datasetId])).totalWeight), 100n);
    const block = BigInt(await networkHelpers.time.latestBlock());
    assert.equal(await g.votes.read.getPastTotalSupply([block - 1n]), 100n);

    // More accepted weight adds to the same votes; a pending contribution gives none.
    await acceptedContribution(f, g.datasetId, f.alice, 20);
    assert.equal(await g.votes.read.getVotes([f.alice.account.address]), 80n);
    const pending = content();
    await mined(
      f,
      f.registry.write.contribute([g.datasetId, pending.contentHash, pending.size, pending.cid, "0x"], {
        account: f.alice.account,
      }),
    );
    assert.equal(await g.votes.read.getVotes([f.alice.account.address]), 80n);
    assert.equal(await g.votes.read.totalVotingUnits(), 120n);
  });

  it("counts power at the snapshot: weight accepted after it does not count for that proposal", async () => {
    const { f, g } = await load();
    const p = await propose(
      f,
      g,
      f.alice,
      [registryCall(f, "setStatus", [g.datasetId, DatasetStatus.Paused])],
      "Pause",
    );
    const snapshot = await g.governor.read.proposalSnapshot([p.id]);
    assert.ok(BigInt(await networkHelpers.time.latestBlock()) > snapshot);

    // Dave's first contribution is accepted after the snapshot: he has votes now, none for this proposal.
    await acceptedContribution(f, g.datasetId, f.dave, 90);
    assert.equal(await g.votes.read.getVotes([f.dave.account.address]), 90n);
    assert.equal(await g.votes.read.getPastVotes([f.dave.account.address, snapshot]), 0n);
    assert.equal(await g.governor.read.getVotes([f.dave.account.address, snapshot]), 0n);
    await mined(f, g.governor.write.castVote([p.id, Vote.Against], { account: f.dave.account }));
    assert.equal(await g.governor.read.hasVoted([p.id, f.dave.account.address]), true);
    assert.deepEqual(await g.governor.read.proposalVotes([p.id]), [0n, 0n, 0n]);
    // Nor does it raise the quorum of that proposal.
    assert.equal(await g.governor.read.quorum([snapshot]), 40n);

    await mined(f, g.governor.write.castVote([p.id, Vote.For], { account: f.alice.account }));
    await endVoting(f, g, p);
    assert.equal(await g.governor.read.state([p.id]), ProposalState.Succeeded);
  });

  it("moves votes with a transferred contribution, without double counting", async () => {
    const { f, g } = await load();
    const c = await acceptedContribution(f, g.datasetId, f.alice, 40); // alice 100, bob 30, carol 10
    const p = await propose(
      f,
      g,
      f.alice,
      [registryCall(f, "setStatus", [g.datasetId, DatasetStatus.Paused])],
      "Pause",
    );
    await mined(f, g.governor.write.castVote([p.id, Vote.For], { account: f.alice.account }));

    await mined(
      f,
      f.registry.write.transferContribution([g.datasetId, c.contentHash, f.bob.account.address], {
        account: f.alice.account,
      }),
    );
    assert.equal(await g.votes.read.getVotes([f.alice.account.address]), 60n);
    assert.equal(await g.votes.read.getVotes([f.bob.account.address]), 70n);
    assert.equal(await g.votes.read.totalVotingUnits(), 140n, "a transfer changes no total");

    // Bob votes with what he held at the snapshot: the 40 that alice already voted with count once.
    await mined(f, g.governor.write.castVote([p.id, Vote.For], { account: f.bob.account }));
    assert.deepEqual(await g.governor.read.proposalVotes([p.id]), [0n, 130n, 0n]);

    // A transfer to an account that never held weight delegates it to itself.
    await mined(
      f,
      f.registry.write.transferContribution([g.datasetId, c.contentHash, f.dave.account.address], {
        account: f.bob.account,
      }),
    );
    assert.equal(await g.votes.read.getVotes([f.bob.account.address]), 30n);
    assert.equal(await g.votes.read.getVotes([f.dave.account.address]), 40n);
    assertAddress(await g.votes.read.delegates([f.dave.account.address]), f.dave.account.address);
  });

  it("takes votes away on withdrawal and lowers the total, keeping the history", async () => {
    const { f, g } = await load();
    const c = await acceptedContribution(f, g.datasetId, f.carol, 20); // carol 30
    await networkHelpers.mine();
    const before = BigInt(await networkHelpers.time.latestBlock());
    await mined(f, f.registry.write.withdrawContribution([g.datasetId, c.contentHash], { account: f.carol.account }));
    await networkHelpers.mine();
    assert.equal(await g.votes.read.getVotes([f.carol.account.address]), 10n);
    assert.equal(await g.votes.read.totalVotingUnits(), 100n);
    assert.equal(await g.votes.read.getPastVotes([f.carol.account.address, before]), 30n);
    assert.equal(await g.votes.read.getPastTotalSupply([before]), 120n);
  });

  it("lets a contributor delegate, and later weight follows the chosen delegate", async () => {
    const { f, g } = await load();
    const carol = f.carol.account.address as Address;
    const alice = f.alice.account.address as Address;
    await mined(f, g.votes.write.delegate([alice], { account: f.carol.account }));
    assert.equal(await g.votes.read.hasChosenDelegate([carol]), true);
    assert.equal(await g.votes.read.getVotes([alice]), 70n);
    assert.equal(await g.votes.read.getVotes([carol]), 0n);

    await acceptedContribution(f, g.datasetId, f.carol, 20);
    assert.equal(await g.votes.read.getVotes([alice]), 90n, "new weight goes to the delegate");
    assertAddress(await g.votes.read.delegates([carol]), alice);

    // Delegating back moves exactly carol's accepted weight (the vault's weightOf).
    await mined(f, g.votes.write.delegate([carol], { account: f.carol.account }));
    assert.equal(await g.votes.read.getVotes([carol]), BigInt(await f.vault.read.weightOf([g.datasetId, carol])));
    assert.equal(await g.votes.read.getVotes([carol]), 30n);
    assert.equal(await g.votes.read.getVotes([alice]), 60n);
  });

  it("never overrides an account's choice: one that delegated to nobody holds weight without votes", async () => {
    const { f, g } = await load();
    const dave = f.dave.account.address as Address;
    await mined(f, g.votes.write.delegate([zeroAddress], { account: f.dave.account }));
    await acceptedContribution(f, g.datasetId, f.dave, 50);
    assert.equal(BigInt(await f.vault.read.weightOf([g.datasetId, dave])), 50n);
    assertAddress(await g.votes.read.delegates([dave]), zeroAddress);
    assert.equal(await g.votes.read.getVotes([dave]), 0n);
    // Undelegated weight still counts in the total, like an undelegated ERC20Votes balance.
    assert.equal(await g.votes.read.totalVotingUnits(), 150n);
    await mined(f, g.votes.write.delegate([dave], { account: f.dave.account }));
    assert.equal(await g.votes.read.getVotes([dave]), 50n);
  });

  it("takes weight changes from the vault only", async () => {
    const { f, g } = await load();
    await f.viem.assertions.revertWithCustomErrorWithArgs(
      g.votes.write.onWeightMoved([g.datasetId, zeroAddress, f.stranger.account.address, 1000n], {
        account: f.stranger.account,
      }),
      g.votes,
      "NotVault",
      [f.stranger.account.address],
    );
  });

  it("refuses the weight of another dataset that names the same votes as its observer", async () => {
    const { f, g } = await load();
    // A stranger creates an auto-accepting dataset whose observer is this dataset's votes.
    await mined(
      f,
      f.registry.write.createDataset(
        [
          {
            ...datasetConfig(f),
            steward: f.stranger.account.address,
            curators: [],
            quorum: 0,
            weightObserver: g.votes.address,
          },
        ],
        { account: f.stranger.account },
      ),
    );
    const other = await f.registry.read.datasetCount();
    const c = content();
    // The votes refuse (WrongDataset); the vault's isolated call absorbs the refusal: the stranger's
    // contribution is registered and accepted in its own dataset, whose observer is marked failed.
    await mined(
      f,
      f.registry.write.contribute([other, c.contentHash, c.size, c.cid, "0x"], { account: f.stranger.account }),
    );
    assert.equal(BigInt(await f.vault.read.weightOf([other, f.stranger.account.address])), 50n);
    assert.notEqual(await f.vault.read.weightObserverFailedAt([other]), 0n);
    assert.equal(await f.vault.read.weightObserverFailedAt([g.datasetId]), 0n);
    assert.equal(await g.votes.read.getVotes([f.stranger.account.address]), 0n);
    assert.equal(await g.votes.read.totalVotingUnits(), 100n);
  });

  it("cannot be deployed for a dataset that already exists", async () => {
    const { f, g } = await load();
    await assert.rejects(
      f.viem.deployContract("ContributionVotes", [f.registry.address, g.datasetId]),
      /DatasetAlreadyCreated/,
    );
    // For the next id it deploys; the dataset then created with it as observer feeds it from the first credit.
    const next = (await f.registry.read.datasetCount()) + 1n;
    const votes = await f.viem.deployContract("ContributionVotes", [f.registry.address, next]);
    await mined(
      f,
      f.registry.write.createDataset(
        [{ ...datasetConfig(f), steward: f.deployer.account.address, weightObserver: votes.address }],
        { account: f.deployer.account },
      ),
    );
    const c = content();
    await mined(
      f,
      f.registry.write.contribute([next, c.contentHash, c.size, c.cid, "0x"], { account: f.dave.account }),
    );
    await review(f, next, c, 77);
    assert.equal(await votes.read.getVotes([f.dave.account.address]), 77n);
    assert.equal((await f.registry.read.getDataset([next])).manifestCid, MANIFEST);
    assert.equal((await f.registry.read.getDataset([next])).termsHash, TERMS);
  });
});
