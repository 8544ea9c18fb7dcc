import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { getRelayStatus, RelayError, relay, signContribution, toRelayJson, waitForRelayed } from "@cairn/sdk";
import { CID } from "multiformats/cid";
import { bytesToHex, type Hex, zeroAddress } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { contentOf, signItems, startTestChain, type TestChain } from "./helpers/chain.js";
import { postJson, startTestRelayer } from "./helpers/relayer.js";

type Relayer = Awaited<ReturnType<typeof startTestRelayer>>;

describe("relayer API: validates signed contributions, then registers them on-chain", async () => {
  let chain: TestChain;
  let relayer: Relayer;
  let datasetId: bigint;
  let termsHash: Hex;
  const alice = privateKeyToAccount(generatePrivateKey());
  const bob = privateKeyToAccount(generatePrivateKey());
  const post = (body: unknown, headers?: Record<string, string>) =>
    postJson(`${relayer.url}/v1/contributions`, body, headers);
  const refusal = async (items: unknown[]) => (await post({ items })).body?.error;

  before(async () => {
    chain = await startTestChain();
    ({ datasetId, termsHash } = await chain.createDataset());
    relayer = await startTestRelayer(chain);
  });
  after(async () => {
    await relayer?.close();
    await chain?.close();
  });

  it("relays signed items through the SDK and reports them included with their contribution id", async () => {
    const items = await signItems(chain, alice, { datasetId, termsHash, count: 5 });
    const { keys } = await relay(relayer.url, { items });
    assert.equal(keys.length, 5);
    for (const [i, key] of keys.entries()) {
      const s = await waitForRelayed(relayer.url, key, { intervalMs: 50, timeoutMs: 20_000 });
      assert.equal(s.status, "included");
      if (s.status === "included") {
        assert.equal(s.contributionId, `${datasetId}:${items[i].contentHash}`);
        assert.match(s.tx, /^0x[0-9a-f]{64}$/);
      }
    }
    const onChain = await chain.publicClient.readContract({
      address: chain.registry,
      abi: (await import("@cairn/sdk")).cairnRegistryAbi,
      functionName: "getContribution",
      args: [datasetId, items[0].contentHash],
    });
    assert.equal(onChain.contributor, alice.address);
  });

  it("refuses a body that is not JSON, and one with no items", async () => {
    const r = await post("{not json");
    assert.equal(r.status, 400);
    assert.equal(r.body.error.code, "invalid_json");
    for (const body of [{}, { items: [] }, 42, null]) {
      const e = await post(body);
      assert.equal(e.status, 400, JSON.stringify(body));
      assert.equal(e.body.error.code, "invalid_body");
    }
  });

  it("refuses a body over the size limit with 413", async () => {
    const r = await post({ items: [], padding: "x".repeat(300 * 1024) });
    assert.equal(r.status, 413);
    assert.equal(r.body.error.code, "body_too_large");
  });

  it("names the malformed field of the malformed item", async () => {
    const [good, other] = await signItems(chain, alice, { datasetId, termsHash, count: 2 });
    const cases: [Record<string, unknown>, string][] = [
      [{ contentHash: "0x1234" }, "contentHash"],
      [{ cid: "not-a-cid" }, "cid"],
      [{ size: "-1" }, "size"],
      [{ deadline: "soon" }, "deadline"],
      [{ contributor: "0xabc" }, "contributor"],
      [{ signature: "zz" }, "signature"],
      [{ datasetId: "0" }, "datasetId"],
      [{ chainId: "31337" }, "chainId"],
    ];
    for (const [change, field] of cases) {
      const e = await refusal([toRelayJson(good), { ...toRelayJson(other), ...change }]);
      assert.equal(e.code, "invalid_field", field);
      assert.equal(e.field, `items[1].${field}`);
    }
  });

  it("refuses a bad signature (another key, or altered content) and queues nothing of the request", async () => {
    const [item] = await signItems(chain, alice, { datasetId, termsHash, count: 1 });
    const forged = { ...toRelayJson(item), contributor: bob.address };
    let e = await refusal([forged]);
    assert.equal(e.code, "invalid_signature");
    assert.equal(e.field, "items[0].signature");
    const altered = { ...toRelayJson(item), size: (item.size + 1n).toString() };
    e = await refusal([altered]);
    assert.equal(e.code, "invalid_signature");
    // The good item in a refused request was not queued either: it can be posted on its own later.
    const [fresh] = await signItems(chain, alice, { datasetId, termsHash, count: 1 });
    e = await refusal([toRelayJson(fresh), forged]);
    assert.equal(e.field, "items[1].signature");
    const { items } = await relay(relayer.url, { items: [fresh] });
    assert.equal(items[0].duplicate, undefined);
  });

  it("refuses items signed for another chain or another registry", async () => {
    const content = contentOf(new TextEncoder().encode("domain check"));
    const otherChain = await signContribution(alice, {
      item: { datasetId, ...content },
      chainId: 1,
      registry: chain.registry,
      termsHash,
    });
    let e = await refusal([toRelayJson(otherChain)]);
    assert.equal(e.code, "wrong_chain");
    assert.equal(e.field, "items[0].chainId");
    const otherRegistry = await signContribution(alice, {
      item: { datasetId, ...content },
      chainId: chain.chainId,
      registry: "0x000000000000000000000000000000000000cafe",
      termsHash,
    });
    e = await refusal([toRelayJson(otherRegistry)]);
    assert.equal(e.code, "wrong_registry");
    assert.equal(e.field, "items[0].registry");
  });

  it("refuses an expired deadline, and one too close to be batched", async () => {
    const [expired] = await signItems(chain, alice, {
      datasetId,
      termsHash,
      count: 1,
      deadline: BigInt(Math.floor(Date.now() / 1000) + 2),
    });
    await new Promise((r) => setTimeout(r, 2_100));
    let e = await refusal([toRelayJson(expired)]);
    assert.equal(e.code, "expired");
    assert.equal(e.field, "items[0].deadline");
    const [soon] = await signItems(chain, alice, {
      datasetId,
      termsHash,
      count: 1,
      deadline: BigInt(Math.floor(Date.now() / 1000) + 10),
    });
    e = await refusal([toRelayJson(soon)]);
    assert.equal(e.code, "expired");
  });

  it("gives the same key for a replayed item, queues it once, and the chain registers it once", async () => {
    const [item] = await signItems(chain, alice, { datasetId, termsHash, count: 1 });
    const a = await relay(relayer.url, { items: [item] });
    const b = await relay(relayer.url, { items: [item, item] });
    assert.equal(a.keys[0], b.keys[0]);
    assert.equal(b.keys[1], a.keys[0]);
    assert.equal(b.items[0].duplicate, true);
    const s = await waitForRelayed(relayer.url, a.keys[0], { intervalMs: 50 });
    assert.equal(s.status, "included");
    // Replayed after inclusion: still the same key, reported included, nothing sent again.
    const c = await relay(relayer.url, { items: [item] });
    assert.equal(c.keys[0], a.keys[0]);
    assert.equal(c.items[0].status, "included");
  });

  it("refuses content already queued by someone else, and content already registered on-chain", async () => {
    const content = contentOf(new TextEncoder().encode(`shared proverb ${Math.random()}`));
    const byAlice = await signContribution(alice, {
      item: { datasetId, ...content },
      chainId: chain.chainId,
      registry: chain.registry,
      termsHash,
    });
    const byBob = await signContribution(bob, {
      item: { datasetId, ...content },
      chainId: chain.chainId,
      registry: chain.registry,
      termsHash,
    });
    const { keys } = await relay(relayer.url, { items: [byAlice] });
    let e = await refusal([toRelayJson(byBob)]);
    assert.equal(e.code, "duplicate_queued");
    assert.equal(e.field, "items[0].contentHash");
    await waitForRelayed(relayer.url, keys[0], { intervalMs: 50 });

    // Registered on-chain by another route (here: directly), unknown to the relayer.
    const direct = contentOf(new TextEncoder().encode(`direct ${Math.random()}`));
    const hash = await chain.steward.writeContract({
      address: chain.registry,
      abi: (await import("@cairn/sdk")).cairnRegistryAbi,
      functionName: "contribute",
      args: [datasetId, direct.contentHash, direct.size, cidHex(direct.cid), "0x"],
      chain: null,
      account: chain.steward.account as never,
    });
    await chain.publicClient.waitForTransactionReceipt({ hash });
    // The relayer learns of registrations from the chain's events (polled every 200 ms in these tests).
    await new Promise((r) => setTimeout(r, 600));
    const late = await signContribution(bob, {
      item: { datasetId, ...direct },
      chainId: chain.chainId,
      registry: chain.registry,
      termsHash,
    });
    e = await refusal([toRelayJson(late)]);
    assert.equal(e.code, "already_registered");
    assert.match(e.message, /contributed by 0x/);
  });

  it("refuses items for a dataset that is closed, unknown, or whose terms changed", async () => {
    const closed = await chain.createDataset();
    const [item] = await signItems(chain, alice, { ...closed, count: 1 });
    await chain.setStatus(closed.datasetId, 3);
    await new Promise((r) => setTimeout(r, 600)); // the dataset cache lives 500 ms in these tests
    let e = await refusal([toRelayJson(item)]);
    assert.equal(e.code, "dataset_not_open");
    assert.equal(e.field, "items[0].datasetId");
    const [unknown] = await signItems(chain, alice, { datasetId: 999n, termsHash, count: 1 });
    e = await refusal([toRelayJson(unknown)]);
    assert.equal(e.code, "dataset_not_found");
    const [otherTerms] = await signItems(chain, alice, { datasetId, termsHash: `0x${"ab".repeat(32)}`, count: 1 });
    e = await refusal([toRelayJson(otherTerms)]);
    assert.equal(e.code, "terms_changed");
    assert.equal(e.field, "items[0].termsHash");
  });

  it("accepts a smart wallet's ERC-1271 signature and registers the wallet as contributor", async () => {
    const owner = privateKeyToAccount(generatePrivateKey());
    const wallet = await chain.deployWallet(owner.address);
    const content = contentOf(new TextEncoder().encode(`from a safe ${Math.random()}`));
    const signed = await signContribution(owner, {
      item: { datasetId, ...content },
      chainId: chain.chainId,
      registry: chain.registry,
      termsHash,
      contributor: wallet,
    });
    const { keys } = await relay(relayer.url, { items: [signed] });
    const s = await waitForRelayed(relayer.url, keys[0], { intervalMs: 50 });
    assert.equal(s.status, "included");
    assert.equal(s.contributor, wallet);
    // Signed by a key the wallet does not accept: refused before queueing.
    const stranger = await signContribution(bob, {
      item: { datasetId, ...contentOf(new TextEncoder().encode(`not the owner ${Math.random()}`)) },
      chainId: chain.chainId,
      registry: chain.registry,
      termsHash,
      contributor: wallet,
    });
    const e = await refusal([toRelayJson(stranger)]);
    assert.equal(e.code, "invalid_signature");
  });

  it("reports unknown keys with 404 and malformed keys with 400; serves health and metrics", async () => {
    await assert.rejects(
      getRelayStatus(relayer.url, `0x${"00".repeat(32)}`),
      (e: unknown) => e instanceof RelayError && e.status === 404,
    );
    const bad = await fetch(`${relayer.url}/v1/contributions/0x12`);
    assert.equal(bad.status, 400);
    const health = (await (await fetch(`${relayer.url}/healthz`)).json()) as { ok: boolean; rpc: string };
    assert.equal(health.ok, true);
    assert.equal(health.rpc, "up");
    const metrics = await (await fetch(`${relayer.url}/metrics`)).text();
    assert.match(metrics, /^cairn_relayer_accepted_total \d+/m);
    assert.match(metrics, /^cairn_relayer_rejected_total\{reason="invalid_signature"\} \d+/m);
    assert.match(metrics, /^cairn_relayer_included_total [1-9]\d*/m);
    assert.match(metrics, /^cairn_relayer_batch_size_count [1-9]/m);
    assert.match(metrics, /^cairn_relayer_gas_used_total [1-9]/m);
    assert.equal(zeroAddress.length, 42);
  });
});

