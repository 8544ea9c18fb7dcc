import {
  cairnGovernorAbi,
  type GetGovernanceReturnType,
  type GetProposalReturnType,
  type GetVotesReturnType,
  getGovernance,
  getProposal,
  getVotes,
  governedDatasetFactoryAbi,
  listProposals,
  type RecordedProposal,
} from "@cairn/sdk/browser";
import { useQuery } from "@tanstack/react-query";
import type { Address } from "viem";
import { useCairn } from "./cairn.js";

export type GovernedDataset = { datasetId: bigint; governor: Address; timelock: Address; votes: Address };

/** Every dataset the config's GovernedDatasetFactory created (its `GovernedDatasetCreated` events). */
export function useGovernedDatasets() {
  const { client, config } = useCairn();
  return useQuery({
    queryKey: ["governed"],
    enabled: Boolean(config.factory),
    queryFn: async (): Promise<GovernedDataset[]> => {
      const logs = await client.publicClient.getContractEvents({
        address: config.factory as Address,
        abi: governedDatasetFactoryAbi,
        eventName: "GovernedDatasetCreated",
        fromBlock: 0n,
      });
      return logs.map((l) => {
        const a = l.args as GovernedDataset;
        return { datasetId: a.datasetId, governor: a.governor, timelock: a.timelock, votes: a.votes };
      });
    },
  });
}

export type ProposalView = RecordedProposal &
  Pick<GetProposalReturnType, "state" | "votes" | "snapshot" | "deadline" | "quorum" | "eta"> & {
    /** Whether the connected account has voted on it. */
    voted: boolean;
  };

export type GovernanceView = {
  governance: GetGovernanceReturnType;
  /** The connected account's votes and delegate; undefined when no wallet is connected. */
  mine: GetVotesReturnType | undefined;
  /** The governor's clock now (a block number for contribution votes). */
  clock: bigint;
  /** Newest first. */
  proposals: ProposalView[];
};

/**
 * A governed dataset's governance for the Govern page: its contracts and settings, the account's voting
 * power, and every proposal with its state and tally — all read from the chain (the SDK's gov actions).
 */
export function useGovernance(datasetId: bigint, account: Address | undefined) {
  const { client, config } = useCairn();
  return useQuery({
    queryKey: ["governance", datasetId.toString(), account],
    enabled: Boolean(config.factory),
    // Proposals move with blocks (pending → active → passed): an open page follows them.
    refetchInterval: 5_000,
    queryFn: async (): Promise<GovernanceView> => {
      const governance = await getGovernance(client, { factory: config.factory as Address, datasetId });
      const { governor, votes } = governance;
      const [mine, clock, recorded] = await Promise.all([
        account ? getVotes(client, { votes, account }) : undefined,
        client.publicClient.readContract({ address: governor, abi: cairnGovernorAbi, functionName: "clock" }),
        listProposals(client, { governor }),
      ]);
      const proposals = await Promise.all(
        recorded.map(async (p) => {
          const [status, voted] = await Promise.all([
            getProposal(client, { governor, proposalId: p.proposalId, withCalls: false }),
            account
              ? client.publicClient.readContract({
                  address: governor,
                  abi: cairnGovernorAbi,
                  functionName: "hasVoted",
                  args: [p.proposalId, account],
                })
              : false,
          ]);
          const { state, votes: tally, snapshot, deadline, quorum, eta } = status;
          return { ...p, state, votes: tally, snapshot, deadline, quorum, eta, voted };
        }),
      );
      return { governance, mine, clock: BigInt(clock), proposals: proposals.reverse() };
    },
  });
}
