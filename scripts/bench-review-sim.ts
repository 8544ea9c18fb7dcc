/**
 * Review-at-scale simulation on Hardhat's in-process EVM (see test/pools/simulation.ts): prints the figures and
 * writes bench/results/review-sim.json.
 *
 *   npm run bench:review-sim
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { runSimulation, SIM, simulationNetwork } from "../test/pools/simulation.js";

const RESULTS = "bench/results/review-sim.json";
const result = await runSimulation(await simulationNetwork());
console.table(result.payPerReview);
const { acceptedCorrect, rejectedGoodShare, payPerReview, ...rest } = result;
mkdirSync("bench/results", { recursive: true });
writeFileSync(
  RESULTS,
  `${JSON.stringify({ acceptedCorrect, rejectedGoodShare, payPerReview, ...rest, parameters: SIM }, (_, v) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`,
);
console.log(`acceptedCorrect ${acceptedCorrect}, rejectedGoodShare ${rejectedGoodShare}; wrote ${RESULTS}`);
