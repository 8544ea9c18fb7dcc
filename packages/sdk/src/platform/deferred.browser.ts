/**
 * The browser side of `#sdk-deferred` (see `deferred.node.ts`): the same modules, imported statically and by
 * name, so that a bundler keeps only what is used.
 */
import { SimpleMerkleTree, StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { fixedSize } from "ipfs-unixfs-importer/chunker";
import { balanced } from "ipfs-unixfs-importer/layout";
import * as AbiError from "ox/AbiError";
import * as AbiFunction from "ox/AbiFunction";
import * as AbiParameters from "ox/AbiParameters";
import type { AbiCoders, MerkleTreeModule, UnixfsImporterParts } from "./deferred.node.js";

export const merkleTree = (): MerkleTreeModule => ({ SimpleMerkleTree, StandardMerkleTree });
export const abiCoders = (): AbiCoders => ({ AbiError, AbiFunction, AbiParameters });
export const unixfsImporterParts = (): UnixfsImporterParts => ({ chunker: { fixedSize }, layout: { balanced } });
