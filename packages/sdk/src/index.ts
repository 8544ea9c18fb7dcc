/**
 * @cairn/sdk: hash, store on IPFS, sign, submit, review, fund, claim, verify and export community datasets.
 * Everything that also runs in a browser is exported by `./browser.ts` (the `@cairn/sdk/browser` entry);
 * this file adds what needs Node: reading files, embedded and Kubo stores, export folders, deployment.
 */

export { type DeployCairnReturnType, deployCairn, deployTestToken } from "./actions/deploy/deployCairn.js";
export {
  type DeployGovernanceParameters,
  type DeployGovernanceReturnType,
  deployGovernance,
} from "./actions/deploy/deployGovernance.js";
export { type DeployReleasesReturnType, deployReleases } from "./actions/deploy/deployReleases.js";
export {
  type DeployReviewerPoolReturnType,
  deployReviewerPool,
} from "./actions/deploy/deployReviewerPool.js";
export {
  type ExportFormat,
  type ExportReleaseParameters,
  type ExportReleaseReturnType,
  exportRelease,
} from "./actions/export/exportRelease.js";
export { type ExportDatasetParameters, exportDataset, type ProvenanceRecord } from "./actions/verify/exportDataset.js";
export * from "./browser.js";
export {
  type HashFileErrorType,
  type HashFileOptions,
  type HashFileReturnType,
  hashFile,
} from "./hash/hashFile.js";
export { type CreateHeliaStoreParameters, createHeliaStore, type HeliaStore } from "./stores/helia.js";
export { type CreateKuboStoreParameters, createKuboStore, type KuboStore } from "./stores/kubo.js";
export { createReplicatedStore, type ReplicateParameters, replicate } from "./stores/replicated.js";
