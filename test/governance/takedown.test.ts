import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { type Address, concatHex, keccak256, toHex } from "viem";
import { acceptedContribution, governedWithWeight, mined, pass, registryCall } from "./fixture.js";

const connection = await network.create();
const { networkHelpers } = connection;
const load = () => networkHelpers.loadFixture(governedWithWeight);

const JUSTIFICATION = concatHex(["0x01551220", keccak256(toHex("Consent withdrawn by the speaker"))]);
const CONSENT_WITHDRAWN = 3;

describe("takedown in a governed dataset", () => {
  it("takes a removed contribution's weight out of the votes, whether a curator or the dataset's governance removes it", async () => {
    const { f, g } = await load();
    const dave = f.dave.account.address as Address;
    const first = await acceptedContribution(f, g.datasetId, f.dave, 40);
    const second = await acceptedContribution(f, g.datasetId, f.dave, 20);
    assert.equal(await g.votes.read.getVotes([dave]), 60n);
    assert.equal(await g.votes.read.totalVotingUnits(), 160n);

    // A curator removes the first.
    await mined(
      f,
      f.registry.write.takedownContribution([g.datasetId, first.contentHash, CONSENT_WITHDRAWN, JUSTIFICATION], {
        account: f.curatorA.account,
      }),
    );
    assert.equal(await g.votes.read.getVotes([dave]), 20n);
    assert.equal(await g.votes.read.totalVotingUnits(), 120n);

    // The dataset's governance (its timelock is the steward) removes the second by a proposal.
    await pass(
      f,
      g,
      [registryCall(f, "takedownContribution", [g.datasetId, second.contentHash, CONSENT_WITHDRAWN, JUSTIFICATION])],
      "Remove a recording whose speaker withdrew consent",
      [f.alice, f.bob],
    );
    const [removed] = await f.registry.getEvents.ContributionRemoved(
      { datasetId: g.datasetId, contentHash: second.contentHash },
      { fromBlock: 0n },
    );
    assert.equal((removed.args.by as string).toLowerCase(), g.timelock.address.toLowerCase());
    assert.equal(await g.votes.read.getVotes([dave]), 0n);
    assert.equal(await g.votes.read.totalVotingUnits(), 100n);
    assert.equal(BigInt(await f.vault.read.weightOf([g.datasetId, dave])), 0n);
  });
});
