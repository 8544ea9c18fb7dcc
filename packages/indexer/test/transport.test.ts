import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { indexerTransport, withoutCalldata } from "../config/transport.js";
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

    const { request } = indexerTransport(chain.rpcUrl)({ retryCount: 0 });
    // biome-ignore lint/suspicious/noExplicitAny: a raw JSON-RPC block
    const block: any = await request({ method: "eth_getBlockByNumber", params: [number, true] });
    // biome-ignore lint/suspicious/noExplicitAny: a raw JSON-RPC block
    const full: any = await chain.request("eth_getBlockByNumber", [number, true]);
    assert.equal(full.transactions[0].input, data, "the chain has the calldata");
    assert.equal(block.transactions[0].input, "0x");
    assert.deepEqual({ ...block.transactions[0], input: data }, full.transactions[0]);
    assert.deepEqual({ ...block, transactions: [] }, { ...full, transactions: [] });

    // Hashes only, another method: untouched.
    const light = await request({ method: "eth_getBlockByNumber", params: [number, false] });
    assert.deepEqual(light, await chain.request("eth_getBlockByNumber", [number, false]));
    const tx = await request({ method: "eth_getTransactionByHash", params: [hash] });
    assert.equal((tx as { input: string }).input, data);
  });

  it("leaves answers that are not blocks with transactions as they are", () => {
    assert.equal(withoutCalldata("eth_getBlockByNumber", null), null);
    const logs = [{ data: "0x1234" }];
    assert.equal(withoutCalldata("eth_getLogs", logs), logs);
    assert.deepEqual(withoutCalldata("eth_getBlockByHash", { transactions: ["0xaa"] }), { transactions: ["0xaa"] });
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
    assert.deepEqual([...used].sort(), ["hash"], "a handler that needs calldata must drop indexerTransport");
  });
});
