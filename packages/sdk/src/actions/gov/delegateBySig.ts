import type { Address, Hash } from "viem";
import { contributionVotesAbi } from "../../abis/contributionVotes.js";
import type { CairnClient } from "../../client.js";
import type { GovernanceError } from "../../errors/governance.js";
import { governanceWrite } from "../../internal/governance.js";
import { type SignedDelegation, splitSignature } from "./signDelegation.js";

export type DelegateBySigParameters = SignedDelegation;
export type DelegateBySigReturnType = { delegator: Address; delegatee: Address; hash: Hash };
export type DelegateBySigErrorType = GovernanceError;

/**
 * Submits a delegation someone signed with {@link signDelegation}: the client's wallet (e.g. a relayer) pays
 * the gas, the signer's weight moves to the delegatee.
 *
 * @example
 * ```ts
 * const signed = await signDelegation(client, contributorAccount, { votes, delegatee });
 * await delegateBySig(relayerClient, signed);
 * ```
 */
export async function delegateBySig(
  client: CairnClient,
  parameters: DelegateBySigParameters,
): Promise<DelegateBySigReturnType> {
  const { v, r, s } = splitSignature(parameters.signature);
  const { hash } = await governanceWrite(client, "Submitting a signed delegation", {
    address: parameters.votes,
    abi: contributionVotesAbi,
    functionName: "delegateBySig",
    args: [parameters.delegatee, parameters.nonce, parameters.expiry, v, r, s],
  });
  return { delegator: parameters.delegator, delegatee: parameters.delegatee, hash };
}
