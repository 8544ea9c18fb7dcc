/**
 * The PostgreSQL queue against a real server: two relayer instances share one queue and one key; one is
 * killed with SIGKILL mid-flight, and the other takes over its open batches once their lease runs out.
 * Instances on one queue also share rate limits, quotas and budgets.
 * The server is started by `scripts/start-postgres.sh` (Debian's `postgresql` package), or taken from
 * CAIRN_TEST_DATABASE_URL.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import {
  cairnRegistryAbi,
  getRelayStatus,
  type RelayStatus,
  relay,
  type SignedContribution,
  toRelayJson,
} from "@cairn/sdk";
import pg from "pg";
import type { Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { signItems, startTestChain, type TestChain } from "./helpers/chain.js";
import { postJson, spawnRelayer, startTestRelayer, testConfig, waitUntil } from "./helpers/relayer.js";

const script = fileURLToPath(new URL("../scripts/start-postgres.sh", import.meta.url));

function postgresInstalled(): boolean {
  const debian =
    existsSync("/usr/lib/postgresql") &&
    readdirSync("/usr/lib/postgresql").some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/pg_ctl`));
  if (debian) return true;
  try {
    execFileSync("sh", ["-c", "command -v pg_ctl"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const settled = (s: RelayStatus) => s.status === "included" || s.status === "skipped" || s.status === "failed";

describe("relayer on PostgreSQL: several instances, one queue", async () => {
  const given = process.env.CAIRN_TEST_DATABASE_URL;
  const available = !!given || postgresInstalled();
  let url = given ?? "";
  let dir: string | undefined;
  let chain: TestChain;

  before(async () => {
    if (!available) return;
    if (!given) {
      dir = mkdtempSync(join(tmpdir(), "cairn-pg-"));
      url = execFileSync("bash", [script, dir, String(await freePort())], { encoding: "utf8" }).trim();
    }
    // A fresh database per run, so nothing is left from an earlier one.
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const name = `cairn_relayer_${process.pid}_${Date.now()}`;
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    url = url.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
    chain = await startTestChain();
  });
  after(async () => {
    await chain?.close();
    if (dir) execFileSync("bash", [script, "--stop", dir]);
  });

  it("two instances share the queue; one killed mid-flight, the other finishes its batches: all included exactly once", async (t) => {
    if (!available) {
      t.diagnostic(
        "!!! PostgreSQL binaries are missing: SKIPPING the PostgreSQL queue test. Install them: apt-get install -y postgresql",
      );
      t.skip("PostgreSQL is not installed");
      return;
    }
    const { datasetId, termsHash } = await chain.createDataset();
    const items: SignedContribution[] = [];
    for (let s = 0; s < 4; s++)
      items.push(
        ...(await signItems(chain, privateKeyToAccount(generatePrivateKey()), { datasetId, termsHash, count: 40 })),
      );
    await chain.rpc("evm_setAutomine", [false]);
    await chain.rpc("evm_setIntervalMining", [300]);
    const env = {
      DATABASE_URL: url,
      CAIRN_RELAYER_BATCH_SIZE: "15",
      CAIRN_RELAYER_BATCH_MS: "50",
      CAIRN_RELAYER_MAX_IN_FLIGHT: "2",
      CAIRN_RELAYER_LEASE_MS: "2000",
    };
    const a = await spawnRelayer(chain, { dbPath: "/nonexistent/unused.sqlite", port: await freePort(), env });
    const b = await spawnRelayer(chain, { dbPath: "/nonexistent/unused.sqlite", port: await freePort(), env });
    try {
      const half = items.length / 2;
      const [ra, rb] = await Promise.all([
        relay(a.url, { items: items.slice(0, half), chunkSize: 20 }),
        relay(b.url, { items: items.slice(half), chunkSize: 20 }),
      ]);
      const keys: Hex[] = [...ra.keys, ...rb.keys];
      await waitUntil(
        async () =>
          (await Promise.all(keys.slice(0, 40).map((k) => getRelayStatus(b.url, k)))).some(
            (s) => s.status === "submitted",
          ),
        {
          what: "a submitted batch",
          intervalMs: 20,
        },
      );
      a.child.kill("SIGKILL");
      await a.exited;
      const final = await waitUntil(
        async () => {
          const s: RelayStatus[] = [];
          for (let i = 0; i < keys.length; i += 40)
            s.push(...(await Promise.all(keys.slice(i, i + 40).map((k) => getRelayStatus(b.url, k)))));
          return s.every(settled) ? s : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 200, what: "every item settled by the surviving instance" },
      );
      const registered = await chain.publicClient.getContractEvents({
        address: chain.registry,
        abi: cairnRegistryAbi,
        eventName: "ContributionRegistered",
        args: { datasetId },
        fromBlock: 0n,
      });
      const skipped = await chain.publicClient.getContractEvents({
        address: chain.registry,
        abi: cairnRegistryAbi,
        eventName: "ContributionSkipped",
        args: { datasetId },
        fromBlock: 0n,
      });
      assert.deepEqual(
        final.map((s) => s.status),
        final.map(() => "included"),
      );
      assert.equal(registered.length, items.length);
      assert.equal(skipped.length, 0, "no item was sent in two mined transactions");

      // One nonce sequence for both instances: no nonce was handed out twice.
      const db = new pg.Client({ connectionString: url });
      await db.connect();
      try {
        const dupNonces = await db.query("SELECT nonce FROM batches GROUP BY nonce HAVING count(*) > 1");
        assert.equal(dupNonces.rows.length, 0);
      } finally {
        await db.end();
      }
    } finally {
      a.child.kill("SIGKILL");
      b.child.kill("SIGTERM");
      await b.exited;
      await chain.rpc("evm_setIntervalMining", [0]);
      await chain.rpc("evm_setAutomine", [true]);
    }
  });

  it("instances on the same queue draw from the same quotas and budgets (kept in PostgreSQL)", async (t) => {
    if (!available) {
      if (process.env.CI === "true") assert.fail("PostgreSQL is not installed: the shared-limits test cannot run");
      t.skip("PostgreSQL is not installed");
      return;
    }
    const dataset = await chain.createDataset({ quorum: 0 });
    const overrides = {
      databaseUrl: url,
      policy: { ...testConfig(chain).policy, clientQuota: 3, periodSeconds: 3600 },
      contributorRate: 1,
      contributorBurst: 2,
    };
    const a = await startTestRelayer(chain, overrides);
    const b = await startTestRelayer(chain, overrides);
    try {
      const post = (r: typeof a, items: SignedContribution[]) =>
        postJson(`${r.url}/v1/contributions`, { items: items.map(toRelayJson) });
      const sign = (n: number) => signItems(chain, privateKeyToAccount(generatePrivateKey()), { ...dataset, count: n });
      // One contributor's rate, shared: 2 through one instance, then the other refuses the third.
      const carol = privateKeyToAccount(generatePrivateKey());
      const byCarol = await signItems(chain, carol, { ...dataset, count: 3 });
      assert.equal((await post(a, byCarol.slice(0, 2))).status, 202);
      const r = await post(b, byCarol.slice(2));
      assert.equal(r.status, 429);
      assert.equal(r.body.error.code, "rate_limited");
      assert.equal(r.body.error.field, "contributor");
      // The client's quota of 3, shared: 2 spent through a, 1 left through b, then refused by either.
      assert.equal((await post(b, await sign(1))).status, 202);
      for (const r of [a, b]) {
        const e = await post(r, await sign(1));
        assert.equal(e.status, 429);
        assert.equal(e.body.error.code, "quota_exceeded");
      }
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("instances on the same queue share a dataset's gas budget: gas one instance's batch used binds the other", async (t) => {
    if (!available) {
      if (process.env.CI === "true") assert.fail("PostgreSQL is not installed: the shared gas budget test cannot run");
      t.skip("PostgreSQL is not installed");
      return;
    }
    const dataset = await chain.createDataset({ quorum: 0 });
    const overrides = {
      databaseUrl: url,
      policy: { ...testConfig(chain).policy, datasetGasBudgets: { [dataset.datasetId.toString()]: 120_000 } },
    };
    const a = await startTestRelayer(chain, overrides);
    const b = await startTestRelayer(chain, overrides);
    try {
      const sign = (n: number) => signItems(chain, privateKeyToAccount(generatePrivateKey()), { ...dataset, count: n });
      const post = async (r: typeof a, n: number) =>
        postJson(`${r.url}/v1/contributions`, { items: (await sign(n)).map(toRelayJson) });
      const first = await post(a, 2);
      assert.equal(first.status, 202);
      for (const { key } of first.body.items as { key: Hex }[])
        await waitUntil(async () => (await getRelayStatus(a.url, key)).status === "included", { what: "included" });
      const refused = await post(b, 1);
      assert.equal(refused.status, 429);
      assert.equal(refused.body.error.code, "gas_budget_exhausted");
    } finally {
      await a.close();
      await b.close();
    }
  });
});
