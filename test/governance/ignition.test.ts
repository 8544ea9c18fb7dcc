import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import GovernanceModule, { GovernanceForRegistryModule } from "../../ignition/modules/Governance.js";
import { assertAddress } from "./fixture.js";

describe("Governance ignition modules", () => {
  it("deploys Cairn and the governed-dataset factory bound to its registry", async () => {
    const { ignition } = await network.create();
    const { registry, factory, votesDeployer, timelockDeployer, governorDeployer } =
      await ignition.deploy(GovernanceModule);
    assertAddress(await factory.read.registry(), registry.address);
    const [votes, timelock, governor] = await factory.read.deployers();
    assertAddress(votes, votesDeployer.address);
    assertAddress(timelock, timelockDeployer.address);
    assertAddress(governor, governorDeployer.address);
    assert.equal(await factory.read.version(), "1.0.0");
  });

  it("deploys the factory for a registry deployed some other way", async () => {
    const { ignition, viem } = await network.create();
    const registry = await viem.deployContract("CairnRegistry");
    const { factory } = await ignition.deploy(GovernanceForRegistryModule, {
      parameters: { GovernanceForRegistry: { registry: registry.address } },
    });
    assertAddress(await factory.read.registry(), registry.address);
  });
});
