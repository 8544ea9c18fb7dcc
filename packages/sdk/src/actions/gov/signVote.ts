import type { Address, Hex } from "viem";
import { cairnGovernorAbi } from "../../abis/cairnGovernor.js";
import type { CairnClient } from "../../client.js";
import {
  eip712DomainOf,
  type GovernanceSigner,
  governanceRead,
  signerAddress,
  signTyped,
  supportOf,
  type VoteSupport,
} from "../../internal/governance.js";

/** EIP-712 types of a vote (OpenZeppelin Governor `castVoteBySig`). */
export const ballotTypes = {
  Ballot: [
    { name: "proposalId", type: "uint256" },
    { name: "support", type: "uint8" },
    { name: "voter", type: "address" },
    { name: "nonce", type: "uint256" },
  ],
} as const;

/** EIP-712 types of a vote with a reason (`castVoteWithReasonAndParamsBySig`). */
export const extendedBallotTypes = {
  ExtendedBallot: [
    { name: "proposalId", type: "uint256" },
    { name: "support", type: "uint8" },
    { name: "voter", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "reason", type: "string" },
    { name: "params", type: "bytes" },
  ],
} as const;

export type SignVoteParameters = {
  governor: Address;
  proposalId: bigint;
  support: VoteSupport;
  /** Why; signed with the vote and recorded in the `VoteCast` event. */
  reason?: string | undefined;
};
/** A signed vote, for anyone (e.g. a relayer) to submit with {@link castVoteBySig}. JSON-safe but for bigints. */
export type SignedVote = {
  governor: Address;
  proposalId: bigint;
  support: VoteSupport;
  voter: Address;
  nonce: bigint;
  reason: string | undefined;
  signature: Hex;
};

/**
 * Signs a vote (EIP-712) so that a contributor without gas votes through a relayer, which submits it with
 * {@link castVoteBySig}. The signature counts once: the voter's nonce on the governor moves on.
 *
 * @example
 * ```ts
 * const signed = await signVote(client, privateKeyToAccount(key), { governor, proposalId, support: "for" });
 * await castVoteBySig(relayerClient, signed);
 * ```
 */
export async function signVote(
  client: CairnClient,
  signer: GovernanceSigner,
  parameters: SignVoteParameters,
): Promise<SignedVote> {
  const { governor, proposalId, reason } = parameters;
  const support = supportOf(parameters.support);
  const voter = await signerAddress(signer);
  const [domain, nonce] = await Promise.all([
    eip712DomainOf(client, governor),
    governanceRead(
      client.publicClient.readContract({
        address: governor,
        abi: cairnGovernorAbi,
        functionName: "nonces",
        args: [voter],
      }),
    ),
  ]);
  const signature = reason
    ? await signTyped(signer, {
        domain,
        types: extendedBallotTypes,
        primaryType: "ExtendedBallot",
        message: { proposalId, support, voter, nonce, reason, params: "0x" },
      })
    : await signTyped(signer, {
        domain,
        types: ballotTypes,
        primaryType: "Ballot",
        message: { proposalId, support, voter, nonce },
      });
  return { governor, proposalId, support: parameters.support, voter, nonce, reason: reason || undefined, signature };
}
