/**
 * The web app reads from the indexer when config.json names one: Debian's Chromium, `cairn dev` with its
 * real Ponder indexer (the URL in the config.json it serves). The dataset page lists contributions from the
 * indexer without asking the chain for their logs; once the indexer is stopped, the page still lists them
 * (from the chain's logs) and shows nothing alarming. The indexer also checks availability (of the dev
 * gateway) and the dataset page shows its report.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { cairnRegistryAbi, createCairnClient, listContributions, review } from "@cairn/sdk";
import type { Browser, Page } from "playwright-core";
import { createPublicClient, createWalletClient, encodeEventTopics, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { buildWeb, type DevNetwork, freePort, launchChromium, startNetwork } from "./env.js";
import { datasetWithProverbs } from "./flows.js";

const registered = encodeEventTopics({ abi: cairnRegistryAbi, eventName: "ContributionRegistered" })[0] as string;

/** What a page asks: the indexer's contribution lists, and the RPC's eth_getLogs for ContributionRegistered. */
function watch(page: Page, net: DevNetwork) {
  const seen = { indexerContributions: 0, contributionLogs: 0, alarms: [] as string[] };
  page.on("request", (request) => {
    const url = request.url();
    if (net.indexer && url.startsWith(net.indexer) && /\/v1\/datasets\/\d+\/contributions/.test(url))
      seen.indexerContributions++;
    if (url.startsWith(net.rpc) && request.method() === "POST") {
      const body = request.postData() ?? "";
      if (body.includes("eth_getLogs") && body.toLowerCase().includes(registered.toLowerCase()))
        seen.contributionLogs++;
    }
  });
  page.on("pageerror", (e) => seen.alarms.push(e.message));
  return seen;
}

describe("web app reads from the indexer (Chromium, cairn dev, Ponder)", { timeout: 900_000 }, () => {
  let net: DevNetwork;
  let browser: Browser;

  before(async () => {
    buildWeb();
    // The indexer's availability checker reads the dev gateway (its port chosen here, so the indexer can be told).
    const gatewayPort = await freePort();
    const devEnv = {
      CAIRN_AVAILABILITY_STORES: `gateway:http://127.0.0.1:${gatewayPort}`,
      CAIRN_AVAILABILITY_MIN_COPIES: "1",
      CAIRN_AVAILABILITY_POLL_MS: "200",
    };
    [net, browser] = await Promise.all([
      startNetwork({ relayer: false, indexer: true, gatewayPort, devEnv }),
      launchChromium(),
    ]);
    assert.ok(net.indexer, "cairn dev wrote the indexer's URL to dev.json");
    const config = await (await fetch(`${net.web}/config.json`)).json();
    assert.equal(config.indexer, net.indexer, "the served config.json names the indexer");

    // A dataset with three contributions, made through the app (direct submission).
    await datasetWithProverbs(browser, net, 3);

    // The indexer has them (`cairn dev` does not wait for Ponder to start; it then follows the chain every 200 ms).
    let last: unknown;
    for (let i = 0; ; i++) {
      last = await fetch(`${net.indexer}/v1/datasets/1/contributions`).then(
        (r) => r.json(),
        (e: Error) => e.message,
      );
      if ((last as { contributions?: unknown[] }).contributions?.length === 3) break;
      if (i > 1500) throw new Error(`the indexer did not index 3 contributions in 300 s: ${JSON.stringify(last)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  after(async () => {
    await browser?.close();
    await net?.stop();
  });

  it("lists a dataset's contributions from the indexer, without the chain's logs", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const seen = watch(page, net);
    await page.goto(`${net.web}/#/datasets/1`);
    await page.getByRole("heading", { name: "Contributions (3)" }).waitFor({ timeout: 60_000 });
    assert.ok(seen.indexerContributions >= 1, "the page asked the indexer for the contributions");
    assert.equal(seen.contributionLogs, 0, "no eth_getLogs for ContributionRegistered");
    assert.deepEqual(seen.alarms, []);
    await context.close();
  });

  it("shows the indexer's availability report of the accepted files", async () => {
    // The curator (account 1, quorum 1) accepts the three: the indexer's checker then fetches them.
    const transport = http(net.rpc);
    const curator = await createCairnClient({
      publicClient: createPublicClient({ transport }),
      walletClient: createWalletClient({ account: privateKeyToAccount(net.accounts[1].privateKey), transport }),
      registry: net.registry,
    } as never);
    const { contributions } = await listContributions(curator, { datasetId: 1n });
    await review(curator, {
      reviews: contributions.map((c) => ({ datasetId: 1n, contentHash: c.contentHash, accept: true, score: 80 })),
    });
    let last: unknown;
    for (let i = 0; ; i++) {
      last = await fetch(`${net.indexer}/v1/datasets/1/availability`).then(
        (r) => r.json(),
        (e: Error) => e.message,
      );
      const summary = (last as { summary?: { files: number; unchecked: number } }).summary;
      if (summary && summary.files === 3 && summary.unchecked === 0) break;
      if (i > 900) throw new Error(`the indexer did not check 3 files in 180 s: ${JSON.stringify(last)}`);
      await new Promise((r) => setTimeout(r, 200));
    }

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${net.web}/#/datasets/1`);
    const indexed = page.getByTestId("indexed-availability");
    await indexed.getByText("Files checked: 3. Stores checked: 1.").waitFor({ timeout: 60_000 });
    await indexed.getByText("Files with no verified copy: 0.").waitFor();
    assert.equal(await indexed.getByRole("table").getByRole("row").count(), 4, "a header and one row per file");
    assert.equal(await indexed.getByRole("cell", { name: "Available" }).count(), 3);
    await context.close();
  });

  it("still lists them from the chain's logs once the indexer is stopped", async () => {
    // The Ponder process `cairn dev` started (its child): stopped for real, its port then refuses.
    const children = execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(net.pid)], { encoding: "utf8" });
    const ponder = children
      .split("\n")
      .map((line) => line.trim())
      .find((line) => line.includes("ponder") && line.includes(" start"));
    assert.ok(ponder, `the indexer is a child of cairn dev:\n${children}`);
    process.kill(Number(ponder.split(/\s+/)[0]), "SIGTERM");
    for (let i = 0; ; i++) {
      const up = await fetch(`${net.indexer}/health`).then(
        () => true,
        () => false,
      );
      if (!up) break;
      if (i > 150) throw new Error("the indexer did not stop in 30 s");
      await new Promise((r) => setTimeout(r, 200));
    }

    const context = await browser.newContext();
    const page = await context.newPage();
    const seen = watch(page, net);
    await page.goto(`${net.web}/#/datasets/1`);
    await page.getByRole("heading", { name: "Contributions (3)" }).waitFor({ timeout: 60_000 });
    assert.ok(seen.contributionLogs >= 1, "the fallback read the chain's logs");
    assert.equal(await page.getByText("The network did not answer.").count(), 0, "nothing alarming");
    assert.deepEqual(seen.alarms, []);
    await context.close();
  });
});
