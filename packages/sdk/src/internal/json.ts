import type { CairnClient } from "../client.js";
import { MissingStoreError } from "../errors/client.js";
import type { ContentStore } from "../stores/types.js";
import { collect } from "./bytes.js";

/** Stores a JSON document (manifest, item metadata) and returns its CID. */
export async function putJson(client: CairnClient, action: string, document: unknown): Promise<string> {
  const { cid } = await storeOf(client, action).put(new TextEncoder().encode(`${JSON.stringify(document, null, 2)}\n`));
  return cid;
}

/** Fetches and parses a JSON document by CID (verified against the CID by the store). */
export async function getJson(client: CairnClient, action: string, cid: string): Promise<unknown> {
  const bytes = await collect(storeOf(client, action).get(cid));
  return JSON.parse(new TextDecoder().decode(bytes));
}

export function storeOf(client: CairnClient, action: string): ContentStore {
  if (!client.store) throw new MissingStoreError(action);
  return client.store;
}
