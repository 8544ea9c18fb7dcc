import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  type CairnClient,
  type ContentStore,
  ContractCallError,
  claim,
  contribute,
  createCairnClient,
  createDataset,
  createHeliaStore,
  exportDataset,
  fund,
  getClaimable,
  getContribution,
  getDataset,
  getManifest,
  prepareContribution,
  review,
  signContribution,
  submitSignedContributions,
  verifyDataset,
  withClient,
} from "@cairn/sdk";
import { Wallet } from "ethers";
import { network } from "hardhat";
import { type Address, parseUnits } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

const manifest = {
  schema: "cairn.manifest/1" as const,
  name: "Methali za Kiswahili",
  description: "Swahili proverbs, one per file, with their meaning.",
  language: "sw",
  region: "TZ",
  license: "CC-BY-4.0",
  items: { kind: "text" as const, mediaTypes: ["text/plain"] },
  guidelines: "One proverb per file. No duplicates. Cite the source if it is not oral tradition.",
  terms: "I hold the rights to what I contribute and license it under CC-BY-4.0.",
};

describe("the SDK's whole path: contribute → review → fund → claim → verify → export", async () => {
  const { viem } = await network.create();
  const publicClient = await viem.getPublicClient();
  const [steward, curatorA, curatorB, sponsor, relayer, ownContributor] = await viem.getWalletClients();
  let dir: string;
  let store: ContentStore;
  let base: CairnClient;
  let token: Address;
  let datasetId: bigint;
  const as = (wallet: typeof steward) => withClient(base, { walletClient: wallet as never });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "cairn-flow-"));
    store = await createHeliaStore({ directory: join(dir, "ipfs") });
    const registry = await viem.deployContract("CairnRegistry");
    const testToken = await viem.deployContract("TestToken", ["Cairn Test Token", "CTT"]);
    token = testToken.address;
    await testToken.write.mint([sponsor.account.address, parseUnits("1000", 18)]);
    base = await createCairnClient({ publicClient: publicClient as never, registry: registry.address, store });
  });
  after(async () => {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const viemContributor = privateKeyToAccount(generatePrivateKey());
  const ethersContributor = new Wallet(generatePrivateKey());
  const files: Record<string, string> = {};

  it("creates a dataset whose manifest is stored on IPFS and read back", async () => {
    ({ datasetId } = await createDataset(as(steward), {
      manifest,
      curators: [curatorA.account.address, curatorB.account.address],
      quorum: 2,
      rewardToken: token,
    }));
    const dataset = await getDataset(base, { datasetId });
    assert.equal(dataset.status, "open");
    assert.equal(dataset.quorum, 2);
    assert.equal(dataset.rewardToken?.toLowerCase(), token.toLowerCase());
    assert.deepEqual(await getManifest(base, { datasetId }), manifest);
  });

  it("registers contributions signed with a viem account and an ethers signer, submitted by a relayer", async () => {
    const { termsHash } = await getDataset(base, { datasetId });
    files.viem = join(dir, "haba-na-haba.txt");
    files.ethers = join(dir, "pole-pole.txt");
    await writeFile(files.viem, "Haba na haba hujaza kibaba.\n");
    await writeFile(files.ethers, "Pole pole ndio mwendo.\n");
    const signed = [];
    for (const [signer, path] of [
      [viemContributor, files.viem],
      [ethersContributor, files.ethers],
    ] as const) {
      const item = await prepareContribution(base, { datasetId, content: path });
      signed.push(await signContribution(signer, { item, chainId: base.chainId, registry: base.registry, termsHash }));
    }
    const { outcomes } = await submitSignedContributions(as(relayer), { items: signed });
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ["registered", "registered"],
    );
    const fromEthers = await getContribution(base, { datasetId, contentHash: signed[1].contentHash });
    assert.equal(fromEthers.contributor, ethersContributor.address);
    assert.equal(fromEthers.status, "pending");
    assert.equal(fromEthers.contentHash, `0x${sha256(await readFile(files.ethers))}`);
  });

  it("registers the wallet's own contribution and refuses a duplicate before any transaction, naming the existing one", async () => {
    files.own = join(dir, "asiyefunzwa.txt");
    await writeFile(files.own, "Asiyefunzwa na mamaye hufunzwa na ulimwengu.\n");
    const { outcomes } = await contribute(as(ownContributor), { datasetId, contents: [files.own] });
    assert.equal(outcomes[0].status, "registered");

    const before = await publicClient.getTransactionCount({ address: ownContributor.account.address });
    await assert.rejects(contribute(as(ownContributor), { datasetId, contents: [files.viem] }), (error: unknown) => {
      assert.ok(error instanceof ContractCallError);
      assert.equal(error.errorName, "DuplicateContribution");
      assert.equal(error.args[2], viemContributor.address);
      assert.match(error.shortMessage, /already in dataset/);
      return true;
    });
    assert.equal(await publicClient.getTransactionCount({ address: ownContributor.account.address }), before);
  });

  it("curators accept two contributions (weight = mean score) and reject one", async () => {
    const hashes = await Promise.all(
      [files.viem, files.ethers, files.own].map(async (f) => `0x${sha256(await readFile(f))}` as const),
    );
    await review(as(curatorA), {
      reviews: [
        { datasetId, contentHash: hashes[0], accept: true, score: 80 },
        { datasetId, contentHash: hashes[1], accept: true, score: 60 },
        { datasetId, contentHash: hashes[2], accept: false },
      ],
    });
    const { outcomes } = await review(as(curatorB), {
      reviews: [
        { datasetId, contentHash: hashes[0], accept: true, score: 90 },
        { datasetId, contentHash: hashes[1], accept: true, score: 40 },
        { datasetId, contentHash: hashes[2], accept: false },
      ],
    });
    assert.deepEqual(
      outcomes.map((o) => o.decision),
      ["accepted", "accepted", "rejected"],
    );
    assert.equal((await getContribution(base, { datasetId, contentHash: hashes[0] })).score, 85);
    assert.equal((await getContribution(base, { datasetId, contentHash: hashes[1] })).score, 50);
  });

  it("a sponsor funds with a permit and contributors claim their pro-rata share", async () => {
    const { credited } = await fund(as(sponsor), { datasetId, amount: parseUnits("135", 18) });
    assert.equal(credited, parseUnits("135", 18));
    assert.equal(await getClaimable(base, { datasetId, account: viemContributor.address }), parseUnits("85", 18));
    assert.equal(
      await getClaimable(base, { datasetId, account: ethersContributor.address as Address }),
      parseUnits("50", 18),
    );
    // Anyone may trigger the claim; the tokens go to the contributor, who holds no gas.
    const { claimed } = await claim(as(relayer), { datasetIds: [datasetId], account: viemContributor.address });
    assert.deepEqual(claimed, [{ datasetId, amount: parseUnits("85", 18) }]);
    const balance = await publicClient.readContract({
      address: token,
      abi: [
        {
          type: "function",
          name: "balanceOf",
          stateMutability: "view",
          inputs: [{ type: "address" }],
          outputs: [{ type: "uint256" }],
        },
      ],
      functionName: "balanceOf",
      args: [viemContributor.address],
    });
    assert.equal(balance, parseUnits("85", 18));
  });

  it("verifies every accepted contribution against the chain and exports them with provenance", async () => {
    const { ok, reports } = await verifyDataset(base, { datasetId });
    assert.ok(ok);
    assert.equal(reports.length, 2);

    const out = join(dir, "export");
    const { exported, failures, provenancePath } = await exportDataset(base, { datasetId, directory: out });
    assert.equal(exported, 2);
    assert.deepEqual(failures, []);
    const lines = (await readFile(provenancePath, "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    assert.equal(lines.length, 2);
    for (const line of lines) {
      const bytes = await readFile(join(out, line.file));
      assert.equal(sha256(bytes), line.sha256);
      assert.equal(line.license, "CC-BY-4.0");
      assert.ok(line.cid.startsWith("bafk"));
    }
    assert.deepEqual((await readdir(join(out, "files"))).length, 2);
  });
});

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
