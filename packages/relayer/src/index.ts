export { loadConfig, type RelayerConfig } from "./config.js";
export { contributionDigest, domainSeparator, itemKey, recoverSigner } from "./crypto.js";
export { type Relayer, startRelayer } from "./relayer.js";
export { createPostgresStore } from "./store/postgres.js";
export { createSqliteStore } from "./store/sqlite.js";
export type { ItemState, ItemStatus, QueueStore } from "./store/types.js";
export type { WireContribution } from "./wire.js";
