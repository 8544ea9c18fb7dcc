import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createPublicClient, http } from "viem";
import { readNetworksFolder } from "../../../scripts/generate-networks.js";
import {
  createCairnClient,
  deployments,
  deploymentsByChainId,
  getKnownNetwork,
  InvalidParameterError,
  knownNetworks,
  parseNetworkFile,
} from "../src/index.js";

describe("network files", () => {
  it("the SDK ships exactly networks/*.json (regenerate with `npx tsx scripts/generate-networks.ts`)", async () => {
    assert.deepEqual(knownNetworks, await readNetworksFolder());
    for (const name of [
      "ethereum",
      "sepolia",
      "base",
      "base-sepolia",
      "optimism",
      "optimism-sepolia",
      "arbitrum",
      "arbitrum-sepolia",
    ])
      assert.ok(getKnownNetwork(name), name);
    assert.equal(getKnownNetwork("base-sepolia")?.chainId, 84532);
  });

  it("deployments by chain id hold only networks with a registry, a vault and a deployment block", () => {
    for (const [chainId, d] of Object.entries(deployments)) assert.equal(d.chainId, Number(chainId));
    const file = parseNetworkFile({
      name: "x",
      chainId: 7,
      registry: "0x31bdc500f5511a8dbd816d8d60410f5a77ace00a",
      vault: "0x3F4c8380aFDd94620Ff40C0D737997FB3fe1F766",
      deploymentBlock: 2,
    });
    assert.equal(file.registry, "0x31Bdc500f5511a8dBd816d8D60410f5a77ACE00A", "checksummed");
    assert.deepEqual(Object.keys(deploymentsByChainId([file, { name: "y", chainId: 8 }])), ["7"]);
  });

  it("refuses a malformed network file, naming the field", () => {
    const base = { name: "ok", chainId: 1 };
    assert.throws(() => parseNetworkFile({ ...base, name: "Bad Name" }), /"name"/);
    assert.throws(() => parseNetworkFile({ ...base, chainId: -1 }), /"chainId"/);
    assert.throws(() => parseNetworkFile({ ...base, registry: "0x1234" }), /"registry"/);
    assert.throws(() => parseNetworkFile({ ...base, rpc: "file:///etc/passwd" }), /"rpc"/);
    assert.throws(() => parseNetworkFile([]), InvalidParameterError);
  });

  it("createCairnClient with no registry on a chain without a known deployment: a clear error, no request sent", async () => {
    const publicClient = createPublicClient({ transport: http("http://127.0.0.1:9") });
    await assert.rejects(
      createCairnClient({ publicClient, chain: { id: 999_999 } }),
      (error: Error) =>
        error instanceof InvalidParameterError && /no known Cairn deployment on chain 999999/.test(error.message),
    );
  });
});
