/**
 * The viem functions every network command starts with. The build bundles this module into one file with
 * esbuild (`scripts/bundle-viem.mjs`): `import("viem")` resolves and evaluates about 360 ES modules, which was
 * most of `cairn status`'s start-up; one bundled file of the same code loads several times faster. Commands
 * that need more of viem (`cairn contribute`, `cairn dev`) import it as usual.
 */
export { createPublicClient, createWalletClient, defineChain, erc20Abi, http } from "viem";
export { privateKeyToAccount } from "viem/accounts";
