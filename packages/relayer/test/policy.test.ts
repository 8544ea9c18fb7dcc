/**
 * The sponsorship policy against the real service: which datasets the relayer pays for, an item budget per
 * dataset, a quota per client that fresh contributor keys do not escape, API keys with their own quota.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { relay, signContribution, toRelayJson, waitForRelayed } from "@cairn/sdk";
import type { Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { contentOf, signItems, startTestChain, type TestChain } from "./helpers/chain.js";
import { postJson, startTestRelayer, testConfig } from "./helpers/relayer.js";

type Relayer = Awaited<ReturnType<typeof startTestRelayer>>;
const fresh = () => privateKeyToAccount(generatePrivateKey());
const APP_SECRET = "app-secret-0123456789abcdef";

describe("relayer sponsorship policy: datasets served, budgets, quotas that bind fresh keys, API keys", async () => {
  let chain: TestChain;
  let a: { datasetId: bigint; termsHash: Hex };
  let b: { datasetId: bigint; termsHash: Hex };
  const started: Relayer[] = [];
  const start = async (policy: Partial<ReturnType<typeof testConfig>["policy"]>) => {
    const r = await startTestRelayer(chain, { policy: { ...testConfig(chain).policy, ...policy } });
    started.push(r);
    return r;
  };
  const one = async (dataset: { datasetId: bigint; termsHash: Hex }) =>
    toRelayJson((await signItems(chain, fresh(), { ...dataset, count: 1 }))[0]);

  before(async () => {
    chain = await startTestChain();
    a = await chain.createDataset({ quorum: 0 });
    b = await chain.createDataset({ quorum: 0 });
  });
  after(async () => {
    for (const r of started) await r.close();
    await chain?.close();
  });

  it("serves only the datasets it is configured for: 403 for the others, before any signature check", async () => {
    const relayer = await start({ datasets: [a.datasetId.toString()] });
    const ok = await postJson(`${relayer.url}/v1/contributions`, { items: [await one(a)] });
    assert.equal(ok.status, 202);
    const refused = await postJson(`${relayer.url}/v1/contributions`, {
      items: [await one(a), { ...(await one(b)), signature: `0x${"11".repeat(65)}` }],
    });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.code, "dataset_not_served");
    assert.equal(refused.body.error.field, "items[1].datasetId");
    assert.equal(await relayer.store.unsettledCount(), 1, "nothing of the refused request was queued");
  });

  it("limits each client to its quota per period, however many fresh contributor keys it signs with", async () => {
    const relayer = await start({ clientQuota: 3, periodSeconds: 3600 });
    const url = `${relayer.url}/v1/contributions`;
    const first = [await one(a), await one(a), await one(b)];
    assert.equal((await postJson(url, { items: first })).status, 202);
    const r = await postJson(url, { items: [await one(a)] });
    assert.equal(r.status, 429);
    assert.equal(r.body.error.code, "quota_exceeded");
    assert.ok(Number(r.headers.get("retry-after")) >= 1);
    // Posting what is already queued costs nothing.
    assert.equal((await postJson(url, { items: first })).status, 202);
    const metrics = await relayer.metrics.render();
    assert.match(metrics, /^cairn_relayer_rejected_total\{reason="quota_exceeded"\} 1$/m);
    assert.match(
      metrics,
      new RegExp(`^cairn_relayer_sponsored_total\\{dataset="${a.datasetId}",payer="client"\\} 2$`, "m"),
    );
  });

  it("gives an API key its own quota, refuses unknown keys, and can require one", async () => {
    const relayer = await start({ clientQuota: 1, apiKeys: { app: APP_SECRET }, apiKeyQuota: 3 });
    const url = `${relayer.url}/v1/contributions`;
    assert.equal((await postJson(url, { items: [await one(a)] })).status, 202);
    assert.equal((await postJson(url, { items: [await one(a)] })).status, 429, "the client's own quota is spent");
    const keyed = [await one(a), await one(a), await one(b)];
    const signed = await signItems(chain, fresh(), { ...a, count: 1 });
    // Through the SDK, with the key as a header (what an app's backend does for its users).
    const { keys } = await relay(relayer.url, {
      items: signed,
      fetch: (u, init) => fetch(u, { ...init, headers: { ...(init?.headers as object), "x-api-key": APP_SECRET } }),
    });
    assert.equal((await waitForRelayed(relayer.url, keys[0], { intervalMs: 50 })).status, "included");
    const bearer = { authorization: `Bearer ${APP_SECRET}` };
    assert.equal((await postJson(url, { items: keyed.slice(0, 2) }, bearer)).status, 202);
    const over = await postJson(url, { items: keyed.slice(2) }, bearer);
    assert.equal(over.status, 429);
    assert.equal(over.body.error.code, "quota_exceeded");
    assert.equal(over.body.error.field, "api_key");
    const unknown = await postJson(url, { items: [await one(a)] }, { "x-api-key": "not-a-key-of-this-relayer" });
    assert.equal(unknown.status, 401);
    assert.equal(unknown.body.error.code, "invalid_api_key");

    const closedShop = await start({ requireApiKey: true, apiKeys: { app: APP_SECRET }, apiKeyQuota: 10 });
    const anonymous = await postJson(`${closedShop.url}/v1/contributions`, { items: [await one(a)] });
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.body.error.code, "api_key_required");
    const withKey = await postJson(`${closedShop.url}/v1/contributions`, { items: [await one(a)] }, bearer);
    assert.equal(withKey.status, 202);
  });

  it("spends at most a dataset's item budget per period, whoever asks", async () => {
    const relayer = await start({ datasetBudgets: { [a.datasetId.toString()]: 2 }, datasetBudget: 100 });
    const url = `${relayer.url}/v1/contributions`;
    assert.equal((await postJson(url, { items: [await one(a), await one(a)] })).status, 202);
    const spent = await postJson(url, { items: [await one(a)] }, { "x-forwarded-for": "203.0.113.9" });
    assert.equal(spent.status, 429);
    assert.equal(spent.body.error.code, "budget_exhausted");
    assert.equal(spent.body.error.field, "datasetId");
    // Another dataset has its own budget.
    assert.equal((await postJson(url, { items: [await one(b)] })).status, 202);
    assert.match(await relayer.metrics.render(), /^cairn_relayer_rejected_total\{reason="budget_exhausted"\} 1$/m);
  });

  it("charges each dataset the gas its batches used (from the receipts) and refuses with 429 once its gas budget is spent", async () => {
    // 120k gas per period: two items reserve 80k and are accepted; once mined, their batch used more than the
    // 40k a third item would reserve from what is left.
    const relayer = await start({ datasetGasBudgets: { [a.datasetId.toString()]: 120_000 } });
    const url = `${relayer.url}/v1/contributions`;
    const first = await postJson(url, { items: [await one(a), await one(a)] });
    assert.equal(first.status, 202);
    const done = await Promise.all(
      first.body.items.map((i: { key: Hex }) => waitForRelayed(relayer.url, i.key, { intervalMs: 50 })),
    );
    const txs = [...new Set(done.map((d) => (d as { tx: Hex }).tx))];
    let gasUsed = 0n;
    for (const hash of txs) gasUsed += (await chain.publicClient.getTransactionReceipt({ hash })).gasUsed;
    assert.ok(gasUsed > 80_000n, `the batch used ${gasUsed} gas`);
    const metrics = await relayer.metrics.render();
    assert.match(
      metrics,
      new RegExp(`^cairn_relayer_sponsored_gas_total{dataset="${a.datasetId}"} ${gasUsed}$`, "m"),
      "the dataset is charged exactly what its receipts say",
    );

    const spent = await postJson(url, { items: [await one(a)] }, { "x-forwarded-for": "203.0.113.7" });
    assert.equal(spent.status, 429);
    assert.equal(spent.body.error.code, "gas_budget_exhausted");
    assert.equal(spent.body.error.field, "datasetId");
    assert.ok(Number(spent.headers.get("retry-after")) >= 1);
    assert.match(await relayer.metrics.render(), /^cairn_relayer_rejected_total\{reason="gas_budget_exhausted"\} 1$/m);
    // Another dataset, without a gas budget, is still served.
    assert.equal((await postJson(url, { items: [await one(b)] })).status, 202);
  });

  it("shares a mixed batch's gas by what each dataset's items cost: the shares add up to the receipt's gas", async () => {
    const relayer = await start({
      datasetGasBudgets: { [a.datasetId.toString()]: 10_000_000, [b.datasetId.toString()]: 10_000_000 },
    });
    // Dataset b's contributors are ERC-1271 wallets: each of its items also pays a wallet's isValidSignature.
    const byWallet = async () => {
      const owner = fresh();
      const wallet = await chain.deployWallet(owner.address);
      const content = contentOf(new TextEncoder().encode(`from a wallet ${Math.random()}`));
      return toRelayJson(
        await signContribution(owner, {
          item: { datasetId: b.datasetId, ...content },
          chainId: chain.chainId,
          registry: chain.registry,
          termsHash: b.termsHash,
          contributor: wallet,
        }),
      );
    };
    const items = [await one(a), await byWallet(), await one(a), await byWallet(), await one(a), await byWallet()];
    const r = await postJson(`${relayer.url}/v1/contributions`, { items });
    assert.equal(r.status, 202);
    const done = await Promise.all(
      r.body.items.map((i: { key: Hex }) => waitForRelayed(relayer.url, i.key, { intervalMs: 50 })),
    );
    assert.deepEqual(
      done.map((d) => d.status),
      items.map(() => "included"),
    );
    const txs = [...new Set(done.map((d) => (d as { tx: Hex }).tx))];
    assert.equal(txs.length, 1, "one batch");
    const { gasUsed } = await chain.publicClient.getTransactionReceipt({ hash: txs[0] });
    const share = async (d: bigint) =>
      BigInt(await relayer.metrics.value("cairn_relayer_sponsored_gas_total", { dataset: d.toString() }));
    const [sa, sb] = [await share(a.datasetId), await share(b.datasetId)];
    assert.equal(sa + sb, gasUsed);
    // b pays for its wallets' checks, a does not: by what each one's items cost (the submitter's fixed guess,
    // 200k against 70k per item, would have charged b 2.9 times a's share).
    const ratio = Number(sb) / Number(sa);
    assert.ok(ratio > 1.05 && ratio < 2, `shares ${sa} (a) and ${sb} (b)`);
  });

  it("charges the same signed items posted many times at once only once", async () => {
    // Quota 4 and a gas budget for 4 items: 2 items posted 16 times concurrently must leave room for 2 more.
    const relayer = await start({
      clientQuota: 4,
      periodSeconds: 3600,
      datasetGasBudgets: { [a.datasetId.toString()]: 4 * 40_000 + 1 },
    });
    const url = `${relayer.url}/v1/contributions`;
    const same = { items: [await one(a), await one(a)] };
    const answers = await Promise.all(Array.from({ length: 16 }, () => postJson(url, same)));
    assert.ok(
      answers.some((r) => r.status === 202),
      JSON.stringify(answers.map((r) => r.body)),
    );
    const more = await postJson(url, { items: [await one(a), await one(a)] });
    assert.equal(more.status, 202, JSON.stringify(more.body));
  });
});
