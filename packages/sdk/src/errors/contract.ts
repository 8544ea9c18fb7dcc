import type { ContractFunctionRevertedError, Hex, BaseError as ViemBaseError } from "viem";
import { cairnRegistryAbi } from "../abis/cairnRegistry.js";
import { reviewerPoolAbi } from "../abis/reviewerPool.js";
import { rewardVaultAbi } from "../abis/rewardVault.js";
import { decodeErrorResult } from "../internal/evm.js";
import { contributionStatuses } from "../schemas/contribution.js";
import { BaseError } from "./base.js";

/** A contract's custom error, decoded: its name and its arguments. */
export type DecodedContractError = { errorName: string; args: readonly unknown[] };

const statusNames = ["None", "Open", "Paused", "Closed"];

/** What each custom error means for a person, and what to do about it. */
const explanations: Record<string, (args: readonly unknown[]) => { short: string; meta?: string[] }> = {
  DatasetNotFound: ([id]) => ({
    short: `Dataset ${id} does not exist.`,
    meta: ["List datasets with `cairn dataset list`."],
  }),
  NotSteward: ([id, account]) => ({
    short: `${account} is not the steward of dataset ${id}.`,
    meta: ["Only the dataset's steward can change it; use the steward's key or a governance proposal."],
  }),
  NotPendingSteward: ([id, account]) => ({ short: `${account} was not proposed as steward of dataset ${id}.` }),
  DatasetNotOpen: ([id, status]) => ({
    short: `Dataset ${id} is ${statusNames[Number(status)]?.toLowerCase() ?? status} and takes no contributions.`,
    meta: ["Ask its steward to open it, or contribute to another dataset."],
  }),
  DatasetIsClosed: ([id]) => ({ short: `Dataset ${id} is closed for good.` }),
  InvalidDatasetStatus: ([id, status]) => ({ short: `Status ${status} cannot be set on dataset ${id}.` }),
  CuratorAlreadyAdded: ([id, curator]) => ({ short: `${curator} is already a curator of dataset ${id}.` }),
  NotCurator: ([id, account]) => ({
    short: `${account} is not a curator of dataset ${id}.`,
    meta: ["Only the dataset's curators can review; its steward adds curators."],
  }),
  CuratorSeatGivenAway: ([id, curator]) => ({
    short: `${curator} cannot return as a curator of dataset ${id}: their seat was given to someone else.`,
    meta: ["Their past votes live on that seat; letting them back could count their vote twice."],
  }),
  TooManyCurators: ([id, max]) => ({ short: `Dataset ${id} has all ${max} curator seats taken.` }),
  InvalidQuorum: ([id, quorum, count]) => ({
    short: `A quorum of ${quorum} is impossible with ${count} curators in dataset ${id}.`,
    meta: ["Add curators first, or lower the quorum."],
  }),
  InvalidScore: ([score]) => ({ short: `Score ${score} is out of range: scores go from 1 to 100.` }),
  EmptyCid: () => ({ short: "The CID is empty." }),
  ZeroAddress: () => ({ short: "The zero address cannot be used here." }),
  DuplicateContribution: ([id, contentHash, existing]) => ({
    short: `This content is already in dataset ${id}, contributed by ${existing}.`,
    meta: [
      `Existing contribution: dataset ${id}, content ${contentHash}.`,
      "Each file can be registered once per dataset: the first registration wins.",
    ],
  }),
  ContributionNotFound: ([id, contentHash]) => ({
    short: `No contribution with content ${contentHash} in dataset ${id}.`,
  }),
  InvalidContent: ([id, contentHash]) => ({
    short: `Invalid content for dataset ${id}: hash ${contentHash} or an empty CID.`,
  }),
  SignatureExpired: ([deadline, now]) => ({
    short: `The signature expired at ${new Date(Number(deadline) * 1000).toISOString()} (chain time ${now}).`,
    meta: ["Sign the contribution again with a later deadline."],
  }),
  InvalidSignature: ([contributor]) => ({
    short: `The signature is not ${contributor}'s for this contribution, chain, registry and terms.`,
    meta: ["Sign again for this network and the dataset's current terms."],
  }),
  NotContributionOwner: ([id, contentHash, account]) => ({
    short: `${account} does not own contribution ${contentHash} in dataset ${id}.`,
  }),
  ContributionWithdrawnAlready: ([id, contentHash]) => ({
    short: `Contribution ${contentHash} in dataset ${id} was withdrawn.`,
  }),
  ContributionIsRemoved: ([id, contentHash]) => ({
    short: `Contribution ${contentHash} in dataset ${id} was removed by the dataset's curators or steward.`,
  }),
  ContributionRemovedAlready: ([id, contentHash]) => ({
    short: `Contribution ${contentHash} in dataset ${id} was already removed.`,
  }),
  NotCuratorOrSteward: ([id, account]) => ({
    short: `${account} is neither a curator nor the steward of dataset ${id}.`,
    meta: ["Only a dataset's curators and its steward (or its governance) can remove a contribution."],
  }),
  InvalidTakedown: ([id, contentHash, reason]) => ({
    short: `A removal of ${contentHash} in dataset ${id} needs a reason code (got ${reason}) and a justification CID.`,
  }),
  AlreadyVoted: ([id, contentHash, curator]) => ({
    short: `${curator} has already reviewed contribution ${contentHash} in dataset ${id}.`,
  }),
  ContributionNotPending: ([id, contentHash, status]) => ({
    short: `Contribution ${contentHash} in dataset ${id} is ${contributionStatuses[Number(status)] ?? status}, not pending review.`,
  }),
  NotRegistry: ([caller]) => ({ short: `${caller} is not the registry.` }),
  NoRewardToken: ([id]) => ({
    short: `Dataset ${id} has no reward token.`,
    meta: ["Its steward sets one with `cairn dataset update --reward-token`."],
  }),
  RewardTokenAlreadySet: ([id, token]) => ({ short: `Dataset ${id} already pays in ${token}.` }),
  ZeroAmount: () => ({ short: "The amount is zero (after any transfer fee)." }),
  NothingToClaim: ([id, account]) => ({ short: `${account} has nothing to claim in dataset ${id}.` }),
  StakeBonded: ([id, account, availableAt]) =>
    BigInt(availableAt as bigint) === 2n ** 256n - 1n
      ? {
          short: `${account} is still a member of the reviewer pool of dataset ${id}: its stake is bonded.`,
          meta: ["Leave the pool first (`cairn pool leave`); the stake unbonds from then."],
        }
      : {
          short: `${account}'s stake in the reviewer pool of dataset ${id} is unbonding: it can be withdrawn from ${new Date(Number(availableAt) * 1000).toISOString()}.`,
        },
  NotMember: ([id, account]) => ({ short: `${account} is not a member of the reviewer pool of dataset ${id}.` }),
  AlreadyMember: ([id, account]) => ({
    short: `${account} is already a member of the reviewer pool of dataset ${id}.`,
  }),
  PoolNotConfigured: ([id]) => ({
    short: `Dataset ${id} has no reviewer-pool policy.`,
    meta: ["Its steward sets one with `cairn pool configure`."],
  }),
  ReentrancyGuardReentrantCall: () => ({ short: "Re-entrant call refused." }),
  ChallengePeriodNotOver: ([id, contentHash, at]) => ({
    short: `Contribution ${contentHash} in dataset ${id} can be confirmed from ${new Date(Number(at) * 1000).toISOString()}.`,
    meta: ["Until then any curator of the dataset can still reject it."],
  }),
  InsufficientGasForSignatureCheck: ([wallet, left, required]) => ({
    short: `Too little gas to check ${wallet}'s ERC-1271 signature (${left} left, ${required} needed).`,
    meta: ["Send the transaction with a higher gas limit (eth_estimateGas accounts for it)."],
  }),
  InsufficientGasForObserver: ([id, left, required]) => ({
    short: `Too little gas to notify dataset ${id}'s weight observer (${left} left, ${required} needed).`,
    meta: ["Send the transaction with a higher gas limit (eth_estimateGas accounts for it)."],
  }),
  ObserverWithoutCode: ([observer]) => ({ short: `The weight observer ${observer} is not a contract.` }),
  FundingCapExceeded: ([id, funded, amount]) => ({
    short: `Dataset ${id}'s pool holds ${funded}; ${amount} more would pass its cap of 2^128 - 1 units.`,
  }),
  ERC20InsufficientAllowance: ([spender, allowance, needed]) => ({
    short: `Allowance too low: ${spender} may spend ${allowance}, needs ${needed}.`,
    meta: ["Approve the vault first, or fund with a permit."],
  }),
  ERC20InsufficientBalance: ([sender, balance, needed]) => ({ short: `${sender} holds ${balance}, needs ${needed}.` }),
};

