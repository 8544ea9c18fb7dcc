/**
 * Gas benchmark: deploys Cairn on Hardhat's in-process EVM, runs each protocol operation, prints a
 * table next to the peers' figures, and writes bench/results/gas.json.
 *
 *   npm run bench:gas          measure and write the snapshot
 *   npm run bench:gas:check    measure and fail if anything grew past the snapshot or missed its target
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { buildReleaseTree, contributionDomain, contributionTypes, toLeafStruct } from "@cairn/sdk";
import { network } from "hardhat";
import {
  type Address,
  concatHex,
  encodeFunctionData,
  type Hex,
  keccak256,
  parseSignature,
  serializeCompactSignature,
  sha256,
  signatureToCompactSignature,
  toHex,
  zeroAddress,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";

const RESULTS = "bench/results/gas.json";
const CHECK = process.env.CAIRN_GAS_CHECK === "1";
/** A regression beyond this fraction of the snapshot fails the check. */
const TOLERANCE = 0.005;

const targets: Record<string, number> = {
  "contribute.single": 55_000,
  "contribute.batch100.perItem": 30_000,
  "contributeBySig.batch100.perItem": 36_000,
  "review.vote": 45_000,
  "review.decisive": 90_000,
  "claim.accountWith1": 50_000,
  "claim.accountWith1000": 50_000,
  "pool.join": 60_000,
  "pool.vote": 50_000,
  "pool.decisive": 100_000,
};
const peers: Record<string, string> = {
  "contribute.single": "Vana addFile ≈ 205k; EAS attest ≈ 205k–317k",
  "contribute.batch100.perItem": "EAS multiAttest ≈ 282k/item",
  "contributeBySig.single": "EAS delegated attest ≈ 241k–351k",
  "contributeBySig.batch100.perItem": "EAS delegated ≈ 241k–351k",
  "contributeBySig.batch100.namedSigner.perItem": "(signer named, 65-byte signature)",
  "claim.accountWith1": "Uniswap MerkleDistributor.claim ≈ 91k",
  "claim.accountWith1000": "Vana requestReward ≈ 366k",
};

const { viem, networkHelpers } = await network.create();
const publicClient = await viem.getPublicClient();
const [steward, curatorA, curatorB, sponsor, contributor, other] = await viem.getWalletClients();
const chainId = await publicClient.getChainId();

const registry = await viem.deployContract("CairnRegistry");
const vault = await viem.getContractAt("RewardVault", (await registry.read.rewardVault()) as Address);
const token = await viem.deployContract("TestToken", ["Cairn Test Token", "CTT"]);

const gas: Record<string, number> = {};
async function measure(name: string, hash: Hex, items = 1) {
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`${name}: transaction reverted`);
  gas[name] = Math.round(Number(receipt.gasUsed) / items);
}

let nonce = 0;
/** A distinct file: its sha256 and a 36-byte CIDv1 (raw, sha2-256) as the protocol stores them. */
function content() {
  const bytes = toHex(`cairn bench item ${nonce++}`);
  const digest = sha256(bytes);
  return { contentHash: digest, cid: concatHex(["0x01551220", digest]), size: BigInt((bytes.length - 2) / 2) };
}

const termsHash = keccak256(toHex("CC-BY-4.0; contributors confirm they hold the rights"));
async function createDataset(quorum: number, curators: Address[]) {
  const hash = await registry.write.createDataset([
    {
      steward: steward.account.address,
      manifestCid: concatHex(["0x01551220", keccak256(toHex("manifest"))]),
      termsHash,
      curators,
      quorum,
      defaultScore: 50,
      rewardToken: token.address,
      weightObserver: zeroAddress,
    },
  ]);
  await publicClient.waitForTransactionReceipt({ hash });
  return (await registry.read.datasetCount()) as bigint;
}

const reviewed = await createDataset(2, [curatorA.account.address, curatorB.account.address]);
const autoAccepted = await createDataset(0, []);

