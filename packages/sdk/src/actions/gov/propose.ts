import type { Address, Hash, Hex } from "viem";
import { cairnGovernorAbi } from "../../abis/cairnGovernor.js";
import type { CairnClient } from "../../client.js";
import { InvalidParameterError } from "../../errors/client.js";
import type { GovernanceError } from "../../errors/governance.js";
import { loadViem } from "../../internal/evm.js";
import { governanceWrite, type ProposalCall, resolveProposal } from "../../internal/governance.js";

export type ProposeParameters = {
  /** The governor: `getGovernance(...).governor`. */
  governor: Address;
  /** What the timelock does if the proposal passes, e.g. built with `governanceCalls`. */
  calls: readonly ProposalCall[];
  /** What the proposal is and why; part of its identity (queue and execute need the exact text). */
  description: string;
};
export type ProposeReturnType = {
  proposalId: bigint;
  descriptionHash: Hex;
  /** Clock units (block numbers for contribution votes) when voting opens and closes. */
  voteStart: bigint;
  voteEnd: bigint;
  hash: Hash;
};
export type ProposeErrorType = GovernanceError | InvalidParameterError;

/**
 * Proposes calls for the dataset's timelock to make. The wallet needs the governor's proposal threshold in votes.
 *
 * @example
 * ```ts
 * const { governor } = await getGovernance(client, { factory, datasetId });
 * const { proposalId } = await propose(client, {
 *   governor,
 *   calls: [governanceCalls.addCurator(client, datasetId, dave)],
 *   description: "Add Dave as a curator: he reviewed 300 clips last month",
 * });
 * ```
 */
export async function propose(client: CairnClient, parameters: ProposeParameters): Promise<ProposeReturnType> {
  if (parameters.calls.length === 0) throw new InvalidParameterError("calls", "a proposal makes at least one call");
  if (!parameters.description.trim()) throw new InvalidParameterError("description", "say what the proposal does");
  const p = await resolveProposal(client, parameters.governor, {
    calls: parameters.calls,
    description: parameters.description,
  });
  const { hash, receipt } = await governanceWrite(client, "Proposing", {
    address: parameters.governor,
    abi: cairnGovernorAbi,
    functionName: "propose",
    args: [p.targets, p.values, p.calldatas, p.description],
  });
  const [created] = (await loadViem()).parseEventLogs({
    abi: cairnGovernorAbi,
    logs: receipt.logs,
    eventName: "ProposalCreated",
  });
  return {
    proposalId: created?.args.proposalId ?? p.proposalId,
    descriptionHash: p.descriptionHash,
    voteStart: created?.args.voteStart ?? 0n,
    voteEnd: created?.args.voteEnd ?? 0n,
    hash,
  };
}
