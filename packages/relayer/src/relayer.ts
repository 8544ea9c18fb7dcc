/** Wires the queue, the validator, the submitter and the HTTP server into one relayer. */
import type { AddressInfo } from "node:net";
import { privateKeyToAccount } from "viem/accounts";
import { ChainReader, createRpcClient } from "./chain.js";
import type { RelayerConfig } from "./config.js";
import { secp256k1Backend, transactionSigner } from "./crypto.js";
import { Submitter } from "./engine.js";
import { RegistrationFollower } from "./follower.js";
import { IndexerLookup } from "./indexer.js";
import { createLogger, type Logger } from "./log.js";
import { Metrics } from "./metrics.js";
import { Policy } from "./policy.js";
import { RecoverPool } from "./recover-pool.js";
import { createApiServer } from "./server.js";
import { createPostgresStore } from "./store/postgres.js";
import { createSqliteStore } from "./store/sqlite.js";
import type { QueueStore } from "./store/types.js";
import { Validator } from "./validate.js";

export type Relayer = {
  url: string;
  port: number;
  store: QueueStore;
  metrics: Metrics;
  submitter: Submitter;
  close(): Promise<void>;
};

/**
 * Starts a relayer: opens (and creates) the queue, checks the RPC's chain id, listens, and starts the
 * submitter, which first resumes whatever a previous run left in flight.
 *
 * @example
 * ```ts
 * const relayer = await startRelayer({ ...config, port: 0 });
 * console.log(relayer.url); // http://127.0.0.1:41234
 * await relayer.close();
 * ```
 */
export async function startRelayer(
  config: RelayerConfig,
  log: Logger = createLogger(config.logLevel),
): Promise<Relayer> {
  const account = privateKeyToAccount(config.privateKey);
  const client = createRpcClient(config.rpcUrl);
  const chainId = await retry(() => client.getChainId(), log);
  const store = config.databaseUrl
    ? await createPostgresStore({ url: config.databaseUrl })
    : await createSqliteStore({ path: config.dbPath, sync: config.sqliteSync });
  await store.init();
  // The gauges are read at scrape time, once the submitter below exists.
  const metrics: Metrics = new Metrics(async () => ({
    queued: await store.unsettledCount(),
    inFlightBatches: submitter.inFlight,
    nextNonce: submitter.nextNonce,
  }));
  const policy = new Policy({
    policy: config.policy,
    contributorRate: config.contributorRate,
    contributorBurst: config.contributorBurst,
    clientRate: config.clientRate,
    clientBurst: config.clientBurst,
    limits: store.limits,
    metrics,
  });
  const chain = new ChainReader(
    client,
    config.registry,
    config.datasetCacheMs,
    undefined,
    BigInt(config.followFromBlock),
  );
  const follower = new RegistrationFollower({
    client,
    store,
    chainId,
    registry: config.registry,
    pollMs: config.followMs,
    fromBlock: config.followFromBlock,
    log,
    metrics,
  });
  const recoverPool = new RecoverPool(config.verifyThreads, log);
  const validator = new Validator({
    recover: recoverPool.threads > 0 ? (items) => recoverPool.recover(items) : undefined,
    registrations: follower,
    chainId,
    registry: config.registry,
    relayer: account.address,
    chain,
    store,
    minDeadlineSeconds: config.minDeadlineSeconds,
    serves: (id) => policy.serves(id),
    indexer: config.indexerUrl
      ? new IndexerLookup({
          url: config.indexerUrl,
          log,
          metrics,
        })
      : undefined,
    metrics,
  });
  const submitter: Submitter = new Submitter({
    client,
    chain,
    store,
    account,
    signTransaction: transactionSigner(config.privateKey),
    chainId,
    registry: config.registry,
    metrics,
    log,
    batchSize: config.batchSize,
    batchMs: config.batchMs,
    maxInFlight: config.maxInFlight,
    pollMs: config.pollMs,
    replaceAfterMs: config.replaceAfterMs,
    rebroadcastMs: config.rebroadcastMs,
    leaseMs: config.leaseMs,
    maxAttempts: config.maxAttempts,
    feeBumpPercent: config.feeBumpPercent,
    gas: policy,
    gasEstimates: config.policy.datasetGasBudget > 0 || Object.keys(config.policy.datasetGasBudgets).length > 0,
    ownsQueue: store.kind === "sqlite",
    fault: config.fault,
  });
  const app = await createApiServer({
    store,
    validator,
    metrics,
    log,
    policy,
    maxBodyBytes: config.maxBodyBytes,
    maxItemsPerRequest: config.maxItemsPerRequest,
    trustProxy: config.trustProxy,
    corsOrigins: config.corsOrigins,
    headersTimeoutMs: config.headersTimeoutMs,
    requestTimeoutMs: config.requestTimeoutMs,
    keepAliveTimeoutMs: config.keepAliveTimeoutMs,
    maxConnectionsPerClient: config.maxConnectionsPerClient,
    onAccepted: () => submitter.wake(),
    health: async () => {
      const [db, rpc] = await Promise.all([
        store.unsettledCount().then(
          () => true,
          () => false,
        ),
        client.getBlockNumber({ cacheTime: 0 }).then(
          (n) => n.toString(),
          () => undefined,
        ),
      ]);
      return {
        ok: db && rpc !== undefined,
        database: db ? store.kind : "down",
        rpc: rpc !== undefined ? "up" : "down",
        block: rpc,
        chainId,
        relayer: account.address,
        secp256k1: secp256k1Backend,
      };
    },
  });
  await app.listen({ port: config.port, host: config.host });
  const port = (app.server.address() as AddressInfo).port;
  follower.start();
  submitter.start();
  log.info("relayer listening", {
    url: `http://${config.host}:${port}`,
    chainId,
    registry: config.registry,
    relayer: account.address,
    queue: store.kind,
    batchSize: config.batchSize,
    batchMs: config.batchMs,
    secp256k1: secp256k1Backend,
    verifyThreads: recoverPool.threads,
  });
  return {
    url: `http://${config.host === "0.0.0.0" ? "127.0.0.1" : config.host}:${port}`,
    port,
    store,
    metrics,
    submitter,
    async close() {
      await app.close();
      await Promise.all([submitter.stop(), follower.stop(), recoverPool.close()]);
      await store.close();
    },
  };
}

async function retry<T>(fn: () => Promise<T>, log: Logger): Promise<T> {
  for (let delay = 250; ; delay = Math.min(delay * 2, 10_000)) {
    try {
      return await fn();
    } catch (error) {
      log.warn("waiting for the chain's RPC", { retryInMs: delay, error: (error as Error).message.split("\n")[0] });
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}