// ---- own contributions
const asContributor = { account: contributor.account };
{
  const c = content();
  await measure(
    "contribute.single",
    await registry.write.contribute([reviewed, c.contentHash, c.size, c.cid, "0x"], asContributor),
  );
}
{
  const items = Array.from({ length: 100 }, () => {
    const c = content();
    return { datasetId: reviewed, contentHash: c.contentHash, size: c.size, cid: c.cid, metadataCid: "0x" as Hex };
  });
  await measure("contribute.batch100.perItem", await registry.write.contributeBatch([items], asContributor), 100);
}

// ---- signed contributions (deterministic keys and deadline, so the calldata and the gas are reproducible).
// The SDK sends an EOA's signature in EIP-2098 compact form (64 bytes) with `contributor` left zero for the
// registry to recover; an ERC-1271 wallet must name itself and sends its own signature bytes ("named").
const deadline = 4_000_000_000n;
async function signed(i: number, datasetId: bigint, form: "sdk" | "named" = "sdk") {
  const signer = privateKeyToAccount(keccak256(toHex(`cairn bench signer ${i}`)));
  const c = content();
  const message = {
    datasetId,
    contentHash: c.contentHash,
    cid: c.cid,
    size: c.size,
    metadataCid: "0x" as Hex,
    termsHash,
    deadline,
  };
  const signature = await signer.signTypedData({
    domain: contributionDomain(chainId, registry.address),
    types: contributionTypes,
    primaryType: "Contribution",
    message,
  });
  return {
    datasetId,
    contentHash: c.contentHash,
    size: c.size,
    deadline,
    contributor: form === "named" ? signer.address : zeroAddress,
    cid: c.cid,
    metadataCid: "0x" as Hex,
    signature:
      form === "named" ? signature : serializeCompactSignature(signatureToCompactSignature(parseSignature(signature))),
  };
}
await measure("contributeBySig.single", await registry.write.contributeBySig([await signed(0, reviewed)]));
{
  const items = await Promise.all(Array.from({ length: 100 }, (_, i) => signed(i + 1, reviewed)));
  await measure("contributeBySig.batch100.perItem", await registry.write.contributeBatchBySig([items]), 100);
  const named = await Promise.all(Array.from({ length: 100 }, (_, i) => signed(i + 101, reviewed, "named")));
  await measure(
    "contributeBySig.batch100.namedSigner.perItem",
    await registry.write.contributeBatchBySig([named]),
    100,
  );
}

// ---- review: a vote that does not decide, then the one that reaches the quorum and credits the weight
{
  const c = content();
  await publicClient.waitForTransactionReceipt({
    hash: await registry.write.contribute([reviewed, c.contentHash, c.size, c.cid, "0x"], asContributor),
  });
  await measure(
    "review.vote",
    await registry.write.review([reviewed, c.contentHash, true, 80], { account: curatorA.account }),
  );
  await measure(
    "review.decisive",
    await registry.write.review([reviewed, c.contentHash, true, 90], { account: curatorB.account }),
  );
}

// ---- rewards: accounts holding 1 and 1000 accepted contributions in an auto-accepting dataset
const holder1 = other;
const holder1000 = contributor;
{
  const c = content();
  await publicClient.waitForTransactionReceipt({
    hash: await registry.write.contribute([autoAccepted, c.contentHash, c.size, c.cid, "0x"], {
      account: holder1.account,
    }),
  });
  for (let b = 0; b < 10; b++) {
    const items = Array.from({ length: 100 }, () => {
      const c = content();
      return {
        datasetId: autoAccepted,
        contentHash: c.contentHash,
        size: c.size,
        cid: c.cid,
        metadataCid: "0x" as Hex,
      };
    });
    await publicClient.waitForTransactionReceipt({
      hash: await registry.write.contributeBatch([items], asContributor),
    });
  }
  const weight = (await vault.read.weightOf([autoAccepted, holder1000.account.address])) as bigint;
  if (weight !== 50_000n) throw new Error(`expected 1000 accepted contributions at score 50, weight is ${weight}`);

  await token.write.mint([sponsor.account.address, 10n ** 24n]);
  await publicClient.waitForTransactionReceipt({
    hash: await token.write.approve([vault.address, 2n ** 255n], { account: sponsor.account }),
  });
  await measure("fund", await vault.write.fund([autoAccepted, 10n ** 21n], { account: sponsor.account }));
  // The first claim of each account also creates its token balance (a one-off 17k in the token itself);
  // the measured claims are the steady state, after a new funding, to accounts that hold the token.
  await measure("claim.firstEver", await vault.write.claim([autoAccepted, holder1.account.address]));
  await publicClient.waitForTransactionReceipt({
    hash: await vault.write.claim([autoAccepted, holder1000.account.address]),
  });
  await publicClient.waitForTransactionReceipt({
    hash: await vault.write.fund([autoAccepted, 10n ** 21n], { account: sponsor.account }),
  });
  await measure("claim.accountWith1", await vault.write.claim([autoAccepted, holder1.account.address]));
  await measure("claim.accountWith1000", await vault.write.claim([autoAccepted, holder1000.account.address]));
}

