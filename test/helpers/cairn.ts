/**
 * Shared fixtures for the contract integration tests: a deployed Cairn (registry + its reward vault),
 * a permit-capable reward token, named actors, and builders for datasets, content and signed items.
 *
 * Every test file opens its own in-process network (`network.create()`) and restores the fixture's
 * snapshot with `networkHelpers.loadFixture(deployCairn)` at the start of each test, so tests are independent.
 */

import { contributionDomain, contributionTypes } from "@cairn/sdk";
import type { NetworkConnection } from "hardhat/types/network";
import {
  type Abi,
  type Address,
  concatHex,
  decodeErrorResult,
  getAddress,
  type Hex,
  keccak256,
  type LocalAccount,
  parseEventLogs,
  parseSignature,
  serializeCompactSignature,
  sha256,
  signatureToCompactSignature,
  type TransactionReceipt,
  toHex,
  zeroAddress,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";

type Connection = NetworkConnection;

/** Dataset statuses, as `IDatasetRegistry.DatasetStatus`. */
export const DatasetStatus = { None: 0, Open: 1, Paused: 2, Closed: 3 } as const;
/** Contribution statuses, as `IContributionRegistry.ContributionStatus`. */
export const ContributionStatus = {
  None: 0,
  Pending: 1,
  Accepted: 2,
  Rejected: 3,
  Withdrawn: 4,
  Provisional: 5,
  Removed: 6,
} as const;

export const TERMS = keccak256(toHex("CC-BY-4.0; contributors confirm they hold the rights"));
export const OTHER_TERMS = keccak256(toHex("CC-BY-SA-4.0; revised terms"));
export const MANIFEST = concatHex(["0x01551220", sha256(toHex('{"name":"Breton speech"}'))]);
/** A deadline far in the future (year 2096). */
export const FAR_DEADLINE = 4_000_000_000n;

/** Deploys the registry (which deploys its vault) and a reward token; names the actors. */
export async function deployCairn({ viem, networkHelpers }: Connection) {
  const publicClient = await viem.getPublicClient();
  const wallets = await viem.getWalletClients();
  // Accounts 2 and 10 have a zero byte in their address (cheaper calldata): they never claim in gas comparisons.
  // Each actor carries its viem account (to send as) and its checksummed address (to compare with what contracts return).
  const [steward, curatorA, curatorB, curatorC, alice, bob, carol, sponsor, relayer, stranger, newSteward] =
    wallets.map(
      // biome-ignore lint/suspicious/noExplicitAny: a Hardhat wallet client
      (w: any) => ({ account: w.account, address: getAddress(w.account.address) as Address, wallet: w }),
    );
  const registry = await viem.deployContract("CairnRegistry");
  const vault = await viem.getContractAt("RewardVault", await registry.read.rewardVault());
  const token = await viem.deployContract("TestToken", ["Cairn Test Token", "CTT"]);
  const chainId: number = await publicClient.getChainId();
  return {
    viem,
    networkHelpers,
    publicClient,
    registry,
    vault,
    token,
    chainId,
    steward,
    curatorA,
    curatorB,
    curatorC,
    alice,
    bob,
    carol,
    sponsor,
    relayer,
    stranger,
    newSteward,
  };
}

export type Cairn = Awaited<ReturnType<typeof deployCairn>>;
/** A named account: its viem account (to send as), checksummed address and wallet client. */
export type Actor = Cairn["alice"];

export interface DatasetOptions {
  steward?: Address;
  manifestCid?: Hex;
  termsHash?: Hex;
  curators?: Address[];
  quorum?: number;
  defaultScore?: number;
  rewardToken?: Address;
  weightObserver?: Address;
}

/** The full `DatasetConfig`: the steward is the fixture's steward, no curators, quorum 0, score 50, no token. */
export function datasetConfig(f: Cairn, options: DatasetOptions = {}) {
  return {
    steward: f.steward.address,
    manifestCid: MANIFEST,
    termsHash: TERMS,
    curators: [] as Address[],
    quorum: 0,
    defaultScore: 50,
    rewardToken: zeroAddress as Address,
    weightObserver: zeroAddress as Address,
    ...options,
  };
}

/** Creates a dataset (sent by the steward) and returns its id. */
export async function createDataset(f: Cairn, options: DatasetOptions = {}): Promise<bigint> {
  await mined(f, f.registry.write.createDataset([datasetConfig(f, options)], { account: f.steward.account }));
  return f.registry.read.datasetCount();
}

/** A dataset reviewed by curators A and B with quorum 2, paying in the fixture's token. */
export function createReviewedDataset(f: Cairn, options: DatasetOptions = {}) {
  return createDataset(f, {
    curators: [f.curatorA.address, f.curatorB.address],
    quorum: 2,
    rewardToken: f.token.address,
    ...options,
  });
}

/** A distinct file, as the protocol names it: sha256 of the bytes, a CIDv1 (raw, sha2-256), the size. */
export function content(label: string) {
  const bytes = toHex(label);
  const contentHash = sha256(bytes);
  return {
    contentHash,
    cid: concatHex(["0x01551220", contentHash]),
    size: BigInt((bytes.length - 2) / 2),
  };
}
export type Content = ReturnType<typeof content>;

/** Waits for a sent transaction and fails if it reverted. */
export async function mined(f: Pick<Cairn, "publicClient">, hash: Promise<Hex> | Hex): Promise<TransactionReceipt> {
  const receipt = await f.publicClient.waitForTransactionReceipt({ hash: await hash });
  if (receipt.status !== "success") throw new Error(`transaction ${receipt.transactionHash} reverted`);
  return receipt;
}

/** Registers `c` in the dataset as `account`'s own contribution. */
export function contribute(f: Cairn, datasetId: bigint, c: Content, account: Actor, metadataCid: Hex = "0x") {
  return mined(
    f,
    f.registry.write.contribute([datasetId, c.contentHash, c.size, c.cid, metadataCid], { account: account.account }),
  );
}

/** A local (off-node) key that signs contributions, as a contributor's browser wallet would. */
export function signer(label: string): LocalAccount {
  return privateKeyToAccount(keccak256(toHex(`cairn test signer ${label}`)));
}

export interface SignOptions {
  datasetId: bigint;
  content: Content;
  termsHash?: Hex;
  deadline?: bigint;
  metadataCid?: Hex;
  /** "full": 65-byte signature with the contributor named; "compact": EIP-2098 64 bytes, contributor zero. */
  form?: "full" | "compact";
  /** Domain overrides, to sign for another chain or registry. */
  chainId?: number;
  verifyingContract?: Address;
  /** The contributor named in the item (defaults to the signer for "full", zero for "compact"). */
  contributor?: Address;
}

/** The EIP-712 message a contributor signs. */
export function contributionMessage(o: SignOptions) {
  return {
    datasetId: o.datasetId,
    contentHash: o.content.contentHash,
    cid: o.content.cid,
    size: o.content.size,
    metadataCid: o.metadataCid ?? "0x",
    termsHash: o.termsHash ?? TERMS,
    deadline: o.deadline ?? FAR_DEADLINE,
  } as const;
}

/** Signs a contribution with `key` and returns the `SignedContribution` a relayer submits. */
export async function signContribution(f: Cairn, key: LocalAccount, o: SignOptions) {
  const message = contributionMessage(o);
  const signature = await key.signTypedData({
    domain: contributionDomain(o.chainId ?? f.chainId, o.verifyingContract ?? f.registry.address),
    types: contributionTypes,
    primaryType: "Contribution",
    message,
  });
  const compact = o.form === "compact";
  return {
    datasetId: message.datasetId,
    contentHash: message.contentHash,
    size: message.size,
    deadline: message.deadline,
    contributor: o.contributor ?? (compact ? zeroAddress : key.address),
    cid: message.cid,
    metadataCid: message.metadataCid as Hex,
    signature: compact ? serializeCompactSignature(signatureToCompactSignature(parseSignature(signature))) : signature,
  };
}
export type SignedItem = Awaited<ReturnType<typeof signContribution>>;

/** Decodes an ABI-encoded custom error (a skip `reason`) with `abi`. */
export function decodeReason(abi: Abi, reason: Hex) {
  const { errorName, args } = decodeErrorResult({ abi, data: reason });
  return { errorName, args: [...(args ?? [])] };
}

/** The selector of a custom error of `abi`, as a batch's `results` entry holds it. */
export function errorSelector(abi: Abi, errorName: string): Hex {
  const item = abi.find((i) => i.type === "error" && i.name === errorName);
  if (item === undefined || item.type !== "error") throw new Error(`no error ${errorName} in the ABI`);
  return keccak256(toHex(`${errorName}(${item.inputs.map((i) => i.type).join(",")})`)).slice(0, 10) as Hex;
}

/** The logs of `eventName` that `contract` emitted in the transaction, decoded. */
export function eventsOf(
  contract: { abi: Abi; address: Address },
  receipt: TransactionReceipt,
  eventName: string,
  // biome-ignore lint/suspicious/noExplicitAny: decoded args are checked by the tests
): any[] {
  const logs = receipt.logs.filter((l) => l.address.toLowerCase() === contract.address.toLowerCase());
  return parseEventLogs({ abi: contract.abi, logs, eventName }).map((l) => l.args);
}

export const NO_ERROR: Hex = "0x00000000";
