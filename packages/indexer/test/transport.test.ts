import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { http } from "viem";
import { startRpcRelay, withoutCalldata } from "../config/transport.js";
import { type Chain, startTestChain, wallet } from "./harness.js";

const src = fileURLToPath(new URL("../src", import.meta.url));

/** Every .ts file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

describe("the indexer's JSON-RPC transport", () => {
  let chain: Chain;
  before(async () => {
    chain = await startTestChain(2);
  });
  after(async () => {
    await chain?.close();
  });

  it("drops transactions' calldata from block answers, and nothing else", async () => {
    const to = chain.accounts[1]?.address as `0x${string}`;
    const data = `0x${"ab".repeat(5000)}` as const;
    const signer = wallet(chain, 0);
    const hash = await signer.sendTransaction({ to, data, account: signer.account, chain: signer.chain } as never);
    const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
    const number = `0x${receipt.blockNumber.toString(16)}`;

    const relay = await startRpcRelay(chain.rpcUrl, { lanes: 3 });
    try {
      assert.equal(relay.urls.length, 3);
      assert.equal(new Set(relay.urls).size, 3, "one endpoint per lane");
      for (const url of relay.urls) {
        const { request } = http(url)({ retryCount: 0 });
        // biome-ignore lint/suspicious/noExplicitAny: a raw JSON-RPC block
        const block: any = await request({ method: "eth_getBlockByNumber", params: [number, true] });
        // biome-ignore lint/suspicious/noExplicitAny: a raw JSON-RPC block
        const full: any = await chain.request("eth_getBlockByNumber", [number, true]);
        assert.equal(full.transactions[0].input, data, "the chain has the calldata");
        assert.equal(block.transactions[0].input, "0x");
        assert.deepEqual({ ...block.transactions[0], input: data }, full.transactions[0]);
        assert.deepEqual({ ...block, transactions: [] }, { ...full, transactions: [] });
        // biome-ignore lint/suspicious/noExplicitAny: a raw JSON-RPC block
        const byHash: any = await request({ method: "eth_getBlockByHash", params: [full.hash, true] });
        assert.equal(byHash.transactions[0].input, "0x");

        // Hashes only, another method: untouched.
        const light = await request({ method: "eth_getBlockByNumber", params: [number, false] });
        assert.deepEqual(light, await chain.request("eth_getBlockByNumber", [number, false]));
        const tx = await request({ method: "eth_getTransactionByHash", params: [hash] });
        assert.equal((tx as { input: string }).input, data);
      }
      // The chain's errors come through as JSON-RPC errors.
      const { request } = http(relay.urls[0] as string)({ retryCount: 0 });
      await assert.rejects(request({ method: "eth_noSuchMethod", params: [] }));
    } finally {
      await relay.close();
    }
  });

  it("answers only on its own endpoints (a random token in the path), and only POST", async () => {
    const relay = await startRpcRelay(chain.rpcUrl, { lanes: 2 });
    try {
      const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] });
      const post = (url: string) =>
        fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
      const ok = await post(relay.urls[1] as string);
      assert.equal(ok.status, 200);
      assert.equal(((await ok.json()) as { result: string }).result, `0x${chain.chainId.toString(16)}`);
      const { origin, pathname } = new URL(relay.urls[0] as string);
      const token = pathname.split("/")[1] as string;
      assert.match(token, /^[0-9a-f]{32}$/);
      for (const path of ["/", "/0", `/${"0".repeat(32)}/0`, `/${token}/2`, `/${token}/x`])
        assert.equal((await post(`${origin}${path}`)).status, 404, path);
      assert.equal((await fetch(relay.urls[0] as string)).status, 404, "GET");
    } finally {
      await relay.close();
    }
  });

  it("leaves answers that are not transactions' calldata as they are", () => {
    const block = {
      hash: "0x01",
      transactions: [
        { hash: "0xaa", input: "0xdeadbeef", to: null },
        { hash: "0xbb", input: "0x", value: "0x1" },
      ],
    };
    const stripped = JSON.parse(withoutCalldata(JSON.stringify(block)));
    assert.deepEqual(stripped, {
      ...block,
      transactions: block.transactions.map((t) => ({ ...t, input: "0x" })),
    });
    assert.equal(withoutCalldata("null"), "null");
    assert.equal(
      withoutCalldata(JSON.stringify({ transactions: ["0xaa"] })),
      JSON.stringify({ transactions: ["0xaa"] }),
    );
    // Spaced JSON too; a quoted "input" inside another string is not a field.
    assert.equal(withoutCalldata('{"input" : "0xab12"}'), '{"input":"0x"}');
    assert.equal(withoutCalldata('{"data":"\\"input\\":\\"0xab\\""}'), '{"data":"\\"input\\":\\"0xab\\""}');
  });

  it("is safe because no handler reads a transaction's calldata (only its hash)", () => {
    const used = new Set<string>();
    for (const file of sources(src)) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/\btransaction\??\.(\w+)/g)) used.add(m[1] as string);
      // Handed on whole (`f(event.transaction)`, `const { transaction } = event`): whoever gets it could read more.
      for (const m of text.matchAll(/\bevent\.transaction\b(?!\??\.)|\{[^}]*\btransaction\b[^}]*\}\s*=\s*event\b/g))
        used.add(`whole: ${m[0]}`);
    }
    assert.deepEqual(
      [...used].sort(),
      ["hash"],
      "a handler that needs calldata must stop dropping it (config/transport.ts)",
    );
  });
});