describe("relayer API: rate limits", async () => {
  let chain: TestChain;
  let relayer: Relayer;

  before(async () => {
    chain = await startTestChain();
    // Refills slow enough that a loaded machine's pauses between requests refill nothing.
    relayer = await startTestRelayer(chain, {
      contributorRate: 0.001,
      contributorBurst: 5,
      clientRate: 0.001,
      clientBurst: 12,
    });
  });
  after(async () => {
    await relayer?.close();
    await chain?.close();
  });

  it("limits each contributor, then each client address, with 429 and Retry-After", async () => {
    const { datasetId, termsHash } = await chain.createDataset();
    const carol = privateKeyToAccount(generatePrivateKey());
    const dave = privateKeyToAccount(generatePrivateKey());
    const erin = privateKeyToAccount(generatePrivateKey());
    const byCarol = await signItems(chain, carol, { datasetId, termsHash, count: 6 });
    const byDave = await signItems(chain, dave, { datasetId, termsHash, count: 5 });
    const byErin = await signItems(chain, erin, { datasetId, termsHash, count: 3 });
    const url = `${relayer.url}/v1/contributions`;
    // Carol: a burst of 5, then refused (the client's tokens for the refused request are given back).
    assert.equal((await postJson(url, { items: byCarol.slice(0, 5).map(toRelayJson) })).status, 202);
    const r = await postJson(url, { items: [toRelayJson(byCarol[5])] });
    assert.equal(r.status, 429);
    assert.equal(r.body.error.code, "rate_limited");
    assert.equal(r.body.error.field, "contributor");
    assert.ok(Number(r.headers.get("retry-after")) >= 1);
    // Dave has his own bucket; this client address has 12 - 5 = 7 left, Dave takes 5.
    const d = await postJson(url, { items: byDave.map(toRelayJson) });
    assert.equal(d.status, 202, JSON.stringify(d.body));
    // Erin's 3 would fit her own bucket, but not this client address's 2 remaining.
    const e = await postJson(url, { items: byErin.map(toRelayJson) });
    assert.equal(e.status, 429);
    assert.equal(e.body.error.field, null);
    const metrics = await relayer.metrics.render();
    assert.match(metrics, /^cairn_relayer_rejected_total\{reason="rate_limited"\} 4$/m);
  });

  it("charges reads (status, health, metrics) to the client's rate as well", async () => {
    const reader = await startTestRelayer(chain, { clientRate: 0.001, clientBurst: 3 });
    try {
      const unknown = `${reader.url}/v1/contributions/0x${"ab".repeat(32)}`;
      assert.equal((await fetch(unknown)).status, 404);
      assert.equal((await fetch(`${reader.url}/healthz`)).status, 200);
      assert.equal((await fetch(`${reader.url}/metrics`)).status, 200);
      for (const path of [unknown, `${reader.url}/healthz`, `${reader.url}/metrics`]) {
        const r = await fetch(path);
        assert.equal(r.status, 429, path);
        assert.equal(((await r.json()) as { error: { code: string } }).error.code, "rate_limited");
        assert.ok(Number(r.headers.get("retry-after")) >= 1);
      }
    } finally {
      await reader.close();
    }
  });
});

function cidHex(cid: string): Hex {
  return bytesToHex(CID.parse(cid).bytes);
}
