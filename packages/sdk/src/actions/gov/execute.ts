import type { Address, Hash, Hex } from "viem";
import { cairnGovernorAbi } from "../../abis/cairnGovernor.js";
import type { CairnClient } from "../../client.js";
import { type GovernanceError, ProposalNotReadyError, proposalStates } from "../../errors/governance.js";
import { governanceRead, governanceWrite, type ProposalReference, resolveProposal } from "../../internal/governance.js";

export type ExecuteParameters = { governor: Address } & ProposalReference;
export type ExecuteReturnType = { proposalId: bigint; descriptionHash: Hex; hash: Hash };
export type ExecuteErrorType = GovernanceError | ProposalNotReadyError;

/**
 * Executes a queued proposal once its timelock delay has passed: the timelock makes the proposal's calls.
 * Before its eta this throws {@link ProposalNotReadyError}, saying when it will be ready. The description hash
 * is computed from the description; give the calls and the exact description, or only the proposal id.
 *
 * @example
 * ```ts
 * await execute(client, { governor, proposalId });
 * ```
 */
export async function execute(client: CairnClient, parameters: ExecuteParameters): Promise<ExecuteReturnType> {
  const { governor } = parameters;
  const p = await resolveProposal(client, governor, parameters);
  const at = { address: governor, abi: cairnGovernorAbi } as const;
  const [state, eta, block] = await governanceRead(
    Promise.all([
      client.publicClient.readContract({ ...at, functionName: "state", args: [p.proposalId] }).catch(() => undefined),
      client.publicClient.readContract({ ...at, functionName: "proposalEta", args: [p.proposalId] }),
      client.publicClient.getBlock(),
    ]),
  );
  // The next block's timestamp is at least one more than the latest one's.
  if (state !== undefined && proposalStates[state] === "queued" && eta > block.timestamp + 1n)
    throw new ProposalNotReadyError(p.proposalId, eta, block.timestamp);
  const { hash } = await governanceWrite(client, `Executing proposal ${p.proposalId}`, {
    ...at,
    functionName: "execute",
    args: [p.targets, p.values, p.calldatas, p.descriptionHash],
  });
  return { proposalId: p.proposalId, descriptionHash: p.descriptionHash, hash };
}
