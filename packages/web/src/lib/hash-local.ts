/** The SDK's hashing, in a chunk of its own: only pages that store content load it. */
export { hashBytes, hashStream } from "@cairn/sdk/browser";
