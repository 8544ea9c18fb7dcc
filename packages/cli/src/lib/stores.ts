import { resolve } from "node:path";
import type { ContentStore } from "@cairn/sdk";
import { UsageError } from "./errors.js";
import { openPsaStore } from "./pinning.js";

/**
 * Extra stores named on the command line, `--store <kind>:<where>`:
 * `helia:<dir>` (an embedded node's folder), `kubo:<rpc url>`, `gateway:<url>` (read-only, verified),
 * `psa:<endpoint>[,gateway=<url>]` (an IPFS Pinning Service API: see ./pinning.ts; content put there is first put
 * into `origin`, the command's own store, from which the service fetches it). Opened stores are closed by `close()`.
 */
export async function openStoreSpecs(
  specs: string[],
  command: string,
  origin?: ContentStore | undefined,
): Promise<{ stores: ContentStore[]; close(): Promise<void> }> {
  const sdk = await import("@cairn/sdk");
  const stores: ContentStore[] = [];
  const close = async () => {
    for (const store of stores) await store.close().catch(() => {});
  };
  try {
    for (const spec of specs) stores.push(await openSpec(sdk, spec, command, origin));
  } catch (error) {
    await close();
    throw error;
  }
  return { stores, close };
}

async function openSpec(
  sdk: typeof import("@cairn/sdk"),
  spec: string,
  command: string,
  origin: ContentStore | undefined,
): Promise<ContentStore> {
  const colon = spec.indexOf(":");
  const kind = spec.slice(0, colon);
  const where = spec.slice(colon + 1);
  if (colon < 1 || !where)
    throw new UsageError(`--store ${spec}: expected <kind>:<where>, e.g. gateway:https://…`, command);
  if (kind === "helia") {
    const helia = await sdk.createHeliaStore({ directory: resolve(where) });
    return { ...helia, name: `helia(${resolve(where)})` };
  }
  if (kind === "kubo") return sdk.createKuboStore({ url: where });
  if (kind === "gateway") return sdk.createGatewayStore({ url: where });
  if (kind === "psa") return openPsaStore(where, command, origin);
  throw new UsageError(`--store ${spec}: the kind must be helia, kubo, gateway or psa`, command);
}
