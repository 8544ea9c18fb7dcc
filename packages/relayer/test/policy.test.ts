/**
 * The sponsorship policy against the real service: which datasets the relayer pays for, an item budget per
 * dataset, a quota per client that fresh contributor keys do not escape, API keys with their own quota.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { relay, toRelayJson, waitForRelayed } from "@cairn/sdk";
import type { Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { signItems, startTestChain, type TestChain } from "./helpers/chain.js";
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
});
