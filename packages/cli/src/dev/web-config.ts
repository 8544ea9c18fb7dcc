/**
 * The web app's config.json for a `cairn dev` network (see packages/web/src/config.ts for the fields):
 * reads through the dev JSON-RPC, verified content through the dev gateway, and stores through the
 * gateway's Kubo-RPC-compatible `POST /api/v0/add`.
 */
export function webConfigOf(
  dev: {
    chainId: number;
    rpc: string;
    registry: string;
    vault: string;
    token?: string;
    gateway: string;
    factory?: string;
    releases?: string;
    models?: string;
    pool?: string;
    indexer?: string | undefined;
  },
  relayer?: string | undefined,
) {
  return {
    chainId: dev.chainId,
    chainName: "cairn dev",
    rpc: dev.rpc,
    registry: dev.registry,
    vault: dev.vault,
    gateway: dev.gateway,
    contentEndpoint: dev.gateway,
    relayer: relayer || undefined,
    indexer: dev.indexer || undefined,
    rewardToken: dev.token,
    factory: dev.factory,
    releases: dev.releases,
    models: dev.models,
    reviewerPool: dev.pool,
    connectors: ["eip6963", "injected"],
  };
}
