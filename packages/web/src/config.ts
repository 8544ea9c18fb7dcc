import { type Address, getAddress, isAddress } from "viem";

/**
 * What the static app needs to know about a network, read at start from `config.json` beside
 * index.html: the same build works against any network. `cairn dev` serves one for the dev network.
 */
export type WebConfig = {
  chainId: number;
  chainName: string;
  /** JSON-RPC endpoint (reads; the wallet sends transactions through its own). */
  rpc: string;
  registry: Address;
  /** Optional: read from the registry when absent. */
  vault?: Address | undefined;
  /** Relayer base URL for gasless contributions; absent means contributors submit themselves. */
  relayer?: string | undefined;
  /**
   * Cairn indexer base URL (packages/indexer): when set, lists (datasets, contributions, review queue, claimable)
   * are read from it, with the chain's logs as the fallback when it fails. A convenience, never an authority.
   */
  indexer?: string | undefined;
  /** Trustless IPFS gateway (raw blocks, `?format=raw`): every byte read is checked against its CID. */
  gateway: string;
  /** Kubo-RPC-compatible endpoint that takes `POST /api/v0/add` (stores content); absent means read-only. */
  contentEndpoint?: string | undefined;
  /** Wallet connectors offered: "eip6963" (every wallet announced via EIP-6963) and/or "injected" (window.ethereum). */
  connectors: Array<"eip6963" | "injected">;
  /** Block explorer base URL (…/tx/<hash>), if any. */
  explorer?: string | undefined;
  /** GovernedDatasetFactory: datasets governed by their contributors (Govern page); absent hides governance. */
  factory?: Address | undefined;
  /** ReleaseRegistry and ModelRegistry: the dataset page lists releases and the models trained on them. */
  releases?: Address | undefined;
  models?: Address | undefined;
  /** ReviewerPool: members of a dataset's pool see and vote on their drawn reviews on the Review page. */
  reviewerPool?: Address | undefined;
  /** Reward token suggested when creating a dataset (e.g. the dev token). */
  rewardToken?: Address | undefined;
  /** Native currency symbol, default ETH. */
  nativeSymbol?: string | undefined;
};

export class ConfigError extends Error {
  override name = "ConfigError";
}

function url(value: unknown, field: string, optional = false): string | undefined {
  if (value === undefined || value === null || value === "") {
    if (optional) return undefined;
    throw new ConfigError(`config.json: "${field}" is required (a URL).`);
  }
  if (typeof value !== "string") throw new ConfigError(`config.json: "${field}" must be a URL string.`);
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(`config.json: "${field}" is not a URL: ${value}`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    throw new ConfigError(`config.json: "${field}" must be http(s): ${value}`);
  return value.replace(/\/+$/, "");
}

function address(value: unknown, field: string): Address {
  if (typeof value !== "string" || !isAddress(value, { strict: false }))
    throw new ConfigError(`config.json: "${field}" must be a 0x address.`);
  return getAddress(value);
}

/** Checks a parsed config.json and fills defaults; throws {@link ConfigError} naming the field. */
export function parseConfig(raw: unknown): WebConfig {
  if (typeof raw !== "object" || raw === null) throw new ConfigError("config.json must be a JSON object.");
  const r = raw as Record<string, unknown>;
  if (!Number.isSafeInteger(r.chainId) || (r.chainId as number) <= 0)
    throw new ConfigError('config.json: "chainId" must be a positive integer.');
  const connectors = (r.connectors ?? ["eip6963", "injected"]) as unknown[];
  if (!Array.isArray(connectors) || connectors.some((c) => c !== "eip6963" && c !== "injected"))
    throw new ConfigError('config.json: "connectors" lists "eip6963" and/or "injected".');
  return {
    chainId: r.chainId as number,
    chainName: typeof r.chainName === "string" ? r.chainName : `Chain ${r.chainId}`,
    rpc: url(r.rpc, "rpc") as string,
    registry: address(r.registry, "registry"),
    vault: r.vault ? address(r.vault, "vault") : undefined,
    relayer: url(r.relayer, "relayer", true),
    indexer: url(r.indexer, "indexer", true),
    gateway: url(r.gateway, "gateway") as string,
    contentEndpoint: url(r.contentEndpoint, "contentEndpoint", true),
    connectors: connectors as WebConfig["connectors"],
    explorer: url(r.explorer, "explorer", true),
    factory: r.factory ? address(r.factory, "factory") : undefined,
    releases: r.releases ? address(r.releases, "releases") : undefined,
    models: r.models ? address(r.models, "models") : undefined,
    reviewerPool: r.reviewerPool ? address(r.reviewerPool, "reviewerPool") : undefined,
    rewardToken: r.rewardToken ? address(r.rewardToken, "rewardToken") : undefined,
    nativeSymbol: typeof r.nativeSymbol === "string" ? r.nativeSymbol : "ETH",
  };
}

/** Loads `config.json` from beside the page. */
export async function loadConfig(location = "./config.json"): Promise<WebConfig> {
  let response: Response;
  try {
    response = await fetch(location, { cache: "no-store" });
  } catch (cause) {
    throw new ConfigError(`Cannot load ${location}: ${(cause as Error).message}`);
  }
  if (!response.ok) throw new ConfigError(`Cannot load ${location}: HTTP ${response.status} ${await response.text()}`);
  return parseConfig(await response.json());
}
