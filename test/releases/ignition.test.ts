import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { getAddress } from "viem";
import ReleasesModule, { ReleasesForRegistryModule } from "../../ignition/modules/Releases.js";

describe("Ignition module for releases and models", () => {
  it("deploys both beside a new registry, bound to it", async () => {
    const { ignition } = await network.create();
    const { registry, releases, models } = await ignition.deploy(ReleasesModule);
    assert.equal(getAddress(await releases.read.registry()), getAddress(registry.address));
    assert.equal(getAddress(await models.read.releaseRegistry()), getAddress(releases.address));
    assert.equal(await releases.read.version(), "cairn-releases-1");
  });

  it("deploys both beside a registry deployed some other way", async () => {
    const { ignition, viem } = await network.create();
    const existing = await viem.deployContract("CairnRegistry");
    const { releases } = await ignition.deploy(ReleasesForRegistryModule, {
      parameters: { ReleasesForRegistry: { registry: existing.address } },
    });
    assert.equal(getAddress(await releases.read.registry()), getAddress(existing.address));
  });
});
