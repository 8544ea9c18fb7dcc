import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe, it } from "node:test";
import { renderCostTable } from "../scripts/cost-table.js";

describe("the README's cost table", () => {
  it("is what bench/results/gas.json and bench/gas-prices.json give (npm run costs)", async () => {
    const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
    const table = /<!-- costs:start \(npm run costs\) -->\n([\s\S]*?)\n<!-- costs:end -->/.exec(readme)?.[1];
    assert.equal(table, await renderCostTable());
  });
});
