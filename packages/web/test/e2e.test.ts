/**
 * The web app end to end, the way people use it: Debian's Chromium, `cairn dev`, a real relayer, and a
 * test wallet injected as an EIP-1193 provider announced through EIP-6963 (so wagmi's real injected
 * path runs), backed by dev accounts. One browser context per role. axe-core runs on every page.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  cairnRegistryAbi,
  claimDividends,
  configurePool,
  createCairnClient,
  getContribution,
  getDataset,
  getParkedDividends,
  getPool,
  hashFile,
  hashTerms,
  listContributions,
  listReleases,
  payDividend,
  registerModel,
  reviewerPoolAbi,
  testTokenAbi,
} from "@cairn/sdk";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { type Abi, createPublicClient, createWalletClient, type Hex, http, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { seriousViolations } from "./axe.js";
import { buildWeb, type DevNetwork, launchChromium, repoRoot, startNetwork } from "./env.js";
import { connect, createDatasetThroughForm, fresh, writeBigFile } from "./flows.js";
import { installWallet, type TestWallet } from "./wallet.js";

type Role = { context: BrowserContext; page: Page; wallet: TestWallet };

describe("web app end to end (Chromium, cairn dev, relayer, EIP-6963 wallet)", { timeout: 600_000 }, () => {
  let net: DevNetwork;
  let browser: Browser;
  let reader: PublicClient;
  const roles: Record<string, Role> = {};
  const pageErrors: string[] = [];

  async function role(name: string, account: number): Promise<Role> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const wallet = await installWallet(context, {
      privateKey: net.accounts[account].privateKey,
      rpc: net.rpc,
      chainId: net.chainId,
    });
    const page = await context.newPage();
    page.on("pageerror", (e) => pageErrors.push(`${name}: ${e.message}`));
    if (process.env.CAIRN_WEB_DEBUG) {
      page.on("console", (m) => console.log(`[${name}] ${m.type()}: ${m.text()}`));
      page.on("worker", (w) => w.on("console", (m) => console.log(`[${name} worker] ${m.text()}`)));
    }
    roles[name] = { context, page, wallet };
    return roles[name];
  }

  /** The role's context (created and connected if an earlier test did not), on `hash`. */
  async function ensureRole(name: string, account: number, hash: string): Promise<Role> {
    const r = roles[name] ?? (await role(name, account));
    await fresh(r.page, net.web, hash);
    await r.page.getByRole("button", { name: /^(Connect wallet|Disconnect)$/ }).waitFor();
    if (await r.page.getByRole("button", { name: "Connect wallet" }).isVisible()) await connect(r.page);
    return r;
  }

  async function noSeriousViolations(page: Page, where: string) {
    const violations = await seriousViolations(page);
    assert.deepEqual(violations, [], `axe on ${where}: ${JSON.stringify(violations, null, 2)}`);
  }

  /** The `cairn` CLI's JSON answer, as dev account `account`, against the test's network. */
  const cairn = (args: string[], account = 0) =>
    JSON.parse(
      execFileSync(process.execPath, [join(repoRoot, "packages/cli/bin/cairn.js"), ...args, "--json"], {
        cwd: net.dir,
        env: { ...process.env, CAIRN_PRIVATE_KEY: net.accounts[account].privateKey },
        encoding: "utf8",
      }),
    );

  before(async () => {
    buildWeb();
    [net, browser] = await Promise.all([startNetwork(), launchChromium()]);
    reader = createPublicClient({ transport: http(net.rpc) }) as PublicClient;
  });
  after(async () => {
    await browser?.close();
    await net?.stop();
    assert.deepEqual(pageErrors, [], "uncaught errors in pages");
  });

  it("steward creates a dataset with the manifest form (on a wrong network, the app offers to switch)", async () => {
    const steward = await role("steward", 0);
    const { page } = steward;
    await page.goto(`${net.web}/#/steward`);
    await connect(steward.page);
    await steward.wallet.switchChain(1);
    await page.getByRole("button", { name: "Switch to cairn dev" }).click();
    await page.getByRole("button", { name: "Switch to cairn dev" }).waitFor({ state: "detached" });
    assert.equal(steward.wallet.chainId, net.chainId);

    // The SDK's manifest schema speaks first: an empty form names each missing field.
    await page.getByRole("button", { name: "Create the dataset" }).click();
    await page.getByText(/Fix \d+ fields marked below/).waitFor();
    assert.equal(await page.getByLabel("Name").getAttribute("aria-invalid"), "true");
    await noSeriousViolations(page, "steward (with errors)");

    await createDatasetThroughForm(page, net, { id: 1 });
    const count = await reader.readContract({
      address: net.registry,
      abi: cairnRegistryAbi,
      functionName: "datasetCount",
    });
    assert.equal(count, 1n);
  });

  it("datasets list and dataset page show the manifest and terms in full (search filters)", async () => {
    const { page } = roles.steward;
    await page.goto(`${net.web}/#/`);
    await page.getByRole("link", { name: "Swahili proverbs" }).waitFor();
    await noSeriousViolations(page, "datasets");
    await page.getByLabel("Search").fill("klingon");
    await page.getByText("0 of 1 datasets").waitFor();
    await page.getByLabel("Search").fill("methali");
    await page.getByText("1 of 1 datasets").waitFor();
    await page.getByRole("link", { name: "Swahili proverbs" }).click();
    await page.getByText("I give this under CC-BY-4.0 and confirm it is mine to give.").waitFor();
    await page.getByText("These are exactly the terms recorded on-chain").waitFor();
    await noSeriousViolations(page, "dataset page");
  });

  const files = [
    { name: "haba-na-haba.txt", mimeType: "text/plain", buffer: Buffer.from("Haba na haba hujaza kibaba.\n") },
    { name: "pole-pole.txt", mimeType: "text/plain", buffer: Buffer.from("Pole pole ndio mwendo.\n") },
    {
      name: "asiyefunzwa.txt",
      mimeType: "text/plain",
      buffer: Buffer.from("Asiyefunzwa na mamaye hufunzwa na ulimwengu.\n"),
    },
  ];

  it("contributor hashes three files in a worker, signs each with the wallet, and the relayer includes them", async () => {
    const contributor = await role("contributor", 2);
    const { page, wallet } = contributor;
    await page.goto(`${net.web}/#/datasets/1/contribute`);
    await connect(contributor.page);
    await page.getByLabel("Choose files").setInputFiles(files);
    if (process.env.CAIRN_WEB_DEBUG) {
      await page.waitForTimeout(3000);
      await page.screenshot({ path: "/tmp/webdev/contrib.png", fullPage: true });
    }
    await page.getByRole("button", { name: "Store and sign 3 files" }).waitFor();
    await page.getByText("Ready", { exact: true }).nth(2).waitFor();
    await page.getByLabel("I agree to these terms").check();
    await noSeriousViolations(page, "contribute");
    await page.getByRole("button", { name: "Store and sign 3 files" }).click();
    await page.getByText("3 included, 0 skipped.").waitFor({ timeout: 120_000 });

    // The wallet was asked three times and saw the dataset, the content and the terms it consents to.
    const signed = wallet.typedData as Array<{
      primaryType: string;
      domain: { verifyingContract: string };
      message: Record<string, string>;
    }>;
    assert.equal(signed.length, 3);
    const { termsHash } = await reader.readContract({
      address: net.registry,
      abi: cairnRegistryAbi,
      functionName: "getDataset",
      args: [1n],
    });
    for (const t of signed) {
      assert.equal(t.primaryType, "Contribution");
      assert.equal(t.domain.verifyingContract.toLowerCase(), net.registry.toLowerCase());
      assert.equal(String(t.message.datasetId), "1");
      assert.equal(t.message.termsHash, termsHash);
    }
    assert.equal(
      wallet.calls.filter((m) => m === "eth_sendTransaction").length,
      0,
      "gasless: the contributor sent nothing",
    );
    const client = await createCairnClient({ publicClient: reader, registry: net.registry });
    const { contributions } = await listContributions(client, { datasetId: 1n });
    assert.deepEqual(
      contributions.map((c) => c.contentHash).sort(),
      files.map((f) => `0x${createHash("sha256").update(f.buffer).digest("hex")}`).sort(),
    );
    assert.ok(contributions.every((c) => c.contributor === net.accounts[2].address && c.status === "pending"));
  });

  it("a duplicate is refused before signing, with the reason", async () => {
    const { page, wallet } = roles.contributor;
    const before = wallet.typedData.length;
    await fresh(page, net.web, "#/datasets/1/contribute");
    await page.getByLabel("Choose files").setInputFiles([files[0]]);
    await page.getByText("Already in this dataset: it will not be signed.").waitFor();
    await page.getByLabel("I agree to these terms").check();
    assert.equal(await page.getByRole("button", { name: "Store and sign 0 files" }).isDisabled(), true);
    assert.equal(wallet.typedData.length, before);
  });

  it("a store that answers another CID than the browser computed is refused, before anything is signed", async () => {
    const { page, context, wallet } = roles.contributor;
    const before = wallet.typedData.length;
    const lying = (route: import("playwright-core").Route) =>
      route.fulfill({
        status: 200,
        headers: { "access-control-allow-origin": "*" },
        body: `${JSON.stringify({ Name: "file", Hash: "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku", Size: "6" })}\n`,
      });
    const isAdd = (url: URL) => url.pathname === "/api/v0/add";
    await context.route(isAdd, lying);
    await fresh(page, net.web, "#/datasets/1/contribute");
    await page
      .getByLabel("Choose files")
      .setInputFiles([{ name: "lie.txt", mimeType: "text/plain", buffer: Buffer.from("Bandu bandu huisha gogo.\n") }]);
    await page.getByLabel("I agree to these terms").check();
    await page.getByRole("button", { name: "Store and sign 1 files" }).click();
    await page.getByText("returned a different CID than the one computed locally").waitFor();
    assert.equal(wallet.typedData.length, before, "nothing signed");
    await context.unroute(isAdd, lying);
  });

  it("a signature the user rejects in the wallet is recovered: clear message, then retry works", async () => {
    const { page, wallet } = roles.contributor;
    await fresh(page, net.web, "#/datasets/1/contribute");
    await page
      .getByLabel("Choose files")
      .setInputFiles([
        { name: "mgeni.txt", mimeType: "text/plain", buffer: Buffer.from("Mgeni njoo, mwenyeji apone.\n") },
      ]);
    await page.getByLabel("I agree to these terms").check();
    wallet.rejectNext("eth_signTypedData_v4");
    await page.getByRole("button", { name: "Store and sign 1 files" }).click();
    await page.getByText("You declined in your wallet.").waitFor();
    await page.getByText("Nothing was signed or sent.").waitFor();
    await page.getByRole("button", { name: "Try again" }).click();
    await page.getByText("1 included, 0 skipped.").waitFor({ timeout: 60_000 });
  });

  it("curator accepts two and rejects one in one transaction, seeing quorum progress and verified previews", async () => {
    const curator = await role("curator", 1);
    const { page, wallet } = curator;
    await page.goto(`${net.web}/#/review`);
    await connect(curator.page);
    await page.getByRole("button", { name: /Send 0 reviews/ }).waitFor();
    assert.equal(await page.getByText("0 accept, 0 reject of 1 needed").count(), 4);
    await page.getByRole("button", { name: "Preview" }).first().click();
    await page.getByText("Verified: these bytes hash to").waitFor();
    await page.getByText("Haba na haba hujaza kibaba.").waitFor();
    await noSeriousViolations(page, "review");
    const decisions = page.getByLabel(/^Decision for/);
    await decisions.nth(0).selectOption("accept");
    await decisions.nth(1).selectOption("accept");
    await page
      .getByLabel(/^Score for/)
      .nth(1)
      .fill("0");
    await page.getByText("A score is a whole number from 1 to 100.").waitFor();
    await page
      .getByLabel(/^Score for/)
      .nth(1)
      .fill("90");
    await decisions.nth(2).selectOption("reject");
    await page.getByRole("button", { name: "Send 3 reviews in one transaction" }).click();
    await page.getByText("3 votes counted, 3 contributions decided, 0 skipped.").waitFor({ timeout: 60_000 });
    assert.equal(wallet.calls.filter((m) => m === "eth_sendTransaction").length, 1);
    const client = await createCairnClient({ publicClient: reader, registry: net.registry });
    const statuses = (await listContributions(client, { datasetId: 1n })).contributions.map((c) => c.status);
    assert.deepEqual(statuses, ["accepted", "accepted", "rejected", "pending"]);
  });

  it("sponsor funds with an ERC-2612 permit: one signature, one transaction", async () => {
    const sponsor = await role("sponsor", 3);
    const { page, wallet } = sponsor;
    await page.goto(`${net.web}/#/datasets/1/fund`);
    await connect(sponsor.page);
    await page.getByLabel("Amount (CDT)").fill("abc");
    await page.getByLabel("Amount (CDT)").blur();
    await page.getByText("Enter an amount such as 100 or 12.5.").waitFor();
    await noSeriousViolations(page, "fund");
    await page.getByLabel("Amount (CDT)").fill("1000");
    await page.getByRole("button", { name: "Fund", exact: true }).click();
    await page.getByText("Funded. Thank you!").waitFor({ timeout: 60_000 });
    assert.deepEqual(
      wallet.calls.filter((m) => m === "eth_signTypedData_v4" || m === "eth_sendTransaction"),
      ["eth_signTypedData_v4", "eth_sendTransaction"],
    );
    const client = await createCairnClient({ publicClient: reader, registry: net.registry });
    assert.equal((await getPool(client, { datasetId: 1n })).funded, 1000n * 10n ** 18n);
  });

  it("contributor claims and the token balance changes", async () => {
    const { page } = roles.contributor;
    const balance = () =>
      reader.readContract({
        address: net.token,
        abi: testTokenAbi,
        functionName: "balanceOf",
        args: [net.accounts[2].address],
      });
    const before = await balance();
    await page.goto(`${net.web}/#/rewards`);
    await page.getByRole("button", { name: "Claim all (1 datasets) in one transaction" }).waitFor();
    await noSeriousViolations(page, "rewards");
    await page.getByRole("button", { name: "Claim all (1 datasets) in one transaction" }).click();
    await page.getByText("Claimed from 1 datasets.").waitFor({ timeout: 60_000 });
    const gained = (await balance()) - before;
    // Two accepted contributions, both the contributor's: the whole 1000 CDT (less rounding dust).
    assert.ok(gained > 999n * 10n ** 18n && gained <= 1000n * 10n ** 18n, `gained ${gained}`);
  });

  it("the RPC goes away mid-flow: a clear error, and retry works once it is back", async () => {
    const { page, context } = roles.contributor;
    await page.goto(`${net.web}/#/`);
    await page.getByRole("link", { name: "Swahili proverbs" }).waitFor();
    const rpcOrigin = new URL(net.rpc).origin;
    const isRpc = (url: URL) => url.origin === rpcOrigin;
    const down = (route: import("playwright-core").Route) => route.abort("connectionrefused");
    await context.route(isRpc, down);
    await page.getByRole("link", { name: "Swahili proverbs" }).click();
    await page.getByText("The network did not answer.").waitFor({ timeout: 30_000 });
    await context.unroute(isRpc, down);
    await page.getByRole("button", { name: "Try again" }).click();
    await page.getByText("I give this under CC-BY-4.0").waitFor({ timeout: 30_000 });
  });

  it("a 200 MB file hashes in a worker with a progress bar, to the same CID as the SDK in Node", async () => {
    const { page } = roles.contributor;
    const path = join(net.dir, "big.bin");
    await writeBigFile(path, 200);
    await fresh(page, net.web, "#/datasets/1/contribute");
    await page.getByLabel("Choose files").setInputFiles(path);
    const bar = page.getByRole("progressbar", { name: "Hashing big.bin" });
    await bar.waitFor();
    // The page stays responsive while the worker hashes: progress moves, and the page answers meanwhile.
    const seen = new Set<string>();
    while (await bar.isVisible()) {
      const value = await bar.getAttribute("value").catch(() => null);
      if (value) seen.add(value);
      await page.waitForTimeout(100);
    }
    assert.ok(
      [...seen].some((v) => Number(v) > 0 && Number(v) < 200 * 1024 * 1024),
      `progress values ${[...seen]}`,
    );
    const expected = await hashFile(path);
    await page.getByText(expected.cid).waitFor();
    await page.getByText(expected.sha256).waitFor();
  });

  it("a governed dataset: created from the form, a member proposes closing it and votes, another signs an abstention without gas that the steward submits, queued; anyone executes; it then refuses a contribution before signing", async () => {
    const rpc = async (method: string, params: unknown[]) => {
      const body = await fetch(net.rpc, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
      }).then((r) => r.json() as Promise<{ error?: { message: string } }>);
      if (body.error) throw new Error(`${method}: ${body.error.message}`);
    };
    const mine = (blocks: number) => rpc("hardhat_mine", [`0x${blocks.toString(16)}`]);
    const steward = roles.steward.page;
    await fresh(steward, net.web, "#/steward");
    await createDatasetThroughForm(steward, net, {
      id: 2,
      name: "Kenyan recipes",
      governed: { votingPeriod: "10", timelockDelay: "0" },
    });
    const status = async () =>
      (
        await reader.readContract({
          address: net.registry,
          abi: cairnRegistryAbi,
          functionName: "getDataset",
          args: [2n],
        })
      ).status;
    assert.equal(await status(), 1);

    // The contributor's accepted weight (the score the curator gives) is their voting power.
    const { page, wallet } = roles.contributor;
    await fresh(page, net.web, "#/datasets/2/contribute");
    await page
      .getByLabel("Choose files")
      .setInputFiles([
        { name: "ugali.txt", mimeType: "text/plain", buffer: Buffer.from("Ugali: maize flour, water.\n") },
      ]);
    await page.getByLabel("I agree to these terms").check();
    await page.getByRole("button", { name: "Store and sign 1 files" }).click();
    await page.getByText("1 included, 0 skipped.").waitFor({ timeout: 60_000 });
    // A second member (the sponsor's account) contributes too.
    const member = await ensureRole("sponsor", 3, "#/datasets/2/contribute");
    await member.page
      .getByLabel("Choose files")
      .setInputFiles([{ name: "pilau.txt", mimeType: "text/plain", buffer: Buffer.from("Pilau: rice, spices.\n") }]);
    await member.page.getByLabel("I agree to these terms").check();
    await member.page.getByRole("button", { name: "Store and sign 1 files" }).click();
    await member.page.getByText("1 included, 0 skipped.").waitFor({ timeout: 60_000 });

    const curator = (await ensureRole("curator", 1, "#/review")).page;
    const decisions = curator
      .getByRole("row")
      .filter({ has: curator.getByRole("cell", { name: "#2", exact: true }) })
      .getByLabel(/^Decision for/);
    await decisions.nth(1).waitFor();
    await decisions.nth(0).selectOption("accept");
    await decisions.nth(1).selectOption("accept");
    await curator.getByRole("button", { name: "Send 2 reviews in one transaction" }).click();
    await curator.getByText("2 votes counted, 2 contributions decided, 0 skipped.").waitFor({ timeout: 60_000 });
    await mine(1); // votes are counted one block back

    await fresh(page, net.web, "#/datasets/2");
    await page.getByRole("link", { name: "Governance" }).click();
    await page.getByRole("heading", { name: "Governance of Kenyan recipes" }).waitFor();
    await page.getByText("80 votes", { exact: true }).waitFor();
    await page.getByText("You vote with your own weight.").waitFor();
    await page.getByLabel("What it does").selectOption("setStatus");
    await page.getByLabel("New status").selectOption("closed");
    await page.getByRole("button", { name: "Propose", exact: true }).click();
    await page.getByText("Say what the proposal does and why.").waitFor();
    await page.getByLabel("Description (why)").fill("Close the collection: we have enough recipes.");
    await page.getByRole("button", { name: "Propose", exact: true }).click();
    await page.getByText("Proposal submitted.").waitFor({ timeout: 60_000 });
    const proposal = page.getByRole("listitem").filter({ hasText: "Close the collection" });
    await proposal.getByText("Pending", { exact: true }).waitFor();
    await proposal.getByText("setStatus(2, 3)", { exact: true }).waitFor(); // decoded from the calldata
    await noSeriousViolations(page, "govern");

    await mine(2);
    await page.getByRole("button", { name: "Refresh" }).click();
    await proposal.getByRole("button", { name: "Vote for" }).click();
    await page.getByText("Your vote counted with 80 votes.").waitFor({ timeout: 60_000 });
    await proposal.getByText("You voted on this proposal.").waitFor();

    // The other member signs an abstention without gas; the steward (no votes of its own) submits it.
    const sent = () => member.wallet.calls.filter((m) => m === "eth_sendTransaction").length;
    const sentBefore = sent();
    await fresh(member.page, net.web, "#/datasets/2/govern");
    const memberProposal = member.page.getByRole("listitem").filter({ hasText: "Close the collection" });
    await memberProposal.getByRole("checkbox", { name: /Sign only/ }).check();
    await memberProposal.getByRole("button", { name: "Abstain" }).click();
    await member.page.getByText("Vote signed: nothing was sent.").waitFor({ timeout: 60_000 });
    const signedVote = await member.page.getByRole("textbox", { name: "Your signed vote" }).inputValue();
    assert.equal(sent(), sentBefore, "signing sent no transaction");
    await fresh(steward, net.web, "#/datasets/2/govern");
    await steward
      .getByLabel("Signed vote (JSON)")
      .fill(
        signedVote.replace(
          /"governor": "0x[0-9a-fA-F]{40}"/,
          '"governor": "0x0000000000000000000000000000000000000001"',
        ),
      );
    await steward.getByRole("button", { name: "Submit it (you pay the gas)" }).click();
    await steward.getByText("This vote was signed for another governor, not this dataset's.").waitFor();
    await steward.getByLabel("Signed vote (JSON)").fill(signedVote);
    await steward.getByRole("button", { name: "Submit it (you pay the gas)" }).click();
    await steward.getByText(`Submitted: 80 votes of ${net.accounts[3].address} counted.`).waitFor({ timeout: 60_000 });

    await mine(11);
    await page.getByRole("button", { name: "Refresh" }).click();
    await proposal.getByText("Passed", { exact: true }).waitFor();
    await proposal.getByRole("button", { name: "Queue" }).click();
    await page.getByText("Queued in the timelock.").waitFor({ timeout: 60_000 });
    await mine(1);

    // The contributor opens the contribute page while the dataset is still open, and picks a file.
    await fresh(page, net.web, "#/datasets/2/contribute");
    await page
      .getByLabel("Choose files")
      .setInputFiles([{ name: "chapati.txt", mimeType: "text/plain", buffer: Buffer.from("Chapati: flour, oil.\n") }]);
    await page.getByLabel("I agree to these terms").check();
    await page.getByRole("button", { name: "Store and sign 1 files" }).waitFor();

    // Anyone may execute a passed proposal: the steward (who holds no votes) does.
    await fresh(steward, net.web, "#/datasets/2/govern");
    await steward
      .getByRole("listitem")
      .filter({ hasText: "Close the collection" })
      .getByRole("button", { name: "Execute" })
      .click({ timeout: 60_000 });
    await steward.getByText("Executed: the dataset changed.").waitFor({ timeout: 60_000 });
    assert.equal(await status(), 3, "closed");

    // The page still thinks the dataset is open; the app asks the chain before signing and refuses, saying why.
    const signed = wallet.typedData.length;
    await page.getByRole("button", { name: "Store and sign 1 files" }).click();
    await page.getByText("The dataset closed before signing: nothing was signed.").waitFor();
    assert.equal(wallet.typedData.length, signed, "nothing signed");
    await fresh(page, net.web, "#/datasets/2/contribute");
    await page.getByText("This dataset is Closed: it takes no contributions now.").waitFor();
  });

  it("the steward edits a dataset (a second curator, two votes decide, paused); a paused dataset takes no contribution", async () => {
    const { page } = roles.steward;
    await fresh(page, net.web, "#/datasets/1");
    await page.getByRole("link", { name: "Manage" }).click();
    await page.getByRole("heading", { name: "Manage Swahili proverbs" }).waitFor();
    await page.getByText("Nothing changed yet.").first().waitFor();
    await page.getByLabel("Votes that decide").fill("3");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("A whole number, at most the number of curators.").waitFor();
    await page.getByLabel("Curators (addresses)").fill(`${net.accounts[1].address}\n${net.accounts[3].address}`);
    await page.getByLabel("Votes that decide").fill("2");
    await page.getByLabel("Status").selectOption("paused");
    await noSeriousViolations(page, "manage");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Saved in 3 transactions.").waitFor({ timeout: 60_000 });
    const dataset = await reader.readContract({
      address: net.registry,
      abi: cairnRegistryAbi,
      functionName: "getDataset",
      args: [1n],
    });
    assert.equal(dataset.status, 2, "paused");
    assert.equal(dataset.quorum, 2);
    assert.equal(
      await reader.readContract({
        address: net.registry,
        abi: cairnRegistryAbi,
        functionName: "isCurator",
        args: [1n, net.accounts[3].address],
      }),
      true,
    );

    const contributor = roles.contributor;
    const signed = contributor.wallet.typedData.length;
    await fresh(contributor.page, net.web, "#/datasets/1/contribute");
    await contributor.page.getByText("This dataset is Paused: it takes no contributions now.").waitFor();
    await contributor.page
      .getByLabel("Choose files")
      .setInputFiles([{ name: "subira.txt", mimeType: "text/plain", buffer: Buffer.from("Subira huvuta heri.\n") }]);
    await contributor.page.getByLabel("I agree to these terms").check();
    assert.equal(await contributor.page.getByRole("button", { name: "Store and sign 1 files" }).isDisabled(), true);
    assert.equal(contributor.wallet.typedData.length, signed, "nothing signed");
  });

  it("the steward publishes a new manifest and new terms from the Manage page; the dataset page shows them, matching the chain", async () => {
    const { page } = roles.steward;
    await fresh(page, net.web, "#/datasets/1/manage");
    const editor = page.getByRole("form", { name: "Manifest and terms" });
    await editor.getByLabel("Description").waitFor();
    assert.equal(await editor.getByRole("button", { name: "Publish the manifest" }).isDisabled(), true);
    await editor.getByLabel("Language").fill("Swahili!");
    await editor.getByLabel("Terms").fill(" ");
    await editor.getByRole("button", { name: "Publish the manifest" }).click();
    await editor.getByText("Write the terms contributors agree to.").waitFor();
    await editor.getByLabel("Language").fill("sw");
    await editor.getByLabel("Description").fill("Proverbs (methali) from the whole Swahili coast.");
    const terms = "I give this under CC-BY-4.0, confirm it is mine to give, and agree to its release in exports.";
    await editor.getByLabel("Terms").fill(terms);
    await editor.getByText("You are changing the terms").waitFor();
    await noSeriousViolations(page, "manage: manifest and terms");
    const before = await getDataset(await createCairnClient({ publicClient: reader, registry: net.registry }), {
      datasetId: 1n,
    });
    await editor.getByRole("button", { name: "Publish the manifest" }).click();
    await editor.getByText("Saved in 2 transactions.").waitFor({ timeout: 60_000 }); // setManifest, setTerms
    const after = await getDataset(await createCairnClient({ publicClient: reader, registry: net.registry }), {
      datasetId: 1n,
    });
    assert.notEqual(after.manifestCid, before.manifestCid);
    assert.equal(after.termsHash, hashTerms(terms));

    await fresh(page, net.web, "#/datasets/1");
    await page.getByText("Proverbs (methali) from the whole Swahili coast.").waitFor();
    await page.getByText(terms).waitFor();
    await page.getByText("These are exactly the terms recorded on-chain").waitFor();

    // A new description that keeps the terms is one transaction (no setTerms).
    await fresh(page, net.web, "#/datasets/1/manage");
    await editor.getByLabel("Description").fill("Proverbs (methali) from the Swahili coast and inland.");
    await editor.getByRole("button", { name: "Publish the manifest" }).click();
    await editor.getByText("Saved in 1 transactions.").waitFor({ timeout: 60_000 });
  });

  it("the dataset page lists its releases and the models trained on them (cut and registered with the CLI)", async () => {
    const cairn = (args: string[]) =>
      JSON.parse(
        execFileSync(process.execPath, [join(repoRoot, "packages/cli/bin/cairn.js"), ...args, "--json"], {
          cwd: net.dir,
          env: { ...process.env, CAIRN_PRIVATE_KEY: net.accounts[0].privateKey },
          encoding: "utf8",
        }),
      );
    const release = cairn(["release", "cut", "1"]);
    assert.equal(Number(release.itemCount), 2);
    const client = await createCairnClient({ publicClient: reader, registry: net.registry });
    const [accepted] = (await listContributions(client, { datasetId: 1n })).contributions.filter(
      (c) => c.status === "accepted",
    );
    cairn([
      "model",
      "register",
      "--name",
      "methali-small",
      "--release",
      String(release.releaseId),
      "--weights",
      accepted.cid,
      "--license",
      "Apache-2.0",
    ]);
    const { page } = roles.contributor;
    await fresh(page, net.web, "#/datasets/1");
    const releases = page.getByRole("region", { name: "Releases (1)" });
    await releases.getByRole("cell", { name: "Release 1", exact: true }).waitFor();
    await releases.getByRole("cell", { name: "2", exact: true }).waitFor();
    await releases.getByText("methali-small").waitFor();
    await noSeriousViolations(page, "dataset page with releases");

    const availability = page.getByRole("region", { name: "Availability" });
    await availability.getByRole("button", { name: "Check availability" }).click();
    await availability
      .getByRole("status")
      .getByText("Files checked: 2. Stores checked: 1.")
      .waitFor({ timeout: 60_000 });
    await availability.getByRole("status").getByText("Files with no verified copy: 0.").waitFor();
    const rows = availability.getByRole("table").getByRole("row");
    assert.equal(await rows.count(), 3);
    assert.equal(await availability.getByRole("cell", { name: "Available", exact: true }).count(), 2);
    assert.equal(await availability.getByRole("cell", { name: /^(Missing|Corrupt|Unreachable)$/ }).count(), 0);
    await noSeriousViolations(page, "dataset page with an availability report");
  });

  it("a dividend the token refused to pay a contribution's owner shows as parked on the dataset page; the owner sends it to another address", async () => {
    const devFile = JSON.parse(readFileSync(join(net.dir, ".cairn", "dev.json"), "utf8"));
    const artifact = JSON.parse(
      readFileSync(join(repoRoot, "artifacts/contracts/test/BlocklistToken.sol/BlocklistToken.json"), "utf8"),
    ) as { abi: Abi; bytecode: Hex };
    const builderWallet = createWalletClient({
      account: privateKeyToAccount(net.accounts[0].privateKey),
      transport: http(net.rpc),
    });
    const builder = await createCairnClient({
      publicClient: reader,
      walletClient: builderWallet,
      registry: net.registry,
      releases: devFile.releases,
      models: devFile.models,
    });
    const deployed = await builderWallet.deployContract({
      abi: artifact.abi,
      bytecode: artifact.bytecode,
      chain: null,
    });
    const blk = (await reader.waitForTransactionReceipt({ hash: deployed })).contractAddress as `0x${string}`;
    const call = async (functionName: string, args: unknown[]) =>
      reader.waitForTransactionReceipt({
        hash: await builderWallet.writeContract({ address: blk, abi: artifact.abi, functionName, args, chain: null }),
      });
    const amount = 90n * 10n ** 18n;
    await call("mint", [net.accounts[0].address, amount]);
    const [release] = await listReleases(builder, { datasetId: 1n });
    const { modelId } = await registerModel(builder, {
      name: "methali-blocklisted",
      releaseIds: [release.releaseId],
      dividendToken: blk,
      weightsCid: "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
      license: "Apache-2.0",
    });
    await payDividend(builder, { modelId, amount });
    const owner = net.accounts[2].address; // the contributor owns both accepted contributions of release 1
    await call("setBlocked", [owner, true]);
    const { parked } = await claimDividends(builder, { account: owner });
    const parkedTotal = parked.reduce((sum, p) => sum + p.amount, 0n);
    assert.ok(amount - parkedTotal < 10n, `all of it parked but rounding dust: ${parkedTotal}`);

    const { page } = roles.contributor;
    await fresh(page, net.web, "#/datasets/1");
    await page.reload(); // a new document: no query cached by the last test (the page keeps reads 2 s)
    const section = page.getByRole("region", { name: "Parked data dividends" });
    await section.getByRole("cell", { name: "Release 1", exact: true }).waitFor({ timeout: 60_000 });
    assert.equal(await section.getByText("90 BLK").count(), 2); // from this release; for the owner now
    await noSeriousViolations(page, "dataset page with parked dividends");
    const elsewhere = "0x5555555555555555555555555555555555555555"; // any address the token does not refuse
    await section.getByLabel("Send my parked dividends to").fill(elsewhere);
    await section.getByRole("button", { name: "Withdraw parked BLK" }).click();
    await section.getByText("Sent. Nothing is parked for you in BLK now.").waitFor({ timeout: 60_000 });
    const balanceOf = (account: `0x${string}`) =>
      reader.readContract({ address: blk, abi: artifact.abi, functionName: "balanceOf", args: [account] });
    assert.equal(await balanceOf(elsewhere), parkedTotal);
    assert.equal(await getParkedDividends(builder, { token: blk, account: owner }), 0n);
    await section.getByRole("cell", { name: "0 BLK", exact: true }).waitFor();
  });

  it("the steward proposes a new steward on the Manage page; it shows as pending until that account accepts from its own wallet (two contexts)", async () => {
    const created = cairn(
      ["dataset", "create", "--name", "Handed over", "--description", "changes hands", "--language", "sw"].concat([
        "--license",
        "CC-BY-4.0",
      ]),
    );
    const datasetId = BigInt(created.datasetId);
    const client = await createCairnClient({ publicClient: reader, registry: net.registry });
    const next = net.accounts[4].address;
    const { page } = await ensureRole("steward", 0, `#/datasets/${datasetId}/manage`);
    const panel = page.getByRole("region", { name: "Stewardship" });
    await panel.getByText("No handover proposed.").waitFor({ timeout: 60_000 });
    const input = panel.getByLabel("Propose a new steward (address)");
    await input.fill(net.accounts[0].address);
    await panel.getByRole("button", { name: "Propose as steward" }).click();
    await panel.getByText("That is already the steward.").waitFor();
    await input.fill(next.toLowerCase());
    await panel.getByRole("button", { name: "Propose as steward" }).click();
    await panel.getByText("Proposed. It becomes steward once it accepts.").waitFor({ timeout: 60_000 });
    await panel.getByText("Handover pending: proposed to").waitFor();
    await noSeriousViolations(page, "manage page with a pending handover");
    let dataset = await getDataset(client, { datasetId });
    assert.equal(dataset.pendingSteward?.toLowerCase(), next.toLowerCase());
    assert.equal(dataset.steward.toLowerCase(), net.accounts[0].address.toLowerCase(), "still the steward");

    // The proposed account, in a browser context of its own, accepts with its wallet.
    const heir = await ensureRole("heir", 4, `#/datasets/${datasetId}/manage`);
    const heirPanel = heir.page.getByRole("region", { name: "Stewardship" });
    await heirPanel.getByText("You were proposed as this dataset's steward.").waitFor({ timeout: 60_000 });
    const sent = heir.wallet.calls.filter((m) => m === "eth_sendTransaction").length;
    await heirPanel.getByRole("button", { name: "Accept the stewardship" }).click();
    await heirPanel.getByText("You are now this dataset's steward.").waitFor({ timeout: 60_000 });
    assert.equal(heir.wallet.calls.filter((m) => m === "eth_sendTransaction").length, sent + 1);
    dataset = await getDataset(client, { datasetId });
    assert.equal(dataset.steward.toLowerCase(), next.toLowerCase());
    assert.equal(dataset.pendingSteward, undefined);
    await heirPanel.getByText("No handover proposed.").waitFor();
    await heirPanel.getByRole("button", { name: "Propose as steward" }).waitFor();
    // The former steward may no longer change the dataset.
    await fresh(page, net.web, `#/datasets/${datasetId}/manage`);
    await page.getByText(`Only the steward (${next}) can change this dataset.`).waitFor({ timeout: 60_000 });
    assert.equal(await panel.getByRole("button", { name: "Propose as steward" }).count(), 0);
    await heir.context.close();
    delete roles.heir;
  });

  it("a reviewer joins a dataset's pool from the Review page (approving its stake), sees the contribution the pool drew them for, previews it, accepts it, claims its reviewer reward (Rewards page), leaves the pool, and withdraws its stake once it has unbonded (chain time advanced)", async () => {
    const devFile = JSON.parse(readFileSync(join(net.dir, ".cairn", "dev.json"), "utf8"));
    const pool = devFile.pool as `0x${string}`;
    assert.ok(pool, "cairn dev deployed a reviewer pool");
    const created = cairn(
      [
        "dataset",
        "create",
        "--name",
        "Pooled proverbs",
        "--description",
        "reviewed by a pool",
        "--language",
        "sw",
      ].concat(["--license", "CC-BY-4.0", "--curator", pool, "--quorum", "1"]),
    );
    const datasetId = BigInt(created.datasetId);
    const stewardClient = await createCairnClient({
      publicClient: reader,
      walletClient: createWalletClient({
        account: privateKeyToAccount(net.accounts[0].privateKey),
        transport: http(net.rpc),
      }),
      registry: net.registry,
    });
    const minStake = 5n * 10n ** 18n;
    await configurePool(stewardClient, { pool, datasetId, policy: { k: 1, timeout: 3600, minStake } });

    // The contributor joins from the Review page: the pool pulls its stake, so the app approves it first.
    const { page, wallet } = await ensureRole("contributor", 2, "#/review");
    const member = net.accounts[2].address;
    const balance = () =>
      reader.readContract({ address: net.token, abi: testTokenAbi, functionName: "balanceOf", args: [member] });
    const before = await balance();
    const pools = page.getByRole("region", { name: "Reviewer pools" });
    const joinButton = pools.getByRole("button", { name: `Join the pool of #${datasetId}` });
    await joinButton.waitFor({ timeout: 60_000 });
    const joinRow = pools
      .getByRole("row")
      .filter({ has: page.getByRole("button", { name: `Join the pool of #${datasetId}` }) });
    await joinRow.getByText("Not a member").waitFor();
    await joinRow.getByText("5 CDT").waitFor();
    await noSeriousViolations(page, "review page with reviewer pools");
    const sentBeforeJoin = wallet.calls.filter((m) => m === "eth_sendTransaction").length;
    await joinButton.click();
    await pools.getByText(`You joined the pool of #${datasetId}.`).waitFor({ timeout: 60_000 });
    assert.equal(wallet.calls.filter((m) => m === "eth_sendTransaction").length, sentBeforeJoin + 2); // approve, join
    const joined = await reader.readContract({
      address: pool,
      abi: reviewerPoolAbi,
      functionName: "reviewerOf",
      args: [datasetId, member],
    });
    assert.ok(joined.active);
    assert.equal(joined.stake, minStake);
    assert.equal(await balance(), before - minStake);
    await pools.getByText("Member: agreed 0 of 0").waitFor();
    const file = join(net.dir, "pooled.txt");
    writeFileSync(file, "Mchelea mwana kulia hulia yeye.\n");
    cairn(["contribute", file, "--dataset", String(datasetId)], 3);
    const client = await createCairnClient({ publicClient: reader, registry: net.registry });
    const [contribution] = (await listContributions(client, { datasetId })).contributions;
    assert.equal(contribution.status, "pending");
    // `assign` commits the review; the same call a block later draws the seat from that block's hash.
    const steward = createWalletClient({
      account: privateKeyToAccount(net.accounts[0].privateKey),
      transport: http(net.rpc),
    });
    for (let i = 0; i < 2; i++) {
      const hash = await steward.writeContract({
        address: pool,
        abi: reviewerPoolAbi,
        functionName: "assign",
        args: [datasetId, [contribution.contentHash]],
        chain: null,
      });
      await reader.waitForTransactionReceipt({ hash });
    }

    await fresh(page, net.web, "#/review");
    const sent = wallet.calls.filter((m) => m === "eth_sendTransaction").length;
    // The contributor of the earlier tests is now a pool member: the drawn seat is a row of its own.
    const seat = page.getByRole("cell", { name: `#${datasetId} (reviewer pool, seat 0)` });
    await seat.waitFor({ timeout: 60_000 });
    const row = page.getByRole("row").filter({ has: seat });
    await row.getByRole("button", { name: "Preview" }).click();
    await page.getByText("Verified: these bytes hash to").waitFor();
    await page.getByText("Mchelea mwana kulia hulia yeye.").waitFor();
    await noSeriousViolations(page, "review with a pool assignment");
    await row.getByLabel(/^Decision for/).selectOption("accept");
    await row.getByLabel(/^Score for/).fill("77");
    await page.getByRole("button", { name: "Send 1 reviews in one transaction" }).click();
    await page.getByText("1 votes counted, 1 contributions decided, 0 skipped.").waitFor({ timeout: 60_000 });
    assert.equal(wallet.calls.filter((m) => m === "eth_sendTransaction").length, sent + 1);
    const decided = await getContribution(client, { datasetId, contentHash: contribution.contentHash });
    assert.equal(decided.status, "accepted");
    assert.equal(decided.score, 77);
    await seat.waitFor({ state: "detached" });

    // The review is settled (the member agreed: one reward share) and a sponsor funds through the pool: 10 %
    // (the default reviewer share) is the member's, shown in the pool panel and on the Rewards page.
    const sendAs = async (call: Parameters<typeof steward.writeContract>[0]) =>
      reader.waitForTransactionReceipt({ hash: await steward.writeContract(call) });
    await sendAs({
      address: pool,
      abi: reviewerPoolAbi,
      functionName: "settleBatch",
      args: [[{ datasetId, contentHash: contribution.contentHash, voters: [member] }]],
      chain: null,
    });
    const funding = 20n * 10n ** 18n;
    await sendAs({
      address: net.token,
      abi: testTokenAbi,
      functionName: "approve",
      args: [pool, funding],
      chain: null,
    });
    await sendAs({
      address: pool,
      abi: reviewerPoolAbi,
      functionName: "fund",
      args: [datasetId, funding],
      chain: null,
    });
    const reward = await reader.readContract({
      address: pool,
      abi: reviewerPoolAbi,
      functionName: "claimable",
      args: [datasetId, member],
    });
    assert.equal(reward, 2n * 10n ** 18n, "settled and funded: the member's reviewer reward");
    await fresh(page, net.web, "#/review");
    await pools.getByText("reward to claim: 2 CDT").waitFor({ timeout: 60_000 });
    await pools.getByRole("button", { name: `Claim the reward of #${datasetId}` }).waitFor();
    await fresh(page, net.web, "#/rewards");
    const poolRewards = page.getByRole("region", { name: "Reviewer pool rewards" });
    const claimPool = poolRewards.getByRole("button", { name: `Claim the reviewer reward of dataset ${datasetId}` });
    await claimPool.waitFor({ timeout: 60_000 });
    const poolRow = poolRewards.getByRole("row").filter({
      has: page.getByRole("button", { name: `Claim the reviewer reward of dataset ${datasetId}` }),
    });
    await poolRow.getByText("2 CDT").waitFor();
    await noSeriousViolations(page, "rewards with a reviewer-pool reward");
    let held = await balance();
    await claimPool.click();
    await poolRewards.getByText(`Claimed your reviewer reward in dataset ${datasetId}.`).waitFor({ timeout: 60_000 });
    assert.equal((await balance()) - held, 2n * 10n ** 18n, "the pool paid the reviewer reward");
    await poolRewards.getByText("No reviewer reward to claim.").waitFor();

    // Leaving: the member's record stays (agreement, stake unbonding); it is no longer drawn.
    await fresh(page, net.web, "#/review");
    const leave = pools.getByRole("button", { name: `Leave the pool of #${datasetId}` });
    await leave.click();
    await pools.getByText(`You left the pool of #${datasetId}.`, { exact: false }).waitFor({ timeout: 60_000 });
    const left = await reader.readContract({
      address: pool,
      abi: reviewerPoolAbi,
      functionName: "reviewerOf",
      args: [datasetId, member],
    });
    assert.equal(left.active, false);
    assert.equal(left.stake, minStake);
    await pools.getByRole("button", { name: `Join the pool of #${datasetId}` }).waitFor();
    // The stake unbonds for the policy's default week, in chain time: no Withdraw button until then.
    await pools.getByText("unbonding: withdrawable from", { exact: false }).waitFor();
    const withdraw = pools.getByRole("button", { name: `Withdraw the stake from #${datasetId}` });
    assert.equal(await withdraw.count(), 0);
    await reader.request({ method: "evm_increaseTime" as never, params: [7 * 86_400 + 1] as never });
    await reader.request({ method: "evm_mine" as never });
    await fresh(page, net.web, "#/review");
    await pools.getByText("withdrawable now").waitFor({ timeout: 60_000 });
    await noSeriousViolations(page, "review page with a withdrawable stake");
    held = await balance();
    await withdraw.click();
    await pools.getByText(`Your stake in the pool of #${datasetId} was withdrawn.`).waitFor({ timeout: 60_000 });
    assert.equal((await balance()) - held, minStake, "the stake came back");
    const emptied = await reader.readContract({
      address: pool,
      abi: reviewerPoolAbi,
      functionName: "reviewerOf",
      args: [datasetId, member],
    });
    assert.equal(emptied.stake, 0n);
    await withdraw.waitFor({ state: "detached" });
  });
});
