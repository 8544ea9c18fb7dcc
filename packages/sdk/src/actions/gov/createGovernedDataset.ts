import type { Address, Hash, Hex } from "viem";
import { governedDatasetFactoryAbi } from "../../abis/governedDatasetFactory.js";
import type { CairnClient } from "../../client.js";
import { InvalidParameterError } from "../../errors/client.js";
import type { GovernanceError } from "../../errors/governance.js";
import { cidToHex } from "../../internal/cid.js";
import { type DatasetDocuments, requireDatasetDocuments } from "../../internal/datasetDocuments.js";
import { loadViem, zeroAddress } from "../../internal/evm.js";
import { governanceWrite } from "../../internal/governance.js";

export type CreateGovernedDatasetParameters = DatasetDocuments & {
  /** The GovernedDatasetFactory address. */
  factory: Address;
  curators?: Address[] | undefined;
  /** Curator votes to decide; 0 accepts every contribution at `defaultScore`. Defaults to 1 if curators are given, else 0. */
  quorum?: number | undefined;
  defaultScore?: number | undefined;
  rewardToken?: Address | undefined;
  /** Governor name, also the EIP-712 domain name of signed votes. Default: the manifest's name + " governor". */
  name?: string | undefined;
  /** Another IVotes (IERC5805) token whose holders govern; default: the contributors' accepted weight (ContributionVotes). */
  votes?: Address | undefined;
  /** Clock units (blocks for contribution votes) from a proposal to its snapshot. Default 1. */
  votingDelay?: number | undefined;
  /** Clock units during which votes are cast. Default 50,400 (about a week of 12 s blocks). */
  votingPeriod?: number | undefined;
  /** Votes needed to propose (accepted weight for contribution votes). Default 1. */
  proposalThreshold?: bigint | undefined;
  /** Quorum in percent of all votes at the snapshot. Default 10. */
  quorumFraction?: number | undefined;
  /** Seconds between queueing a passed proposal and executing it. Default 2 days. */
  timelockDelay?: bigint | undefined;
  /** Whether anyone may execute a ready proposal (default true), or only the governor. */
  openExecution?: boolean | undefined;
};
export type CreateGovernedDatasetReturnType = {
  datasetId: bigint;
  votes: Address;
  timelock: Address;
  governor: Address;
  manifestCid: string;
  termsHash: Hex;
  hash: Hash;
};
export type CreateGovernedDatasetErrorType = GovernanceError | InvalidParameterError;

/**
 * Creates, in one transaction, a dataset governed by its contributors: its votes (accepted contribution weight,
 * unless another IVotes token is given), a TimelockController that is its steward and treasury, and a Governor
 * whose passed proposals the timelock executes. The manifest is validated and stored as in `createDataset`.
 *
 * @example
 * ```ts
 * const { datasetId, governor, timelock } = await createGovernedDataset(client, {
 *   factory,
 *   manifest: { schema: "cairn.manifest/1", name: "Methali", description: "Swahili proverbs", language: "sw",
 *     license: "CC-BY-4.0", items: { kind: "text" }, guidelines: "One proverb per file.", terms: "I wrote or may share this." },
 *   curators: [alice, bob], quorum: 2, rewardToken: token,
 *   votingPeriod: 50_400, quorumFraction: 10, timelockDelay: 2n * 86_400n,
 * });
 * ```
 */
export async function createGovernedDataset(
  client: CairnClient,
  parameters: CreateGovernedDatasetParameters,
): Promise<CreateGovernedDatasetReturnType> {
  const action = "Creating a governed dataset";
  const { manifestCid, termsHash } = await requireDatasetDocuments(client, action, parameters);
  const curators = parameters.curators ?? [];
  const quorum = parameters.quorum ?? (curators.length > 0 ? 1 : 0);
  const quorumFraction = parameters.quorumFraction ?? 10;
  if (!Number.isInteger(quorumFraction) || quorumFraction < 0 || quorumFraction > 100)
    throw new InvalidParameterError("quorumFraction", `${quorumFraction} is not a percentage from 0 to 100`);
  const votingPeriod = parameters.votingPeriod ?? 50_400;
  if (!Number.isInteger(votingPeriod) || votingPeriod < 1 || votingPeriod > 2 ** 32 - 1)
    throw new InvalidParameterError(
      "votingPeriod",
      `${votingPeriod} must be a whole number of clock units, at least 1`,
    );
  const votingDelay = parameters.votingDelay ?? 1;
  if (!Number.isInteger(votingDelay) || votingDelay < 0 || votingDelay > 2 ** 48 - 1)
    throw new InvalidParameterError("votingDelay", `${votingDelay} must be a whole number of clock units`);
  const name = parameters.name ?? `${parameters.manifest?.name ?? "Cairn dataset"} governor`;

  const { hash, receipt } = await governanceWrite(client, action, {
    address: parameters.factory,
    abi: governedDatasetFactoryAbi,
    functionName: "createGovernedDataset",
    args: [
      {
        steward: zeroAddress, // replaced by the timelock
        manifestCid: cidToHex(manifestCid),
        termsHash,
        curators,
        quorum,
        defaultScore: parameters.defaultScore ?? 50,
        rewardToken: parameters.rewardToken ?? zeroAddress,
        weightObserver: zeroAddress, // replaced by the votes the factory deploys
      },
      {
        name,
        votes: parameters.votes ?? zeroAddress,
        votingDelay,
        votingPeriod,
        proposalThreshold: parameters.proposalThreshold ?? 1n,
        quorumNumerator: BigInt(quorumFraction),
        timelockDelay: parameters.timelockDelay ?? 2n * 86_400n,
        openExecution: parameters.openExecution ?? true,
      },
    ],
  });
  const [created] = (await loadViem()).parseEventLogs({
    abi: governedDatasetFactoryAbi,
    logs: receipt.logs,
    eventName: "GovernedDatasetCreated",
  });
  if (!created) throw new InvalidParameterError("factory", `${parameters.factory} emitted no GovernedDatasetCreated`);
  const { datasetId, votes, timelock, governor } = created.args;
  return { datasetId, votes, timelock, governor, manifestCid, termsHash, hash };
}