/** Describes a decoded custom error in words. */
export function describeContractError(error: DecodedContractError): { shortMessage: string; metaMessages: string[] } {
  const explain = explanations[error.errorName];
  if (!explain)
    return { shortMessage: `The contract refused: ${error.errorName}(${error.args.join(", ")}).`, metaMessages: [] };
  const { short, meta } = explain(error.args);
  return { shortMessage: short, metaMessages: meta ?? [] };
}

/** A transaction or call the contracts refused, with the custom error decoded. */
export class ContractCallError extends BaseError {
  readonly errorName: string;
  readonly args: readonly unknown[];
  constructor(decoded: DecodedContractError, cause?: unknown) {
    const { shortMessage, metaMessages } = describeContractError(decoded);
    super(shortMessage, {
      name: "ContractCallError",
      metaMessages: [...metaMessages, `Contract error: ${decoded.errorName}`],
      cause,
      details: decoded.errorName,
    });
    this.errorName = decoded.errorName;
    this.args = decoded.args;
  }
}

const decodingAbi = [...cairnRegistryAbi, ...rewardVaultAbi, ...reviewerPoolAbi] as const;

/** Decodes ABI-encoded custom-error bytes (as in `ContributionSkipped.reason`), or returns undefined. */
export function decodeContractError(data: Hex): DecodedContractError | undefined {
  try {
    const { errorName, args } = decodeErrorResult({ abi: decodingAbi, data });
    return { errorName, args: args ?? [] };
  } catch {
    return undefined;
  }
}

