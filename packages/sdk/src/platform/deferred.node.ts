/**
 * The Node side of `#sdk-deferred`: modules that synchronous SDK functions need, loaded on first use with
 * `require` (synchronous; ES modules too, Node ≥ 22.12), so that `import("@cairn/sdk")` does not evaluate them.
 * Together they are ~230 modules and ~20 MiB of a process that only imported the SDK. The browser side
 * (`deferred.browser.ts`) imports them statically: a bundler resolves them at build time, and drops the ones
 * an app does not use (one export per module, `sideEffects: false`).
 */
import { createRequire } from "node:module";
import type * as MerkleTree from "@openzeppelin/merkle-tree";
import type * as Chunker from "ipfs-unixfs-importer/chunker";
import type * as Layout from "ipfs-unixfs-importer/layout";
import type * as AbiError from "ox/AbiError";
import type * as AbiFunction from "ox/AbiFunction";
import type * as AbiParameters from "ox/AbiParameters";

const require = createRequire(import.meta.url);

export type MerkleTreeModule = Pick<typeof MerkleTree, "StandardMerkleTree" | "SimpleMerkleTree">;
export type AbiCoders = {
  AbiError: typeof AbiError;
  AbiFunction: typeof AbiFunction;
  AbiParameters: typeof AbiParameters;
};
export type UnixfsImporterParts = {
  chunker: Pick<typeof Chunker, "fixedSize">;
  layout: Pick<typeof Layout, "balanced">;
};

// Each is kept once loaded: `require` of a package specifier resolves it again on every call (it reads and parses
// the package's package.json each time), which cost an export ~0.2 ms a leaf of a release's tree.
let merkleTreeModule: MerkleTreeModule | undefined;
let coders: AbiCoders | undefined;
let importerParts: UnixfsImporterParts | undefined;

/** `@openzeppelin/merkle-tree` (release trees). */
export const merkleTree = (): MerkleTreeModule => (merkleTreeModule ??= require("@openzeppelin/merkle-tree"));

/** ox's ABI coders (custom errors, calldata, `abi.encode`). */
export const abiCoders = (): AbiCoders =>
  (coders ??= {
    AbiError: require("ox/AbiError"),
    AbiFunction: require("ox/AbiFunction"),
    AbiParameters: require("ox/AbiParameters"),
  });

/** The UnixFS importer's fixed-size chunker and balanced layout (CID profiles). */
export const unixfsImporterParts = (): UnixfsImporterParts =>
  (importerParts ??= {
    chunker: require("ipfs-unixfs-importer/chunker"),
    layout: require("ipfs-unixfs-importer/layout"),
  });