// ---- transfer of an accepted contribution (moves its weight to a new owner)
{
  const c = content();
  await publicClient.waitForTransactionReceipt({
    hash: await registry.write.contribute([autoAccepted, c.contentHash, c.size, c.cid, "0x"], asContributor),
  });
  await measure(
    "transfer",
    await registry.write.transferContribution([autoAccepted, c.contentHash, steward.account.address], asContributor),
  );
}

// ---- takedown of an accepted contribution by the steward (its weight leaves the vault), and an acceptance while
// funding that arrived before any weight is being released (the lazy release folded into the accumulator)
{
  const c = content();
  await publicClient.waitForTransactionReceipt({
    hash: await registry.write.contribute([autoAccepted, c.contentHash, c.size, c.cid, "0x"], asContributor),
  });
  await measure(
    "takedown",
    await registry.write.takedownContribution([autoAccepted, c.contentHash, 1, c.cid], { account: steward.account }),
  );
  const prefunded = await createDataset(0, []);
  await publicClient.waitForTransactionReceipt({
    hash: await vault.write.fund([prefunded, 10n ** 21n], { account: sponsor.account }),
  });
  const first = content();
  await publicClient.waitForTransactionReceipt({
    hash: await registry.write.contribute([prefunded, first.contentHash, first.size, first.cid, "0x"], asContributor),
  });
  await networkHelpers.time.increase(86_400);
  const next = content();
  await measure(
    "contribute.autoAccepted.heldRelease",
    await registry.write.contribute([prefunded, next.contentHash, next.size, next.cid, "0x"], asContributor),
  );
}

