import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { type Address, concatHex, getAddress, keccak256, toHex, zeroAddress } from "viem";
import {
  createDataset,
  createReviewedDataset,
  DatasetStatus,
  datasetConfig,
  deployCairn,
  eventsOf,
  MANIFEST,
  mined,
  OTHER_TERMS,
  TERMS,
} from "../helpers/cairn.js";

const connection = await network.create();
const { networkHelpers } = connection;
const load = () => networkHelpers.loadFixture(deployCairn);

/** `n` distinct addresses that are not accounts, to fill curator seats. */
function addresses(n: number, from = 1): Address[] {
  return Array.from({ length: n }, (_, i) => keccak256(toHex(`curator ${from + i}`)).slice(0, 42) as Address);
}

describe("datasets", () => {
  describe("creation", () => {
    it("creates a dataset with id 1, emits DatasetCreated and the curators' seats, and reads back every field", async () => {
      const f = await load();
      const { registry, vault, viem } = f;
      const config = datasetConfig(f, {
        steward: f.newSteward.address,
        curators: [f.curatorA.address, f.curatorB.address],
        quorum: 2,
        defaultScore: 60,
        rewardToken: f.token.address,
      });
      const tx = registry.write.createDataset([config], { account: f.stranger.account });
      await viem.assertions.emitWithArgs(tx, registry, "DatasetCreated", [
        1n,
        f.newSteward.address,
        f.stranger.address,
        MANIFEST,
        TERMS,
        f.token.address,
      ]);
      const receipt = await f.publicClient.getTransactionReceipt({ hash: await tx });
      assert.deepEqual(
        eventsOf(registry, receipt, "CuratorAdded").map((e) => [e.datasetId, e.curator, e.seat]),
        [
          [1n, f.curatorA.address, 0],
          [1n, f.curatorB.address, 1],
        ],
      );
      assert.deepEqual(
        eventsOf(registry, receipt, "ReviewPolicyUpdated").map((e) => [e.quorum, e.defaultScore]),
        [[2, 60]],
      );
      assert.deepEqual(eventsOf(vault, receipt, "RewardTokenSet"), [
        { datasetId: 1n, token: getAddress(f.token.address) },
      ]);

      assert.equal(await registry.read.datasetCount(), 1n);
      assert.deepEqual(await registry.read.getDataset([1n]), {
        steward: f.newSteward.address,
        pendingSteward: zeroAddress,
        status: DatasetStatus.Open,
        quorum: 2,
        defaultScore: 60,
        curatorCount: 2,
        termsHash: TERMS,
        manifestCid: MANIFEST,
        rewardToken: getAddress(f.token.address),
        weightObserver: zeroAddress,
      });
      assert.equal(await registry.read.isCurator([1n, f.curatorA.address]), true);
      assert.equal(await registry.read.isCurator([1n, f.alice.address]), false);
    });

    it("numbers datasets 1, 2, 3 in creation order", async () => {
      const f = await load();
      assert.equal(await createDataset(f), 1n);
      assert.equal(await createDataset(f), 2n);
      assert.equal(await createDataset(f), 3n);
      assert.equal(await f.registry.read.datasetCount(), 3n);
    });

    it("refuses a zero steward, an empty manifest, a quorum above the curators and a score outside 1..100", async () => {
      const f = await load();
      const { registry, viem } = f;
      const as = { account: f.steward.account };
      await viem.assertions.revertWithCustomError(
        registry.write.createDataset([datasetConfig(f, { steward: zeroAddress })], as),
        registry,
        "ZeroAddress",
      );
      await viem.assertions.revertWithCustomError(
        registry.write.createDataset([datasetConfig(f, { manifestCid: "0x" })], as),
        registry,
        "EmptyCid",
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.createDataset([datasetConfig(f, { curators: [f.curatorA.address], quorum: 2 })], as),
        registry,
        "InvalidQuorum",
        [1n, 2n, 1n],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.createDataset([datasetConfig(f, { defaultScore: 0 })], as),
        registry,
        "InvalidScore",
        [0n],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.createDataset([datasetConfig(f, { defaultScore: 101 })], as),
        registry,
        "InvalidScore",
        [101n],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.createDataset([datasetConfig(f, { curators: [f.curatorA.address, f.curatorA.address] })], as),
        registry,
        "CuratorAlreadyAdded",
        [1n, f.curatorA.address],
      );
      assert.equal(await registry.read.datasetCount(), 0n);
    });

    it("reads an unknown dataset as DatasetNotFound", async () => {
      const { registry, viem } = await load();
      await viem.assertions.revertWithCustomErrorWithArgs(registry.read.getDataset([7n]), registry, "DatasetNotFound", [
        7n,
      ]);
    });

    it("exposes the deployment's constants: version, MAX_CURATORS, CONTRIBUTION_TYPEHASH and its vault", async () => {
      const { registry, vault } = await load();
      assert.equal(await registry.read.version(), "1.2.0");
      assert.equal(await registry.read.MAX_CURATORS(), 48);
      assert.equal(
        await registry.read.CONTRIBUTION_TYPEHASH(),
        keccak256(
          toHex(
            "Contribution(uint256 datasetId,bytes32 contentHash,bytes cid,uint64 size,bytes metadataCid,bytes32 termsHash,uint64 deadline)",
          ),
        ),
      );
      assert.equal((await vault.read.registry()).toLowerCase(), registry.address.toLowerCase());
    });
  });

  describe("steward-only actions", () => {
    it("refuses every steward action from another account with NotSteward naming it", async () => {
      const f = await load();
      const { registry, viem } = f;
      const id = await createDataset(f, { curators: [f.curatorA.address] });
      const as = { account: f.stranger.account };
      const who = f.stranger.address;
      const calls = [
        () => registry.write.setManifest([id, MANIFEST], as),
        () => registry.write.setTerms([id, OTHER_TERMS], as),
        () => registry.write.addCurator([id, f.curatorB.address], as),
        () => registry.write.removeCurator([id, f.curatorA.address], as),
        () => registry.write.setReviewPolicy([id, 1, 70], as),
        () => registry.write.setStatus([id, DatasetStatus.Paused], as),
        () => registry.write.setRewardToken([id, f.token.address], as),
        () => registry.write.transferStewardship([id, who], as),
      ];
      for (const call of calls) {
        await viem.assertions.revertWithCustomErrorWithArgs(call(), registry, "NotSteward", [id, who]);
      }
    });

    it("refuses steward actions on a dataset that does not exist with DatasetNotFound", async () => {
      const f = await load();
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        f.registry.write.setTerms([9n, OTHER_TERMS], { account: f.steward.account }),
        f.registry,
        "DatasetNotFound",
        [9n],
      );
    });
  });

  describe("stewardship", () => {
    it("moves in two steps: propose, then only the proposed account can accept", async () => {
      const f = await load();
      const { registry, viem } = f;
      const id = await createDataset(f);
      const steward = f.steward.address;
      const next = f.newSteward.address;

      await viem.assertions.emitWithArgs(
        registry.write.transferStewardship([id, next], { account: f.steward.account }),
        registry,
        "StewardshipTransferStarted",
        [id, steward, next],
      );
      let ds = await registry.read.getDataset([id]);
      assert.equal(ds.steward, steward, "nothing changes before acceptance");
      assert.equal(ds.pendingSteward, next);

      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.acceptStewardship([id], { account: f.stranger.account }),
        registry,
        "NotPendingSteward",
        [id, f.stranger.address],
      );

      await viem.assertions.emitWithArgs(
        registry.write.acceptStewardship([id], { account: f.newSteward.account }),
        registry,
        "StewardshipTransferred",
        [id, steward, next],
      );
      ds = await registry.read.getDataset([id]);
      assert.equal(ds.steward, next);
      assert.equal(ds.pendingSteward, zeroAddress);

      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.setTerms([id, OTHER_TERMS], { account: f.steward.account }),
        registry,
        "NotSteward",
        [id, steward],
      );
      await mined(f, registry.write.setTerms([id, OTHER_TERMS], { account: f.newSteward.account }));
      // The proposal is used up: the new steward cannot accept a second time.
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.acceptStewardship([id], { account: f.newSteward.account }),
        registry,
        "NotPendingSteward",
        [id, next],
      );
    });

    it("lets the steward replace a pending proposal, after which the first candidate cannot accept", async () => {
      const f = await load();
      const id = await createDataset(f);
      await mined(f, f.registry.write.transferStewardship([id, f.alice.address], { account: f.steward.account }));
      await mined(f, f.registry.write.transferStewardship([id, f.bob.address], { account: f.steward.account }));
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        f.registry.write.acceptStewardship([id], { account: f.alice.account }),
        f.registry,
        "NotPendingSteward",
        [id, f.alice.address],
      );
      await mined(f, f.registry.write.acceptStewardship([id], { account: f.bob.account }));
      assert.equal((await f.registry.read.getDataset([id])).steward, f.bob.address);
    });

    it("refuses to propose the zero address", async () => {
      const f = await load();
      const id = await createDataset(f);
      await f.viem.assertions.revertWithCustomError(
        f.registry.write.transferStewardship([id, zeroAddress], { account: f.steward.account }),
        f.registry,
        "ZeroAddress",
      );
    });
  });

  describe("manifest and terms", () => {
    it("publishes a new manifest with ManifestUpdated and refuses an empty one", async () => {
      const f = await load();
      const id = await createDataset(f);
      const manifest = concatHex(["0x01551220", keccak256(toHex("manifest v2"))]);
      await f.viem.assertions.emitWithArgs(
        f.registry.write.setManifest([id, manifest], { account: f.steward.account }),
        f.registry,
        "ManifestUpdated",
        [id, manifest],
      );
      assert.equal((await f.registry.read.getDataset([id])).manifestCid, manifest);
      await f.viem.assertions.revertWithCustomError(
        f.registry.write.setManifest([id, "0x"], { account: f.steward.account }),
        f.registry,
        "EmptyCid",
      );
    });

    it("changes the terms with TermsUpdated", async () => {
      const f = await load();
      const id = await createDataset(f);
      await f.viem.assertions.emitWithArgs(
        f.registry.write.setTerms([id, OTHER_TERMS], { account: f.steward.account }),
        f.registry,
        "TermsUpdated",
        [id, OTHER_TERMS],
      );
      assert.equal((await f.registry.read.getDataset([id])).termsHash, OTHER_TERMS);
    });
  });

  describe("curators", () => {
    it("gives a new curator a never-used seat and a returning curator their own seat back", async () => {
      const f = await load();
      const { registry, viem } = f;
      const A = f.curatorA.address;
      const B = f.curatorB.address;
      const C = f.curatorC.address;
      const id = await createDataset(f, { curators: [A, B] });
      const as = { account: f.steward.account };

      await viem.assertions.emitWithArgs(registry.write.removeCurator([id, A], as), registry, "CuratorRemoved", [
        id,
        A,
        0,
      ]);
      assert.equal(await registry.read.isCurator([id, A]), false);
      assert.equal((await registry.read.getDataset([id])).curatorCount, 1);

      await viem.assertions.emitWithArgs(registry.write.addCurator([id, C], as), registry, "CuratorAdded", [id, C, 2]);
      await viem.assertions.emitWithArgs(registry.write.addCurator([id, A], as), registry, "CuratorAdded", [id, A, 0]);
      assert.equal((await registry.read.getDataset([id])).curatorCount, 3);
      assert.equal(await registry.read.isCurator([id, C]), true);
    });

    it("refuses a curator who already holds a seat, removing a non-curator, and the zero address", async () => {
      const f = await load();
      const { registry, viem } = f;
      const A = f.curatorA.address;
      const id = await createDataset(f, { curators: [A] });
      const as = { account: f.steward.account };
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.addCurator([id, A], as),
        registry,
        "CuratorAlreadyAdded",
        [id, A],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.removeCurator([id, f.alice.address], as),
        registry,
        "NotCurator",
        [id, f.alice.address],
      );
      await viem.assertions.revertWithCustomError(
        registry.write.addCurator([id, zeroAddress], as),
        registry,
        "ZeroAddress",
      );
    });

    it("fills 48 seats and refuses the 49th curator with TooManyCurators", async () => {
      const f = await load();
      const { registry, viem } = f;
      const id = await createDataset(f, { curators: addresses(47) });
      const as = { account: f.steward.account };
      await viem.assertions.emitWithArgs(
        registry.write.addCurator([id, f.curatorA.address], as),
        registry,
        "CuratorAdded",
        [id, f.curatorA.address, 47],
      );
      assert.equal((await registry.read.getDataset([id])).curatorCount, 48);
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.addCurator([id, f.curatorB.address], as),
        registry,
        "TooManyCurators",
        [id, 48n],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.createDataset([datasetConfig(f, { curators: addresses(49, 100) })], as),
        registry,
        "TooManyCurators",
        [2n, 48n],
      );
    });

    it("once all 48 seats were used, gives a free seat to a newcomer and refuses its former holder's return", async () => {
      const f = await load();
      const { registry, viem } = f;
      const id = await createDataset(f, { curators: [f.curatorA.address, ...addresses(47)] });
      const as = { account: f.steward.account };
      await mined(f, registry.write.removeCurator([id, f.curatorA.address], as));
      // Seat 0 is the only free one and every seat has been used: it goes to the newcomer.
      await viem.assertions.emitWithArgs(
        registry.write.addCurator([id, f.curatorB.address], as),
        registry,
        "CuratorAdded",
        [id, f.curatorB.address, 0],
      );
      await mined(f, registry.write.removeCurator([id, f.curatorB.address], as));
      // A's votes live on seat 0, now B's: A coming back could vote twice, so A cannot come back.
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.addCurator([id, f.curatorA.address], as),
        registry,
        "CuratorSeatGivenAway",
        [id, f.curatorA.address],
      );
      assert.equal(await registry.read.isCurator([id, f.curatorA.address]), false);
    });

    it("refuses to remove a curator when fewer curators than the quorum would remain", async () => {
      const f = await load();
      const A = f.curatorA.address;
      const id = await createReviewedDataset(f);
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        f.registry.write.removeCurator([id, A], { account: f.steward.account }),
        f.registry,
        "InvalidQuorum",
        [id, 2n, 1n],
      );
      await mined(f, f.registry.write.setReviewPolicy([id, 1, 50], { account: f.steward.account }));
      await mined(f, f.registry.write.removeCurator([id, A], { account: f.steward.account }));
      assert.equal((await f.registry.read.getDataset([id])).curatorCount, 1);
    });
  });

  describe("review policy", () => {
    it("sets quorum and default score with ReviewPolicyUpdated", async () => {
      const f = await load();
      const id = await createReviewedDataset(f);
      await f.viem.assertions.emitWithArgs(
        f.registry.write.setReviewPolicy([id, 1, 75], { account: f.steward.account }),
        f.registry,
        "ReviewPolicyUpdated",
        [id, 1, 75],
      );
      const ds = await f.registry.read.getDataset([id]);
      assert.equal(ds.quorum, 1);
      assert.equal(ds.defaultScore, 75);
    });

    it("refuses a quorum above the number of curators and a default score of 0 or 101", async () => {
      const f = await load();
      const id = await createReviewedDataset(f);
      const as = { account: f.steward.account };
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        f.registry.write.setReviewPolicy([id, 3, 50], as),
        f.registry,
        "InvalidQuorum",
        [id, 3n, 2n],
      );
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        f.registry.write.setReviewPolicy([id, 2, 0], as),
        f.registry,
        "InvalidScore",
        [0n],
      );
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        f.registry.write.setReviewPolicy([id, 2, 101], as),
        f.registry,
        "InvalidScore",
        [101n],
      );
      await mined(f, f.registry.write.setReviewPolicy([id, 0, 100], as));
      assert.equal((await f.registry.read.getDataset([id])).defaultScore, 100);
    });
  });

  describe("status", () => {
    it("pauses, reopens and closes with DatasetStatusChanged; closed is final", async () => {
      const f = await load();
      const { registry, viem } = f;
      const id = await createDataset(f);
      const as = { account: f.steward.account };
      for (const status of [DatasetStatus.Paused, DatasetStatus.Open, DatasetStatus.Paused, DatasetStatus.Closed]) {
        await viem.assertions.emitWithArgs(
          registry.write.setStatus([id, status], as),
          registry,
          "DatasetStatusChanged",
          [id, status],
        );
        assert.equal((await registry.read.getDataset([id])).status, status);
      }
      for (const status of [DatasetStatus.Open, DatasetStatus.Paused, DatasetStatus.Closed]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          registry.write.setStatus([id, status], as),
          registry,
          "DatasetIsClosed",
          [id],
        );
      }
    });

    it("refuses the None status with InvalidDatasetStatus", async () => {
      const f = await load();
      const id = await createDataset(f);
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        f.registry.write.setStatus([id, DatasetStatus.None], { account: f.steward.account }),
        f.registry,
        "InvalidDatasetStatus",
        [id, DatasetStatus.None],
      );
    });
  });

  describe("reward token", () => {
    it("sets the reward token once, later, with RewardTokenSet from the vault", async () => {
      const f = await load();
      const { registry, vault, viem } = f;
      const id = await createDataset(f);
      assert.equal((await registry.read.getDataset([id])).rewardToken, zeroAddress);
      await viem.assertions.emitWithArgs(
        registry.write.setRewardToken([id, f.token.address], { account: f.steward.account }),
        vault,
        "RewardTokenSet",
        [id, f.token.address],
      );
      assert.equal((await registry.read.getDataset([id])).rewardToken, getAddress(f.token.address));
      assert.equal((await vault.read.getPool([id])).token, getAddress(f.token.address));

      const other = await viem.deployContract("TestToken", ["Other", "OTH"]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.setRewardToken([id, other.address], { account: f.steward.account }),
        vault,
        "RewardTokenAlreadySet",
        [id, f.token.address],
      );
      await viem.assertions.revertWithCustomError(
        registry.write.setRewardToken([await createDataset(f), zeroAddress], { account: f.steward.account }),
        vault,
        "ZeroAddress",
      );
    });

    it("lets only the registry change the vault's tokens and weights", async () => {
      const f = await load();
      const { vault, viem } = f;
      const id = await createDataset(f);
      const as = { account: f.stranger.account };
      const who = f.stranger.address;
      for (const call of [
        () => vault.write.setRewardToken([id, f.token.address], as),
        () => vault.write.setWeightObserver([id, who], as),
        () => vault.write.addWeight([id, who, 100n], as),
        () => vault.write.removeWeight([id, who, 1n], as),
        () => vault.write.moveWeight([id, who, f.alice.address, 1n], as),
      ]) {
        await viem.assertions.revertWithCustomErrorWithArgs(call(), vault, "NotRegistry", [who]);
      }
    });
  });
});
