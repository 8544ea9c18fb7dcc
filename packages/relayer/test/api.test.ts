import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { getRelayStatus, relay, toRelayJson, waitForRelayed } from "@cairn/sdk";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { signItems, startTestChain, type TestChain } from "./helpers/chain.js";
import { postJson, startTestRelayer as start, type startTestRelayer } from "./helpers/relayer.js";

describe("relayer API: accepts signed contributions and registers them on-chain", async () => {
  let chain: TestChain;
  let relayer: Awaited<ReturnType<typeof startTestRelayer>>;
  let datasetId: bigint;
  let termsHash: `0x${string}`;
  const alice = privateKeyToAccount(generatePrivateKey());

  before(async () => {
    chain = await startTestChain();
    ({ datasetId, termsHash } = await chain.createDataset());
    relayer = await start(chain);
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
      if (s.status === "included") assert.equal(s.contributionId, `${datasetId}:${items[i].contentHash}`);
    }
    const status = await getRelayStatus(relayer.url, keys[0]);
    assert.equal(status.status, "included");
  });

  it("refuses a body that is not JSON, naming the problem", async () => {
    const r = await postJson(`${relayer.url}/v1/contributions`, "{not json");
    assert.equal(r.status, 400);
    assert.equal(r.body.error.code, "invalid_json");
  });

  it("refuses a malformed item naming its field", async () => {
    const [item] = await signItems(chain, alice, { datasetId, termsHash, count: 1 });
    const r = await postJson(`${relayer.url}/v1/contributions`, {
      items: [{ ...toRelayJson(item), contentHash: "0x1234" }],
    });
    assert.equal(r.status, 400);
    assert.equal(r.body.error.field, "items[0].contentHash");
  });

  it("gives the same key for a replayed item and queues it once", async () => {
    const [item] = await signItems(chain, alice, { datasetId, termsHash, count: 1 });
    const a = await relay(relayer.url, { items: [item] });
    const b = await relay(relayer.url, { items: [item] });
    assert.equal(a.keys[0], b.keys[0]);
    assert.equal(b.items[0].duplicate, true);
    assert.equal((await waitForRelayed(relayer.url, a.keys[0], { intervalMs: 50 })).status, "included");
  });
});
