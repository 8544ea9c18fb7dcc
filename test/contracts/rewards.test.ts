import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { type Address, encodeFunctionData, getAddress, parseSignature, zeroAddress } from "viem";
import {
  type Actor,
  type Cairn,
  content,
  contribute,
  createDataset,
  decodeReason,
  deployCairn,
  eventsOf,
  mined,
} from "../helpers/cairn.js";

const { networkHelpers } = await network.create();
const load = () => networkHelpers.loadFixture(deployCairn);

// biome-ignore lint/suspicious/noExplicitAny: any of the test tokens (TestToken, FeeOnTransferToken, ReentrantToken)
type Token = any;

/** A dataset curated by curator A alone (quorum 1), paying in `token`: each accepted contribution weighs its score. */
function createPaidDataset(f: Cairn, token: Address = f.token.address) {
  return createDataset(f, { curators: [f.curatorA.address], quorum: 1, rewardToken: token });
}

/** Registers a contribution by `who` and has it accepted at `score`, so `who` gains `score` weight. */
async function accepted(f: Cairn, id: bigint, who: Actor, label: string, score: number) {
  const c = content(label);
  await contribute(f, id, c, who);
  await mined(f, f.registry.write.review([id, c.contentHash, true, score], { account: f.curatorA.account }));
  return c;
}

/** Mints `amount` to the sponsor, approves the vault, and funds the dataset. */
async function fund(f: Cairn, id: bigint, amount: bigint, token: Token = f.token) {
  await mined(f, token.write.mint([f.sponsor.address, amount]));
  await mined(f, token.write.approve([f.vault.address, amount], { account: f.sponsor.account }));
  return mined(f, f.vault.write.fund([id, amount], { account: f.sponsor.account }));
}

const PRECISION = 10n ** 18n;

