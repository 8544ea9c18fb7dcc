import type { ContractFunctionRevertedError, Hex } from "viem";
import { cairnGovernorAbi } from "../abis/cairnGovernor.js";
import { contributionVotesAbi } from "../abis/contributionVotes.js";
import { governedDatasetFactoryAbi } from "../abis/governedDatasetFactory.js";
import { timelockControllerAbi } from "../abis/timelockController.js";
import { decodeErrorResult } from "../internal/evm.js";
import { BaseError } from "./base.js";
import { ContractCallError, isRevertedError, isViemError, revertDataOf } from "./contract.js";

/** `IGovernor.ProposalState`, as words, in the enum's order. */
export const proposalStates = [
  "pending",
  "active",
  "canceled",
  "defeated",
  "succeeded",
  "queued",
  "expired",
  "executed",
] as const;
export type ProposalStateName = (typeof proposalStates)[number];

/** `TimelockController.OperationState`, as words. */
const operationStates = ["unset", "waiting", "ready", "done"] as const;

/** The states a bitmap of `bytes32(1 << state)` names (OpenZeppelin's `_encodeStateBitmap`). */
function statesOf(bitmap: unknown, names: readonly string[]): string {
  const bits = BigInt(bitmap as bigint);
  const set = names.filter((_, i) => (bits >> BigInt(i)) & 1n);
  return set.length ? set.join(" or ") : "none";
}

const explanations: Record<string, (args: readonly unknown[]) => { short: string; meta?: string[] }> = {
  GovernorUnexpectedProposalState: ([id, current, expected]) => ({
    short: `Proposal ${id} is ${proposalStates[Number(current)] ?? current}; this needs it ${statesOf(expected, proposalStates)}.`,
    meta: [
      "Votes are cast while a proposal is active; a succeeded proposal is queued; a queued one is executed once its timelock delay has passed.",
    ],
  }),
  GovernorNonexistentProposal: ([id]) => ({
    short: `No proposal ${id} on this governor.`,
    meta: ["The proposal id comes from its calls and the exact description: check both."],
  }),
  GovernorInsufficientProposerVotes: ([proposer, votes, threshold]) => ({
    short: `${proposer} has ${votes} votes; proposing needs ${threshold}.`,
    meta: ["Votes are accepted contribution weight delegated to you, counted one block back."],
  }),
  GovernorAlreadyCastVote: ([voter]) => ({ short: `${voter} has already voted on this proposal.` }),
  GovernorInvalidVoteType: () => ({ short: "Invalid vote: use for, against or abstain." }),
  GovernorInvalidSignature: ([voter]) => ({
    short: `The vote signature is not ${voter}'s for this proposal, governor, chain and nonce.`,
    meta: ["Sign the vote again (a signature counts once: the voter's nonce moves on)."],
  }),
  GovernorInvalidProposalLength: ([targets, calldatas, values]) => ({
    short: `A proposal needs as many targets (${targets}), calldatas (${calldatas}) and values (${values}), and at least one.`,
  }),
  GovernorAlreadyQueuedProposal: ([id]) => ({ short: `Proposal ${id} is already queued.` }),
  GovernorNotQueuedProposal: ([id]) => ({ short: `Proposal ${id} is not queued.` }),
  GovernorQueueNotImplemented: () => ({ short: "This governor has no timelock to queue in." }),
  GovernorOnlyExecutor: ([account]) => ({ short: `${account} is not the governor's executor.` }),
  GovernorRestrictedProposer: ([proposer]) => ({ short: `${proposer} may not make this proposal.` }),
  GovernorDisabledDeposit: () => ({ short: "The governor takes no ether: send it to the timelock (the treasury)." }),
  GovernorInvalidQuorumFraction: ([numerator, denominator]) => ({
    short: `A quorum of ${numerator}/${denominator} is impossible: give a percentage from 0 to 100.`,
  }),
  GovernorInvalidVotingPeriod: ([period]) => ({ short: `Voting period ${period} is invalid: it must be at least 1.` }),
  TimelockUnexpectedOperationState: ([operationId, expected]) => ({
    short: `The timelock operation is not ${statesOf(expected, operationStates)} yet (operation ${operationId}).`,
    meta: [
      "A queued proposal can be executed only once its timelock delay has passed: wait until its eta, then execute.",
    ],
  }),
  TimelockInsufficientDelay: ([delay, minDelay]) => ({
    short: `Timelock delay ${delay} is below the minimum ${minDelay}.`,
  }),
  TimelockUnexecutedPredecessor: ([predecessor]) => ({ short: `Operation ${predecessor} must be executed first.` }),
  TimelockUnauthorizedCaller: ([caller]) => ({ short: `${caller} may not call the timelock directly.` }),
  FailedCall: () => ({
    short: "A call of the proposal failed when the timelock executed it.",
    meta: ["Check that the timelock is still the dataset's steward and that each call is valid now."],
  }),
  AccessControlUnauthorizedAccount: ([account, role]) => ({ short: `${account} lacks the role ${role}.` }),
  VotesExpiredSignature: ([expiry]) => ({
    short: `The delegation signature expired at ${new Date(Number(expiry) * 1000).toISOString()}.`,
    meta: ["Sign the delegation again with a later expiry."],
  }),
  InvalidAccountNonce: ([account, nonce]) => ({
    short: `Wrong nonce for ${account}: the current one is ${nonce}.`,
    meta: ["Sign again with the current nonce (each signature counts once)."],
  }),
  ERC5805FutureLookup: ([timepoint, clock]) => ({
    short: `Votes at ${timepoint} are not known yet (now ${clock}): votes are read at past blocks.`,
  }),
  DatasetIdMismatch: ([expected, actual]) => ({
    short: `The registry gave id ${actual} instead of ${expected}: another dataset was created in the same block. Try again.`,
  }),
};

