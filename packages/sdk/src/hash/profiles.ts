/**
 * CID profiles (IPIP-499): the UnixFS import settings that decide which CID a file gets.
 *
 * - `unixfs-v1-2025` (default): CIDv1, raw leaves, 1 MiB chunks, 1024 links per node,
 *   balanced DAG. Same CID as `ipfs add --profile=unixfs-v1-2025`.
 * - `unixfs-v0-2015`: Kubo's classic default. CIDv0 (`Qm…`), dag-pb leaves wrapping
 *   UnixFS file data, 256 KiB chunks, 174 links per node, balanced DAG. Same CID as a plain `ipfs add`.
 */
export type CidProfile = "unixfs-v1-2025" | "unixfs-v0-2015";

/** The profile used when none is given. */
export const defaultCidProfile: CidProfile = "unixfs-v1-2025";

/** Import settings of a profile, resolved. */
export type ResolvedCidProfile = {
  cidVersion: 0 | 1;
  rawLeaves: boolean;
  chunkSize: number;
  maxLinks: number;
};

/** Settings of each named profile. */
export const cidProfiles: Record<CidProfile, ResolvedCidProfile> = {
  "unixfs-v1-2025": { cidVersion: 1, rawLeaves: true, chunkSize: 1024 * 1024, maxLinks: 1024 },
  "unixfs-v0-2015": { cidVersion: 0, rawLeaves: false, chunkSize: 256 * 1024, maxLinks: 174 },
};

/** Profile options shared by the hashing functions and the content stores. */
export type CidProfileOptions = {
  /** CID profile. Default `unixfs-v1-2025`. */
  profile?: CidProfile | undefined;
  /** Override the profile's chunk size in bytes (for tests and experiments; the CID then differs from `ipfs add`). */
  chunkSize?: number | undefined;
  /** Override the profile's maximum links per node (for tests and experiments). */
  maxLinks?: number | undefined;
};

/**
 * Resolves a profile name and overrides into concrete import settings.
 *
 * @example
 * ```ts
 * resolveCidProfile({ profile: "unixfs-v0-2015" });
 * // { cidVersion: 0, rawLeaves: false, chunkSize: 262144, maxLinks: 174 }
 * ```
 */
export function resolveCidProfile(options: CidProfileOptions = {}): ResolvedCidProfile {
  const profile = options.profile ?? defaultCidProfile;
  const base = cidProfiles[profile];
  if (!base) throw new TypeError(`Unknown CID profile "${profile}". Use "unixfs-v1-2025" or "unixfs-v0-2015".`);
  const chunkSize = options.chunkSize ?? base.chunkSize;
  const maxLinks = options.maxLinks ?? base.maxLinks;
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1)
    throw new RangeError(`chunkSize must be a positive integer, got ${chunkSize}.`);
  if (!Number.isSafeInteger(maxLinks) || maxLinks < 2)
    throw new RangeError(`maxLinks must be an integer >= 2, got ${maxLinks}.`);
  return { ...base, chunkSize, maxLinks };
}
