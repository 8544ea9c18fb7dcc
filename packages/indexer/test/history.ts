// A scripted history on a real chain: datasets (one governed), contributions in batches from many
// accounts, reviews, transfers, withdrawals, funding, claims, a duplicate skipped, a governance proposal
// with votes. Everything goes through the contracts' own functions.
import {
  cairnGovernorAbi,
  cairnRegistryAbi,
  governedDatasetFactoryAbi,
  rewardVaultAbi,
  testTokenAbi,
} from "@cairn/sdk";
import {
  type Abi,
  type Address,
  concatHex,
  decodeEventLog,
  encodeFunctionData,
  type Hex,
  keccak256,
  sha256,
  toHex,
  type WalletClient,
  zeroAddress,
} from "viem";
import { account, type Chain, type Deployment, wallet } from "./harness.js";

export const TERMS = keccak256(toHex("CC-BY-4.0; contributors confirm they hold the rights"));
export const MANIFEST = concatHex(["0x01551220", sha256(toHex('{"name":"indexer test"}'))]);

/** A distinct file: sha256 of its bytes, a raw CIDv1 of them, its size. */
export function content(label: string) {
  const bytes = toHex(label);
  const contentHash = sha256(bytes);
  return { contentHash, cid: concatHex(["0x01551220", contentHash]), size: BigInt((bytes.length - 2) / 2) };
}

export async function send(
  chain: Chain,
  signer: WalletClient,
  address: Address,
  abi: Abi,
  functionName: string,
  args: readonly unknown[],
) {
  const hash = await signer.writeContract({
    address,
    abi,
    functionName,
    args,
    account: signer.account,
    chain: signer.chain,
    gas: 16_000_000n,
  } as never);
  const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`${functionName} reverted (${hash})`);
  return receipt;
}

export async function createDataset(
  chain: Chain,
  d: Deployment,
  options: { curators?: Address[]; quorum?: number; defaultScore?: number; rewardToken?: Address } = {},
): Promise<bigint> {
  await send(chain, wallet(chain, 0), d.registry, cairnRegistryAbi, "createDataset", [
    {
      steward: account(chain, 0).address,
      manifestCid: MANIFEST,
      termsHash: TERMS,
      curators: options.curators ?? [],
      quorum: options.quorum ?? 0,
      defaultScore: options.defaultScore ?? 50,
      rewardToken: options.rewardToken ?? zeroAddress,
      weightObserver: zeroAddress,
    },
  ]);
  return (await chain.publicClient.readContract({
    address: d.registry,
    abi: cairnRegistryAbi,
    functionName: "datasetCount",
  })) as bigint;
}

/** `count` contributions by account `i` to the dataset, in one batch; labels are unique per `tag`. */
export async function contributeBatch(
  chain: Chain,
  d: Deployment,
  i: number,
  datasetId: bigint,
  count: number,
  tag: string,
) {
  const items = Array.from({ length: count }, (_, k) => {
    const c = content(`${tag}/${datasetId}/${i}/${k}`);
    return {
      datasetId,
      contentHash: c.contentHash,
      size: c.size,
      cid: c.cid,
      metadataCid: k % 10 === 0 ? c.cid : "0x",
    };
  });
  await send(chain, wallet(chain, i), d.registry, cairnRegistryAbi, "contributeBatch", [items]);
  return items.map((x) => x.contentHash);
}

export type History = {
  reviewed: bigint;
  autoAccepted: bigint;
  /** A dataset with a challenge period: its last two contributions are still provisional. */
  challenged: bigint;
  governed: bigint;
  governor: Address;
  votes: Address;
  proposalId: bigint;
  hashes: Map<bigint, Hex[]>;
};

/**
 * The history: 1,000 contributions from 20 accounts (`perAccount` × accounts), reviews, transfers,
 * withdrawals, funding, claims and a governance proposal.
 */
