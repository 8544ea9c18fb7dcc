import { createWriteStream } from "node:fs";
import type { Browser, Page } from "playwright-core";
import type { DevNetwork } from "./env.js";
import { installWallet } from "./wallet.js";

/** Connects the page's test wallet through the app's own connect dialog. */
export async function connect(page: Page) {
  await page.getByRole("button", { name: "Connect wallet" }).click();
  const dialog = page.getByRole("dialog", { name: "Connect a wallet" });
  await dialog.getByRole("button", { name: "Cairn Test Wallet" }).click();
  await page.getByRole("button", { name: "Disconnect" }).waitFor();
}

/**
 * Fills the steward form (the page must be on #/steward, connected) and creates the dataset: by default the
 * Swahili proverbs with curator account 1; `governed` creates it through the governance factory.
 */
export async function createDatasetThroughForm(
  page: Page,
  net: DevNetwork,
  {
    id,
    name = "Swahili proverbs",
    curators = net.accounts[1].address,
    quorum = "1",
    governed,
  }: {
    id: number;
    name?: string;
    curators?: string;
    quorum?: string;
    governed?: { votingPeriod: string; timelockDelay: string };
  },
) {
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Language", { exact: true }).fill("sw");
  await page.getByLabel("Region (optional)").fill("KE, TZ");
  await page.getByLabel("Description").fill("Proverbs (methali) in Swahili, written and recorded by their speakers.");
  await page.getByLabel("Guidelines for contributors").fill("One proverb per file. Original or public domain only.");
  await page.getByLabel("Terms").fill("I give this under CC-BY-4.0 and confirm it is mine to give.");
  await page.getByLabel("Curators (addresses)").fill(curators);
  await page.getByLabel("Votes that decide").fill(quorum);
  if (governed) {
    await page.getByLabel("Governed by its contributors").check();
    await page.getByLabel("Voting period (blocks)").fill(governed.votingPeriod);
    await page.getByLabel("Delay before execution (seconds)").fill(governed.timelockDelay);
  }
  await page.getByRole("button", { name: "Create the dataset" }).click();
  await page.getByText(`Dataset #${id} created.`).waitFor({ timeout: 60_000 });
}

/** Writes a deterministic file of `mib` MiB (not all zeros, so nothing can shortcut it). */
export function writeBigFile(path: string, mib: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const out = createWriteStream(path);
    const block = Buffer.alloc(1024 * 1024);
    let i = 0;
    const write = () => {
      while (i < mib) {
        block.writeUInt32LE(i, 0);
        block.fill(i % 251, 4);
        i++;
        if (!out.write(Buffer.from(block))) return void out.once("drain", write);
      }
      out.end(resolve);
    };
    out.on("error", reject);
    write();
  });
}

/** Opens a route with a fresh page state: through the datasets list, so the previous page unmounts. */
export async function fresh(page: Page, base: string, hash: string) {
  await page.goto(`${base}/#/`);
  await page.getByRole("heading", { name: "Datasets", level: 1 }).waitFor();
  await page.goto(`${base}/${hash}`);
}

/**
 * Dataset 1 with `count` short proverbs, made through the app itself by the first dev account (steward form, then
 * direct submission from the contribute page), in a context of its own that is closed afterwards.
 */
export async function datasetWithProverbs(browser: Browser, net: DevNetwork, count: number): Promise<void> {
  const context = await browser.newContext();
  await installWallet(context, { privateKey: net.accounts[0].privateKey, rpc: net.rpc, chainId: net.chainId });
  const page = await context.newPage();
  await page.goto(`${net.web}/#/steward`);
  await connect(page);
  await createDatasetThroughForm(page, net, { id: 1 });
  await fresh(page, net.web, "#/datasets/1/contribute");
  await page.getByLabel("Choose files").setInputFiles(
    Array.from({ length: count }, (_, i) => ({
      name: `proverb-${i}.txt`,
      mimeType: "text/plain",
      buffer: Buffer.from(`Methali ${i}: haba na haba hujaza kibaba.\n`),
    })),
  );
  await page.getByLabel("I agree to these terms").check();
  await page.getByLabel("From my account (I pay the gas)").check();
  await page.getByRole("button", { name: `Store and sign ${count} files` }).click();
  await page.getByText(`${count} included, 0 skipped.`).waitFor({ timeout: 120_000 });
  await context.close();
}
