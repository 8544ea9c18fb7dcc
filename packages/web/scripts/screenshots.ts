/**
 * README pictures, taken in Debian's Chromium against a fresh `cairn dev` and relayer:
 * the dataset page (with a verified preview open) and the contribute flow (files hashed, ready to sign).
 *   npm run web:screenshots   # writes docs/images/web-*.png
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildWeb, launchChromium, repoRoot, startNetwork } from "../test/env.js";
import { connect, createDatasetThroughForm, fresh } from "../test/flows.js";
import { installWallet } from "../test/wallet.js";

const out = (name: string) => join(repoRoot, "docs/images", name);

buildWeb();
const net = await startNetwork();
const browser = await launchChromium();
try {
  const context = await browser.newContext({ viewport: { width: 1200, height: 860 }, deviceScaleFactor: 1 });
  await installWallet(context, { privateKey: net.accounts[0].privateKey, rpc: net.rpc, chainId: net.chainId });
  const page = await context.newPage();
  await page.goto(`${net.web}/#/steward`);
  await connect(page);
  await createDatasetThroughForm(page, net, { id: 1 });

  const png = join(net.dir, "kibaba.png");
  // A picture of a cairn (shapes only: no font needed).
  const stones = ["#566b5b 240,185 150,26", "#798f7d 240,135 105,24", "#a3b8a6 240,92 68,20", "#c9d6cb 240,58 38,15"];
  const draw = stones.flatMap((s) => {
    const [color, center, radii] = s.split(" ");
    return ["-fill", color, "-draw", `ellipse ${center} ${radii} 0,360`];
  });
  execFileSync("convert", ["-size", "480x220", "gradient:#f6f7f4-#dfe8e1", ...draw, png]);
  const proverbs = [
    ["haba-na-haba.txt", "Haba na haba hujaza kibaba.\nLittle by little fills the measure.\n"],
    ["pole-pole.txt", "Pole pole ndio mwendo.\nSlowly, slowly is the way to go.\n"],
    ["asiyefunzwa.txt", "Asiyefunzwa na mamaye hufunzwa na ulimwengu.\n"],
  ] as const;
  await fresh(page, net.web, "#/datasets/1/contribute");
  await page
    .getByLabel("Choose files")
    .setInputFiles([
      ...proverbs.map(([name, text]) => ({ name, mimeType: "text/plain", buffer: Buffer.from(text) })),
      { name: "cairn.png", mimeType: "image/png", buffer: readFileSync(png) },
    ]);
  await page.getByText("Ready", { exact: true }).nth(3).waitFor();
  await page.getByLabel("I agree to these terms").check();
  await page.screenshot({ path: out("web-contribute.png"), fullPage: true });
  await page.getByRole("button", { name: "Store and sign 4 files" }).click();
  await page.getByText("4 included, 0 skipped.").waitFor({ timeout: 120_000 });

  await fresh(page, net.web, "#/datasets/1");
  await page.getByRole("table").waitFor();
  await page.getByRole("button", { name: "Preview" }).last().click();
  await page.getByText("Verified: these bytes hash to").waitFor();
  await page.screenshot({ path: out("web-dataset.png"), fullPage: true });

  await page.goto(`${net.web}/?dir=rtl#/`);
  await page.getByRole("link", { name: "Swahili proverbs" }).waitFor();
  await page.locator("header select").selectOption("sw");
  await page.screenshot({ path: out("web-datasets-rtl-sw.png") });
  console.log("wrote docs/images/web-contribute.png, web-dataset.png, web-datasets-rtl-sw.png");
} finally {
  await browser.close();
  await net.stop();
}
