import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { keccak256, toHex, zeroAddress } from "viem";
import {
  acceptedContribution,
  assertAddress,
  createGoverned,
  deployFactory,
  endVoting,
  mined,
  ProposalState,
  pass,
  propose,
  registryCall,
  Vote,
} from "./fixture.js";

const connection = await network.create();
const { networkHelpers } = connection;

const E18 = 10n ** 18n;

/** A dataset governed by an ordinary ERC20Votes token: alice holds 600, bob 400, both delegated to themselves. */
async function tokenGoverned(c: typeof connection) {
  const f = await deployFactory(c);
  const votesToken = await c.viem.deployContract("TestVotesToken", ["Breton Speech Council", "BSC"]);
  for (const [who, amount] of [
    [f.alice, 600n * E18],
    [f.bob, 400n * E18],
  ] as const) {
    await mined(f, votesToken.write.mint([who.account.address, amount]));
    await mined(f, votesToken.write.delegate([who.account.address], { account: who.account }));
  }
  const g = await createGoverned(f, { votes: votesToken.address, proposalThreshold: 100n * E18 });
  await networkHelpers.mine();
  return { f, g, votesToken };
}
const load = () => networkHelpers.loadFixture(tokenGoverned);

describe("governed dataset with an ERC20Votes token", () => {
  it("uses the token's votes and leaves the dataset without a weight observer", async () => {
    const { f, g, votesToken } = await load();
    assertAddress(await g.governor.read.token(), votesToken.address);
    assertAddress((await f.factory.read.governanceOf([g.datasetId])).votes, votesToken.address);
    const ds = await f.registry.read.getDataset([g.datasetId]);
    assertAddress(ds.steward, g.timelock.address);
    assertAddress(ds.weightObserver, zeroAddress);

    // Accepted contributions earn rewards but do not change the token's votes.
    await acceptedContribution(f, g.datasetId, f.carol, 80);
    assert.equal(await votesToken.read.getVotes([f.carol.account.address]), 0n);
  });

  it("passes a proposal with the token holders' votes and executes it through the timelock", async () => {
    const { f, g } = await load();
    const manifest = keccak256(toHex("council manifest"));
    await pass(f, g, [registryCall(f, "setManifest", [g.datasetId, manifest])], "New manifest", [f.alice]);
    assert.equal((await f.registry.read.getDataset([g.datasetId])).manifestCid, manifest);
  });

  it("is defeated when the token holders who vote do not reach the quorum", async () => {
    const { f, g, votesToken } = await load();
    // Bob hands most of his tokens to carol, who never delegates: they count in the supply, not in votes.
    await mined(f, votesToken.write.transfer([f.carol.account.address, 300n * E18], { account: f.bob.account }));
    const p = await propose(f, g, f.bob, [registryCall(f, "setManifest", [g.datasetId, "0x01"])], "Bob's manifest");
    await mined(f, g.governor.write.castVote([p.id, Vote.For], { account: f.bob.account }));
    assert.deepEqual(await g.governor.read.proposalVotes([p.id]), [0n, 100n * E18, 0n]);
    await endVoting(f, g, p);
    assert.equal(await g.governor.read.state([p.id]), ProposalState.Defeated);
  });
});
