/**
 * The web app reads from the indexer when config.json names one: Debian's Chromium, `cairn dev` with its
 * real Ponder indexer (the URL in the config.json it serves). The dataset page lists contributions from the
 * indexer without asking the chain for their logs; once the indexer is stopped, the page still lists them
 * (from the chain's logs) and shows nothing alarming. The indexer also checks availability (of the dev
 * gateway) and the dataset page shows its report. The Review page's queue and the Rewards page's claimable amounts
 * come from it too; a claimable amount it overstates is caught against the vault and not shown.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { cairnRegistryAbi, createCairnClient, fund, getClaimable, listContributions, review } from "@cairn/sdk";
import type { Browser, Page } from "playwright-core";
import { createPublicClient, createWalletClient, encodeEventTopics, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { buildWeb, type DevNetwork, freePort, launchChromium, startNetwork } from "./env.js";
import { connect, datasetWithProverbs } from "./flows.js";
import { installWallet } from "./wallet.js";

const registered = encodeEventTopics({ abi: cairnRegistryAbi, eventName: "ContributionRegistered" })[0] as string;

/** What a page asks: the indexer's contribution lists, and the RPC's eth_getLogs for ContributionRegistered. */
function watch(page: Page, net: DevNetwork) {
  const seen = {
    indexerContributions: 0,
    indexerAccounts: 0,
    contributionLogs: 0,
    logs: 0,
    alarms: [] as string[],
    notes: [] as string[],
  };
  page.on("request", (request) => {
    const url = request.url();
    if (net.indexer && url.startsWith(net.indexer) && /\/v1\/datasets\/\d+\/contributions/.test(url))
      seen.indexerContributions++;
    if (net.indexer && url.startsWith(`${net.indexer}/v1/accounts/`)) seen.indexerAccounts++;
    if (url.startsWith(net.rpc) && request.method() === "POST") {
      const body = request.postData() ?? "";
      if (body.includes("eth_getLogs")) seen.logs++;
      if (body.includes("eth_getLogs") && body.toLowerCase().includes(registered.toLowerCase()))
        seen.contributionLogs++;
    }
  });
  page.on("pageerror", (e) => seen.alarms.push(e.message));
  page.on("console", (m) => seen.notes.push(m.text()));
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

  /** A page whose injected test wallet is dev account `account`, connected, on `hash`. */
  async function connected(account: number, hash: string) {
    const context = await browser.newContext();
    await installWallet(context, {
      privateKey: net.accounts[account].privateKey,
      rpc: net.rpc,
      chainId: net.chainId,
    });
    const page = await context.newPage();
    const seen = watch(page, net);
    await page.goto(`${net.web}/${hash}`);
    await connect(page);
    return { context, page, seen };
  }

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

  it("the curator's review queue comes from the indexer, without the chain's logs", async () => {
    // Account 1 is dataset 1's curator (quorum 1): its queue is the three pending proverbs.
    const { context, page, seen } = await connected(1, "#/review");
    await page
      .getByLabel(/^Decision for/)
      .nth(2)
      .waitFor({ timeout: 60_000 });
    assert.equal(await page.getByLabel(/^Decision for/).count(), 3);
    assert.ok(seen.indexerContributions >= 1, "the queue asked the indexer for the pending contributions");
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

  it("the Rewards page's claimable amounts come from the indexer, checked against the vault; a lying indexer's amount is not shown", async () => {
    // A sponsor (account 3) funds dataset 1 (it pays in the dev token): its contributor, account 0, owns the
    // three accepted proverbs.
    const transport = http(net.rpc);
    const publicClient = createPublicClient({ transport });
    const as = (account: number) =>
      createCairnClient({
        publicClient,
        walletClient: createWalletClient({ account: privateKeyToAccount(net.accounts[account].privateKey), transport }),
        registry: net.registry,
      } as never);
    await fund(await as(3), { datasetId: 1n, amount: 30n * 10n ** 18n });
    const contributor = net.accounts[0].address;
    const owed = await getClaimable(await as(0), { datasetId: 1n, account: contributor });
    assert.ok(owed > 0n);
    let last: unknown;
    for (let i = 0; ; i++) {
      last = await fetch(`${net.indexer}/v1/accounts/${contributor}`).then(
        (r) => r.json(),
        (e: Error) => e.message,
      );
      const row = (last as { datasets?: Array<{ datasetId: string; claimable: string }> }).datasets?.find(
        (d) => d.datasetId === "1",
      );
      if (row && BigInt(row.claimable) === owed) break;
      if (i > 900) throw new Error(`the indexer did not follow the funding in 180 s: ${JSON.stringify(last)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const shown = (amount: bigint) =>
      `${new Intl.NumberFormat("en", { maximumFractionDigits: 4 }).format(Number(amount) / 1e18)} CDT`;

    const honest = await connected(0, "#/rewards");
    const claim = honest.page.getByRole("button", { name: "Claim from dataset 1" });
    await claim.waitFor({ timeout: 60_000 });
    const row = honest.page
      .getByRole("row")
      .filter({ has: honest.page.getByRole("button", { name: "Claim from dataset 1" }) });
    await row.getByText(shown(owed)).waitFor();
    assert.ok(honest.seen.indexerAccounts >= 1, "the page asked the indexer for the account's claimable amounts");
    assert.equal(honest.seen.logs, 0, "no eth_getLogs");
    assert.equal(
      honest.seen.notes.filter((n) => n.includes("not used")).length,
      0,
      `the indexer's answer was used: ${honest.seen.notes.join("\n")}`,
    );
    await honest.context.close();

    // The indexer lies (the account's claimable amount multiplied by 1,000): the vault says otherwise, the page
    // shows the vault's amount, read from the chain.
    const lied = owed * 1000n;
    const lying = await browser.newContext();
    let answeredWithLie = 0;
    await lying.route(`${net.indexer}/v1/accounts/**`, async (route) => {
      const response = await route.fetch();
      const body = await response.json();
      for (const d of body.datasets) if (d.datasetId === "1") d.claimable = lied.toString();
      answeredWithLie++;
      await route.fulfill({ response, json: body });
    });
    await installWallet(lying, { privateKey: net.accounts[0].privateKey, rpc: net.rpc, chainId: net.chainId });
    const page = await lying.newPage();
    const seen = watch(page, net);
    await page.goto(`${net.web}/#/rewards`);
    await connect(page);
    const fromVault = page.getByRole("row").filter({ has: page.getByRole("button", { name: "Claim from dataset 1" }) });
    await fromVault.getByText(shown(owed)).waitFor({ timeout: 60_000 });
    assert.ok(answeredWithLie >= 1, "the indexer's (altered) answer reached the page");
    assert.equal(await page.getByText(shown(lied)).count(), 0, "the lie is not shown");
    assert.ok(
      seen.notes.some((n) => n.includes("not used")),
      `the page set the indexer aside: ${seen.notes.join("\n")}`,
    );
    assert.deepEqual(seen.alarms, []);
    await lying.close();
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