// ---- issue #9 (security): a challenge period (a provisional registration, then its confirmation), an ERC-1271
// wallet's items, and the most a hostile wallet or weight observer can cost a batch (docs: SECURITY.md).
{
  const period = 86_400;
  const windowed = await createDataset(0, []);
  await publicClient.waitForTransactionReceipt({ hash: await registry.write.setChallengePeriod([windowed, period]) });
  const c = content();
  await measure(
    "contribute.provisional",
    await registry.write.contribute([windowed, c.contentHash, c.size, c.cid, "0x"], asContributor),
  );
  const items = Array.from({ length: 100 }, () => {
    const d = content();
    return { datasetId: windowed, contentHash: d.contentHash, size: d.size, cid: d.cid, metadataCid: "0x" as Hex };
  });
  await measure(
    "contribute.provisional.batch100.perItem",
    await registry.write.contributeBatch([items], asContributor),
    100,
  );
  await networkHelpers.time.increase(period);
  await measure("confirm.single", await registry.write.confirmContributions([windowed, [c.contentHash]]));
  await measure(
    "confirm.batch100.perItem",
    await registry.write.confirmContributions([windowed, items.map((i) => i.contentHash)]),
    100,
  );

  // An honest ERC-1271 wallet (checks its owner's ECDSA signature), 100 items in a batch.
  const owner = privateKeyToAccount(keccak256(toHex("cairn bench wallet owner")));
  const wallet = await viem.deployContract("ERC1271Wallet", [owner.address, false]);
  const walletItems = await Promise.all(
    Array.from({ length: 100 }, async () => {
      const d = content();
      const message = {
        datasetId: reviewed,
        contentHash: d.contentHash,
        cid: d.cid,
        size: d.size,
        metadataCid: "0x" as Hex,
        termsHash,
        deadline,
      };
      const signature = await owner.signTypedData({
        domain: contributionDomain(chainId, registry.address),
        types: contributionTypes,
        primaryType: "Contribution",
        message,
      });
      return { ...message, contributor: wallet.address, signature };
    }),
  );
  await measure(
    "contributeBySig.batch100.erc1271.perItem",
    await registry.write.contributeBatchBySig([walletItems]),
    100,
  );

  // A wallet that burns all the gas it gets: its item is skipped, at the cost of the registry's budget.
  const burner = await viem.deployContract("HostileERC1271Wallet", [false]);
  const d = content();
  await measure(
    "contributeBySig.hostileWallet.item",
    await registry.write.contributeBatchBySig([
      [
        {
          datasetId: reviewed,
          contentHash: d.contentHash,
          size: d.size,
          deadline,
          contributor: burner.address,
          cid: d.cid,
          metadataCid: "0x",
          signature: `0x${"00".repeat(65)}`,
        },
      ],
    ]),
  );

  // A weight observer that burns all the gas it gets: the first acceptance pays its budget once; it is then
  // marked failed and never called again.
  const hostile = await viem.deployContract("HostileObserver");
  await publicClient.waitForTransactionReceipt({ hash: await hostile.write.setMode([2]) });
  await publicClient.waitForTransactionReceipt({
    hash: await registry.write.createDataset([
      {
        steward: steward.account.address,
        manifestCid: concatHex(["0x01551220", keccak256(toHex("manifest"))]),
        termsHash,
        curators: [],
        quorum: 0,
        defaultScore: 50,
        rewardToken: token.address,
        weightObserver: hostile.address,
      },
    ]),
  });
  const observed = (await registry.read.datasetCount()) as bigint;
  await publicClient.waitForTransactionReceipt({ hash: await registry.write.setChallengePeriod([observed, 0]) });
  for (const key of ["observer.hostile.failure", "observer.hostile.afterFailure"]) {
    const e = content();
    await measure(key, await registry.write.contribute([observed, e.contentHash, e.size, e.cid, "0x"], asContributor));
  }
  peers["contribute.provisional"] = "quorum 0 with a challenge period: earns and votes once confirmed";
  peers["confirm.single"] = "confirmContributions after the period: the acceptance's weight credit";
  peers["contributeBySig.hostileWallet.item"] = "one skipped item: ERC1271_GAS (100k) + the batch's own cost";
  peers["observer.hostile.failure"] = "once per dataset, ever: OBSERVER_GAS (250k) + the acceptance";
}

