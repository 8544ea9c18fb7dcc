/**
 * The README's cost table, computed from the measured gas (bench/results/gas.json) and the dated gas prices
 * kept in bench/gas-prices.json.
 *
 *   npm run costs             # rewrite the table between the README's costs markers
 *   npm run costs -- --check  # exit 1 if the README's table is not what the data gives (test/costs.test.ts)
 */
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const start = "<!-- costs:start (npm run costs) -->";
const end = "<!-- costs:end -->";

type Prices = {
  date: string;
  source: string;
  ethUsd: number;
  networks: Record<string, { name: string; gasPriceGwei: number }>;
};

const operations: Array<[string, (gas: Record<string, number>) => number]> = [
  ["register one contribution (own transaction)", (g) => g["contribute.single"]],
  ["review: the deciding vote", (g) => g["review.decisive"]],
  ["claim rewards (any number of contributions)", (g) => g["claim.accountWith1"]],
  ["10,000 relayed contributions (batches of 100)", (g) => g["contributeBySig.batch100.perItem"] * 10_000],
];

export async function renderCostTable(): Promise<string> {
  const gas = JSON.parse(await readFile(`${root}bench/results/gas.json`, "utf8")) as Record<string, number>;
  const prices = JSON.parse(await readFile(`${root}bench/gas-prices.json`, "utf8")) as Prices;
  const networks = Object.values(prices.networks);
  const usd = (gasUsed: number, gwei: number) => {
    const dollars = gasUsed * gwei * 1e-9 * prices.ethUsd;
    return dollars >= 1
      ? `$${dollars.toFixed(2)}`
      : dollars >= 0.01
        ? `$${dollars.toFixed(3)}`
        : `$${dollars.toPrecision(2)}`;
  };
  const lines = [
    `| operation | gas | ${networks.map((n) => `${n.name} (${n.gasPriceGwei} gwei)`).join(" | ")} |`,
    `| --- | --- | ${networks.map(() => "---").join(" | ")} |`,
    ...operations.map(([label, of]) => {
      const used = of(gas);
      return `| ${label} | ${used.toLocaleString("en-US")} | ${networks.map((n) => usd(used, n.gasPriceGwei)).join(" | ")} |`;
    }),
    "",
    `Gas prices of ${prices.date}, ETH at $${prices.ethUsd} (bench/gas-prices.json): ${prices.source}`,
  ];
  return lines.join("\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const readmePath = `${root}README.md`;
  const readme = await readFile(readmePath, "utf8");
  const a = readme.indexOf(start);
  const b = readme.indexOf(end);
  if (a < 0 || b < a) throw new Error(`README.md has no ${start} … ${end} markers`);
  const next = `${readme.slice(0, a + start.length)}\n${await renderCostTable()}\n${readme.slice(b)}`;
  if (process.argv.includes("--check")) {
    if (next !== readme) {
      console.error("README.md's cost table is stale: run npm run costs");
      process.exit(1);
    }
  } else await writeFile(readmePath, next);
}
