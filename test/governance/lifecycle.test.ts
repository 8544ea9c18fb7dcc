import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { type Address, encodeFunctionData, keccak256, parseEventLogs, toHex, zeroAddress } from "viem";
import {
  assertAddress,
  content,
  createGoverned,
  DatasetStatus,
  deployFactory,
  endVoting,
  GOVERNANCE,
  governedWithWeight,
  MANIFEST,
  mined,
  ProposalState,
  pass,
  proposal,
  propose,
  queueAndExecute,
  registryCall,
  TERMS,
  Vote,
} from "./fixture.js";

const connection = await network.create();
const { networkHelpers } = connection;
const loadFactory = () => networkHelpers.loadFixture(deployFactory);
const load = () => networkHelpers.loadFixture(governedWithWeight);

/** EIP-170: the largest runtime code a chain accepts. */
const MAX_CODE_SIZE = 24_576;

describe("governed dataset", () => {
  describe("creation", () => {
    it("creates the votes, the timelock, the governor and the dataset in one call, wired together", async () => {
      const f = await loadFactory();
      const g = await createGoverned(f);
      const { registry, vault, factory } = f;

      assert.equal(g.datasetId, 1n);
      const [created] = parseEventLogs({ abi: factory.abi, logs: g.receipt.logs, eventName: "GovernedDatasetCreated" });
      assertAddress((created as unknown as { args: { creator: Address } }).args.creator, f.deployer.account.address);
      assert.deepEqual(await factory.read.governanceOf([g.datasetId]), {
        votes: g.votes.address,
        timelock: g.timelock.address,
        governor: g.governor.address,
      });

      const ds = await registry.read.getDataset([g.datasetId]);
      assertAddress(ds.steward, g.timelock.address);
      assertAddress(ds.weightObserver, g.votes.address);
      assert.equal(ds.quorum, 2);
      assert.equal(ds.curatorCount, 2);
      assert.equal(ds.manifestCid, MANIFEST);
      assertAddress(await vault.read.weightObserver([g.datasetId]), g.votes.address);

      assert.equal(await g.votes.read.datasetId(), g.datasetId);
      assertAddress(await g.votes.read.vault(), vault.address);
      assertAddress(await g.votes.read.registry(), registry.address);
      assert.equal(await g.votes.read.CLOCK_MODE(), "mode=blocknumber&from=default");

      assert.equal(await g.governor.read.name(), GOVERNANCE.name);
      assertAddress(await g.governor.read.token(), g.votes.address);
      assertAddress(await g.governor.read.timelock(), g.timelock.address);
      assert.equal(await g.governor.read.votingDelay(), 2n);
      assert.equal(await g.governor.read.votingPeriod(), 20n);
      assert.equal(await g.governor.read.proposalThreshold(), 10n);
      assert.equal(await g.governor.read.quorumNumerator(), 40n);
      assert.equal(await g.governor.read.CLOCK_MODE(), "mode=blocknumber&from=default");

      const { timelock } = g;
      const [admin, proposer, canceller, executor] = await Promise.all([
        timelock.read.DEFAULT_ADMIN_ROLE(),
        timelock.read.PROPOSER_ROLE(),
        timelock.read.CANCELLER_ROLE(),
        timelock.read.EXECUTOR_ROLE(),
      ]);
      assert.equal(await timelock.read.getMinDelay(), 86_400n);
      assert.equal(await timelock.read.hasRole([proposer, g.governor.address]), true);
      assert.equal(await timelock.read.hasRole([canceller, g.governor.address]), true);
      assert.equal(await timelock.read.hasRole([executor, zeroAddress]), true, "anyone executes");
      assert.equal(await timelock.read.hasRole([admin, factory.address]), false, "the factory renounced its admin");
      assert.equal(await timelock.read.hasRole([admin, timelock.address]), true, "only proposals administer");
      assert.equal(await timelock.read.hasRole([admin, f.deployer.account.address]), false);
    });

    it("keeps every contract it deploys under the 24 KiB code size limit", async () => {
      const f = await loadFactory();
      const g = await createGoverned(f);
      const [votesDeployer, timelockDeployer, governorDeployer] = await f.factory.read.deployers();
      const contracts: Record<string, Address> = {
        factory: f.factory.address,
        votesDeployer,
        timelockDeployer,
        governorDeployer,
        votes: g.votes.address,
        timelock: g.timelock.address,
        governor: g.governor.address,
      };
      for (const [name, address] of Object.entries(contracts)) {
        const code = await f.publicClient.getCode({ address });
        const size = ((code?.length ?? 2) - 2) / 2;
        assert.ok(size > 0 && size <= MAX_CODE_SIZE, `${name}: ${size} bytes`);
      }
    });

    it("gives the dataset ids in order and keeps each dataset's governance apart", async () => {
      const f = await loadFactory();
      const first = await createGoverned(f);
      const second = await createGoverned(f, { name: "second", openExecution: false });
      assert.equal(second.datasetId, first.datasetId + 1n);
      assert.notEqual(second.votes.address, first.votes.address);
      assert.equal(await second.votes.read.datasetId(), second.datasetId);
      assertAddress((await f.registry.read.getDataset([second.datasetId])).steward, second.timelock.address);
      const executor = await second.timelock.read.EXECUTOR_ROLE();
      assert.equal(await second.timelock.read.hasRole([executor, zeroAddress]), false);
      assert.equal(await second.timelock.read.hasRole([executor, second.governor.address]), true);
    });

    it("leaves no steward power to the creator: only the timelock acts for the dataset", async () => {
      const { f, g } = await load();
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        f.registry.write.addCurator([g.datasetId, f.dave.account.address], { account: f.deployer.account }),
        f.registry,
        "NotSteward",
        [g.datasetId, f.deployer.account.address],
      );
      const schedule = g.timelock.write.schedule(
        [f.registry.address, 0n, "0x", `0x${"00".repeat(32)}`, `0x${"00".repeat(32)}`, 86_400n],
        { account: f.alice.account },
      );
      await f.viem.assertions.revertWithCustomError(schedule, g.timelock, "AccessControlUnauthorizedAccount");
    });
  });

  describe("proposals", () => {
    it("adds and removes a curator, changes the review quorum, and updates the manifest and the terms", async () => {
      const { f, g } = await load();
      const { registry } = f;
      const id = g.datasetId;
      const newManifest = keccak256(toHex("manifest v2"));
      const newTerms = keccak256(toHex("CC-BY-SA-4.0"));
      await pass(
        f,
        g,
        [
          registryCall(f, "addCurator", [id, f.dave.account.address]),
          registryCall(f, "removeCurator", [id, f.curatorB.account.address]),
          registryCall(f, "setReviewPolicy", [id, 1, 70]),
          registryCall(f, "setManifest", [id, newManifest]),
          registryCall(f, "setTerms", [id, newTerms]),
        ],
        "Curation v2: Dave replaces curator B, one review is enough, new manifest and terms",
        [f.alice, f.bob],
      );
      const ds = await registry.read.getDataset([id]);
      assert.equal(await registry.read.isCurator([id, f.dave.account.address]), true);
      assert.equal(await registry.read.isCurator([id, f.curatorB.account.address]), false);
      assert.equal(ds.quorum, 1);
      assert.equal(ds.defaultScore, 70);
      assert.equal(ds.manifestCid, newManifest);
      assert.equal(ds.termsHash, newTerms);
      assert.notEqual(ds.termsHash, TERMS);

      // The new rules apply: Dave's single review accepts a contribution.
      const c = content();
      await mined(f, registry.write.contribute([id, c.contentHash, c.size, c.cid, "0x"], { account: f.carol.account }));
      await mined(f, registry.write.review([id, c.contentHash, true, 40], { account: f.dave.account }));
      assert.equal((await registry.read.getContribution([id, c.contentHash])).status, 2);
      assert.equal(await g.votes.read.getVotes([f.carol.account.address]), 50n);
    });

    it("pauses and then closes the dataset", async () => {
      const { f, g } = await load();
      const { registry } = f;
      const id = g.datasetId;
      await pass(f, g, [registryCall(f, "setStatus", [id, DatasetStatus.Paused])], "Pause for the audit", [f.alice]);
      assert.equal((await registry.read.getDataset([id])).status, DatasetStatus.Paused);
      const c = content();
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.contribute([id, c.contentHash, c.size, c.cid, "0x"], { account: f.bob.account }),
        registry,
        "DatasetNotOpen",
        [id, DatasetStatus.Paused],
      );
      await pass(f, g, [registryCall(f, "setStatus", [id, DatasetStatus.Closed])], "Close: v1 is done", [f.alice]);
      assert.equal((await registry.read.getDataset([id])).status, DatasetStatus.Closed);
    });

    it("moves treasury tokens held by the timelock", async () => {
      const { f, g } = await load();
      const { token } = f;
      await mined(f, token.write.mint([g.timelock.address, 1_000n * 10n ** 18n]));
      const grant = 400n * 10n ** 18n;
      await pass(
        f,
        g,
        [
          {
            target: token.address,
            data: encodeFunctionData({
              abi: token.abi,
              functionName: "transfer",
              args: [f.dave.account.address, grant],
            }),
          },
        ],
        "Grant: 400 CTT to Dave for the transcription tool",
        [f.alice],
      );
      assert.equal(await token.read.balanceOf([f.dave.account.address]), grant);
      assert.equal(await token.read.balanceOf([g.timelock.address]), 600n * 10n ** 18n);
    });

    it("transfers stewardship by proposal; once the new steward accepts, the timelock has no power left", async () => {
      const { f, g } = await load();
      const { registry } = f;
      const id = g.datasetId;
      const newSteward = f.newSteward.account.address;
      await pass(f, g, [registryCall(f, "transferStewardship", [id, newSteward])], "Hand over to the foundation", [
        f.alice,
      ]);
      let ds = await registry.read.getDataset([id]);
      assertAddress(ds.steward, g.timelock.address, "nothing changes before the acceptance");
      assertAddress(ds.pendingSteward, newSteward);

      await f.viem.assertions.emitWithArgs(
        registry.write.acceptStewardship([id], { account: f.newSteward.account }),
        registry,
        "StewardshipTransferred",
        [id, g.timelock.address, newSteward],
      );
      ds = await registry.read.getDataset([id]);
      assertAddress(ds.steward, newSteward);
      await mined(
        f,
        registry.write.setManifest([id, keccak256(toHex("by the foundation"))], { account: f.newSteward.account }),
      );

      // A later proposal passes the vote but its execution fails: the timelock is no longer the steward.
      const p = await propose(f, g, f.alice, [registryCall(f, "setStatus", [id, DatasetStatus.Closed])], "Close it");
      await mined(f, g.governor.write.castVote([p.id, Vote.For], { account: f.alice.account }));
      await endVoting(f, g, p);
      await assert.rejects(queueAndExecute(f, g, p));
      assert.equal((await registry.read.getDataset([id])).status, DatasetStatus.Open);
    });

    it("is defeated when the votes cast do not reach the quorum", async () => {
      const { f, g } = await load();
      // Carol (10 of 100) may propose (threshold 10) but cannot reach the quorum of 40 % alone.
      const p = await propose(
        f,
        g,
        f.carol,
        [registryCall(f, "setStatus", [g.datasetId, DatasetStatus.Closed])],
        "Close the dataset",
      );
      await mined(f, g.governor.write.castVote([p.id, Vote.For], { account: f.carol.account }));
      const snapshot = await g.governor.read.proposalSnapshot([p.id]);
      assert.equal(await g.governor.read.quorum([snapshot]), 40n);
      assert.deepEqual(await g.governor.read.proposalVotes([p.id]), [0n, 10n, 0n], "for wins, 10 < 40");
      await endVoting(f, g, p);
      assert.equal(await g.governor.read.state([p.id]), ProposalState.Defeated);
      await f.viem.assertions.revertWithCustomError(
        g.governor.write.queue([p.targets, p.values, p.calldatas, p.descriptionHash]),
        g.governor,
        "GovernorUnexpectedProposalState",
      );
    });

    it("succeeds once abstentions and votes for reach the quorum, and is defeated when more vote against", async () => {
      const { f, g } = await load();
      const close = [registryCall(f, "setStatus", [g.datasetId, DatasetStatus.Closed])];
      const passed = await propose(f, g, f.carol, close, "Close the dataset (1)");
      await mined(f, g.governor.write.castVote([passed.id, Vote.For], { account: f.carol.account }));
      await mined(f, g.governor.write.castVote([passed.id, Vote.Abstain], { account: f.alice.account }));
      await endVoting(f, g, passed);
      assert.equal(await g.governor.read.state([passed.id]), ProposalState.Succeeded);

      const rejected = await propose(f, g, f.bob, close, "Close the dataset (2)");
      await mined(f, g.governor.write.castVote([rejected.id, Vote.For], { account: f.bob.account }));
      await mined(f, g.governor.write.castVote([rejected.id, Vote.Against], { account: f.alice.account }));
      await endVoting(f, g, rejected);
      assert.equal(await g.governor.read.state([rejected.id]), ProposalState.Defeated);
    });

    it("cannot be executed before its timelock delay", async () => {
      const { f, g } = await load();
      const p = await propose(
        f,
        g,
        f.alice,
        [registryCall(f, "setStatus", [g.datasetId, DatasetStatus.Paused])],
        "Pause",
      );
      await mined(f, g.governor.write.castVote([p.id, Vote.For], { account: f.alice.account }));
      await endVoting(f, g, p);
      await mined(f, g.governor.write.queue([p.targets, p.values, p.calldatas, p.descriptionHash]));
      assert.equal(await g.governor.read.state([p.id]), ProposalState.Queued);
      const eta = await g.governor.read.proposalEta([p.id]);

      const execute = () => g.governor.write.execute([p.targets, p.values, p.calldatas, p.descriptionHash]);
      await f.viem.assertions.revertWithCustomError(execute(), g.timelock, "TimelockUnexpectedOperationState");
      await networkHelpers.time.setNextBlockTimestamp(eta - 1n);
      await f.viem.assertions.revertWithCustomError(execute(), g.timelock, "TimelockUnexpectedOperationState");
      assert.equal((await f.registry.read.getDataset([g.datasetId])).status, DatasetStatus.Open);

      await networkHelpers.time.setNextBlockTimestamp(eta);
      await mined(f, execute());
      assert.equal(await g.governor.read.state([p.id]), ProposalState.Executed);
      assert.equal((await f.registry.read.getDataset([g.datasetId])).status, DatasetStatus.Paused);
    });

    it("refuses a proposer whose weight is below the threshold", async () => {
      const { f, g } = await load();
      const p = await proposal(g, [registryCall(f, "setStatus", [g.datasetId, DatasetStatus.Closed])], "Close");
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        g.governor.write.propose([p.targets, p.values, p.calldatas, p.description], { account: f.stranger.account }),
        g.governor,
        "GovernorInsufficientProposerVotes",
        [f.stranger.account.address, 0n, GOVERNANCE.proposalThreshold],
      );
    });
  });
});
