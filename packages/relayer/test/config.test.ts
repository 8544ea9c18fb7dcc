import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError, loadConfig } from "../src/config.js";

const base = {
  CAIRN_REGISTRY: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  CAIRN_RELAYER_PRIVATE_KEY: `0x${"ab".repeat(32)}`,
};
const load = (env: Record<string, string>, argv: string[] = []) => {
  const c = loadConfig(argv, { ...base, ...env });
  assert.notEqual(c, "help");
  return c as Exclude<typeof c, "help">;
};

describe("relayer configuration: proxies, CORS, slow clients, sponsorship policy", () => {
  it("reads trusted proxies as hops or addresses, and refuses to trust every X-Forwarded-For", () => {
    assert.equal(load({}).trustProxy, false);
    assert.equal(load({ CAIRN_RELAYER_TRUST_PROXY: "0" }).trustProxy, false);
    assert.equal(load({ CAIRN_RELAYER_TRUST_PROXY: "2" }).trustProxy, 2);
    assert.deepEqual(load({}, ["--trust-proxy", "10.0.0.0/8, loopback"]).trustProxy, ["10.0.0.0/8", "loopback"]);
    assert.throws(() => load({ CAIRN_RELAYER_TRUST_PROXY: "true" }), ConfigError);
  });

  it("reads the datasets served with their budgets, API keys, quotas and edge limits", () => {
    const c = load(
      {
        CAIRN_RELAYER_API_KEYS: "app:0123456789abcdef0123,ops:fedcba9876543210fedc",
        CAIRN_RELAYER_CLIENT_QUOTA: "50",
        CAIRN_RELAYER_DATASET_BUDGET: "1000",
        CAIRN_RELAYER_DATASET_GAS_BUDGET: "50000000",
        CAIRN_RELAYER_PERIOD_S: "3600",
        CAIRN_RELAYER_REQUIRE_API_KEY: "1",
        CAIRN_RELAYER_CORS_ORIGINS: "https://a.example,https://b.example",
        CAIRN_RELAYER_HEADERS_TIMEOUT_MS: "2000",
      },
      ["--datasets", "1,2:5000,3::90000000,4:10:20000000"],
    );
    assert.deepEqual(c.policy.datasets, ["1", "2", "3", "4"]);
    assert.deepEqual(c.policy.datasetBudgets, { 2: 5000, 4: 10 });
    assert.deepEqual(c.policy.datasetGasBudgets, { 3: 90_000_000, 4: 20_000_000 });
    assert.equal(c.policy.datasetBudget, 1000);
    assert.equal(c.policy.datasetGasBudget, 50_000_000);
    assert.equal(c.policy.clientQuota, 50);
    assert.equal(c.policy.periodSeconds, 3600);
    assert.equal(c.policy.requireApiKey, true);
    assert.deepEqual(Object.keys(c.policy.apiKeys), ["app", "ops"]);
    assert.deepEqual(c.corsOrigins, ["https://a.example", "https://b.example"]);
    assert.equal(c.headersTimeoutMs, 2000);
    assert.ok(c.requestTimeoutMs >= c.headersTimeoutMs);
    // Defaults: every dataset, a client quota, no CORS, a connection cap.
    const d = load({});
    assert.deepEqual(d.policy.datasets, []);
    assert.equal(d.policy.datasetGasBudget, 0, "no gas budget unless the operator sets one");
    assert.equal(d.policy.clientQuota, 1000);
    assert.deepEqual(d.corsOrigins, []);
    assert.equal(d.maxConnectionsPerClient, 256);
    assert.throws(() => load({}, ["--datasets", "one"]), ConfigError);
    assert.throws(() => load({}, ["--datasets", "1:2:3:4"]), ConfigError);
    assert.throws(() => load({ CAIRN_RELAYER_API_KEYS: "app:short" }), ConfigError);
  });
});