// ---- governance: a dataset governed by its contributors' accepted weight (ContributionVotes + CairnGovernor +
// TimelockController, created in one call by the factory), next to OpenZeppelin's stock Governor over an
// ERC20Votes token (the same Governor modules and timelock), measured in the same run. Each side: one
// proposal, a first vote cast by the voter, a second one signed by a gasless key and relayed (castVoteBySig).
{
  const ballotTypes = {
    Ballot: [
      { name: "proposalId", type: "uint256" },
      { name: "support", type: "uint8" },
      { name: "voter", type: "address" },
      { name: "nonce", type: "uint256" },
    ],
  } as const;
  const FOR = 1;
  const govFactory = await viem.deployContract("GovernedDatasetFactory", [
    registry.address,
    (await viem.deployContract("ContributionVotesDeployer")).address,
    (await viem.deployContract("TimelockDeployer")).address,
    (await viem.deployContract("CairnGovernorDeployer")).address,
  ]);
  const governance = {
    name: "Cairn bench governor",
    votes: zeroAddress as Address,
    votingDelay: 1,
    votingPeriod: 50,
    proposalThreshold: 0n,
    quorumNumerator: 4n,
    timelockDelay: 3_600n,
    openExecution: true,
  };
  async function governed(votes: Address) {
    await publicClient.waitForTransactionReceipt({
      hash: await govFactory.write.createGovernedDataset([
        {
          steward: zeroAddress,
          manifestCid: concatHex(["0x01551220", keccak256(toHex("governed manifest"))]),
          termsHash,
          curators: [curatorA.account.address, curatorB.account.address],
          quorum: 2,
          defaultScore: 50,
          rewardToken: token.address,
          weightObserver: zeroAddress,
        },
        { ...governance, votes },
      ]),
    });
    const datasetId = (await registry.read.datasetCount()) as bigint;
    const { governor } = (await govFactory.read.governanceOf([datasetId])) as { governor: Address };
    return { datasetId, governor: await viem.getContractAt("CairnGovernor", governor) };
  }
  /** Proposes a new manifest as `contributor` (measured as `key`, if given) and mines to the voting period. */
  async function proposeManifest(
    g: Awaited<ReturnType<typeof governed>>,
    key?: string,
  ): Promise<{ id: bigint; args: [Address[], bigint[], Hex[], Hex] }> {
    const description = `New manifest for dataset ${g.datasetId}`;
    const calldata = encodeFunctionData({
      abi: registry.abi,
      functionName: "setManifest",
      args: [g.datasetId, concatHex(["0x01551220", keccak256(toHex(description))])],
    });
    const targets = [registry.address as Address];
    const hash = await g.governor.write.propose([targets, [0n], [calldata], description], asContributor);
    if (key) await measure(key, hash);
    else await publicClient.waitForTransactionReceipt({ hash });
    await networkHelpers.mine(governance.votingDelay + 1);
    const args: [Address[], bigint[], Hex[], Hex] = [targets, [0n], [calldata], keccak256(toHex(description))];
    return { id: (await g.governor.read.hashProposal(args)) as bigint, args };
  }
  /** `voter` signs a vote for the proposal; anyone relays it. */
  async function ballot(
    g: Awaited<ReturnType<typeof governed>>,
    voter: ReturnType<typeof privateKeyToAccount>,
    id: bigint,
  ) {
    return voter.signTypedData({
      domain: { name: governance.name, version: "1", chainId, verifyingContract: g.governor.address },
      types: ballotTypes,
      primaryType: "Ballot",
      message: { proposalId: id, support: FOR, voter: voter.address, nonce: 0n },
    });
  }
  const gasless = privateKeyToAccount(keccak256(toHex("cairn bench gasless voter")));

  // Contribution weight: a gasless signer's contribution, relayed and accepted first (it creates the dataset's
  // total-supply checkpoints); then the deciding reviews of the contributor's first accepted contribution (which
  // also delegates it to itself and opens its checkpoints) and of a second one, in a later block (steady state).
  const cw = await governed(zeroAddress);
  async function accept(c: ReturnType<typeof content>, key?: string) {
    await publicClient.waitForTransactionReceipt({
      hash: await registry.write.review([cw.datasetId, c.contentHash, true, 80], { account: curatorA.account }),
    });
    const hash = await registry.write.review([cw.datasetId, c.contentHash, true, 90], { account: curatorB.account });
    if (key) await measure(key, hash);
    else await publicClient.waitForTransactionReceipt({ hash });
  }
  {
    const d = content();
    const message = {
      datasetId: cw.datasetId,
      contentHash: d.contentHash,
      cid: d.cid,
      size: d.size,
      metadataCid: "0x" as Hex,
      termsHash,
      deadline,
    };
    const signature = await gasless.signTypedData({
      domain: contributionDomain(chainId, registry.address),
      types: contributionTypes,
      primaryType: "Contribution",
      message,
    });
    await publicClient.waitForTransactionReceipt({
      hash: await registry.write.contributeBySig([{ ...message, contributor: gasless.address, signature }]),
    });
    await accept(d);
    for (const key of ["gov.review.decisive.firstCredit", "gov.review.decisive"]) {
      const c = content();
      await publicClient.waitForTransactionReceipt({
        hash: await registry.write.contribute([cw.datasetId, c.contentHash, c.size, c.cid, "0x"], asContributor),
      });
      await accept(c, key);
    }
  }
  const cwProposal = await proposeManifest(cw, "gov.propose");
  await measure("gov.vote", await cw.governor.write.castVote([cwProposal.id, FOR], asContributor));
  await measure(
    "gov.voteBySig",
    await cw.governor.write.castVoteBySig(
      [cwProposal.id, FOR, gasless.address, await ballot(cw, gasless, cwProposal.id)],
      {
        account: other.account,
      },
    ),
  );
  await networkHelpers.mine(governance.votingPeriod);
  await publicClient.waitForTransactionReceipt({ hash: await cw.governor.write.queue(cwProposal.args) });
  await networkHelpers.time.increase(Number(governance.timelockDelay));
  await measure("gov.execute", await cw.governor.write.execute(cwProposal.args, { account: other.account }));

  // Stock: OpenZeppelin's ERC20Votes; the contributor delegates to itself, the gasless key by signature.
  const votesToken = await viem.deployContract("TestVotesToken", ["Cairn Bench Votes", "CBV"]);
  for (const holder of [contributor.account.address, gasless.address]) {
    await publicClient.waitForTransactionReceipt({ hash: await votesToken.write.mint([holder, 1_000n * 10n ** 18n]) });
  }
  await publicClient.waitForTransactionReceipt({
    hash: await votesToken.write.delegate([contributor.account.address], asContributor),
  });
  {
    const signature = await gasless.signTypedData({
      domain: { name: "Cairn Bench Votes", version: "1", chainId, verifyingContract: votesToken.address },
      types: {
        Delegation: [
          { name: "delegatee", type: "address" },
          { name: "nonce", type: "uint256" },
          { name: "expiry", type: "uint256" },
        ],
      },
      primaryType: "Delegation",
      message: { delegatee: gasless.address, nonce: 0n, expiry: deadline },
    });
    const { v, r, s } = parseSignature(signature);
    await publicClient.waitForTransactionReceipt({
      hash: await votesToken.write.delegateBySig([gasless.address, 0n, deadline, Number(v), r, s]),
    });
  }
  const stock = await governed(votesToken.address);
  const stockProposal = await proposeManifest(stock);
  await measure("gov.stock.vote", await stock.governor.write.castVote([stockProposal.id, FOR], asContributor));
  await measure(
    "gov.stock.voteBySig",
    await stock.governor.write.castVoteBySig(
      [stockProposal.id, FOR, gasless.address, await ballot(stock, gasless, stockProposal.id)],
      { account: other.account },
    ),
  );
  peers["gov.vote"] = `stock ERC20Votes Governor, same run: ${gas["gov.stock.vote"].toLocaleString("en")}`;
  peers["gov.voteBySig"] = `stock ERC20Votes Governor, same run: ${gas["gov.stock.voteBySig"].toLocaleString("en")}`;
  peers["gov.stock.vote"] = "OpenZeppelin Governor castVote ≈ 83k";
  peers["gov.stock.voteBySig"] = "OpenZeppelin Governor castVoteBySig ≈ 98k";
  peers["gov.review.decisive.firstCredit"] = "review.decisive + the contributor's self-delegation, first checkpoints";
  peers["gov.review.decisive"] = "review.decisive + the votes' checkpoints (contributor and total)";
}

