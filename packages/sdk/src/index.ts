// errors
export { BaseError, type BaseErrorParameters, type BaseErrorType } from "./errors/base.js";
export { ContentSizeMismatchError, FileReadError } from "./errors/hash.js";
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
export { importerOptions } from "./stores/importer-options.js";
