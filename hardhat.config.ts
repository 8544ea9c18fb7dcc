import { createRequire } from "node:module";
import hardhatToolboxViem from "@nomicfoundation/hardhat-toolbox-viem";
import { configVariable, defineConfig, task } from "hardhat/config";

const require = createRequire(import.meta.url);

// The compiler comes from the `solc` npm package (soljson.js) rather than a download:
// builds work offline and every machine compiles with the same pinned bytes.
const solc = {
  version: (require("solc/package.json") as { version: string }).version,
  path: require.resolve("solc/soljson.js"),
};

const settings = (runs: number) => ({ optimizer: { enabled: true, runs }, evmVersion: "cancun", viaIR: true });
// The reviewer pool is optimised for size (runs 1,000) to stay under EIP-170's 24 KB; its hot paths still meet
// their gas bars (bench/results/gas.json, pool.*).
const profile = () => ({
  compilers: [{ ...solc, settings: settings(10_000) }],
  overrides: { "contracts/pools/ReviewerPool.sol": { ...solc, settings: settings(1_000) } },
});

/**
 * Public networks Cairn deploys to. RPC URLs and the deployer key are configuration variables: kept in
 * Hardhat's encrypted keystore (`npx hardhat keystore set BASE_SEPOLIA_RPC_URL`, `... DEPLOYER_PRIVATE_KEY`)
 * or given as environment variables, and read only when that network is used. `anvil` is a local Anvil
 * node (ANVIL_RPC_URL), deployed through the same command in CI.
 */
const publicNetworks = {
  ethereum: { chainId: 1, chainType: "l1", rpc: "ETHEREUM_RPC_URL" },
  sepolia: { chainId: 11155111, chainType: "l1", rpc: "SEPOLIA_RPC_URL" },
  base: { chainId: 8453, chainType: "op", rpc: "BASE_RPC_URL" },
  "base-sepolia": { chainId: 84532, chainType: "op", rpc: "BASE_SEPOLIA_RPC_URL" },
  optimism: { chainId: 10, chainType: "op", rpc: "OPTIMISM_RPC_URL" },
  "optimism-sepolia": { chainId: 11155420, chainType: "op", rpc: "OPTIMISM_SEPOLIA_RPC_URL" },
  arbitrum: { chainId: 42161, chainType: "generic", rpc: "ARBITRUM_RPC_URL" },
  "arbitrum-sepolia": { chainId: 421614, chainType: "generic", rpc: "ARBITRUM_SEPOLIA_RPC_URL" },
} as const;

/**
 * `npx hardhat cairn-deploy --network <name> [--verify]`: the core and the governance factory with Ignition's
 * CREATE2 strategy (same addresses on every chain), resumable under its deployment id, then
 * `networks/<name>.json`. See scripts/deploy-network.ts.
 */
const cairnDeploy = task(
  "cairn-deploy",
  "Deploy Cairn (core + governance factory) at its CREATE2 addresses and write networks/<network>.json",
)
  .addOption({
    name: "deploymentId",
    description: "Ignition deployment id (default cairn-<network>)",
    defaultValue: "",
  })
  .addOption({ name: "out", description: "Folder of network files (default networks/)", defaultValue: "" })
  .addFlag({
    name: "verify",
    description: "Verify the contracts on the configured explorers (Etherscan, Blockscout, Sourcify)",
  })
  .setAction(() => import("./scripts/deploy-network.js"))
  .build();

export default defineConfig({
  plugins: [hardhatToolboxViem],
  tasks: [cairnDeploy],
  solidity: {
    profiles: {
      default: profile(),
      production: profile(),
    },
  },
  paths: {
    tests: { solidity: "test/solidity", nodejs: "test" },
  },
  networks: {
    hardhatMainnet: { type: "edr-simulated", chainType: "l1" },
    ...Object.fromEntries(
      Object.entries(publicNetworks).map(([name, { chainId, chainType, rpc }]) => [
        name,
        {
          type: "http",
          chainId,
          chainType,
          url: configVariable(rpc),
          accounts: [configVariable("DEPLOYER_PRIVATE_KEY")],
        } as const,
      ]),
    ),
    anvil: { type: "http", chainType: "l1", url: configVariable("ANVIL_RPC_URL"), accounts: "remote" },
  },
  ignition: {
    // CreateX's salt: a zero sender prefix and no cross-chain redeploy protection, so the addresses depend
    // only on this salt and the init code: the same on every chain, whoever deploys.
    strategyConfig: { create2: { salt: "0x000000000000000000000000000000000000000000636169726e2d7631000000" } },
  },
  verify: {
    etherscan: { apiKey: configVariable("ETHERSCAN_API_KEY") },
    blockscout: { enabled: true },
    sourcify: { enabled: true },
  },
});
