import type { Address, Hash } from "viem";
import { cairnGovernorAbi } from "../../abis/cairnGovernor.js";
import type { CairnClient } from "../../client.js";
import type { GovernanceError } from "../../errors/governance.js";
import { loadViem } from "../../internal/evm.js";
import { governanceWrite, supportOf, type VoteSupport } from "../../internal/governance.js";
import type { SignedVote } from "./signVote.js";

export type CastVoteBySigParameters = SignedVote;
export type CastVoteBySigReturnType = { voter: Address; support: VoteSupport; weight: bigint; hash: Hash };
export type CastVoteBySigErrorType = GovernanceError;

/**
 * Submits a vote someone signed with {@link signVote}: the client's wallet (e.g. a relayer) pays the gas, the
 * vote counts with the voter's weight.
 *
 * @example
 * ```ts
 * const signed = await signVote(client, contributorAccount, { governor, proposalId, support: "against" });
 * const { weight } = await castVoteBySig(relayerClient, signed);
 * ```
 */
export async function castVoteBySig(
  client: CairnClient,
  parameters: CastVoteBySigParameters,
): Promise<CastVoteBySigReturnType> {
  const { governor, proposalId, voter, reason, signature } = parameters;
  const support = supportOf(parameters.support);
  const action = "Submitting a signed vote";
  const { hash, receipt } = reason
    ? await governanceWrite(client, action, {
        address: governor,
        abi: cairnGovernorAbi,
        functionName: "castVoteWithReasonAndParamsBySig",
        args: [proposalId, support, voter, reason, "0x", signature],
      })
    : await governanceWrite(client, action, {
        address: governor,
        abi: cairnGovernorAbi,
        functionName: "castVoteBySig",
        args: [proposalId, support, voter, signature],
      });
  const [cast] = (await loadViem()).parseEventLogs({
    abi: cairnGovernorAbi,
    logs: receipt.logs,
    eventName: "VoteCast",
  });
  return { voter, support: parameters.support, weight: cast?.args.weight ?? 0n, hash };
}
