// The SDK owns the EIP-712 definition; scripts use the same one.
export { type ContributionMessage, contributionDomain, contributionTypes } from "../../packages/sdk/src/eip712.js";
