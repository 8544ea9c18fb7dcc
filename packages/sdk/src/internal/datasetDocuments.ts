import type { Hex } from "viem";
import type { CairnClient } from "../client.js";
import { InvalidParameterError } from "../errors/client.js";
import type { DatasetManifest } from "../manifest/schema.js";
import { validateManifest } from "../manifest/validate.js";
import { keccak256, stringToHex } from "./evm.js";
import { putJson } from "./json.js";

/** How callers give a dataset's manifest and terms: the documents themselves, or their CID and hash. */
export type DatasetDocuments = {
  /** The manifest document, validated and stored in the client's store; or give `manifestCid`. */
  manifest?: DatasetManifest | undefined;
  manifestCid?: string | undefined;
  /** The terms contributors agree to (hashed with keccak256); defaults to the manifest's `terms`. Or give `termsHash`. */
  terms?: string | undefined;
  termsHash?: Hex | undefined;
};

/** keccak256 of the terms' UTF-8 bytes: the on-chain `termsHash`. */
export function hashTerms(terms: string): Hex {
  return keccak256(stringToHex(terms));
}

/** Validates a manifest and stores it in the client's store; returns its CID. */
export async function storeManifest(client: CairnClient, action: string, manifest: DatasetManifest): Promise<string> {
  return putJson(client, action, validateManifest(manifest));
}

/** The terms hash given, or the hash of the terms given (default: the manifest's `terms`), or undefined. */
export function termsHashOf(documents: DatasetDocuments): Hex | undefined {
  const terms = documents.terms ?? documents.manifest?.terms;
  return documents.termsHash ?? (terms !== undefined ? hashTerms(terms) : undefined);
}

/** What a new dataset needs: its manifest's CID (storing the manifest if given) and its terms hash. */
export async function requireDatasetDocuments(
  client: CairnClient,
  action: string,
  documents: DatasetDocuments,
): Promise<{ manifestCid: string; termsHash: Hex }> {
  let manifestCid = documents.manifestCid;
  if (!manifestCid) {
    if (!documents.manifest) throw new InvalidParameterError("dataset", "give a manifest or a manifestCid");
    manifestCid = await storeManifest(client, action, documents.manifest);
  }
  const termsHash = termsHashOf(documents);
  if (!termsHash) throw new InvalidParameterError("terms", "give the terms contributors agree to (or their termsHash)");
  return { manifestCid, termsHash };
}
