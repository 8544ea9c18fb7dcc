import { createWriteStream } from "node:fs";
import type { Page } from "playwright-core";
import type { DevNetwork } from "./env.js";

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