/** A governance call (governor, timelock, votes, factory) the contracts refused, with the custom error decoded and explained. */
export class GovernanceError extends BaseError {
  readonly errorName: string;
  readonly args: readonly unknown[];
  constructor(decoded: { errorName: string; args: readonly unknown[] }, cause?: unknown, extra: string[] = []) {
    const explain = explanations[decoded.errorName];
    const { short, meta } = explain
      ? explain(decoded.args)
      : { short: `The contract refused: ${decoded.errorName}(${decoded.args.join(", ")}).`, meta: [] };
    super(short, {
      name: "GovernanceError",
      metaMessages: [...(meta ?? []), ...extra, `Contract error: ${decoded.errorName}`],
      cause,
      details: decoded.errorName,
    });
    this.errorName = decoded.errorName;
    this.args = decoded.args;
  }
}

/** A queued proposal whose timelock delay has not passed yet. */
export class ProposalNotReadyError extends BaseError {
  readonly proposalId: bigint;
  readonly eta: bigint;
  constructor(proposalId: bigint, eta: bigint, now: bigint) {
    super(
      `Proposal ${proposalId} is queued but not ready: it can be executed from ${new Date(Number(eta) * 1000).toISOString()} (in ${eta - now} s).`,
      {
        name: "ProposalNotReadyError",
        metaMessages: ["The timelock delay gives everyone time to react before a passed proposal takes effect."],
      },
    );
    this.proposalId = proposalId;
    this.eta = eta;
  }
}

const governanceAbi = [
  ...cairnGovernorAbi,
  ...timelockControllerAbi,
  ...contributionVotesAbi,
  ...governedDatasetFactoryAbi,
] as const;

function decode(data: Hex): { errorName: string; args: readonly unknown[] } | undefined {
  try {
    const { errorName, args } = decodeErrorResult({ abi: governanceAbi, data });
    return { errorName, args: args ?? [] };
  } catch {
    return undefined;
  }
}

/**
 * Turns an error from a governance call into a {@link GovernanceError} when a governor, timelock, votes or
 * factory custom error is in it (also when the governor relays the timelock's error); registry and vault
 * errors stay {@link ContractCallError}s; anything else is returned as it is.
 */
export function toGovernanceError(error: unknown): unknown {
  if (error instanceof GovernanceError || error instanceof ProposalNotReadyError) return error;
  if (error instanceof ContractCallError) {
    return explanations[error.errorName] ? new GovernanceError(error, error.cause ?? error) : error;
  }
  if (error instanceof Error) {
    const reverted = isViemError(error) ? (error.walk(isRevertedError) as ContractFunctionRevertedError | null) : null;
    if (reverted?.data?.errorName && explanations[reverted.data.errorName])
      return new GovernanceError({ errorName: reverted.data.errorName, args: reverted.data.args ?? [] }, error);
    const data = reverted?.raw ?? revertDataOf(error);
    const decoded = data ? decode(data) : undefined;
    if (decoded) return new GovernanceError(decoded, error);
  }
  return error;
}
