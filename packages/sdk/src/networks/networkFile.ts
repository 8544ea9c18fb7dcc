import type { Address } from "viem";
import { InvalidParameterError } from "../errors/client.js";
import { getAddress, isAddress } from "../internal/evm.js";

/**
 * A network file, `networks/<name>.json`: where a Cairn deployment lives and how to reach its parts. Written
 * by `npx hardhat cairn-deploy --network <name>` (addresses, deployment block) over the recommended URLs kept
 * in the repository; read by the SDK, the CLI (`cairn --network <name>`), the relayer, the indexer and the
 * web app. Addresses are absent until Cairn is deployed there.
 */
export type NetworkFile = {
  name: string;
  chainId: number;
  /** Recommended public JSON-RPC URL (use your own provider's for anything heavy). */
  rpc?: string | undefined;
  /** Block explorer. */
  explorer?: string | undefined;
  /** Trustless IPFS gateway for verified reads. */
  gateway?: string | undefined;
  /** A relayer and an indexer run for this network, if any. */
  relayer?: string | undefined;
  indexer?: string | undefined;
  registry?: Address | undefined;
  vault?: Address | undefined;
  /** The GovernedDatasetFactory. */
  factory?: Address | undefined;
  /** The block of the deployment's first transaction: where log scans start. */
  deploymentBlock?: number | undefined;
  /** The Ignition deployment id (ignition/deployments/<id>). */
  deploymentId?: string | undefined;
};

/** A network where Cairn is deployed. */
export type CairnDeployment = NetworkFile & { registry: Address; vault: Address; deploymentBlock: number };

const urlKeys = ["rpc", "explorer", "gateway", "relayer", "indexer"] as const;
const addressKeys = ["registry", "vault", "factory"] as const;

/**
 * Checks a parsed network file and returns it with checksummed addresses. Throws an InvalidParameterError
 * naming the field at fault.
 */
export function parseNetworkFile(value: unknown, source = "network file"): NetworkFile {
  if (!value || typeof value !== "object" || Array.isArray(value))
    throw new InvalidParameterError(source, "not a JSON object");
  const file = { ...(value as Record<string, unknown>) };
  const fail = (key: string, problem: string) => {
    throw new InvalidParameterError(`${source}: "${key}"`, problem);
  };
  if (typeof file.name !== "string" || !/^[a-z0-9][a-z0-9-]{0,63}$/.test(file.name))
    fail("name", "must be lower-case letters, digits and dashes");
  if (!Number.isSafeInteger(file.chainId) || (file.chainId as number) <= 0)
    fail("chainId", "must be a positive integer");
  for (const key of urlKeys) {
    const url = file[key];
    if (url === undefined || url === null) {
      delete file[key];
      continue;
    }
    if (typeof url !== "string" || !/^(https?|wss?):\/\//.test(url)) fail(key, "must be an http(s) or ws(s) URL");
  }
  for (const key of addressKeys) {
    const address = file[key];
    if (address === undefined || address === null) {
      delete file[key];
      continue;
    }
    if (typeof address !== "string" || !isAddress(address, { strict: false })) fail(key, "must be an address");
    file[key] = getAddress(address as string);
  }
  if (
    file.deploymentBlock !== undefined &&
    (!Number.isSafeInteger(file.deploymentBlock) || (file.deploymentBlock as number) < 0)
  )
    fail("deploymentBlock", "must be a block number");
  return file as NetworkFile;
}

/** Whether Cairn is deployed on this network (registry, vault and deployment block known). */
export function isDeployed(file: NetworkFile): file is CairnDeployment {
  return file.registry !== undefined && file.vault !== undefined && file.deploymentBlock !== undefined;
}
