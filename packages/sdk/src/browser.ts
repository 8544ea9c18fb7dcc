/**
 * @cairn/sdk/browser: everything in @cairn/sdk that runs in a browser, sorted by the file that defines it
 * (index.ts re-exports all of it and adds what needs Node). Left out here, because they need Node:
 * hashFile (reads files), createHeliaStore / createKuboStore / createReplicatedStore (an embedded node,
 * kubo-rpc-client), exportDataset (writes a folder) and the deploy actions (tests and dev networks).
 * Modules that can use Node when it is there (node:crypto, worker threads) load it lazily, so bundlers
 * leave only dynamic imports that a browser never runs.
 */
export { cairnGovernorAbi } from "./abis/cairnGovernor.js";
export { cairnRegistryAbi } from "./abis/cairnRegistry.js";
export { contributionVotesAbi } from "./abis/contributionVotes.js";
export { governedDatasetFactoryAbi } from "./abis/governedDatasetFactory.js";
export { modelRegistryAbi } from "./abis/modelRegistry.js";
export { releaseRegistryAbi } from "./abis/releaseRegistry.js";
export { reviewerPoolAbi, reviewerPoolBytecode } from "./abis/reviewerPool.js";
export { rewardVaultAbi } from "./abis/rewardVault.js";
export { testTokenAbi } from "./abis/testToken.js";
export { timelockControllerAbi } from "./abis/timelockController.js";
export {
  type AvailabilityItem,
  type AvailabilityReport,
  type CheckAvailabilityParameters,
  type CopyStatus,
  checkAvailability,
  checkDatasetAvailability,
  type FileAvailability,
  summarize as summarizeAvailability,
} from "./actions/availability/checkAvailability.js";
export {
  type EnsureCopiesParameters,
  type EnsureCopiesReturnType,
  ensureCopies,
} from "./actions/availability/ensureCopies.js";
export {
  type RepairAvailabilityParameters,
  type RepairAvailabilityReturnType,
  repairAvailability,
} from "./actions/availability/repairAvailability.js";
export { exportCar, type ImportCarReturnType, importCar } from "./actions/car/car.js";
export { confirmContributions } from "./actions/contributions/confirmContributions.js";
export {
  type ConfirmDueContributionsParameters,
  type ConfirmDueContributionsReturnType,
  confirmDueContributions,
} from "./actions/contributions/confirmDueContributions.js";
export {
  type ContributeParameters,
  type ContributeReturnType,
  contribute,
  prepareAll,
} from "./actions/contributions/contribute.js";
export { type GetContributionParameters, getContribution } from "./actions/contributions/getContribution.js";
export {
  type ListContributionsParameters,
  type ListContributionsReturnType,
  listContributions,
} from "./actions/contributions/listContributions.js";
export {
  type PrepareContributionParameters,
  prepareContribution,
} from "./actions/contributions/prepareContribution.js";
export {
  getRelayStatus,
  RelayError,
  type RelayErrorType,
  type RelayParameters,
  type RelayReturnType,
  type RelayStatus,
  relay,
  toRelayJson,
  waitForRelayed,
} from "./actions/contributions/relay.js";
export {
  type ContributionSigner,
  type EthersSigner,
  type SignContributionParameters,
  signContribution,
} from "./actions/contributions/signContribution.js";
export {
  type SignedContributionCalldata,
  type SubmitSignedContributionsParameters,
  submitSignedContributions,
  toSignedCalldata,
} from "./actions/contributions/submitSignedContributions.js";
export {
  type TakedownContributionParameters,
  type TakedownContributionReturnType,
  takedownContribution,
} from "./actions/contributions/takedownContribution.js";
export { transferContribution, withdrawContribution } from "./actions/contributions/transferContribution.js";
export { type Review, type ReviewOutcome, review } from "./actions/curation/review.js";
export {
  type CreateDatasetParameters,
  type CreateDatasetReturnType,
  createDataset,
  hashTerms,
} from "./actions/datasets/createDataset.js";
export { type GetDatasetParameters, type GetDatasetReturnType, getDataset } from "./actions/datasets/getDataset.js";
export { getManifest } from "./actions/datasets/getManifest.js";
export {
  type ListDatasetsParameters,
  type ListDatasetsReturnType,
  listDatasets,
} from "./actions/datasets/listDatasets.js";
export { acceptStewardship, type UpdateDatasetParameters, updateDataset } from "./actions/datasets/updateDataset.js";
export {
  type CastVoteErrorType,
  type CastVoteParameters,
  type CastVoteReturnType,
  castVote,
  type VoteSupport,
} from "./actions/gov/castVote.js";
export {
  type CastVoteBySigErrorType,
  type CastVoteBySigParameters,
  type CastVoteBySigReturnType,
  castVoteBySig,
} from "./actions/gov/castVoteBySig.js";
export {
  type CreateGovernedDatasetErrorType,
  type CreateGovernedDatasetParameters,
  type CreateGovernedDatasetReturnType,
  createGovernedDataset,
} from "./actions/gov/createGovernedDataset.js";
export {
  type DelegateErrorType,
  type DelegateParameters,
  type DelegateReturnType,
  delegate,
} from "./actions/gov/delegate.js";
export {
  type DelegateBySigErrorType,
  type DelegateBySigParameters,
  type DelegateBySigReturnType,
  delegateBySig,
} from "./actions/gov/delegateBySig.js";
export {
  type ExecuteErrorType,
  type ExecuteParameters,
  type ExecuteReturnType,
  execute,
} from "./actions/gov/execute.js";
export {
  type GetGovernanceParameters,
  type GetGovernanceReturnType,
  getGovernance,
} from "./actions/gov/getGovernance.js";
export {
  type GetProposalParameters,
  type GetProposalReturnType,
  getProposal,
  type ProposalStateName,
} from "./actions/gov/getProposal.js";
export { type GetVotesParameters, type GetVotesReturnType, getVotes } from "./actions/gov/getVotes.js";
export { governanceCalls, type ProposalCall } from "./actions/gov/governanceCalls.js";
export {
  type ListProposalsParameters,
  type ListProposalsReturnType,
  listProposals,
} from "./actions/gov/listProposals.js";
export {
  type ProposeErrorType,
  type ProposeParameters,
  type ProposeReturnType,
  propose,
} from "./actions/gov/propose.js";
export { type QueueErrorType, type QueueParameters, type QueueReturnType, queue } from "./actions/gov/queue.js";
export {
  delegationTypes,
  type SignDelegationParameters,
  type SignedDelegation,
  signDelegation,
} from "./actions/gov/signDelegation.js";
export {
  ballotTypes,
  extendedBallotTypes,
  type SignedVote,
  type SignVoteParameters,
  signVote,
} from "./actions/gov/signVote.js";
export {
  type ClaimDividendsReturnType,
  claimDividends,
  type DividendEntry,
  type GetDividendsParameters,
  getDividends,
} from "./actions/models/claimDividends.js";
export { getModel, listModels, type Model, type ModelStanding, modelStandings } from "./actions/models/getModel.js";
export {
  type PayDividendParameters,
  type PayDividendReturnType,
  payDividend,
  reviewModel,
} from "./actions/models/payDividend.js";
export {
  type RegisterModelParameters,
  type RegisterModelReturnType,
  registerModel,
} from "./actions/models/registerModel.js";
export {
  type GetParkedDividendsParameters,
  getParkedDividends,
  type WithdrawParkedDividendsParameters,
  type WithdrawParkedDividendsReturnType,
  withdrawParkedDividends,
} from "./actions/models/withdrawParkedDividends.js";
export {
  type ClaimPoolRewardsParameters,
  type ClaimPoolRewardsReturnType,
  claimPoolRewards,
} from "./actions/pools/claimPoolRewards.js";
export {
  type ConfigurePoolParameters,
  type ConfigurePoolReturnType,
  configurePool,
  type PoolPolicy,
} from "./actions/pools/configurePool.js";
export { type GetPoolStatusParameters, getPoolStatus } from "./actions/pools/getPoolStatus.js";
export {
  type GetReviewQueueParameters,
  getReviewQueue,
  type QueuedReview,
} from "./actions/pools/getReviewQueue.js";
export { type JoinPoolParameters, type JoinPoolReturnType, joinPool } from "./actions/pools/joinPool.js";
export { type LeavePoolParameters, type LeavePoolReturnType, leavePool } from "./actions/pools/leavePool.js";
export { seatIndex, seatsOf } from "./actions/pools/seats.js";
export {
  type PoolVote,
  type PoolVoteOutcome,
  type VotePoolParameters,
  votePool,
} from "./actions/pools/votePool.js";
export {
  type WithdrawPoolStakeParameters,
  type WithdrawPoolStakeReturnType,
  withdrawPoolStake,
} from "./actions/pools/withdrawPoolStake.js";
export {
  type CutReleaseParameters,
  type CutReleaseReturnType,
  cutRelease,
  getReleaseFileList,
  type ReleaseFileList,
} from "./actions/releases/cutRelease.js";
export {
  findRelease,
  getRelease,
  type ListReleasesParameters,
  listReleases,
  type Release,
} from "./actions/releases/listReleases.js";
export {
  type InclusionProof,
  type ProveInclusionParameters,
  proveInclusion,
  type VerifyInclusionParameters,
  type VerifyInclusionReturnType,
  verifyInclusion,
} from "./actions/releases/proveInclusion.js";
export { type SnapshotItemsParameters, snapshotItems } from "./actions/releases/snapshot.js";
export {
  buildReleaseTree,
  type LeafStruct,
  type ReleaseItem,
  type ReleaseLeaf,
  type ReleaseTree,
  releaseLeafEncoding,
  releaseLeafHash,
  toLeafStruct,
  verifyLeaf,
} from "./actions/releases/tree.js";
export {
  type VerifyReleaseParameters,
  type VerifyReleaseReturnType,
  verifyRelease,
} from "./actions/releases/verifyRelease.js";
export { type ClaimParameters, claim, getClaimable, getPool, getWeight } from "./actions/rewards/claim.js";
export { type FundParameters, fund, InsufficientBalanceError } from "./actions/rewards/fund.js";
export { profileOf, type VerificationReport, verifyContribution } from "./actions/verify/verifyContribution.js";
export { type ContributionSource, verifyDataset } from "./actions/verify/verifyDataset.js";
export { type CairnClient, type CreateCairnClientParameters, createCairnClient, withClient } from "./client.js";
export { type ContributionMessage, contributionDomain, contributionTypes } from "./eip712.js";
export { BaseError, type BaseErrorParameters, type BaseErrorType } from "./errors/base.js";
export {
  InvalidParameterError,
  MissingStoreError,
  MissingWalletError,
  TransactionRevertedError,
  WrongChainError,
} from "./errors/client.js";
export {
  ContractCallError,
  type DecodedContractError,
  decodeContractError,
  describeContractError,
  toCairnError,
} from "./errors/contract.js";
export {
  GovernanceError,
  ProposalNotReadyError,
  proposalStates,
  toGovernanceError,
} from "./errors/governance.js";
export { ContentSizeMismatchError, FileReadError } from "./errors/hash.js";
export { NothingToWithdrawError } from "./errors/pool.js";
export {
  MissingContractError,
  NotInReleaseError,
  ReleaseMismatchError,
  ReleaseNotFoundError,
} from "./errors/release.js";
export {
  BlockVerificationError,
  CidMismatchError,
  ContentNotFoundError,
  ReadOnlyStoreError,
  ReplicationError,
  StoreRequestError,
} from "./errors/store.js";
export {
  type HashBytesOptions,
  type HashBytesReturnType,
  hashBytes,
} from "./hash/hashBytes.js";
export {
  type ByteSource,
  type HashStreamOptions,
  type HashStreamReturnType,
  hashStream,
  toAsyncIterable,
} from "./hash/hashStream.js";
export {
  type CidProfile,
  type CidProfileOptions,
  cidProfiles,
  defaultCidProfile,
  type ResolvedCidProfile,
  resolveCidProfile,
} from "./hash/profiles.js";
export type { ContentHash, HashOptions, HashProgress } from "./hash/types.js";
export {
  type CreateIndexerClientParameters,
  createIndexerClient,
  type IndexedAccount,
  type IndexedAvailability,
  type IndexedDataset,
  type IndexerClient,
  type IndexerHealth,
  type IndexerListContributionsParameters,
  type IndexerListContributionsReturnType,
} from "./indexer/createIndexerClient.js";
export { IndexerMismatchError, IndexerRequestError } from "./indexer/errors.js";
export { verifyClaimable, verifyIndexedContribution } from "./indexer/verify.js";
export { cairnCreate2Salt, create2Address } from "./internal/deploy.js";
export type { GovernanceSigner, ProposalReference, RecordedProposal } from "./internal/governance.js";
export {
  type DatasetManifest,
  type ItemMetadata,
  itemMetadataSchema,
  manifestSchema,
  type PinningPolicy,
} from "./manifest/schema.js";
export { InvalidDocumentError, validateItemMetadata, validateManifest } from "./manifest/validate.js";
export { deployments, deploymentsByChainId, getKnownNetwork } from "./networks/deployments.js";
export { knownNetworks } from "./networks/known.js";
export { type CairnDeployment, isDeployed, type NetworkFile, parseNetworkFile } from "./networks/networkFile.js";
export {
  ContributionStatusSchema,
  contributionStatuses,
  type TakedownReason,
  TakedownReasonSchema,
  takedownReasonOf,
  takedownReasons,
} from "./schemas/contribution.js";
export {
  MAX_RELAY_SIGNATURE_BYTES,
  type RelayAccepted,
  RelayAcceptedSchema,
  type RelayContribution,
  type RelayContributionParsed,
  RelayContributionSchema,
  type RelayErrorBody,
  RelayErrorBodySchema,
  type RelayErrorCode,
  type RelayRequest,
  RelayRequestSchema,
  type RelayStatusName,
  RelayStatusSchema,
  relayErrorCodes,
  relayStatusNames,
  settledRelayStatusNames,
} from "./schemas/relay.js";
export { type CreateGatewayStoreParameters, createGatewayStore } from "./stores/gateway.js";
export { importerOptions } from "./stores/importer-options.js";
export type { ReadVerifiedOptions, VerifiedRead } from "./stores/local-read.js";
export {
  type CreatePinningServiceStoreParameters,
  createPinningServiceStore,
  type PinningServiceStore,
  type PinState,
  type PinStatus,
} from "./stores/pinningService.js";
export type { ContentSource, ContentStore, GetOptions, PutOptions, PutResult } from "./stores/types.js";
export { catVerified, parseCid, verifyBlock } from "./stores/verify.js";
export type {
  Contribution,
  ContributionOutcome,
  ContributionProgress,
  ContributionStatus,
  PreparedContribution,
  SignedContribution,
} from "./types/contribution.js";
export type { Dataset, DatasetStatus } from "./types/dataset.js";
