import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  buildReleaseTree,
  type CairnClient,
  type ContentStore,
  ContractCallError,
  claimDividends,
  contribute,
  createCairnClient,
  createDataset,
  createHeliaStore,
  cutRelease,
  getDividends,
  getModel,
  getParkedDividends,
  getReleaseFileList,
  listReleases,
  NotInReleaseError,
  payDividend,
  proveInclusion,
  registerModel,
  review,
  reviewModel,
  transferContribution,
  verifyInclusion,
  verifyRelease,
  withClient,
  withdrawParkedDividends,
} from "@cairn/sdk";
import { network } from "hardhat";
import { type Address, getAddress, type Hex, parseUnits, sha256, toHex } from "viem";

const manifest = {
  schema: "cairn.manifest/1" as const,
  name: "Methali za Kiswahili",
  description: "Swahili proverbs, one per file.",
  language: "sw",
  license: "CC-BY-4.0",
  items: { kind: "text" as const, mediaTypes: ["text/plain"] },
  guidelines: "One proverb per file.",
  terms: "I hold the rights to what I contribute and license it under CC-BY-4.0.",
};

const text = (s: string) => new TextEncoder().encode(s);

describe("releases, inclusion proofs, models and data dividends through the SDK", async () => {
  const { viem } = await network.create();
  const publicClient = await viem.getPublicClient();
  const [steward, curator, alice, bob, carol, builder, stranger] = await viem.getWalletClients();
  let dir: string;
  let store: ContentStore;
  let base: CairnClient;
  let token: Address;
  let datasetId: bigint;
  const as = (wallet: typeof steward) => withClient(base, { walletClient: wallet as never });
  const hashes: Record<string, Hex> = {};

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "cairn-releases-"));
    store = await createHeliaStore({ directory: join(dir, "ipfs") });
    const registry = await viem.deployContract("CairnRegistry");
    const releases = await viem.deployContract("ReleaseRegistry", [registry.address]);
    const models = await viem.deployContract("ModelRegistry", [releases.address]);
    const testToken = await viem.deployContract("TestToken", ["Cairn Test Token", "CTT"]);
    token = testToken.address;
    await testToken.write.mint([builder.account.address, parseUnits("1000", 18)]);
    base = await createCairnClient({
      publicClient: publicClient as never,
      registry: registry.address,
      store,
      releases: releases.address,
      models: models.address,
    });
    ({ datasetId } = await createDataset(as(steward), { manifest, curators: [curator.account.address], quorum: 1 }));
    // alice: two proverbs (scores 80, 40); bob: one (score 60); carol: one, still pending at release 1.
    for (const [who, label, wallet] of [
      ["alice", "a1", alice],
      ["alice", "a2", alice],
      ["bob", "b1", bob],
      ["carol", "c1", carol],
    ] as const) {
      const { outcomes } = await contribute(as(wallet), { datasetId, contents: [text(`${who}: proverb ${label}`)] });
      hashes[label] = outcomes[0].contentHash;
    }
    await review(as(curator), {
      reviews: [
        { datasetId, contentHash: hashes.a1, accept: true, score: 80 },
        { datasetId, contentHash: hashes.a2, accept: true, score: 40 },
        { datasetId, contentHash: hashes.b1, accept: true, score: 60 },
      ],
    });
  });
  after(async () => {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  let releaseId: bigint;

  it("cuts a release of the accepted contributions, with its file list on IPFS", async () => {
    const cut = await cutRelease(as(steward), { datasetId });
    releaseId = cut.releaseId;
    assert.equal(cut.number, 1);
    assert.equal(cut.itemCount, 3);
    assert.equal(cut.totalScore, 180n);
    const [listed] = await listReleases(base, { datasetId });
    assert.equal(listed.root, cut.root);
    assert.equal(listed.license, "CC-BY-4.0");
    assert.equal(listed.parentId, 0n);
    const fileList = await getReleaseFileList(base, { releaseId });
    assert.equal(fileList.root, cut.root);
    assert.deepEqual(fileList.changelog.added.length, 3);
    assert.ok(!fileList.items.some((i) => i.contentHash === hashes.c1), "the pending contribution is left out");
  });

  it("only the steward cuts a release", async () => {
    await assert.rejects(cutRelease(as(stranger), { datasetId }), (e: unknown) => {
      assert.ok(e instanceof ContractCallError);
      assert.equal(e.errorName, "ReleaseNotSteward");
      return true;
    });
  });

  it("verifies the release by rebuilding its tree from the chain, also after the dataset moved on", async () => {
    await review(as(curator), { reviews: [{ datasetId, contentHash: hashes.c1, accept: true, score: 100 }] });
    await transferContribution(as(bob), { datasetId, contentHash: hashes.b1, to: carol.account.address });
    const report = await verifyRelease(base, { releaseId });
    assert.equal(report.ok, true, report.problems.join("\n"));
    assert.equal(report.rebuiltItemCount, 3);
    const bobLeaf = report.tree.leaves.find((l) => l.contentHash === hashes.b1);
    assert.equal(bobLeaf?.owner, getAddress(bob.account.address), "the leaf keeps the owner at the snapshot");
  });

  it("proves inclusion off-chain and on-chain, and refuses a contribution that is not in the release", async () => {
    const proof = await proveInclusion(base, { releaseId, contentHash: hashes.a1 });
    assert.deepEqual(await verifyInclusion(base, proof).then((r) => [r.offChain, r.onChain]), [true, true]);
    const forged = { ...proof.leaf, score: 100 };
    assert.deepEqual(
      await verifyInclusion(base, { releaseId, leaf: forged, proof: proof.proof }).then((r) => [r.offChain, r.onChain]),
      [false, false],
    );
    await assert.rejects(proveInclusion(base, { releaseId, contentHash: hashes.c1 }), NotInReleaseError);
  });

  it("a second release chains to the first and records the changelog", async () => {
    const second = await cutRelease(as(steward), { datasetId });
    assert.equal(second.number, 2);
    assert.equal(second.itemCount, 4);
    assert.equal(second.fileList.parentId, releaseId.toString());
    assert.deepEqual(second.fileList.changelog.added, [hashes.c1]);
    assert.deepEqual(second.fileList.changelog.changed, [hashes.b1]);
    assert.equal((await verifyRelease(base, { releaseId: second.releaseId })).ok, true);
  });

  it("detects a release whose root does not match the chain", async () => {
    // The steward records a tree that leaves bob out: verifyRelease must say so.
    const report = await verifyRelease(base, { releaseId });
    const lying = buildReleaseTree(report.tree.leaves.filter((l) => l.contentHash !== hashes.b1));
    const releases = await viem.getContractAt("ReleaseRegistry", base.releases as Address);
    const latest = await releases.read.latestRelease([datasetId]);
    const hash = await releases.write.cutRelease(
      [
        {
          datasetId,
          parentId: latest,
          root: lying.root,
          itemCount: BigInt(lying.itemCount),
          totalScore: lying.totalScore,
          snapshotBlock: await publicClient.getBlockNumber(),
          manifestCid: "0x",
          fileListCid: `0x01551220${sha256(toHex("x")).slice(2)}`,
          license: "CC-BY-4.0",
        },
      ],
      { account: steward.account },
    );
    await publicClient.waitForTransactionReceipt({ hash });
    const bad = await verifyRelease(base, { releaseId: latest + 1n });
    assert.equal(bad.ok, false);
    assert.ok(bad.problems.some((p) => p.startsWith("root")));
  });

  it("registers a model on release 1, pays its dividend, and only that release's owners claim it, pro rata", async () => {
    const { modelId } = await registerModel(as(builder), {
      name: "methali-small",
      releaseIds: [releaseId],
      dividendToken: token,
      weightsCid: "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
      weightsSha256: sha256(toHex("weights")),
      license: "Apache-2.0",
    });
    await reviewModel(as(steward), { modelId, datasetId, standing: "endorsed" });
    const { credited } = await payDividend(as(builder), { modelId, amount: parseUnits("180", 18) });
    assert.equal(credited, parseUnits("180", 18));
    const model = await getModel(base, { modelId });
    assert.equal(model.name, "methali-small");
    assert.equal(model.paid, credited);
    assert.deepEqual(model.standings, [{ datasetId, standing: "endorsed" }]);

    // carol owns b1 now and has an accepted c1, but neither was hers in release 1.
    assert.deepEqual(await getDividends(base, { account: carol.account.address }), []);
    const { claimed: aliceClaimed } = await claimDividends(as(stranger), { account: alice.account.address });
    assert.deepEqual(aliceClaimed.map((c) => c.amount).sort(), [parseUnits("40", 18), parseUnits("80", 18)].sort());
    const { claimed: bobClaimed } = await claimDividends(as(bob));
    assert.deepEqual(
      bobClaimed.map((c) => c.amount),
      [parseUnits("60", 18)],
    );
    assert.equal((await claimDividends(as(bob))).hash, undefined, "nothing left to claim");
    const erc20 = await viem.getContractAt("TestToken", token);
    assert.equal(await erc20.read.balanceOf([alice.account.address]), parseUnits("120", 18));
    assert.equal(await erc20.read.balanceOf([carol.account.address]), 0n);
  });

  it("parks the dividend of an owner the token refuses to pay, pays the others, and lets the owner take it elsewhere", async () => {
    const blk = await viem.deployContract("BlocklistToken");
    await blk.write.mint([builder.account.address, parseUnits("180", 18)]);
    const { modelId } = await registerModel(as(builder), {
      name: "methali-blocklisted",
      releaseIds: [releaseId],
      dividendToken: blk.address,
      weightsCid: "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
      weightsSha256: sha256(toHex("other weights")),
      license: "Apache-2.0",
    });
    await payDividend(as(builder), { modelId, amount: parseUnits("180", 18) });
    await blk.write.setBlocked([alice.account.address, true]);
    const { claimed, parked } = await claimDividends(as(stranger), { account: alice.account.address });
    assert.equal(claimed.length, 2);
    assert.deepEqual(parked.map((p) => p.amount).sort(), [parseUnits("40", 18), parseUnits("80", 18)].sort());
    assert.equal(
      await getParkedDividends(base, { token: blk.address, account: alice.account.address }),
      parseUnits("120", 18),
    );
    assert.deepEqual((await claimDividends(as(bob))).parked, []);
    assert.equal(await blk.read.balanceOf([bob.account.address]), parseUnits("60", 18));
    const { amount } = await withdrawParkedDividends(as(alice), { token: blk.address, to: carol.account.address });
    assert.equal(amount, parseUnits("120", 18));
    assert.equal(await blk.read.balanceOf([carol.account.address]), parseUnits("120", 18));
    assert.equal((await withdrawParkedDividends(as(alice), { token: blk.address })).hash, undefined);
  });
});
