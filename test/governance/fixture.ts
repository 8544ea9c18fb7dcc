/**
 * Shared fixtures of the governance tests: Cairn (registry + vault), the governed-dataset factory and its
 * deployers, a dataset created by the factory with curators A and B (quorum 2), and contributors whose
 * accepted weight is their voting power; helpers that drive a proposal through its life.
 *
 * Every test file opens its own in-process network and restores a fixture's snapshot with
 * `networkHelpers.loadFixture(...)` at the start of each test, so tests are independent.
 */
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { contributionDomain, contributionTypes } from "@cairn/sdk";
import type { NetworkConnection } from "hardhat/types/network";
import {
  type Abi,
  type Address,
  concatHex,
  encodeFunctionData,
  getAddress,
  getContract,
  type Hex,
  keccak256,
  type LocalAccount,
  parseEventLogs,
  sha256,
  toHex,
  zeroAddress,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";

const require = createRequire(import.meta.url);
/** OpenZeppelin's own build of TimelockController: Hardhat makes artifacts for the project's sources only. */
export const timelockAbi = (require("@openzeppelin/contracts/build/contracts/TimelockController.json") as { abi: Abi })
  .abi;

type Connection = NetworkConnection;

/** `IGovernor.ProposalState`. */
export const ProposalState = {
  Pending: 0,
  Active: 1,
  Canceled: 2,
  Defeated: 3,
  Succeeded: 4,
  Queued: 5,
  Expired: 6,
  Executed: 7,
} as const;
/** `GovernorCountingSimple.VoteType`. */
export const Vote = { Against: 0, For: 1, Abstain: 2 } as const;
/** `IDatasetRegistry.DatasetStatus`. */
export const DatasetStatus = { None: 0, Open: 1, Paused: 2, Closed: 3 } as const;

export const TERMS = keccak256(toHex("CC-BY-4.0; contributors confirm they hold the rights"));
export const MANIFEST = concatHex(["0x01551220", sha256(toHex('{"name":"Breton speech"}'))]);
export const FAR_DEADLINE = 4_000_000_000n;

/** The governance every test dataset gets unless a test says otherwise. */
export const GOVERNANCE = {
  name: "Breton speech governor",
  votes: zeroAddress as Address,
  votingDelay: 2, // blocks
  votingPeriod: 20, // blocks
  proposalThreshold: 10n, // accepted weight
  quorumNumerator: 40n, // percent
  timelockDelay: 86_400n, // seconds
  openExecution: true,
};
export type GovernanceConfig = typeof GOVERNANCE;

/** Deploys Cairn, a reward token and the governed-dataset factory with its three deployers; names the actors. */
export async function deployFactory({ viem, networkHelpers }: Connection) {
  const publicClient = await viem.getPublicClient();
  const [deployer, curatorA, curatorB, alice, bob, carol, dave, relayer, stranger, newSteward] =
    await viem.getWalletClients();
  const registry = await viem.deployContract("CairnRegistry");
  const vault = await viem.getContractAt("RewardVault", await registry.read.rewardVault());
  const token = await viem.deployContract("TestToken", ["Cairn Test Token", "CTT"]);
  const votesDeployer = await viem.deployContract("ContributionVotesDeployer");
  const timelockDeployer = await viem.deployContract("TimelockDeployer");
  const governorDeployer = await viem.deployContract("CairnGovernorDeployer");
  const factory = await viem.deployContract("GovernedDatasetFactory", [
    registry.address,
    votesDeployer.address,
    timelockDeployer.address,
    governorDeployer.address,
  ]);
  return {
    viem,
    networkHelpers,
    publicClient,
    chainId: (await publicClient.getChainId()) as number,
    registry,
    vault,
    token,
    factory,
    deployer,
    curatorA,
    curatorB,
    alice,
    bob,
    carol,
    dave,
    relayer,
    stranger,
    newSteward,
  };
}
export type Factory = Awaited<ReturnType<typeof deployFactory>>;

/** The dataset the factory creates in the tests: curators A and B, quorum 2, paid in the test token. */
export function datasetConfig(f: Factory) {
  return {
    steward: zeroAddress as Address, // replaced by the timelock
    manifestCid: MANIFEST,
    termsHash: TERMS,
    curators: [f.curatorA.account.address, f.curatorB.account.address] as Address[],
    quorum: 2,
    defaultScore: 50,
    rewardToken: f.token.address as Address,
    weightObserver: zeroAddress as Address, // replaced by the votes
  };
}

/** Creates a governed dataset in one call and returns its id, the three contracts and the receipt. */
export async function createGoverned(f: Factory, governance: Partial<GovernanceConfig> = {}) {
  const hash = await f.factory.write.createGovernedDataset([datasetConfig(f), { ...GOVERNANCE, ...governance }], {
    account: f.deployer.account,
  });
  const receipt = await mined(f, hash);
  const [created] = parseEventLogs({
    abi: f.factory.abi,
    logs: receipt.logs,
    eventName: "GovernedDatasetCreated",
  }) as unknown as { args: { datasetId: bigint; governor: Address; timelock: Address; votes: Address } }[];
  const { datasetId, governor, timelock, votes } = created.args;
  return {
    datasetId,
    receipt,
    governor: await f.viem.getContractAt("CairnGovernor", governor),
    timelock: getContract({
      address: timelock,
      abi: timelockAbi,
      client: { public: f.publicClient, wallet: f.deployer },
    }),
    votes: await f.viem.getContractAt("ContributionVotes", votes),
  };
}
export type Governed = Awaited<ReturnType<typeof createGoverned>>;

/** Waits for a sent transaction and fails if it reverted. */
export async function mined(f: Pick<Factory, "publicClient">, hash: Promise<Hex> | Hex) {
  const receipt = await f.publicClient.waitForTransactionReceipt({ hash: await hash });
  if (receipt.status !== "success") throw new Error(`transaction ${receipt.transactionHash} reverted`);
  return receipt;
}

let fileCounter = 0;
/** A distinct file, as the protocol names it: sha256 of the bytes, a CIDv1 (raw, sha2-256), the size. */
export function content(label = `file ${fileCounter++}`) {
  const bytes = toHex(`cairn governance test ${label}`);
  const contentHash = sha256(bytes);
  return { contentHash, cid: concatHex(["0x01551220", contentHash]), size: BigInt((bytes.length - 2) / 2) };
}
export type Content = ReturnType<typeof content>;

// biome-ignore lint/suspicious/noExplicitAny: a viem wallet client of the connection
type Wallet = { account: any };

/** `who` contributes a file, curators A and B both accept it with `score`: `who` gains `score` of weight. */
export async function acceptedContribution(f: Factory, datasetId: bigint, who: Wallet, score: number) {
  const c = content();
  await mined(
    f,
    f.registry.write.contribute([datasetId, c.contentHash, c.size, c.cid, "0x"], { account: who.account }),
  );
  await review(f, datasetId, c, score);
  return c;
}

/** Curators A and B accept a pending contribution with `score`. */
export async function review(f: Factory, datasetId: bigint, c: Content, score: number) {
  for (const curator of [f.curatorA, f.curatorB]) {
    await mined(f, f.registry.write.review([datasetId, c.contentHash, true, score], { account: curator.account }));
  }
}

/** A key that holds no ether: it contributes, delegates and votes through a relayer. */
export function gaslessAccount(label: string): LocalAccount {
  return privateKeyToAccount(keccak256(toHex(`cairn governance test key ${label}`)));
}

/** `key` signs a contribution to the dataset (EIP-712) that a relayer submits. */
export async function signedContribution(f: Factory, key: LocalAccount, datasetId: bigint, c: Content = content()) {
  const message = {
    datasetId,
    contentHash: c.contentHash,
    cid: c.cid,
    size: c.size,
    metadataCid: "0x" as Hex,
    termsHash: TERMS,
    deadline: FAR_DEADLINE,
  };
  const signature = await key.signTypedData({
    domain: contributionDomain(f.chainId, f.registry.address),
    types: contributionTypes,
    primaryType: "Contribution",
    message,
  });
  const item = {
    datasetId,
    contentHash: c.contentHash,
    size: c.size,
    deadline: FAR_DEADLINE,
    contributor: key.address,
    cid: c.cid,
    metadataCid: "0x" as Hex,
    signature,
  };
  return { item, content: c };
}

/** One call a proposal makes. */
export interface Action {
  target: Address;
  data: Hex;
  value?: bigint;
}

/** A registry call, as a proposal action. */
export function registryCall(f: Factory, functionName: string, args: readonly unknown[]): Action {
  return {
    target: f.registry.address,
    // biome-ignore lint/suspicious/noExplicitAny: the function name is checked by the ABI at run time
    data: encodeFunctionData({ abi: f.registry.abi, functionName, args } as any),
  };
}

/** A proposal's arguments as the Governor takes them, and its id. */
export async function proposal(g: Pick<Governed, "governor">, actions: Action[], description: string) {
  const targets = actions.map((a) => a.target);
  const values = actions.map((a) => a.value ?? 0n);
  const calldatas = actions.map((a) => a.data);
  const descriptionHash = keccak256(toHex(description));
  const id: bigint = await g.governor.read.hashProposal([targets, values, calldatas, descriptionHash]);
  return { targets, values, calldatas, description, descriptionHash, id };
}
export type Proposal = Awaited<ReturnType<typeof proposal>>;

/** `proposer` proposes `actions`; returns the proposal once it is active (the voting delay has passed). */
export async function propose(f: Factory, g: Governed, proposer: Wallet, actions: Action[], description: string) {
  const p = await proposal(g, actions, description);
  await mined(
    f,
    g.governor.write.propose([p.targets, p.values, p.calldatas, p.description], { account: proposer.account }),
  );
  await f.networkHelpers.mine(Number(await g.governor.read.votingDelay()) + 1);
  return p;
}

/** Mines past the end of the proposal's voting period. */
export async function endVoting(f: Factory, g: Governed, p: Proposal) {
  const deadline = Number(await g.governor.read.proposalDeadline([p.id]));
  await f.networkHelpers.mineUpTo(deadline + 1);
}

/** Queues a succeeded proposal in the timelock, waits its delay, and executes it. */
export async function queueAndExecute(f: Factory, g: Governed, p: Proposal, executor: Wallet = f.stranger) {
  await mined(f, g.governor.write.queue([p.targets, p.values, p.calldatas, p.descriptionHash]));
  await f.networkHelpers.time.increase(Number(await g.timelock.read.getMinDelay()));
  return mined(
    f,
    g.governor.write.execute([p.targets, p.values, p.calldatas, p.descriptionHash], { account: executor.account }),
  );
}

/** Proposes, lets `voters` vote for, ends the vote, queues and executes. */
export async function pass(f: Factory, g: Governed, actions: Action[], description: string, voters: Wallet[]) {
  const p = await propose(f, g, voters[0], actions, description);
  for (const voter of voters) {
    await mined(f, g.governor.write.castVote([p.id, Vote.For], { account: voter.account }));
  }
  await endVoting(f, g, p);
  await queueAndExecute(f, g, p);
  return p;
}

/** The factory and one governed dataset in which alice holds 60, bob 30 and carol 10 of accepted weight. */
export async function governedWithWeight(connection: Connection) {
  const f = await deployFactory(connection);
  const g = await createGoverned(f);
  await acceptedContribution(f, g.datasetId, f.alice, 60);
  await acceptedContribution(f, g.datasetId, f.bob, 30);
  await acceptedContribution(f, g.datasetId, f.carol, 10);
  await f.networkHelpers.mine();
  return { f, g };
}

/** Asserts that two addresses are the same, whatever their letter case (reads return checksummed ones). */
export function assertAddress(actual: string, expected: string, message?: string) {
  assert.equal(getAddress(actual), getAddress(expected), message);
}
