// errors
export { BaseError, type BaseErrorParameters, type BaseErrorType } from "./errors/base.js";
export { ContentSizeMismatchError, FileReadError } from "./errors/hash.js";
export {
  BlockVerificationError,
  CidMismatchError,
  ContentNotFoundError,
  ReadOnlyStoreError,
  ReplicationError,
  StoreRequestError,
} from "./errors/store.js";
// hash
export {
  type HashBytesOptions,
  type HashBytesReturnType,
  hashBytes,
} from "./hash/hashBytes.js";
export {
  type HashFileErrorType,
  type HashFileOptions,
  type HashFileReturnType,
  hashFile,
} from "./hash/hashFile.js";
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
// stores
export { type CreateGatewayStoreParameters, createGatewayStore } from "./stores/gateway.js";
export { type CreateHeliaStoreParameters, createHeliaStore, type HeliaStore } from "./stores/helia.js";
export { importerOptions } from "./stores/importer-options.js";
export { type CreateKuboStoreParameters, createKuboStore, type KuboStore } from "./stores/kubo.js";
export { createReplicatedStore, type ReplicateParameters, replicate } from "./stores/replicated.js";
export type { ContentSource, ContentStore, GetOptions, PutOptions, PutResult } from "./stores/types.js";
export { catVerified, parseCid, verifyBlock } from "./stores/verify.js";
