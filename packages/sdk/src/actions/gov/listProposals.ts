import type { Address } from "viem";
import type { CairnClient } from "../../client.js";
import { type RecordedProposal, recordedProposals } from "../../internal/governance.js";

export type ListProposalsParameters = { governor: Address };
export type ListProposalsReturnType = RecordedProposal[];

/**
 * Every proposal made on a governor, oldest first, with its calls and description (from its `ProposalCreated`
 * event); read each one's state with `getProposal`.
 *
 * @example
 * ```ts
 * for (const p of await listProposals(client, { governor })) console.log(p.proposalId, p.description);
 * ```
 */
export async function listProposals(
  client: CairnClient,
  parameters: ListProposalsParameters,
): Promise<ListProposalsReturnType> {
  return recordedProposals(client, parameters.governor);
}
