/**
 * Nothing lost, nothing twice: the relayer killed with SIGKILL in the middle of batches, killed between
 * recording a transaction and sending it, the chain's RPC going away, and a transaction left unmined.
 */
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { after, before, describe, it } from "node:test";
import {
  cairnRegistryAbi,
  getRelayStatus,
  type RelayStatus,
  relay,
  type SignedContribution,
  waitForRelayed,
} from "@cairn/sdk";
import { CID } from "multiformats/cid";
import { bytesToHex, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { signItems, startTestChain, type TestChain } from "./helpers/chain.js";
import { postJson, RELAYER_KEY, spawnRelayer, startTestRelayer, tempDb, waitUntil } from "./helpers/relayer.js";

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function signMany(chain: TestChain, datasetId: bigint, termsHash: Hex, perSigner: number, signers = 4) {
  const out: SignedContribution[] = [];
  for (let s = 0; s < signers; s++)
    out.push(
      ...(await signItems(chain, privateKeyToAccount(generatePrivateKey()), {
        datasetId,
        termsHash,
        count: perSigner,
      })),
    );
  return out;
}

async function statuses(url: string, keys: readonly Hex[]): Promise<RelayStatus[]> {
  const out: RelayStatus[] = [];
  for (let i = 0; i < keys.length; i += 50)
    out.push(...(await Promise.all(keys.slice(i, i + 50).map((k) => getRelayStatus(url, k)))));
  return out;
}

const settled = (s: RelayStatus) => s.status === "included" || s.status === "skipped" || s.status === "failed";

/** Every item settled exactly once: one registration per included item (by its signer) and one skip event per skipped item. */
async function assertExactlyOnce(
  chain: TestChain,
  datasetId: bigint,
  items: readonly SignedContribution[],
  final: readonly RelayStatus[],
) {
  const registered = await chain.publicClient.getContractEvents({
    address: chain.registry,
    abi: cairnRegistryAbi,
    eventName: "ContributionRegistered",
    args: { datasetId },
    fromBlock: 0n,
  });
  const skippedEvents = await chain.publicClient.getContractEvents({
    address: chain.registry,
    abi: cairnRegistryAbi,
    eventName: "ContributionSkipped",
    args: { datasetId },
    fromBlock: 0n,
  });
  const byHash = new Map(registered.map((l) => [l.args.contentHash?.toLowerCase(), l]));
  let included = 0;
  let skipped = 0;
  for (const [i, s] of final.entries()) {
    assert.ok(s.status === "included" || s.status === "skipped", `item ${i} ended ${s.status}: ${JSON.stringify(s)}`);
    const log = byHash.get(items[i].contentHash.toLowerCase());
    assert.ok(log, `item ${i} is not registered on-chain`);
    if (s.status === "included") {
      included += 1;
      assert.equal(log.args.contributor, items[i].contributor);
      assert.equal(s.tx, log.transactionHash);
    } else {
      skipped += 1;
      assert.equal(s.reason.errorName, "DuplicateContribution");
      assert.notEqual(log.args.contributor, items[i].contributor);
    }
  }
  // No item was sent in two mined transactions: the registry would have skipped the second one.
  assert.equal(skippedEvents.length, skipped, "skip events on-chain = items reported skipped");
  return { included, skipped };
}

describe("relayer recovery", { concurrency: false }, async () => {
  let chain: TestChain;
  before(async () => {
    chain = await startTestChain();
  });
  after(async () => {
    await chain?.close();
  });

  it("killed with SIGKILL in the middle of batches, then restarted: every accepted item included or skipped, exactly once", async () => {
    const { datasetId, termsHash } = await chain.createDataset();
    const items = await signMany(chain, datasetId, termsHash, 60);
    // Blocks every 300 ms, so batches are in flight (sent, not mined) when the relayer dies.
    await chain.rpc("evm_setAutomine", [false]);
    await chain.rpc("evm_setIntervalMining", [300]);
    const dbPath = tempDb();
    const port = await freePort();
    const env = { CAIRN_RELAYER_BATCH_SIZE: "20", CAIRN_RELAYER_BATCH_MS: "50", CAIRN_RELAYER_MAX_IN_FLIGHT: "3" };
    const first = await spawnRelayer(chain, { dbPath, port, env });
    try {
      const { keys } = await relay(first.url, { items, chunkSize: 40 });
      assert.equal(keys.length, items.length);
      // Three accepted items are registered by someone else before the relayer sends them: they must end skipped.
      const stolen = [items.length - 1, items.length - 2, items.length - 3];
      for (const i of stolen) {
        await chain.steward.writeContract({
          address: chain.registry,
          abi: cairnRegistryAbi,
          functionName: "contribute",
          args: [datasetId, items[i].contentHash, items[i].size, bytesToHex(CID.parse(items[i].cid).bytes), "0x"],
          chain: null,
          account: chain.steward.account as never,
        });
      }
      await waitUntil(async () => (await statuses(first.url, keys)).some((s) => s.status === "submitted"), {
        what: "a submitted batch",
        intervalMs: 20,
      });
      const before = await statuses(first.url, keys);
      first.child.kill("SIGKILL");
      await first.exited;
      assert.ok(
        before.some((s) => !settled(s)),
        "the kill happened with items still in flight",
      );

      const second = await spawnRelayer(chain, { dbPath, port, env });
      try {
        const final = await waitUntil(
          async () => {
            const s = await statuses(second.url, keys);
            return s.every(settled) ? s : undefined;
          },
          { timeoutMs: 60_000, intervalMs: 200, what: "every item settled after the restart" },
        );
        const { included, skipped } = await assertExactlyOnce(chain, datasetId, items, final);
        assert.equal(included + skipped, items.length);
        assert.ok(skipped <= stolen.length);
      } finally {
        second.child.kill("SIGTERM");
        await second.exited;
      }
    } finally {
      first.child.kill("SIGKILL");
      await chain.rpc("evm_setIntervalMining", [0]);
      await chain.rpc("evm_setAutomine", [true]);
    }
  });

  it("killed after recording a batch's transaction but before sending it: the restart sends it, with the same nonce", async () => {
    const { datasetId, termsHash } = await chain.createDataset();
    const items = await signMany(chain, datasetId, termsHash, 15, 2);
    const dbPath = tempDb();
    const port = await freePort();
    const env = { CAIRN_RELAYER_BATCH_SIZE: "10", CAIRN_RELAYER_BATCH_MS: "2000" };
    const first = await spawnRelayer(chain, {
      dbPath,
      port,
      env: { ...env, CAIRN_RELAYER_FAULT: "kill-after-record:2" },
    });
    const { keys } = await relay(first.url, { items, chunkSize: 30 });
    const code = await first.exited;
    assert.equal(first.child.signalCode, "SIGKILL", `exited with ${code}`);
    const second = await spawnRelayer(chain, { dbPath, port, env });
    try {
      const final = await waitUntil(
        async () => {
          const s = await statuses(second.url, keys);
          return s.every(settled) ? s : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 100, what: "every item settled" },
      );
      const { included } = await assertExactlyOnce(chain, datasetId, items, final);
      assert.equal(included, items.length);
    } finally {
      second.child.kill("SIGTERM");
      await second.exited;
    }
  });

  it("keeps items queued while the chain's RPC is away, backs off, then includes them all", async () => {
    const { datasetId, termsHash } = await chain.createDataset();
    const relayer = await startTestRelayer(chain, { batchSize: 20, batchMs: 1_500 });
    try {
      const items = await signMany(chain, datasetId, termsHash, 10, 3);
      const { keys } = await relay(relayer.url, { items });
      await chain.stop();
      await new Promise((r) => setTimeout(r, 3_000));
      for (const s of await statuses(relayer.url, keys)) assert.equal(s.status, "queued");
      const health = await fetch(`${relayer.url}/healthz`);
      assert.equal(health.status, 503);
      // New items cannot be validated without the chain: 503, retry later.
      const [late] = await signItems(chain, privateKeyToAccount(generatePrivateKey()), {
        datasetId,
        termsHash,
        count: 1,
      });
      const refused = await postJson(`${relayer.url}/v1/contributions`, {
        items: [(await import("@cairn/sdk")).toRelayJson(late)],
      });
      assert.equal(refused.status, 503);
      assert.equal(refused.body.error.code, "rpc_unavailable");
      assert.match(
        await relayer.metrics.render(),
        /^cairn_relayer_rpc_errors_total\{op="[a-z_]+"\} [1-9]/m,
        "RPC errors are counted",
      );
      await chain.start();
      for (const key of keys)
        assert.equal(
          (await waitForRelayed(relayer.url, key, { intervalMs: 100, timeoutMs: 30_000 })).status,
          "included",
        );
      const metrics = await (await fetch(`${relayer.url}/metrics`)).text();
      assert.match(metrics, /^cairn_relayer_rpc_errors_total\{op="[a-z]+"\} [1-9]/m);
    } finally {
      await chain.start().catch(() => {});
      await relayer.close();
    }
  });

  it("requeues a batch whose nonce was taken by a transaction it did not sign, and includes its items with a later one", async () => {
    const { datasetId, termsHash } = await chain.createDataset();
    const relayer = await startTestRelayer(chain, { batchSize: 5, batchMs: 50 });
    try {
      await chain.rpc("evm_setAutomine", [false]);
      const items = await signMany(chain, datasetId, termsHash, 5, 1);
      const { keys } = await relay(relayer.url, { items });
      const submitted = await waitUntil(async () => {
        const s = await getRelayStatus(relayer.url, keys[0]);
        return s.status === "submitted" ? s : undefined;
      });
      const pending = await chain.publicClient.getTransaction({ hash: submitted.tx });
      // Someone else holding the relayer's key spends the same nonce, with a higher fee: the batch is dropped.
      const key = privateKeyToAccount(RELAYER_KEY);
      const raw = await key.signTransaction({
        type: "eip1559",
        chainId: chain.chainId,
        nonce: pending.nonce,
        to: key.address,
        value: 0n,
        gas: 21_000n,
        maxFeePerGas: (pending.maxFeePerGas ?? 0n) * 2n,
        maxPriorityFeePerGas: (pending.maxPriorityFeePerGas ?? 0n) * 2n,
      });
      await chain.rpc("eth_sendRawTransaction", [raw]);
      await chain.rpc("evm_mine", []);
      await chain.rpc("evm_setAutomine", [true]);
      for (const key of keys) {
        const s = await waitForRelayed(relayer.url, key, { intervalMs: 50, timeoutMs: 40_000 });
        assert.equal(s.status, "included");
        if (s.status === "included") assert.notEqual(s.tx, submitted.tx);
      }
      assert.ok(
        (await relayer.metrics.value("cairn_relayer_requeued_total")) >= items.length,
        "the dropped batch's items went back to the queue",
      );
    } finally {
      await chain.rpc("evm_setAutomine", [true]);
      await relayer.close();
    }
  });

  it("replaces a transaction left unmined with a higher fee and the same nonce", async () => {
    const { datasetId, termsHash } = await chain.createDataset();
    const relayer = await startTestRelayer(chain, { batchSize: 5, batchMs: 50, replaceAfterMs: 1_000 });
    try {
      await chain.rpc("evm_setAutomine", [false]);
      const items = await signMany(chain, datasetId, termsHash, 5, 1);
      const { keys } = await relay(relayer.url, { items });
      const submitted = await waitUntil(async () => {
        const s = await getRelayStatus(relayer.url, keys[0]);
        return s.status === "submitted" ? s : undefined;
      });
      const a = await chain.publicClient.getTransaction({ hash: submitted.tx });
      // Not mined: after replaceAfterMs the relayer signs the same nonce again with higher fees.
      const replaced = await waitUntil(
        async () => {
          const s = await getRelayStatus(relayer.url, keys[0]);
          return s.status === "submitted" && s.tx !== submitted.tx ? s : undefined;
        },
        { timeoutMs: 10_000, what: "a replacement" },
      );
      const b = await chain.publicClient.getTransaction({ hash: replaced.tx });
      assert.equal(a.nonce, b.nonce);
      assert.ok((b.maxFeePerGas ?? 0n) > (a.maxFeePerGas ?? 0n));
      await chain.rpc("evm_mine", []);
      await chain.rpc("evm_setAutomine", [true]);
      for (const key of keys) {
        const s = await waitForRelayed(relayer.url, key, { intervalMs: 50, timeoutMs: 15_000 });
        assert.equal(s.status, "included");
        if (s.status === "included") assert.equal(s.tx, replaced.tx);
      }
      assert.ok((await relayer.metrics.value("cairn_relayer_tx_replaced_total")) >= 1);
    } finally {
      await chain.rpc("evm_setAutomine", [true]);
      await relayer.close();
    }
  });
});
