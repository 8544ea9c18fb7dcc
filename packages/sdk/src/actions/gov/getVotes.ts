import type { Address } from "viem";
import { contributionVotesAbi } from "../../abis/contributionVotes.js";
import type { CairnClient } from "../../client.js";
import { governanceRead } from "../../internal/governance.js";

export type GetVotesParameters = {
  /** The votes contract: `getGovernance(...).votes`. */
  votes: Address;
  account: Address;
  /** A past timepoint (block number for contribution votes): the votes then. Default: now. */
  timepoint?: bigint | undefined;
};
export type GetVotesReturnType = {
  /** Voting power of `account` (its own weight if self-delegated, plus what others delegated to it). */
  votes: bigint;
  /** Whom `account` delegates to (address(0): nobody yet). */
  delegate: Address;
  /** All votes (accepted weight in the dataset, for contribution votes) at the last block, or at `timepoint`. */
  totalSupply: bigint;
};

/**
 * An account's voting power, its delegate, and the total votes.
 *
 * @example
 * ```ts
 * const { votes: power, delegate } = await getVotes(client, { votes, account: alice });
 * ```
 */
export async function getVotes(client: CairnClient, parameters: GetVotesParameters): Promise<GetVotesReturnType> {
  const at = { address: parameters.votes, abi: contributionVotesAbi } as const;
  const read = client.publicClient.readContract;
  const { account, timepoint } = parameters;
  const [votes, delegate, totalSupply] = await governanceRead(
    Promise.all([
      timepoint === undefined
        ? read({ ...at, functionName: "getVotes", args: [account] })
        : read({ ...at, functionName: "getPastVotes", args: [account, timepoint] }),
      read({ ...at, functionName: "delegates", args: [account] }),
      timepoint === undefined
        ? read({ ...at, functionName: "clock" }).then((clock) =>
            clock > 0 ? read({ ...at, functionName: "getPastTotalSupply", args: [BigInt(clock) - 1n] }) : 0n,
          )
        : read({ ...at, functionName: "getPastTotalSupply", args: [timepoint] }),
    ]),
  );
  return { votes, delegate, totalSupply };
}
