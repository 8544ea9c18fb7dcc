import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadSettings } from "../config/settings.js";

const base = {
  CAIRN_RPC_URL: "http://127.0.0.1:8545",
  CAIRN_REGISTRY: "0x0000000000000000000000000000000000000001",
  CAIRN_VAULT: "0x0000000000000000000000000000000000000002",
};

describe("the indexer's settings", () => {
  it("gives Ponder 8 relay endpoints on a dev chain, 1 elsewhere, CAIRN_RPC_LANES when set", () => {
    assert.equal(loadSettings({ ...base, CAIRN_CHAIN_ID: "31337" }).rpcLanes, 8);
    assert.equal(loadSettings({ ...base, CAIRN_CHAIN_ID: "1337" }).rpcLanes, 8);
    // A remote provider has rate limits of its own: Ponder's 20 requests/s per endpoint to start with.
    assert.equal(loadSettings({ ...base, CAIRN_CHAIN_ID: "11155111" }).rpcLanes, 1);
    assert.equal(loadSettings({ ...base, CAIRN_CHAIN_ID: "11155111", CAIRN_RPC_LANES: "4" }).rpcLanes, 4);
    assert.equal(loadSettings({ ...base, CAIRN_CHAIN_ID: "31337", CAIRN_RPC_LANES: "0" }).rpcLanes, 1);
    assert.throws(() => loadSettings({ ...base, CAIRN_CHAIN_ID: "31337", CAIRN_RPC_LANES: "many" }), /CAIRN_RPC_LANES/);
  });
});
