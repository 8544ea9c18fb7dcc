import { createRequire } from "node:module";
import hardhatToolboxViem from "@nomicfoundation/hardhat-toolbox-viem";
import { defineConfig } from "hardhat/config";

const require = createRequire(import.meta.url);

// The compiler comes from the `solc` npm package (soljson.js) rather than a download:
// builds work offline and every machine compiles with the same pinned bytes.
const solc = {
  version: (require("solc/package.json") as { version: string }).version,
  path: require.resolve("solc/soljson.js"),
};

const settings = (runs: number) => ({ optimizer: { enabled: true, runs }, evmVersion: "cancun", viaIR: true });
// The reviewer pool is optimised for size (runs 2,000) to stay under EIP-170's 24 KB; its hot paths still meet
// their gas bars (bench/results/gas.json, pool.*).
const profile = () => ({
  compilers: [{ ...solc, settings: settings(10_000) }],
  overrides: { "contracts/pools/ReviewerPool.sol": { ...solc, settings: settings(2_000) } },
});

export default defineConfig({
  plugins: [hardhatToolboxViem],
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
  },
});
