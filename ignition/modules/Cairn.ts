import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * The Cairn core: the registry, which deploys and binds its reward vault in its own constructor.
 * The vault is exposed as a contract future at the address the registry reports, so deployments
 * (and `ignition.deploy` in tests) hand back both with their ABIs.
 *
 *   npx hardhat ignition deploy ignition/modules/Cairn.ts --network <name>
 */
export default buildModule("Cairn", (m) => {
  const registry = m.contract("CairnRegistry");
  const vaultAddress = m.staticCall(registry, "rewardVault", [], 0, { id: "RewardVaultAddress" });
  const rewardVault = m.contractAt("RewardVault", vaultAddress);
  return { registry, rewardVault };
});
