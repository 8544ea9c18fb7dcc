import type { Address, Hash } from "viem";
import { contributionVotesAbi } from "../../abis/contributionVotes.js";
import type { CairnClient } from "../../client.js";
import type { GovernanceError } from "../../errors/governance.js";
import { governanceWrite } from "../../internal/governance.js";
import { walletAddress } from "../../internal/write.js";

export type DelegateParameters = {
  /** The votes contract (ContributionVotes or any IVotes token): `getGovernance(...).votes`. */
  votes: Address;
  /** Who votes with the wallet's weight; itself by default. address(0) opts out for good of automatic self-delegation. */
  delegatee?: Address | undefined;
};
export type DelegateReturnType = { delegatee: Address; hash: Hash };
export type DelegateErrorType = GovernanceError;

/**
 * Delegates the wallet's voting power. Contributors are delegated to themselves when first credited, so most
 * never need this; it moves their weight to someone who votes for them, or back to themselves.
 *
 * @example
 * ```ts
 * const { votes } = await getGovernance(client, { factory, datasetId });
 * await delegate(client, { votes, delegatee: trustedMember });
 * ```
 */
export async function delegate(client: CairnClient, parameters: DelegateParameters): Promise<DelegateReturnType> {
  const action = "Delegating votes";
  const delegatee = parameters.delegatee ?? walletAddress(client, action);
  const { hash } = await governanceWrite(client, action, {
    address: parameters.votes,
    abi: contributionVotesAbi,
    functionName: "delegate",
    args: [delegatee],
  });
  return { delegatee, hash };
}