// ---- reviewer pool (ReviewerPool as the dataset's only curator, quorum 1; k = 3, majority): a first join, the
// commit of a review (per item, in a batch of 20), a vote that does not decide, the deciding (third) vote, which
// casts the registry vote and credits the contributor's first weight, and settling the decided contribution.
{
  const reviewerWallets = (await viem.getWalletClients()).slice(6, 16);
  const pool = await viem.deployContract("ReviewerPool", [registry.address]);
  const pooled = await createDataset(1, [pool.address]);
  await publicClient.waitForTransactionReceipt({
    hash: await pool.write.configure([
      pooled,
      {
        k: 3,
        rule: 0,
        extraSeats: 0,
        membership: 0,
        timeout: 86_400,
        reviewerShareBps: 1_000,
        slashThresholdPct: 0,
        slashWindow: 0,
        unbonding: 0,
        credential: zeroAddress,
        credentialId: 0n,
        minWeight: 0n,
        minStake: 0n,
        goldPenalty: 0,
      },
    ]),
  });
  for (const [i, w] of reviewerWallets.entries()) {
    const hash = await pool.write.join([pooled], { account: w.account });
    if (i === reviewerWallets.length - 1) await measure("pool.join", hash);
    else await publicClient.waitForTransactionReceipt({ hash });
  }
  const items = Array.from({ length: 20 }, () => content());
  await publicClient.waitForTransactionReceipt({
    hash: await registry.write.contributeBatch(
      [
        items.map((c) => ({
          datasetId: pooled,
          contentHash: c.contentHash,
          size: c.size,
          cid: c.cid,
          metadataCid: "0x" as Hex,
        })),
      ],
      asContributor,
    ),
  });
  const hashes = items.map((c) => c.contentHash);
  await measure("pool.assign.batch20.perItem", await pool.write.assign([pooled, hashes]), 20);
  await networkHelpers.mine(1);
  await measure("pool.reveal.batch20.perItem", await pool.write.assign([pooled, hashes]), 20);
  // The first item whose three seats name three different members (a repeated member's seat is re-drawn otherwise).
  let panel: { hash: Hex; seats: { seat: number; wallet: (typeof reviewerWallets)[number] }[] } | undefined;
  for (const hash of hashes) {
    const indices = await Promise.all([0, 1, 2].map((s) => pool.read.seatIndex([pooled, hash, s]) as Promise<number>));
    if (new Set(indices).size === 3) {
      panel = { hash, seats: indices.map((index, seat) => ({ seat, wallet: reviewerWallets[index] })) };
      break;
    }
  }
  if (!panel) throw new Error("no item of 20 drew three different reviewers");
  const [first, second, third] = panel.seats;
  await measure(
    "pool.vote",
    await pool.write.vote([pooled, panel.hash, first.seat, true, 80], { account: first.wallet.account }),
  );
  await publicClient.waitForTransactionReceipt({
    hash: await pool.write.vote([pooled, panel.hash, second.seat, true, 90], { account: second.wallet.account }),
  });
  await measure(
    "pool.decisive",
    await pool.write.vote([pooled, panel.hash, third.seat, false, 0], { account: third.wallet.account }),
  );
  await measure(
    "pool.settle",
    await pool.write.settleBatch([
      [
        {
          datasetId: pooled,
          contentHash: panel.hash,
          voters: panel.seats.map((s) => s.wallet.account.address),
        },
      ],
    ]),
  );
  peers["pool.vote"] = "drawn-seat check, one-vote-per-member check, packed review record";
  peers["pool.decisive"] = "review.decisive as the pool's registry vote, contributor's first credit included";
  peers["pool.settle"] = "per decided contribution: 3 voters' agreement + 2 reward shares (permissionless, batched)";
}

