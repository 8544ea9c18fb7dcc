import type { Address, Hash } from "viem";
import { cairnGovernorAbi } from "../../abis/cairnGovernor.js";
import type { CairnClient } from "../../client.js";
import type { GovernanceError } from "../../errors/governance.js";
import { loadViem } from "../../internal/evm.js";
import { governanceWrite, supportOf, type VoteSupport } from "../../internal/governance.js";

export type { VoteSupport };
export type CastVoteParameters = {
  governor: Address;
  proposalId: bigint;
  support: VoteSupport;
  /** Why, recorded in the `VoteCast` event. */
  reason?: string | undefined;
};
export type CastVoteReturnType = { voter: Address; support: VoteSupport; weight: bigint; hash: Hash };
export type CastVoteErrorType = GovernanceError;

/**
 * Votes for, against or abstaining on an active proposal, with the wallet's votes at the proposal's snapshot.
 *
 * @example
 * ```ts
 * const { weight } = await castVote(client, { governor, proposalId, support: "for", reason: "Dave reviews well" });
 * ```
 */
export async function castVote(client: CairnClient, parameters: CastVoteParameters): Promise<CastVoteReturnType> {
  const { governor, proposalId, reason } = parameters;
  const support = supportOf(parameters.support);
  const { hash, receipt } = reason
    ? await governanceWrite(client, "Voting", {
        address: governor,
        abi: cairnGovernorAbi,
        functionName: "castVoteWithReason",
        args: [proposalId, support, reason],
      })
    : await governanceWrite(client, "Voting", {
        address: governor,
        abi: cairnGovernorAbi,
        functionName: "castVote",
        args: [proposalId, support],
      });
  const [cast] = (await loadViem()).parseEventLogs({
    abi: cairnGovernorAbi,
    logs: receipt.logs,
    eventName: "VoteCast",
  });
  return {
    voter: cast?.args.voter as Address,
    support: parameters.support,
    weight: cast?.args.weight ?? 0n,
    hash,
  };
}
