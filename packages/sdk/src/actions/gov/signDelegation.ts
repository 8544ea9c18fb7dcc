import type { Address, Hex } from "viem";
import { contributionVotesAbi } from "../../abis/contributionVotes.js";
import type { CairnClient } from "../../client.js";
import { InvalidParameterError } from "../../errors/client.js";
import { parseSignature } from "../../internal/evm.js";
import {
  eip712DomainOf,
  type GovernanceSigner,
  governanceRead,
  signerAddress,
  signTyped,
} from "../../internal/governance.js";

/** EIP-712 types of a delegation (OpenZeppelin `Votes.delegateBySig`). */
export const delegationTypes = {
  Delegation: [
    { name: "delegatee", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "expiry", type: "uint256" },
  ],
} as const;

export type SignDelegationParameters = {
  /** The votes contract: `getGovernance(...).votes`. */
  votes: Address;
  /** Who will vote with the signer's weight. */
  delegatee: Address;
  /** Unix seconds after which the signature is void. Default: one day from now (chain time). */
  expiry?: bigint | undefined;
};
/** A signed delegation, for anyone (e.g. a relayer) to submit with `delegateBySig`. */
export type SignedDelegation = {
  votes: Address;
  delegator: Address;
  delegatee: Address;
  nonce: bigint;
  expiry: bigint;
  signature: Hex;
};

/**
 * Signs a delegation (EIP-712) so that a contributor without gas delegates through a relayer, which submits
 * it with {@link delegateBySig}.
 *
 * @example
 * ```ts
 * const signed = await signDelegation(client, privateKeyToAccount(key), { votes, delegatee: trustedMember });
 * await delegateBySig(relayerClient, signed);
 * ```
 */
export async function signDelegation(
  client: CairnClient,
  signer: GovernanceSigner,
  parameters: SignDelegationParameters,
): Promise<SignedDelegation> {
  // Chain time, which a test network may have moved ahead of the wall clock.
  const { timestamp: now } = await client.publicClient.getBlock();
  const expiry = parameters.expiry ?? now + 86_400n;
  if (expiry <= now)
    throw new InvalidParameterError(
      "expiry",
      `${expiry} is in the past (chain time ${now})`,
      "Give Unix seconds in the future.",
    );
  const delegator = await signerAddress(signer);
  const [domain, nonce] = await Promise.all([
    eip712DomainOf(client, parameters.votes),
    governanceRead(
      client.publicClient.readContract({
        address: parameters.votes,
        abi: contributionVotesAbi,
        functionName: "nonces",
        args: [delegator],
      }),
    ),
  ]);
  const message = { delegatee: parameters.delegatee, nonce, expiry };
  const signature = await signTyped(signer, { domain, types: delegationTypes, primaryType: "Delegation", message });
  return { votes: parameters.votes, delegator, delegatee: parameters.delegatee, nonce, expiry, signature };
}

/** The signature's v, r, s, as `delegateBySig` takes them. */
export function splitSignature(signature: Hex): { v: number; r: Hex; s: Hex } {
  const { v, r, s, yParity } = parseSignature(signature);
  return { v: Number(v ?? BigInt(yParity + 27)), r, s };
}
