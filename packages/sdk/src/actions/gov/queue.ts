import type { Address, Hash, Hex } from "viem";
import { cairnGovernorAbi } from "../../abis/cairnGovernor.js";
import type { CairnClient } from "../../client.js";
import type { GovernanceError } from "../../errors/governance.js";
import { governanceRead, governanceWrite, type ProposalReference, resolveProposal } from "../../internal/governance.js";

export type QueueParameters = { governor: Address } & ProposalReference;
export type QueueReturnType = {
  proposalId: bigint;
  descriptionHash: Hex;
  /** Unix seconds from which the proposal can be executed. */
  eta: bigint;
  hash: Hash;
};
export type QueueErrorType = GovernanceError;

/**
 * Queues a succeeded proposal in the timelock; it can be executed once the timelock delay has passed (`eta`).
 * Give the calls and the exact description, or only the proposal id (they are read from its event).
 *
 * @example
 * ```ts
 * const { eta } = await queue(client, { governor, proposalId });
 * // or: await queue(client, { governor, calls, description })
 * ```
 */
export async function queue(client: CairnClient, parameters: QueueParameters): Promise<QueueReturnType> {
  const { governor } = parameters;
  const p = await resolveProposal(client, governor, parameters);
  const { hash } = await governanceWrite(client, `Queueing proposal ${p.proposalId}`, {
    address: governor,
    abi: cairnGovernorAbi,
    functionName: "queue",
    args: [p.targets, p.values, p.calldatas, p.descriptionHash],
  });
  const eta = await governanceRead(
    client.publicClient.readContract({
      address: governor,
      abi: cairnGovernorAbi,
      functionName: "proposalEta",
      args: [p.proposalId],
    }),
  );
  return { proposalId: p.proposalId, descriptionHash: p.descriptionHash, eta, hash };
}
