import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { getAddress } from "viem";
import CairnModule from "../ignition/modules/Cairn.js";
import DevTokenModule from "../ignition/modules/DevToken.js";

describe("Ignition modules", () => {
  it("deploys the registry with its reward vault bound to it", async () => {
    const { ignition, viem } = await network.create();
    const { registry, rewardVault } = await ignition.deploy(CairnModule);

    assert.equal(getAddress(await registry.read.rewardVault()), getAddress(rewardVault.address));
    assert.equal(getAddress(await rewardVault.read.registry()), getAddress(registry.address));
    assert.equal(await registry.read.version(), "1.2.0");
    assert.equal(await registry.read.datasetCount(), 0n);

    const publicClient = await viem.getPublicClient();
    assert.notEqual(await publicClient.getCode({ address: rewardVault.address }), undefined);
  });

  it("deploys a permit-capable dev token with the given name", async () => {
    const { ignition, viem } = await network.create();
    const { token } = await ignition.deploy(DevTokenModule, {
      parameters: { DevToken: { name: "Breton Data Token", symbol: "BDT" } },
    });
    const [wallet] = await viem.getWalletClients();

    assert.equal(await token.read.symbol(), "BDT");
    await token.write.mint([wallet.account.address, 10n ** 18n]);
    assert.equal(await token.read.balanceOf([wallet.account.address]), 10n ** 18n);
  });
});
