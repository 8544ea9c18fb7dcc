/**
 * Governance for Cairn: the three deployers (votes, timelock, governor) and GovernedDatasetFactory, whose
 * `createGovernedDataset` then creates a dataset governed by its contributors in one call.
 *
 *   npx hardhat ignition deploy ignition/modules/Governance.ts --network <name>
 *
 * The default module takes the registry from the Cairn module (deployed with it, or reused from the same
 * deployment). `GovernanceForRegistryModule` serves a registry deployed some other way (`cairn dev`, the
 * SDK's deployCairn): `--parameters '{"GovernanceForRegistry":{"registry":"0x…"}}'`.
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { ContractFuture, IgnitionModuleBuilder } from "@nomicfoundation/ignition-core";
import CairnModule from "./Cairn.js";

function deployFactory(m: IgnitionModuleBuilder, registry: ContractFuture<"CairnRegistry">) {
  // Three small deployers keep every contract under the 24 KiB code size limit (EIP-170).
  const votesDeployer = m.contract("ContributionVotesDeployer");
  const timelockDeployer = m.contract("TimelockDeployer");
  const governorDeployer = m.contract("CairnGovernorDeployer");
  const factory = m.contract("GovernedDatasetFactory", [registry, votesDeployer, timelockDeployer, governorDeployer]);
  return { factory, votesDeployer, timelockDeployer, governorDeployer };
}

/** Governance for a registry already deployed at the `registry` parameter. */
export const GovernanceForRegistryModule = buildModule("GovernanceForRegistry", (m) => {
  const registry = m.contractAt("CairnRegistry", m.getParameter<string>("registry"));
  return { registry, ...deployFactory(m, registry) };
});

export default buildModule("Governance", (m) => {
  const { registry } = m.useModule(CairnModule);
  return { registry, ...deployFactory(m, registry) };
});
