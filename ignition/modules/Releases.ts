/**
 * Releases and models beside the Cairn registry: the ReleaseRegistry (dataset releases as Merkle roots) and the
 * ModelRegistry (models citing releases, data dividends), with no admin and no proxy.
 *
 *   npx hardhat ignition deploy ignition/modules/Releases.ts --network <name>
 *
 * The default module takes the registry from the Cairn module (deployed with it, or reused from the same
 * deployment). `ReleasesForRegistryModule` serves a registry deployed some other way (`cairn dev`, the SDK's
 * deployCairn): `--parameters '{"ReleasesForRegistry":{"registry":"0x…"}}'`.
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import CairnModule from "./Cairn.js";

/** Releases and models for a registry already deployed at the `registry` parameter. */
export const ReleasesForRegistryModule = buildModule("ReleasesForRegistry", (m) => {
  const registry = m.contractAt("CairnRegistry", m.getParameter<string>("registry"));
  const releases = m.contract("ReleaseRegistry", [registry]);
  const models = m.contract("ModelRegistry", [releases]);
  return { registry, releases, models };
});

export default buildModule("Releases", (m) => {
  const { registry } = m.useModule(CairnModule);
  const releases = m.contract("ReleaseRegistry", [registry]);
  const models = m.contract("ModelRegistry", [releases]);
  return { registry, releases, models };
});
