import { resolve } from "node:path";
import type { ContentStore } from "@cairn/sdk";
import { UsageError } from "./errors.js";

/**
 * Extra stores named on the command line, `--store <kind>:<where>`:
 * `helia:<dir>` (an embedded node's folder), `kubo:<rpc url>`, `gateway:<url>` (read-only, verified).
 * Opened stores are closed by `close()`.
 */
export async function openStoreSpecs(
  specs: string[],
  command: string,
): Promise<{ stores: ContentStore[]; close(): Promise<void> }> {
  const sdk = await import("@cairn/sdk");
  const stores: ContentStore[] = [];
  for (const spec of specs) {
    const colon = spec.indexOf(":");
    const kind = spec.slice(0, colon);
    const where = spec.slice(colon + 1);
    if (colon < 1 || !where)
      throw new UsageError(`--store ${spec}: expected <kind>:<where>, e.g. gateway:https://…`, command);
    let store: ContentStore;
    if (kind === "helia") {
      const helia = await sdk.createHeliaStore({ directory: resolve(where) });
      store = { ...helia, name: `helia(${resolve(where)})` };
    } else if (kind === "kubo") store = sdk.createKuboStore({ url: where });
    else if (kind === "gateway") store = sdk.createGatewayStore({ url: where });
    else throw new UsageError(`--store ${spec}: the kind must be helia, kubo or gateway`, command);
    stores.push(store);
  }
  return {
    stores,
    async close() {
      for (const store of stores) await store.close().catch(() => {});
    },
  };
}
