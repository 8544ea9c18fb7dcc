import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import CairnModule from "./Cairn.js";

/**
 * A ReviewerPool bound to the Cairn registry (one pool serves every dataset whose steward names it a curator).
 *
 *   npx hardhat ignition deploy ignition/modules/ReviewerPool.ts --network <name>
 */
export default buildModule("ReviewerPool", (m) => {
  const { registry } = m.useModule(CairnModule);
  const reviewerPool = m.contract("ReviewerPool", [registry]);
  return { registry, reviewerPool };
});