// ---- releases and data dividends (ReleaseRegistry, ModelRegistry beside the registry)
{
  const releases = await viem.deployContract("ReleaseRegistry", [registry.address]);
  const models = await viem.deployContract("ModelRegistry", [releases.address]);
  const datasetId = await createDataset(0, []);
  const MANIFEST_CID = concatHex(["0x01551220", keccak256(toHex("manifest"))]);
  // 1,000 leaves owned by 1,000 accounts: a claim proves one of them (10 hashes).
  const leaves = Array.from({ length: 1000 }, (_, i) => {
    const contentHash = sha256(toHex(`release leaf ${i}`));
    return {
      contentHash,
      cid: "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
      size: 1000n + BigInt(i),
      owner: privateKeyToAccount(keccak256(toHex(`owner ${i}`))).address,
      score: 1 + (i % 100),
    };
  });
  const tree = buildReleaseTree(leaves);
  const cut = async (itemCount: bigint, totalScore: bigint) => {
    const parentId = await releases.read.latestRelease([datasetId]);
    return releases.write.cutRelease(
      [
        {
          datasetId,
          parentId,
          root: tree.root,
          itemCount,
          totalScore,
          snapshotBlock: await publicClient.getBlockNumber(),
          manifestCid: MANIFEST_CID,
          fileListCid: MANIFEST_CID,
          license: "CC-BY-4.0",
        },
      ],
      { account: steward.account },
    );
  };
  // The dataset's first release also creates its latest-release and count slots; later ones are measured.
  await publicClient.waitForTransactionReceipt({ hash: await cut(BigInt(tree.itemCount), tree.totalScore) });
  await measure("release.cut", await cut(10n, 500n));
  await measure("release.cut.1000000items", await cut(1_000_000n, 50_000_000n));
  const modelInput = {
    name: "methali-small",
    releaseIds: [1n],
    dividendToken: token.address,
    weightsCid: MANIFEST_CID,
    weightsSha256: sha256(toHex("weights")),
    license: "Apache-2.0",
    cardCid: "0x" as Hex,
  };
  await measure("model.register", await models.write.registerModel([modelInput], { account: other.account }));
  await token.write.mint([sponsor.account.address, 10n ** 24n]);
  await token.write.approve([models.address, 2n ** 255n], { account: sponsor.account });
  await models.write.payDividend([1n, 10n ** 21n], { account: sponsor.account });
  await measure("model.pay", await models.write.payDividend([1n, 10n ** 21n], { account: sponsor.account }));
  const claimOf = (i: number) => {
    const found = tree.proof(leaves[i].contentHash);
    if (!found) throw new Error("leaf not in its tree");
    return { releaseId: 1n, token: token.address, leaf: toLeafStruct(found.leaf), proof: found.proof };
  };
  await models.write.claimDividend([claimOf(0)], { account: other.account });
  await measure("claim.release", await models.write.claimDividend([claimOf(1)], { account: other.account }));
  peers["release.cut"] = "a dataset's next release, 10 items; the same for 1,000,000 (next row)";
  peers["release.cut.1000000items"] = "constant: one root whatever the size";
  peers["model.pay"] = "O(releases named), whatever the number of contributors";
  peers["claim.release"] = "leaf of a 1,000-leaf release (10-hash proof); Uniswap MerkleDistributor.claim ≈ 91k";
}

