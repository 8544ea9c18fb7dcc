import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import type { Address } from "viem";
import { acceptedContribution, content, datasetConfig, governedWithWeight, mined } from "./fixture.js";

const connection = await network.create();
const { networkHelpers } = connection;
const load = () => networkHelpers.loadFixture(governedWithWeight);

/**
 * The vault calls a dataset's observer with a fixed gas budget (`OBSERVER_GAS`) and marks it failed if the call
 * fails. ContributionVotes must therefore fit well inside the budget in its worst cases (a fresh account in a new
 * block: new checkpoints, a first delegation), and never be marked failed in normal use, whatever gas limit
 * `eth_estimateGas` chose for the transaction.
 */
describe("ContributionVotes under the vault's observer budget", () => {
  it("needs less than half the budget in its worst cases", async () => {
    const { f, g } = await load();
    const budget = BigInt(await f.vault.read.OBSERVER_GAS());
    // The same operations in an unobserved dataset with the same curators: the difference is the observer's.
    await mined(
      f,
      f.registry.write.createDataset([{ ...datasetConfig(f), steward: f.deployer.account.address }], {
        account: f.deployer.account,
      }),
    );
    const plain = await f.registry.read.datasetCount();
    // Worst cases: a fresh account's first credit (a new delegation, new checkpoints) and a transfer to a fresh
    // account, each in a new block (new total-supply and delegate checkpoints).
    const costs = async (datasetId: bigint, who: typeof f.dave, to: Address) => {
      const c = content();
      await mined(
        f,
        f.registry.write.contribute([datasetId, c.contentHash, c.size, c.cid, "0x"], { account: who.account }),
      );
      await mined(f, f.registry.write.review([datasetId, c.contentHash, true, 50], { account: f.curatorA.account }));
      const credit = await mined(
        f,
        f.registry.write.review([datasetId, c.contentHash, true, 50], { account: f.curatorB.account }),
      );
      const transfer = await mined(
        f,
        f.registry.write.transferContribution([datasetId, c.contentHash, to], { account: who.account }),
      );
      return { credit: credit.gasUsed, transfer: transfer.gasUsed };
    };
    const unobserved = await costs(plain, f.dave, "0x00000000000000000000000000000000000f2e51");
    const observed = await costs(g.datasetId, f.newSteward, "0x00000000000000000000000000000000000f2e52");
    for (const key of ["credit", "transfer"] as const) {
      const used = observed[key] - unobserved[key];
      assert.ok(used < budget / 2n, `${key} to a fresh account: the observer used ${used} gas, budget ${budget}`);
    }
    assert.equal(await f.vault.read.weightObserverFailedAt([g.datasetId]), 0n);
  });

  it("is never marked failed when transactions carry the gas eth_estimateGas chose, and keeps exact votes", async () => {
    const { f, g } = await load();
    const c = await acceptedContribution(f, g.datasetId, f.dave, 40);
    await mined(
      f,
      f.registry.write.transferContribution([g.datasetId, c.contentHash, f.stranger.account.address], {
        account: f.dave.account,
      }),
    );
    await mined(
      f,
      f.registry.write.withdrawContribution([g.datasetId, c.contentHash], { account: f.stranger.account }),
    );
    assert.equal(await f.vault.read.weightObserverFailedAt([g.datasetId]), 0n);
    for (const who of [f.alice, f.bob, f.carol, f.dave, f.stranger]) {
      const account = who.account.address as Address;
      assert.equal(await g.votes.read.getVotes([account]), BigInt(await f.vault.read.weightOf([g.datasetId, account])));
    }
    assert.equal(
      await g.votes.read.totalVotingUnits(),
      BigInt((await f.vault.read.getPool([g.datasetId])).totalWeight),
    );
  });
});
