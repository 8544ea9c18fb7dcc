import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * A reward token for local development only: an ERC-20 with ERC-2612 permit and open minting
 * (`contracts/test/TestToken.sol`). Never deploy it to a public network. Name and symbol are
 * module parameters (`DevToken.name`, `DevToken.symbol`).
 *
 *   npx hardhat ignition deploy ignition/modules/DevToken.ts
 */
export default buildModule("DevToken", (m) => {
  const name = m.getParameter("name", "Cairn Dev Token");
  const symbol = m.getParameter("symbol", "CDEV");
  const token = m.contract("TestToken", [name, symbol]);
  return { token };
});
