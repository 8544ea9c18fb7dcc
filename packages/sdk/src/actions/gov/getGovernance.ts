import type { Address } from "viem";
import { cairnGovernorAbi } from "../../abis/cairnGovernor.js";
import { governedDatasetFactoryAbi } from "../../abis/governedDatasetFactory.js";
import { timelockControllerAbi } from "../../abis/timelockController.js";
import type { CairnClient } from "../../client.js";
import { InvalidParameterError } from "../../errors/client.js";
import { zeroAddress } from "../../internal/evm.js";
import { governanceRead } from "../../internal/governance.js";

export type GetGovernanceParameters =
  | {
      /** The factory that created the dataset. */
      factory: Address;
      datasetId: bigint;
      governor?: undefined;
    }
  | {
      /** A governor: its votes and timelock are read from it (any OpenZeppelin Governor with a timelock). */
      governor: Address;
      factory?: undefined;
      datasetId?: bigint | undefined;
    };
export type GetGovernanceReturnType = {
  datasetId: bigint | undefined;
  votes: Address;
  timelock: Address;
  governor: Address;
  /** Governor name (its EIP-712 domain name). */
  name: string;
  /** Clock units from a proposal to its snapshot. */
  votingDelay: bigint;
  /** Clock units during which votes are cast. */
  votingPeriod: bigint;
  proposalThreshold: bigint;
  /** Quorum, in percent of all votes at the snapshot. */
  quorumFraction: bigint;
  /** Seconds between queueing and execution. */
  timelockDelay: bigint;
  /** The clock (ERC-6372), e.g. `mode=blocknumber&from=default`. */
  clockMode: string;
};

/**
 * The contracts that govern a dataset and their settings: votes, timelock (the steward and treasury) and governor.
 *
 * @example
 * ```ts
 * const { governor, timelock, votes, quorumFraction } = await getGovernance(client, { factory, datasetId: 1n });
 * ```
 */
export async function getGovernance(
  client: CairnClient,
  parameters: GetGovernanceParameters,
): Promise<GetGovernanceReturnType> {
  const read = client.publicClient.readContract;
  let governor = parameters.governor;
  if (!governor) {
    const found = await governanceRead(
      read({
        address: parameters.factory as Address,
        abi: governedDatasetFactoryAbi,
        functionName: "governanceOf",
        args: [parameters.datasetId as bigint],
      }),
    );
    if (found.governor === zeroAddress)
      throw new InvalidParameterError(
        "dataset",
        `dataset ${parameters.datasetId} was not created by the governance factory ${parameters.factory}`,
        "Only datasets created with createGovernedDataset (`cairn gov create`) have a governor there.",
      );
    governor = found.governor;
  }
  const at = { address: governor, abi: cairnGovernorAbi } as const;
  const [name, votes, timelock, votingDelay, votingPeriod, proposalThreshold, quorumFraction, clockMode] =
    await governanceRead(
      Promise.all([
        read({ ...at, functionName: "name" }),
        read({ ...at, functionName: "token" }),
        read({ ...at, functionName: "timelock" }),
        read({ ...at, functionName: "votingDelay" }),
        read({ ...at, functionName: "votingPeriod" }),
        read({ ...at, functionName: "proposalThreshold" }),
        read({ ...at, functionName: "quorumNumerator" }),
        read({ ...at, functionName: "CLOCK_MODE" }),
      ]),
    );
  const timelockDelay = await governanceRead(
    read({ address: timelock, abi: timelockControllerAbi, functionName: "getMinDelay" }),
  );
  return {
    datasetId: parameters.datasetId,
    votes,
    timelock,
    governor,
    name,
    votingDelay,
    votingPeriod,
    proposalThreshold,
    quorumFraction,
    timelockDelay,
    clockMode,
  };
}
