import type { Address, Hex } from "viem";
import { cairnGovernorAbi } from "../../abis/cairnGovernor.js";
import type { CairnClient } from "../../client.js";
import { type ProposalStateName, proposalStates } from "../../errors/governance.js";
import {
  descriptionHashOf,
  governanceRead,
  type RecordedProposal,
  recordedProposals,
} from "../../internal/governance.js";

export type { ProposalStateName };
export type GetProposalParameters = {
  governor: Address;
  proposalId: bigint;
  /** Also read the calls, description and proposer from the proposal's event (a log query). Default true. */
  withCalls?: boolean | undefined;
};
export type GetProposalReturnType = {
  proposalId: bigint;
  state: ProposalStateName;
  votes: { for: bigint; against: bigint; abstain: bigint };
  /** The clock value (block number for contribution votes) at which votes are counted. */
  snapshot: bigint;
  /** The last clock value at which votes are cast. */
  deadline: bigint;
  /** Votes (for + abstain) needed for the proposal to pass. */
  quorum: bigint;
  /** Unix seconds from which a queued proposal can be executed; 0 until queued. */
  eta: bigint;
  proposer: Address;
  calls: RecordedProposal["calls"] | undefined;
  description: string | undefined;
  descriptionHash: Hex | undefined;
};

/**
 * A proposal's state (as a word), its votes for, against and abstaining, its snapshot, deadline, quorum and eta.
 *
 * @example
 * ```ts
 * const { state, votes, deadline } = await getProposal(client, { governor, proposalId });
 * if (state === "succeeded") await queue(client, { governor, proposalId });
 * ```
 */
export async function getProposal(
  client: CairnClient,
  parameters: GetProposalParameters,
): Promise<GetProposalReturnType> {
  const { governor, proposalId } = parameters;
  const at = { address: governor, abi: cairnGovernorAbi } as const;
  const read = client.publicClient.readContract;
  const [state, [against, forVotes, abstain], snapshot, deadline, eta, proposer] = await governanceRead(
    Promise.all([
      read({ ...at, functionName: "state", args: [proposalId] }),
      read({ ...at, functionName: "proposalVotes", args: [proposalId] }),
      read({ ...at, functionName: "proposalSnapshot", args: [proposalId] }),
      read({ ...at, functionName: "proposalDeadline", args: [proposalId] }),
      read({ ...at, functionName: "proposalEta", args: [proposalId] }),
      read({ ...at, functionName: "proposalProposer", args: [proposalId] }),
    ]),
  );
  const [clock, recorded] = await Promise.all([
    governanceRead(read({ ...at, functionName: "clock" })),
    parameters.withCalls === false ? [] : recordedProposals(client, governor, proposalId),
  ]);
  // The quorum is known once the snapshot is in the past.
  const quorum =
    snapshot < clock ? await governanceRead(read({ ...at, functionName: "quorum", args: [snapshot] })) : 0n;
  const found = recorded[0];
  return {
    proposalId,
    state: proposalStates[state] ?? (String(state) as ProposalStateName),
    votes: { for: forVotes, against, abstain },
    snapshot,
    deadline,
    quorum,
    eta,
    proposer,
    calls: found?.calls,
    description: found?.description,
    descriptionHash: found ? descriptionHashOf(found.description) : undefined,
  };
}
