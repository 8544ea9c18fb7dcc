import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createConfig, factory } from "ponder";
import { getAbiItem } from "viem";
import type { IndexerAbis } from "./config/abis.js";
import { memoizeDrizzleTyping } from "./config/drizzle-typing.js";
import { keepCommitsDurable, ponderSchema } from "./config/durable.js";
import { seedPgliteDirectory } from "./config/pglite-seed.js";
import { exitWithParent, loadSettings } from "./config/settings.js";
import { sharedRpcRelay } from "./config/transport.js";

// Drizzle's parameter typings, memoized by column: 11 % of Ponder's indexing thread in a cold sync (see
// config/drizzle-typing.ts).
memoizeDrizzleTyping();

// Where the chain and the contracts are: a network file (`cairn dev`'s dev.json, or a network file with the
// same keys) named by CAIRN_NETWORK_FILE, each key overridable by an env variable. See src/settings.ts.
const settings = loadSettings(process.env);
exitWithParent(process.env);
// On PostgreSQL, commits that survive a crash of the server (see config/durable.ts).
const schema = ponderSchema(process.argv, process.env);
if (settings.databaseUrl && schema && !process.argv.includes("codegen"))
  void keepCommitsDurable(settings.databaseUrl, schema);
// On PGlite, a new data folder starts as a copy of an empty database made once (config/pglite-seed.ts).
if (!settings.databaseUrl && !process.argv.includes("codegen"))
  await seedPgliteDirectory(settings.pgliteDirectory, fileURLToPath(new URL("./.ponder/", import.meta.url)));

// The chain's JSON-RPC through the indexer's relay (config/transport.ts), started by vite.config.ts already.
const relay = await sharedRpcRelay(settings.rpcUrl, settings.rpcLanes);

// The events of each contract, from config/abis.json (written by `npm run abis` with the SDK's ABIs, checked in CI):
// read as JSON rather than imported from the SDK's ABI modules, which Ponder's build would compile on every start
// (~300 KB of TypeScript with the contracts' bytecode: ~0.2 s of a cold start, measured).
const abis = JSON.parse(readFileSync(new URL("./config/abis.json", import.meta.url), "utf8")) as IndexerAbis;

const governedDatasetCreated = getAbiItem({ abi: abis.GovernedDatasetFactory, name: "GovernedDatasetCreated" });

export default createConfig({
  database: settings.databaseUrl
    ? { kind: "postgres", connectionString: settings.databaseUrl }
    : { kind: "pglite", directory: settings.pgliteDirectory },
  chains: {
    cairn: {
      id: settings.chainId,
      // Through the relay: blocks without their transactions' calldata, which no handler reads, and `rpcLanes`
      // endpoints, each with its own share of Ponder's request-rate limit (config/transport.ts).
      rpc: relay.urls,
      pollingInterval: settings.pollingInterval,
      ethGetLogsBlockRange: settings.logsBlockRange,
      // A local chain: what was answered once may be reverted (evm_revert), so nothing is cached across runs.
      disableCache: settings.disableCache,
    },
  },
  contracts: {
    CairnRegistry: {
      chain: "cairn",
      abi: abis.CairnRegistry,
      address: settings.registry,
      startBlock: settings.startBlock,
    },
    RewardVault: {
      chain: "cairn",
      abi: abis.RewardVault,
      address: settings.vault,
      startBlock: settings.startBlock,
    },
    GovernedDatasetFactory: {
      chain: "cairn",
      abi: abis.GovernedDatasetFactory,
      address: settings.factory,
      startBlock: settings.startBlock,
    },
    ReleaseRegistry: {
      chain: "cairn",
      abi: abis.ReleaseRegistry,
      address: settings.releases,
      startBlock: settings.startBlock,
    },
    ModelRegistry: {
      chain: "cairn",
      abi: abis.ModelRegistry,
      address: settings.models,
      startBlock: settings.startBlock,
    },
    ReviewerPool: {
      chain: "cairn",
      abi: abis.ReviewerPool,
      address: settings.reviewerPool,
      startBlock: settings.startBlock,
    },
    // Every governed dataset's Governor and votes token, found through the factory's event.
    CairnGovernor: {
      chain: "cairn",
      abi: abis.CairnGovernor,
      address: factory({ address: settings.factory, event: governedDatasetCreated, parameter: "governor" }),
      startBlock: settings.startBlock,
    },
    ContributionVotes: {
      chain: "cairn",
      abi: abis.ContributionVotes,
      address: factory({ address: settings.factory, event: governedDatasetCreated, parameter: "votes" }),
      startBlock: settings.startBlock,
    },
  },
});
