/** The browser side of `#sdk-deferred` (see `deferred.node.ts`): the same modules, imported statically. */
import * as MerkleTree from "@openzeppelin/merkle-tree";
import * as Chunker from "ipfs-unixfs-importer/chunker";
import * as Layout from "ipfs-unixfs-importer/layout";
import * as AbiError from "ox/AbiError";
import * as AbiFunction from "ox/AbiFunction";
import * as AbiParameters from "ox/AbiParameters";

export const merkleTree = (): typeof MerkleTree => MerkleTree;
export const abiCoders = () => ({ AbiError, AbiFunction, AbiParameters });
export const unixfsImporterParts = () => ({ chunker: Chunker, layout: Layout });
