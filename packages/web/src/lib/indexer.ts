/**
 * The indexer client, loaded on demand (its own chunk) by reads.ts when config.json names an indexer.
 */
import { createIndexerClient, type IndexerClient } from "@cairn/sdk/browser";

export { verifyClaimable } from "@cairn/sdk/browser";

const clients = new Map<string, IndexerClient>();

/**
 * The indexer at `url`. Lists are taken as it gives them (checking each contribution against the chain
 * would cost the log reads the indexer saves): the bytes of every item previewed are still checked against
 * its CID by the content store, and reads.ts checks each claimable amount against the vault.
 */
export function indexerAt(url: string): IndexerClient {
  let indexer = clients.get(url);
  if (!indexer) {
    indexer = createIndexerClient({ url });
    clients.set(url, indexer);
  }
  return indexer;
}
