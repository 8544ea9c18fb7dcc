import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as sdk from "@cairn/sdk";
import hre, { network } from "hardhat";
import { getAddress } from "viem";
import GovernanceModule from "../ignition/modules/Governance.js";
import { ReleasesForRegistryModule } from "../ignition/modules/Releases.js";
import { devAccounts } from "../packages/cli/src/dev/chain.js";
import { deployDevContracts } from "../packages/cli/src/dev/deploy.js";

describe("cairn dev deploys at the addresses of cairn-deploy (CreateX, the same salt)", () => {
  it("the SDK's salt is hardhat.config.ts's", () => {
    const config = hre.config.ignition as { strategyConfig?: { create2?: { salt?: string } } };
    assert.equal(config.strategyConfig?.create2?.salt, sdk.cairnCreate2Salt);
  });

  it("Ignition's create2 deployment and `cairn dev`'s deployment, on two fresh chains, give the same addresses", async () => {
    const real = await network.create();
    const governance = await real.ignition.deploy(GovernanceModule, { strategy: "create2" });
    const releases = await real.ignition.deploy(ReleasesForRegistryModule, {
      strategy: "create2",
      parameters: { ReleasesForRegistry: { registry: governance.registry.address } },
    });

    const dev = await network.create();
    const publicClient = await dev.viem.getPublicClient();
    const [deployer] = await dev.viem.getWalletClients();
    const deployed = await deployDevContracts(sdk, {
      publicClient: publicClient as never,
      deployer: deployer as never,
      accounts: devAccounts(2),
      tokensPerAccount: "10",
    });

    assert.equal(deployed.registry, getAddress(governance.registry.address));
    assert.equal(deployed.vault, getAddress(await governance.registry.read.rewardVault()));
    assert.equal(deployed.factory, getAddress(governance.factory.address));
    assert.equal(deployed.releases, getAddress(releases.releases.address));
    assert.equal(deployed.models, getAddress(releases.models.address));
    // and they work: the dev registry is the registry, bound to its vault
    assert.equal(
      await publicClient.readContract({
        address: deployed.registry,
        abi: sdk.cairnRegistryAbi,
        functionName: "version",
      }),
      await governance.registry.read.version(),
    );
  });
});