describe("rewards", () => {
  describe("funding", () => {
    it("pulls the tokens into the pool, emits PoolFunded and returns the credited amount", async () => {
      const f = await load();
      const { vault, token } = f;
      const id = await createPaidDataset(f);
      await accepted(f, id, f.alice, "a", 50);
      await mined(f, token.write.mint([f.sponsor.address, 5_000n]));
      await mined(f, token.write.approve([vault.address, 5_000n], { account: f.sponsor.account }));
      const { result } = await vault.simulate.fund([id, 3_000n], { account: f.sponsor.account });
      assert.equal(result, 3_000n);
      await f.viem.assertions.emitWithArgs(
        vault.write.fund([id, 3_000n], { account: f.sponsor.account }),
        vault,
        "PoolFunded",
        [id, f.sponsor.address, 3_000n],
      );
      assert.equal(await token.read.balanceOf([vault.address]), 3_000n);
      assert.equal(await token.read.balanceOf([f.sponsor.address]), 2_000n);
      const pool = await vault.read.getPool([id]);
      assert.equal(pool.funded, 3_000n);
      assert.equal(pool.held, 0n);
      assert.equal(pool.totalWeight, 50n);
      assert.equal(pool.rewardPerWeight, (3_000n * PRECISION) / 50n);
      assert.equal(await vault.read.claimable([id, f.alice.address]), 3_000n);
    });

    it("funds with an ERC-2612 permit signed by the sponsor instead of an approval", async () => {
      const f = await load();
      const { vault, token } = f;
      const id = await createPaidDataset(f);
      await accepted(f, id, f.alice, "a", 50);
      await mined(f, token.write.mint([f.sponsor.address, 1_000n]));
      const deadline = BigInt(await f.networkHelpers.time.latest()) + 3_600n;
      const signature = await f.sponsor.wallet.signTypedData({
        account: f.sponsor.account,
        domain: { name: "Cairn Test Token", version: "1", chainId: f.chainId, verifyingContract: token.address },
        types: {
          Permit: [
            { name: "owner", type: "address" },
            { name: "spender", type: "address" },
            { name: "value", type: "uint256" },
            { name: "nonce", type: "uint256" },
            { name: "deadline", type: "uint256" },
          ],
        },
        primaryType: "Permit",
        message: { owner: f.sponsor.address, spender: vault.address, value: 1_000n, nonce: 0n, deadline },
      });
      const { r, s, v } = parseSignature(signature);
      assert.equal(await token.read.allowance([f.sponsor.address, vault.address]), 0n);
      await f.viem.assertions.emitWithArgs(
        vault.write.fundWithPermit([id, 1_000n, deadline, Number(v), r, s], { account: f.sponsor.account }),
        vault,
        "PoolFunded",
        [id, f.sponsor.address, 1_000n],
      );
      assert.equal(await token.read.nonces([f.sponsor.address]), 1n);
      assert.equal(await token.read.balanceOf([vault.address]), 1_000n);
      assert.equal(await vault.read.claimable([id, f.alice.address]), 1_000n);
    });

    it("still funds when a front-runner already used the permit, since the allowance is in place", async () => {
      const f = await load();
      const { vault, token } = f;
      const id = await createPaidDataset(f);
      await mined(f, token.write.mint([f.sponsor.address, 1_000n]));
      const deadline = BigInt(await f.networkHelpers.time.latest()) + 3_600n;
      const signature = await f.sponsor.wallet.signTypedData({
        account: f.sponsor.account,
        domain: { name: "Cairn Test Token", version: "1", chainId: f.chainId, verifyingContract: token.address },
        types: {
          Permit: [
            { name: "owner", type: "address" },
            { name: "spender", type: "address" },
            { name: "value", type: "uint256" },
            { name: "nonce", type: "uint256" },
            { name: "deadline", type: "uint256" },
          ],
        },
        primaryType: "Permit",
        message: { owner: f.sponsor.address, spender: vault.address, value: 1_000n, nonce: 0n, deadline },
      });
      const { r, s, v } = parseSignature(signature);
      await mined(
        f,
        token.write.permit([f.sponsor.address, vault.address, 1_000n, deadline, Number(v), r, s], {
          account: f.stranger.account,
        }),
      );
      await mined(
        f,
        vault.write.fundWithPermit([id, 1_000n, deadline, Number(v), r, s], { account: f.sponsor.account }),
      );
      assert.equal((await vault.read.getPool([id])).funded, 1_000n);
    });

    it("refuses a zero amount with ZeroAmount and a dataset without a reward token with NoRewardToken", async () => {
      const f = await load();
      const { vault } = f;
      const paid = await createPaidDataset(f);
      const unpaid = await createDataset(f);
      const as = { account: f.sponsor.account };
      await f.viem.assertions.revertWithCustomError(vault.write.fund([paid, 0n], as), vault, "ZeroAmount");
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        vault.write.fund([unpaid, 10n], as),
        vault,
        "NoRewardToken",
        [unpaid],
      );
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        vault.write.fundWithPermit([unpaid, 10n, 0n, 27, `0x${"11".repeat(32)}`, `0x${"22".repeat(32)}`], as),
        vault,
        "NoRewardToken",
        [unpaid],
      );
      await f.viem.assertions.revertWithCustomErrorWithArgs(vault.write.fund([77n, 10n], as), vault, "NoRewardToken", [
        77n,
      ]);
    });

    it("releases funding that arrived before any weight over 30 days: a first registrant cannot take it", async () => {
      const f = await load();
      const { vault } = f;
      const { time } = f.networkHelpers;
      const day = 86_400n;
      const id = await createPaidDataset(f);
      assert.equal(await vault.read.HELD_RELEASE_PERIOD(), 30n * day);
      await fund(f, id, 3_000_000n);
      let pool = await vault.read.getPool([id]);
      assert.equal(pool.held, 3_000_000n);
      assert.equal(pool.funded, 3_000_000n);
      assert.equal(pool.rewardPerWeight, 0n);

      // Alice is accepted first (nobody else yet): nothing is released to her at once.
      await accepted(f, id, f.alice, "first", 40);
      const t0 = BigInt(await time.latest());
      assert.equal(await vault.read.claimable([id, f.alice.address]), 0n, "the first registrant takes nothing at once");
      assert.deepEqual(await vault.read.heldRelease([id]), [3_000_000n, 30n * day]);

      // Bob is accepted one day later: alice earned one day's part alone, then they share the 29 days left.
      const c = content("second");
      await contribute(f, id, c, f.bob);
      await time.setNextBlockTimestamp(t0 + day);
      const receipt = await mined(
        f,
        f.registry.write.review([id, c.contentHash, true, 40], { account: f.curatorA.account }),
      );
      const [released] = eventsOf(vault, receipt, "HeldFundingReleased");
      assert.deepEqual(released, { datasetId: id, amount: 100_000n, rewardPerWeight: (100_000n * PRECISION) / 40n });
      assert.equal(await vault.read.claimable([id, f.alice.address]), 100_000n);
      assert.equal(await vault.read.claimable([id, f.bob.address]), 0n);

      await time.increaseTo(t0 + 31n * day);
      assert.equal(await vault.read.claimable([id, f.alice.address]), 100_000n + 1_450_000n);
      assert.equal(await vault.read.claimable([id, f.bob.address]), 1_450_000n);
      pool = await vault.read.getPool([id]);
      assert.equal(pool.held, 0n);
      assert.deepEqual(await vault.read.heldRelease([id]), [0n, 0n]);

      // Funding that arrives while weight exists is shared at once, pro rata.
      await fund(f, id, 500n);
      assert.equal(await vault.read.claimable([id, f.bob.address]), 1_450_250n);
      await mined(f, vault.write.claim([id, f.alice.address]));
      assert.equal(await f.token.read.balanceOf([f.alice.address]), 1_550_250n);
    });

    it("pauses the release while no weight exists and keeps the time left for the next accepted weight", async () => {
      const f = await load();
      const { vault, registry } = f;
      const { time } = f.networkHelpers;
      const day = 86_400n;
      const id = await createPaidDataset(f);
      const a = await accepted(f, id, f.alice, "a", 50);
      await fund(f, id, 100n);
      await mined(f, registry.write.withdrawContribution([id, a.contentHash], { account: f.alice.account }));
      await fund(f, id, 3_000_000n);
      assert.equal((await vault.read.getPool([id])).held, 3_000_000n);
      await time.increase(100n * day);
      assert.deepEqual(await vault.read.heldRelease([id]), [3_000_000n, 30n * day], "no weight, no clock");

      const b = await accepted(f, id, f.bob, "b", 10);
      const t0 = BigInt(await time.latest());
      await time.setNextBlockTimestamp(t0 + 15n * day);
      await mined(f, registry.write.withdrawContribution([id, b.contentHash], { account: f.bob.account }));
      assert.equal(await vault.read.claimable([id, f.bob.address]), 1_500_000n);
      await time.increase(365n * day);
      assert.deepEqual(await vault.read.heldRelease([id]), [1_500_000n, 15n * day]);

      await accepted(f, id, f.carol, "c", 20);
      await time.increase(15n * day);
      assert.equal(await vault.read.claimable([id, f.alice.address]), 100n);
      assert.equal(await vault.read.claimable([id, f.bob.address]), 1_500_000n);
      assert.equal(await vault.read.claimable([id, f.carol.address]), 1_500_000n);
    });

    it("pays the weight accepted before the dataset had a reward token once the steward sets one", async () => {
      const f = await load();
      const id = await createDataset(f, { curators: [f.curatorA.address], quorum: 1 });
      await accepted(f, id, f.alice, "a", 25);
      await accepted(f, id, f.bob, "b", 75);
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        f.vault.write.fund([id, 100n], { account: f.sponsor.account }),
        f.vault,
        "NoRewardToken",
        [id],
      );
      await mined(f, f.registry.write.setRewardToken([id, f.token.address], { account: f.steward.account }));
      await fund(f, id, 400n);
      assert.equal(await f.vault.read.claimable([id, f.alice.address]), 100n);
      assert.equal(await f.vault.read.claimable([id, f.bob.address]), 300n);
    });
  });

  describe("sharing", () => {
    it("shares each funding pro rata over the accepted weight: 85 and 50 split 1,000,000 as 629,629 and 370,370", async () => {
      const f = await load();
      const { vault } = f;
      const id = await createPaidDataset(f);
      await accepted(f, id, f.alice, "a", 85);
      await accepted(f, id, f.bob, "b", 50);
      await fund(f, id, 1_000_000n);
      const alice = await vault.read.claimable([id, f.alice.address]);
      const bob = await vault.read.claimable([id, f.bob.address]);
      // Exact shares are 629,629.63 and 370,370.37: each is rounded down, never up.
      assert.equal(alice, 629_629n);
      assert.equal(bob, 370_370n);
      assert.ok(alice + bob <= 1_000_000n);
      assert.ok(1_000_000n - (alice + bob) <= 2n);
    });

    it("counts an account's weight over all its contributions", async () => {
      const f = await load();
      const id = await createPaidDataset(f);
      await accepted(f, id, f.alice, "a1", 30);
      await accepted(f, id, f.alice, "a2", 70);
      await accepted(f, id, f.bob, "b", 100);
      await fund(f, id, 1_000n);
      assert.equal(await f.vault.read.weightOf([id, f.alice.address]), 100n);
      assert.equal(await f.vault.read.claimable([id, f.alice.address]), 500n);
      assert.equal(await f.vault.read.claimable([id, f.bob.address]), 500n);
    });

    it("pays the earnings before a transfer to the old owner and later ones to the new owner", async () => {
      const f = await load();
      const id = await createPaidDataset(f);
      const c = await accepted(f, id, f.alice, "a", 50);
      await fund(f, id, 1_000n);
      await mined(
        f,
        f.registry.write.transferContribution([id, c.contentHash, f.carol.address], { account: f.alice.account }),
      );
      await fund(f, id, 600n);
      assert.equal(await f.vault.read.claimable([id, f.alice.address]), 1_000n);
      assert.equal(await f.vault.read.claimable([id, f.carol.address]), 600n);
    });
  });

  describe("claims", () => {
    it("pays the account, not the caller, when a third party claims for it", async () => {
      const f = await load();
      const { vault, token } = f;
      const id = await createPaidDataset(f);
      await accepted(f, id, f.alice, "a", 50);
      await fund(f, id, 2_500n);
      const { result } = await vault.simulate.claim([id, f.alice.address], { account: f.stranger.account });
      assert.equal(result, 2_500n);
      await f.viem.assertions.emitWithArgs(
        vault.write.claim([id, f.alice.address], { account: f.stranger.account }),
        vault,
        "RewardsClaimed",
        [id, f.alice.address, 2_500n],
      );
      assert.equal(await token.read.balanceOf([f.alice.address]), 2_500n);
      assert.equal(await token.read.balanceOf([f.stranger.address]), 0n);
      assert.equal(await token.read.balanceOf([vault.address]), 0n);
      assert.equal(await vault.read.claimable([id, f.alice.address]), 0n);
    });

    it("refuses a claim with nothing owed with NothingToClaim, including a second claim of the same earnings", async () => {
      const f = await load();
      const { vault } = f;
      const id = await createPaidDataset(f);
      await accepted(f, id, f.alice, "a", 50);
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        vault.write.claim([id, f.alice.address]),
        vault,
        "NothingToClaim",
        [id, f.alice.address],
      );
      await fund(f, id, 100n);
      await mined(f, vault.write.claim([id, f.alice.address]));
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        vault.write.claim([id, f.alice.address]),
        vault,
        "NothingToClaim",
        [id, f.alice.address],
      );
      await f.viem.assertions.revertWithCustomErrorWithArgs(
        vault.write.claim([id, f.bob.address]),
        vault,
        "NothingToClaim",
        [id, f.bob.address],
      );
    });

    it("refuses to pay the zero address", async () => {
      const f = await load();
      const id = await createPaidDataset(f);
      await f.viem.assertions.revertWithCustomError(f.vault.write.claim([id, zeroAddress]), f.vault, "ZeroAddress");
    });

    it("claims several datasets in one call, skipping those with nothing to claim", async () => {
      const f = await load();
      const { vault, token } = f;
      const other = await f.viem.deployContract("TestToken", ["Other", "OTH"]);
      const one = await createPaidDataset(f);
      const two = await createPaidDataset(f, other.address);
      const empty = await createPaidDataset(f);
      await accepted(f, one, f.alice, "a1", 50);
      await accepted(f, two, f.alice, "a2", 20);
      await accepted(f, two, f.bob, "b2", 80);
      await fund(f, one, 300n);
      await fund(f, two, 1_000n, other);

      const { result } = await vault.simulate.claimMany([[one, two, empty], f.alice.address], {
        account: f.stranger.account,
      });
      assert.deepEqual(result, [300n, 200n, 0n]);
      const receipt = await mined(
        f,
        vault.write.claimMany([[one, two, empty], f.alice.address], { account: f.stranger.account }),
      );
      assert.deepEqual(eventsOf(vault, receipt, "RewardsClaimed"), [
        { datasetId: one, account: f.alice.address, amount: 300n },
        { datasetId: two, account: f.alice.address, amount: 200n },
      ]);
      assert.equal(await token.read.balanceOf([f.alice.address]), 300n);
      assert.equal(await other.read.balanceOf([f.alice.address]), 200n);
      assert.equal(await vault.read.claimable([two, f.bob.address]), 800n);
    });

    it("costs the same gas to claim for an account with 1 contribution as for one with 40", async () => {
      const f = await load();
      const { vault, registry } = f;
      const id = await createDataset(f, { defaultScore: 50, rewardToken: f.token.address });
      // Another pool in the same token keeps the vault's balance nonzero throughout.
      await fund(f, await createPaidDataset(f), 1_000n);
      await contribute(f, id, content("alice's only file"), f.alice);
      const many = Array.from({ length: 40 }, (_, i) => ({
        datasetId: id,
        ...content(`bob's file ${i}`),
        metadataCid: "0x" as const,
      }));
      await mined(f, registry.write.contributeBatch([many], { account: f.bob.account }));
      assert.equal(await vault.read.weightOf([id, f.alice.address]), 50n);
      assert.equal(await vault.read.weightOf([id, f.bob.address]), 2_000n);

      // First claims create the accounts' token balances; the compared claims are the steady state.
      await fund(f, id, 10n ** 21n);
      await mined(f, vault.write.claim([id, f.alice.address], { account: f.stranger.account }));
      await mined(f, vault.write.claim([id, f.bob.address], { account: f.stranger.account }));
      await fund(f, id, 10n ** 21n);
      const one = await mined(f, vault.write.claim([id, f.alice.address], { account: f.stranger.account }));
      const forty = await mined(f, vault.write.claim([id, f.bob.address], { account: f.stranger.account }));
      assert.equal(forty.gasUsed, one.gasUsed);
    });
  });

  describe("tokens that misbehave", () => {
    it("credits a fee-on-transfer token with what arrived, and never pays out more than that", async () => {
      const f = await load();
      const { vault } = f;
      const fee = await f.viem.deployContract("FeeOnTransferToken", [100n]); // 1 %
      const id = await createPaidDataset(f, fee.address);
      await accepted(f, id, f.alice, "a", 85);
      await accepted(f, id, f.bob, "b", 50);
      await mined(f, fee.write.mint([f.sponsor.address, 100_000n]));
      await mined(f, fee.write.approve([vault.address, 100_000n], { account: f.sponsor.account }));
      const { result } = await vault.simulate.fund([id, 100_000n], { account: f.sponsor.account });
      assert.equal(result, 99_000n);
      await f.viem.assertions.emitWithArgs(
        vault.write.fund([id, 100_000n], { account: f.sponsor.account }),
        vault,
        "PoolFunded",
        [id, f.sponsor.address, 99_000n],
      );
      assert.equal((await vault.read.getPool([id])).funded, 99_000n);
      assert.equal(await fee.read.balanceOf([vault.address]), 99_000n);

      const aliceOwed = await vault.read.claimable([id, f.alice.address]);
      const bobOwed = await vault.read.claimable([id, f.bob.address]);
      assert.ok(aliceOwed + bobOwed <= 99_000n);
      await mined(f, vault.write.claim([id, f.alice.address]));
      await mined(f, vault.write.claim([id, f.bob.address]));
      assert.equal(await fee.read.balanceOf([vault.address]), 99_000n - aliceOwed - bobOwed);
      // The token takes its fee on the way out too: the accounts receive 99 % of what the vault sent.
      assert.equal(await fee.read.balanceOf([f.alice.address]), aliceOwed - (aliceOwed * 100n) / 10_000n);
    });

    it("blocks a reward token that re-enters claim while paying a claim", async () => {
      const f = await load();
      const { vault } = f;
      const evil = await f.viem.deployContract("ReentrantToken");
      const id = await createPaidDataset(f, evil.address);
      await accepted(f, id, f.alice, "a", 50);
      await fund(f, id, 1_000n, evil);
      await mined(
        f,
        evil.write.arm([
          vault.address,
          encodeFunctionData({
            abi: vault.abi,
            functionName: "claim",
            args: [id, f.alice.address],
          }),
        ]),
      );

      await mined(f, vault.write.claim([id, f.alice.address]));
      assert.equal(await evil.read.reentered(), true);
      assert.equal(await evil.read.reentrySucceeded(), false);
      assert.equal(decodeReason(vault.abi, await evil.read.reentryError()).errorName, "ReentrancyGuardReentrantCall");
      assert.equal(await evil.read.balanceOf([f.alice.address]), 1_000n, "paid once");
      assert.equal(await evil.read.balanceOf([vault.address]), 0n);
    });

    it("blocks a reward token that re-enters fund while a funding is pulled in", async () => {
      const f = await load();
      const { vault } = f;
      const evil = await f.viem.deployContract("ReentrantToken");
      const id = await createPaidDataset(f, evil.address);
      await accepted(f, id, f.alice, "a", 50);
      await mined(f, evil.write.mint([f.sponsor.address, 1_000n]));
      await mined(f, evil.write.approve([vault.address, 1_000n], { account: f.sponsor.account }));
      await mined(
        f,
        evil.write.arm([
          vault.address,
          encodeFunctionData({
            abi: vault.abi,
            functionName: "fund",
            args: [id, 1n],
          }),
        ]),
      );

      await f.viem.assertions.emitWithArgs(
        vault.write.fund([id, 1_000n], { account: f.sponsor.account }),
        vault,
        "PoolFunded",
        [id, f.sponsor.address, 1_000n],
      );
      assert.equal(await evil.read.reentrySucceeded(), false);
      assert.equal(decodeReason(vault.abi, await evil.read.reentryError()).errorName, "ReentrancyGuardReentrantCall");
      assert.equal((await vault.read.getPool([id])).funded, 1_000n);
    });

    it("blocks a reward token that re-enters claimMany while paying a claim", async () => {
      const f = await load();
      const { vault } = f;
      const evil = await f.viem.deployContract("ReentrantToken");
      const id = await createPaidDataset(f, evil.address);
      await accepted(f, id, f.alice, "a", 50);
      await fund(f, id, 1_000n, evil);
      await mined(
        f,
        evil.write.arm([
          vault.address,
          encodeFunctionData({
            abi: vault.abi,
            functionName: "claimMany",
            args: [[id], f.alice.address],
          }),
        ]),
      );
      await mined(f, vault.write.claimMany([[id], f.alice.address]));
      assert.equal(await evil.read.reentrySucceeded(), false);
      assert.equal(decodeReason(vault.abi, await evil.read.reentryError()).errorName, "ReentrancyGuardReentrantCall");
      assert.equal(await evil.read.balanceOf([f.alice.address]), 1_000n);
    });
  });

  describe("invariant", () => {
    it("keeps claimed + claimable ≤ funded, and the vault solvent, through fundings, reviews, transfers, withdrawals and claims", async () => {
      const f = await load();
      const { vault, token, registry } = f;
      const id = await createPaidDataset(f);
      const accounts = [f.alice, f.bob, f.carol].map((a) => getAddress(a.address));

      async function check(step: string) {
        let claimed = 0n;
        let claimable = 0n;
        for (const a of accounts) {
          claimed += await token.read.balanceOf([a]);
          claimable += await vault.read.claimable([id, a]);
        }
        const pool = await vault.read.getPool([id]);
        assert.ok(claimed + claimable <= pool.funded, `${step}: ${claimed} + ${claimable} > ${pool.funded}`);
        const balance = await token.read.balanceOf([vault.address]);
        assert.equal(balance, pool.funded - claimed, `${step}: the vault holds what was funded and not claimed`);
        assert.ok(balance >= claimable + pool.held, `${step}: the vault can pay every claim`);
      }

      await fund(f, id, 1_000n);
      await check("funded with no weight");
      const a1 = await accepted(f, id, f.alice, "a1", 85);
      await check("alice accepted");
      await accepted(f, id, f.bob, "b1", 50);
      await fund(f, id, 1_000_003n);
      await check("funded");
      await mined(f, vault.write.claim([id, f.alice.address]));
      await check("alice claimed");
      await mined(
        f,
        registry.write.transferContribution([id, a1.contentHash, f.carol.address], { account: f.alice.account }),
      );
      await fund(f, id, 777n);
      await check("transferred to carol");
      await mined(f, registry.write.withdrawContribution([id, content("b1").contentHash], { account: f.bob.account }));
      await fund(f, id, 12_345n);
      await check("bob withdrew");
      await mined(f, vault.write.claimMany([[id], f.bob.address]));
      await mined(f, vault.write.claim([id, f.carol.address]));
      await check("bob and carol claimed");
      await accepted(f, id, f.carol, "c1", 33);
      await fund(f, id, 1n);
      await fund(f, id, 99_999_999_999n);
      await check("carol accepted again");
      for (const a of accounts) {
        if ((await vault.read.claimable([id, a])) > 0n) await mined(f, vault.write.claim([id, a]));
      }
      await check("everyone claimed");
      const pool = await vault.read.getPool([id]);
      assert.ok(pool.funded - (await token.read.balanceOf([vault.address])) > 0n);
    });
  });
});
