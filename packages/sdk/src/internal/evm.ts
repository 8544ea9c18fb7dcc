/**
 * The EVM primitives the SDK's synchronous code needs, and `loadViem()` for the rest. In Node they come from
 * `platform/evm.node.ts` (ox and @noble/hashes: a few modules instead of viem's ~360 at import); in a browser
 * bundle from viem itself (`platform/evm.browser.ts`), which a web app bundles for its wallet anyway.
 */
export * from "#sdk-evm";