/**
 * A viem error, told by its shape rather than `instanceof` (viem's classes load with viem, which the SDK imports
 * only when it calls the chain; a caller's own copy of viem has other classes).
 */
export function isViemError(error: unknown): error is ViemBaseError {
  return (
    error instanceof Error &&
    typeof (error as Partial<ViemBaseError>).walk === "function" &&
    typeof (error as Partial<ViemBaseError>).shortMessage === "string"
  );
}

/** viem's `ContractFunctionRevertedError` (by name, see {@link isViemError}). */
export function isRevertedError(error: unknown): error is ContractFunctionRevertedError {
  return error instanceof Error && error.name === "ContractFunctionRevertedError";
}

/** Turns a viem error from a contract call into a {@link ContractCallError} when a custom error is in it. */
export function toCairnError(error: unknown): unknown {
  if (error instanceof BaseError) return error;
  if (isViemError(error)) {
    const reverted = error.walk(isRevertedError) as ContractFunctionRevertedError | null;
    if (reverted?.data?.errorName)
      return new ContractCallError({ errorName: reverted.data.errorName, args: reverted.data.args ?? [] }, error);
    if (reverted?.raw) {
      const decoded = decodeContractError(reverted.raw);
      if (decoded) return new ContractCallError(decoded, error);
    }
    // Some nodes (Hardhat's EDR among them) answer eth_call reverts with an RPC error whose revert data
    // is a `data` field deeper in the chain, or only in the message text.
    const data = revertDataOf(error);
    const decoded = data ? decodeContractError(data) : undefined;
    if (decoded) return new ContractCallError(decoded, error);
  }
  return error;
}

/** The revert data inside an RPC error, wherever the node put it (a `data` field, or only the message text). */
export function revertDataOf(error: unknown): Hex | undefined {
  for (let e: unknown = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    const data = (e as { data?: unknown }).data;
    if (typeof data === "string" && /^0x[0-9a-fA-F]{8,}$/.test(data)) return data as Hex;
    if (data && typeof data === "object" && typeof (data as { data?: unknown }).data === "string") {
      return (data as { data: Hex }).data;
    }
  }
  const match = /return data: (0x[0-9a-fA-F]{8,})/.exec(String((error as Error).message));
  return match ? (match[1] as Hex) : undefined;
}