export async function scriptedHistory(chain: Chain, d: Deployment, perAccount = 50): Promise<History> {
  const [steward, curatorA, curatorB] = [account(chain, 0), account(chain, 1), account(chain, 2)];
  const accounts = chain.accounts.length;
  // Tokens for the funder (account 0).
  await send(chain, wallet(chain, 0), d.token, testTokenAbi, "mint", [steward.address, 10n ** 30n]);
  await send(chain, wallet(chain, 0), d.token, testTokenAbi, "approve", [d.vault, 2n ** 255n]);

  const reviewed = await createDataset(chain, d, {
    curators: [curatorA.address, curatorB.address],
    quorum: 1,
    rewardToken: d.token,
  });
  const autoAccepted = await createDataset(chain, d, { quorum: 0, defaultScore: 40, rewardToken: d.token });
  // Funding before any weight waits for accepted weight, then is released to it over time.
  await send(chain, wallet(chain, 0), d.vault, rewardVaultAbi, "fund", [reviewed, 7_000_000n]);

  const list: Hex[] = [];
  const auto: Hex[] = [];
  const hashes = new Map<bigint, Hex[]>([
    [reviewed, list],
    [autoAccepted, auto],
  ]);
  const inAuto = Math.max(1, Math.floor(perAccount / 5));
  for (let i = 0; i < accounts; i++) {
    list.push(...(await contributeBatch(chain, d, i, reviewed, perAccount - inAuto, "h")));
    auto.push(...(await contributeBatch(chain, d, i, autoAccepted, inAuto, "h")));
  }
  // A duplicate is skipped, the rest of its batch registered.
  const dup = content(`h/${reviewed}/1/0`);
  const fresh = content("h/fresh");
  await send(chain, wallet(chain, 1), d.registry, cairnRegistryAbi, "contributeBatch", [
    [
      { datasetId: reviewed, contentHash: dup.contentHash, size: dup.size, cid: dup.cid, metadataCid: "0x" },
      { datasetId: reviewed, contentHash: fresh.contentHash, size: fresh.size, cid: fresh.cid, metadataCid: "0x" },
    ],
  ]);
  list.push(fresh.contentHash);

  // Reviews: curator A accepts every third with varied scores, curator B rejects every seventh of the rest.
  const reviewsA = list
    .filter((_, k) => k % 3 === 0)
    .map((contentHash, k) => ({ datasetId: reviewed, contentHash, accept: true, score: 1 + (k % 100) }));
  const reviewsB = list
    .filter((_, k) => k % 3 !== 0 && k % 7 === 0)
    .map((contentHash) => ({ datasetId: reviewed, contentHash, accept: false, score: 0 }));
  for (let k = 0; k < reviewsA.length; k += 100)
    await send(chain, wallet(chain, 1), d.registry, cairnRegistryAbi, "reviewBatch", [reviewsA.slice(k, k + 100)]);
  for (let k = 0; k < reviewsB.length; k += 100)
    await send(chain, wallet(chain, 2), d.registry, cairnRegistryAbi, "reviewBatch", [reviewsB.slice(k, k + 100)]);
  // A vote on something already decided is skipped.
  await send(chain, wallet(chain, 2), d.registry, cairnRegistryAbi, "reviewBatch", [
    [{ ...(reviewsA[0] as (typeof reviewsA)[number]), accept: false, score: 0 }],
  ]);

  // The funding that waited is released to the accepted weight over the vault's release period (30 days of
  // weight): let the period run out, so that the next change of weight (a transfer below) releases the rest.
  await chain.request("evm_increaseTime", [31 * 86_400]);
  await send(chain, wallet(chain, 0), d.vault, rewardVaultAbi, "fund", [reviewed, 1_234_567_891n]);
  await send(chain, wallet(chain, 0), d.vault, rewardVaultAbi, "fund", [autoAccepted, 999_999_999n]);

  // Transfers (accepted ones move weight) and withdrawals (accepted and pending).
  const ownerOf = (k: number) => Math.floor(k / (perAccount - inAuto)) % accounts;
  for (const k of [0, 3, 6, 1, 2]) {
    const from = ownerOf(k);
    const to = (from + 5) % accounts;
    await send(chain, wallet(chain, from), d.registry, cairnRegistryAbi, "transferContribution", [
      reviewed,
      list[k],
      account(chain, to).address,
    ]);
  }
  for (const k of [9, 12, 4, 5]) {
    await send(chain, wallet(chain, ownerOf(k)), d.registry, cairnRegistryAbi, "withdrawContribution", [
      reviewed,
      list[k],
    ]);
  }
  await send(chain, wallet(chain, 0), d.vault, rewardVaultAbi, "fund", [reviewed, 555_555n]);

  // Claims: some accounts in one dataset, one in both at once.
  for (const i of [1, 3, 5])
    await send(chain, wallet(chain, i), d.vault, rewardVaultAbi, "claim", [reviewed, account(chain, i).address]);
  await send(chain, wallet(chain, 7), d.vault, rewardVaultAbi, "claimMany", [
    [reviewed, autoAccepted],
    account(chain, 7).address,
  ]);

  // Settings over time.
  await send(chain, wallet(chain, 0), d.registry, cairnRegistryAbi, "setReviewPolicy", [reviewed, 2, 60]);
  // With a quorum of 2, one vote leaves a contribution pending: out of its voter's review queue, in the other's.
  // (list[10], list[11] and list[13] had no vote: neither every third nor every seventh.)
  await send(chain, wallet(chain, 1), d.registry, cairnRegistryAbi, "reviewBatch", [
    [10, 11].map((k) => ({ datasetId: reviewed, contentHash: list[k] as Hex, accept: true, score: 50 })),
  ]);
  await send(chain, wallet(chain, 2), d.registry, cairnRegistryAbi, "reviewBatch", [
    [{ datasetId: reviewed, contentHash: list[13] as Hex, accept: false, score: 0 }],
  ]);
  await send(chain, wallet(chain, 0), d.registry, cairnRegistryAbi, "setTerms", [autoAccepted, keccak256(toHex("v2"))]);
  await send(chain, wallet(chain, 0), d.registry, cairnRegistryAbi, "addCurator", [autoAccepted, curatorB.address]);
  await send(chain, wallet(chain, 0), d.registry, cairnRegistryAbi, "transferStewardship", [
    autoAccepted,
    curatorA.address,
  ]);

  // A challenge period: contributions stay provisional; a curator rejects one and confirms one early, the
  // period passes and some are confirmed, the rest stay provisional.
  const challenged = await createDataset(chain, d, {
    curators: [curatorA.address],
    quorum: 0,
    defaultScore: 30,
    rewardToken: d.token,
  });
  await send(chain, wallet(chain, 0), d.registry, cairnRegistryAbi, "setChallengePeriod", [challenged, 3600]);
  const provisional = await contributeBatch(chain, d, 6, challenged, 8, "p");
  hashes.set(challenged, provisional);
  await send(chain, wallet(chain, 1), d.registry, cairnRegistryAbi, "reviewBatch", [
    [
      { datasetId: challenged, contentHash: provisional[0], accept: false, score: 0 },
      { datasetId: challenged, contentHash: provisional[1], accept: true, score: 77 },
    ],
  ]);
  await chain.request("evm_increaseTime", [3601]);
  await chain.request("hardhat_mine", ["0x1"]);
  await send(chain, wallet(chain, 9), d.registry, cairnRegistryAbi, "confirmContributions", [
    challenged,
    provisional.slice(2, 5),
  ]);
  await send(chain, wallet(chain, 6), d.registry, cairnRegistryAbi, "withdrawContribution", [
    challenged,
    provisional[5],
  ]);

  // A governed dataset: contributors' accepted weight votes; a proposal and its votes.
  const receipt = await send(chain, wallet(chain, 0), d.factory, governedDatasetFactoryAbi, "createGovernedDataset", [
    {
      steward: zeroAddress,
      manifestCid: MANIFEST,
      termsHash: TERMS,
      curators: [],
      quorum: 0,
      defaultScore: 10,
      rewardToken: d.token,
      weightObserver: zeroAddress,
    },
    {
      name: "indexer test governor",
      votes: zeroAddress,
      votingDelay: 1,
      votingPeriod: 50,
      proposalThreshold: 1n,
      quorumNumerator: 10n,
      timelockDelay: 60n,
      openExecution: true,
    },
  ]);
  const created = receipt.logs
    .map((log) => {
      try {
        return decodeEventLog({ abi: governedDatasetFactoryAbi, ...log });
      } catch {
        return undefined;
      }
    })
    .find((e) => e?.eventName === "GovernedDatasetCreated") as
    | { args: { datasetId: bigint; governor: Address; votes: Address } }
    | undefined;
  if (!created) throw new Error("no GovernedDatasetCreated");
  const { datasetId: governed, governor, votes } = created.args;
  const governedHashes: Hex[] = [];
  hashes.set(governed, governedHashes);
  for (const i of [3, 4, 5]) governedHashes.push(...(await contributeBatch(chain, d, i, governed, 2 + i, "g")));
  // Its votes token observes weight, so contributions wait out the default challenge period before they vote.
  await chain.request("evm_increaseTime", [3 * 86_400 + 1]);
  await chain.request("hardhat_mine", ["0x1"]);
  await send(chain, wallet(chain, 9), d.registry, cairnRegistryAbi, "confirmContributions", [governed, governedHashes]);
  await chain.request("hardhat_mine", ["0x2"]);
  const calldata = encodeFunctionData({
    abi: cairnRegistryAbi,
    functionName: "setManifest",
    args: [governed, MANIFEST],
  });
  const proposed = await send(chain, wallet(chain, 3), governor, cairnGovernorAbi, "propose", [
    [d.registry],
    [0n],
    [calldata],
    "Set the manifest again",
  ]);
  const proposalLog = proposed.logs
    .map((log) => {
      try {
        return decodeEventLog({ abi: cairnGovernorAbi, ...log });
      } catch {
        return undefined;
      }
    })
    .find((e) => e?.eventName === "ProposalCreated") as { args: { proposalId: bigint } } | undefined;
  if (!proposalLog) throw new Error("no ProposalCreated");
  const proposalId = proposalLog.args.proposalId;
  await chain.request("hardhat_mine", ["0x2"]);
  await send(chain, wallet(chain, 3), governor, cairnGovernorAbi, "castVote", [proposalId, 1]);
  await send(chain, wallet(chain, 4), governor, cairnGovernorAbi, "castVoteWithReason", [proposalId, 0, "not yet"]);
  await send(chain, wallet(chain, 5), governor, cairnGovernorAbi, "castVote", [proposalId, 2]);
  return { reviewed, autoAccepted, challenged, governed, governor, votes, proposalId, hashes };
}