// ---- report
const previous: Record<string, number> = (() => {
  try {
    return JSON.parse(readFileSync(RESULTS, "utf8"));
  } catch {
    return {};
  }
})();
const rows = Object.entries(gas).map(([op, used]) => {
  const target = targets[op];
  const before = previous[op];
  return {
    operation: op,
    gas: used,
    target: target ? `≤ ${target.toLocaleString("en")}` : "",
    met: target ? (used <= target ? "yes" : "NO") : "",
    snapshot: before ?? "",
    peer: peers[op] ?? "",
  };
});
console.table(rows);
const c1 = gas["claim.accountWith1"];
const c1000 = gas["claim.accountWith1000"];
const claimSpread = Math.abs(c1000 - c1) / c1;
console.log(`claim with 1000 contributions vs 1: ${(claimSpread * 100).toFixed(2)} % apart (target ≤ 5 %)`);

const failures: string[] = [];
for (const r of rows)
  if (r.met === "NO") failures.push(`${r.operation} uses ${r.gas} gas, over its target ${r.target}`);
if (claimSpread > 0.05)
  failures.push(`claims differ by ${(claimSpread * 100).toFixed(1)} % between 1 and 1000 contributions`);

if (CHECK) {
  for (const [op, used] of Object.entries(gas)) {
    const before = previous[op];
    if (before === undefined) failures.push(`${op} is missing from ${RESULTS}: run npm run bench:gas and commit it`);
    else if (used > before * (1 + TOLERANCE)) failures.push(`${op} grew from ${before} to ${used} gas`);
    else if (used < before * (1 - TOLERANCE))
      console.log(`${op} improved from ${before} to ${used} gas: run npm run bench:gas to record it`);
  }
} else {
  mkdirSync("bench/results", { recursive: true });
  writeFileSync(RESULTS, `${JSON.stringify({ ...previous, ...gas }, null, 2)}\n`);
  console.log(`wrote ${RESULTS}`);
}
if (failures.length > 0) {
  console.error(failures.map((f) => `✗ ${f}`).join("\n"));
  process.exit(1);
}
