import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { join, resolve } from "node:path";
import type * as Sdk from "@cairn/sdk";
import type { HeliaStore } from "@cairn/sdk";
import type { PublicClient } from "viem";
import { gatewayHandler } from "../dev/gateway.js";
import { type DevIndexer, startDevIndexer } from "../dev/indexer.js";
import { withKuboAdd } from "../dev/kubo-add.js";
import type { PersistentChain } from "../dev/persist.js";
import { rpcHandler } from "../dev/rpc-server.js";
import { webHandler } from "../dev/web.js";
import { webConfigOf } from "../dev/web-config.js";
import { bool, type Command, str } from "../lib/command.js";
import { dataDirOf, type NetworkConfig } from "../lib/config.js";
import { CliError, UsageError } from "../lib/errors.js";
import { output, toJson } from "../lib/output.js";
import { integerOf } from "../lib/parse.js";

/** The SDK, loaded when the command runs (so `--help` stays fast). */
let sdk: typeof Sdk;

/** What `cairn dev` writes to `<data-dir>/dev.json`. */
export type DevFile = NetworkConfig & {
  network: "cairn-dev";
  rpc: string;
  gateway: string;
  heliaDir: string;
  chainId: number;
  registry: `0x${string}`;
  vault: `0x${string}`;
  token: `0x${string}`;
  /** The GovernedDatasetFactory, read by `cairn gov`. */
  factory: `0x${string}`;
  /** The ReleaseRegistry and ModelRegistry, read by `cairn release` and `cairn model`. */
  releases: `0x${string}`;
  models: `0x${string}`;
  /** The ReviewerPool, read by `cairn pool` and `cairn review queue`. */
  pool?: `0x${string}`;
  /** The Cairn indexer's URL (REST, GraphQL, SQL over HTTP), unless started with --no-indexer. */
  indexer?: string | undefined;
  /** The web app, configured for this network. */
  web?: string;
  pid: number;
  startedAt: string;
  accounts: Array<{ address: string; privateKey: string; note: string }>;
};

const fundedAccounts = 5;
const tokensPerAccount = "1000000";

export const dev: Command = {
  name: "dev",
  summary: "start a local network: EVM chain, IPFS node and gateway, contracts deployed",
  usage:
    "cairn dev [--rpc-port 8545] [--gateway-port 8080] [--web-port 8090] [--relayer-url <url>] [--data-dir .cairn] [--fresh]",
  description: [
    "Runs everything in this process, nothing else to install:",
    "- an in-process EVM (Hardhat's EDR) serving JSON-RPC on http://127.0.0.1:<rpc-port>;",
    "- an embedded IPFS node (Helia) keeping content in <data-dir>/ipfs, and a gateway on",
    "  http://127.0.0.1:<gateway-port>/ipfs/<cid> (raw blocks with ?format=raw, for verified reads);",
    "- the Cairn contracts and a dev ERC-20 (CDT), with CDT and ETH on the first development accounts.",
    "Writes the endpoints and addresses to <data-dir>/dev.json, where the other commands find them.",
    "The chain is kept in <data-dir>/chain and restored on the next start (datasets, contributions,",
    "balances, block number); --fresh starts a new chain (same addresses). IPFS content persists.",
    "Ctrl-C stops everything.",
  ].join("\n"),
  options: {
    "rpc-port": { type: "string", value: "<port>", description: "JSON-RPC port (default 8545)." },
    "gateway-port": { type: "string", value: "<port>", description: "IPFS gateway port (default 8080)." },
    "web-port": { type: "string", value: "<port>", description: "Web app port (default 8090)." },
    "relayer-url": {
      type: "string",
      value: "<url>",
      description: "A relayer for the web app's gasless contributions (reached through the web app's /relayer).",
    },
    "indexer-port": { type: "string", value: "<port>", description: "Indexer HTTP port (default: any free port)." },
    "no-indexer": { type: "boolean", description: "Do not start the indexer (packages/indexer, Ponder)." },
    "data-dir": {
      type: "string",
      value: "<dir>",
      description: "Where dev.json, the chain and the IPFS data live (default .cairn).",
    },
    fresh: { type: "boolean", description: "Delete the saved chain and start a new one (IPFS content stays)." },
  },
  examples: [
    "cairn dev",
    "cairn dev --rpc-port 9545 --gateway-port 9080 --data-dir /tmp/cairn",
    "npm run cairn -- dev",
  ],
  async run(args) {
    sdk = await import("@cairn/sdk");
    // viem, the chain (Hardhat) and the deployer load when `cairn dev` runs, not for every command's --help.
    const { createPublicClient, createWalletClient, custom, defineChain } = await import("viem");
    const { privateKeyToAccount } = await import("viem/accounts");
    const { devAccounts, devMnemonic } = await import("../dev/chain.js");
    const { deployDevContracts } = await import("../dev/deploy.js");
    const { startPersistentChain } = await import("../dev/persist.js");
    const rpcPort = integerOf(str(args, "rpc-port") ?? "8545", "--rpc-port", "dev", 0, 65535) as number;
    const gatewayPort = integerOf(str(args, "gateway-port") ?? "8080", "--gateway-port", "dev", 0, 65535) as number;
    if (rpcPort === gatewayPort && rpcPort !== 0)
      throw new UsageError("--rpc-port and --gateway-port must differ.", "dev");
    const dataDir = dataDirOf(args);
    const heliaDir = join(dataDir, "ipfs");
    const running = await runningDev(join(dataDir, "dev.json"));
    if (running) {
      throw new CliError(`A cairn dev (pid ${running.pid}) is already running with this data folder (${dataDir}).`, {
        meta: [`Its JSON-RPC is ${running.rpc}. Stop it first, or give this one another --data-dir.`],
      });
    }
    const say = (line = "") => {
      if (!output.json) process.stdout.write(`${line}\n`);
    };

    // Claim the ports first, so a port in use fails at once with the flag that changes it.
    let chainReady!: (p: PersistentChain) => void;
    const chainPromise = new Promise<PersistentChain>((r) => (chainReady = r));
    let storeReady!: (s: HeliaStore) => void;
    const storePromise = new Promise<HeliaStore>((r) => (storeReady = r));
    const rpcServer = createServer(rpcHandler(async () => (await chainPromise).provider));
    const gatewayServer = createServer(
      withKuboAdd(
        () => storePromise,
        gatewayHandler(() => storePromise),
      ),
    );
    const webPort = integerOf(str(args, "web-port") ?? "8090", "--web-port", "dev", 0, 65535) as number;
    const relayerUrl = str(args, "relayer-url");
    let webConfig: object | undefined;
    const webServer = createServer(webHandler({ config: () => webConfig, relayer: relayerUrl }));
    const servers: Server[] = [];
    await listen(rpcServer, rpcPort, "--rpc-port", "JSON-RPC");
    servers.push(rpcServer);
    try {
      await listen(gatewayServer, gatewayPort, "--gateway-port", "IPFS gateway");
      servers.push(gatewayServer);
      await listen(webServer, webPort, "--web-port", "web app").catch((error) => {
        // The default port is taken (another cairn dev?): any free one will do, it is printed below.
        if (str(args, "web-port") !== undefined) throw error;
        return listen(webServer, 0, "--web-port", "web app");
      });
      servers.push(webServer);
    } catch (error) {
      for (const server of servers) await closeServer(server);
      throw error;
    }
    const webUrl = `http://127.0.0.1:${(webServer.address() as { port: number }).port}`;
    const rpcUrl = `http://127.0.0.1:${(rpcServer.address() as { port: number }).port}`;
    const gatewayUrl = `http://127.0.0.1:${(gatewayServer.address() as { port: number }).port}`;

    let stopping: Promise<void> | undefined;
    let chain: PersistentChain | undefined;
    let store: HeliaStore | undefined;
    let indexer: DevIndexer | undefined;
    const stop = () => {
      stopping ??= (async () => {
        await indexer?.stop().catch(() => {});
        for (const server of servers) await closeServer(server);
        await store?.close().catch(() => {});
        await chain?.close().catch(() => {});
      })();
      return stopping;
    };
    let resolveStopped!: () => void;
    const stopped = new Promise<void>((r) => (resolveStopped = r));
    const onSignal = (signal: string) => {
      say(`\n${signal}: stopping cairn dev...`);
      void stop().then(() => {
        say(`Stopped. The chain is kept in ${join(dataDir, "chain")} and IPFS content in ${heliaDir}.`);
        resolveStopped();
      });
    };
    process.once("SIGINT", () => onSignal("SIGINT"));
    process.once("SIGTERM", () => onSignal("SIGTERM"));

    try {
      await mkdir(heliaDir, { recursive: true });
      [chain, store] = await Promise.all([
        startPersistentChain({
          dataDir,
          fresh: bool(args, "fresh"),
          onProgress: (done, total) => say(`restoring the chain: ${done}/${total} calls replayed`),
        }),
        sdk.createHeliaStore({ directory: heliaDir }),
      ]);
      chainReady(chain);
      storeReady(store);

      const viemChain = defineChain({
        id: chain.chainId,
        name: "cairn dev",
        nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
        rpcUrls: { default: { http: [rpcUrl] } },
      });
      const transport = custom(chain.provider);
      const publicClient = createPublicClient({ chain: viemChain, transport, pollingInterval: 50 }) as PublicClient;
      const accounts = devAccounts(fundedAccounts);
      const deployer = createWalletClient({
        account: privateKeyToAccount(accounts[0].privateKey),
        chain: viemChain,
        transport,
      });
      let deployment = chain.deployment;
      if (!deployment) {
        deployment = await deployDevContracts(sdk, { publicClient, deployer, accounts, tokensPerAccount });
        await chain.saveDeployment(deployment);
      } else if (!deployment.pool) {
        // A chain saved before `cairn dev` deployed a reviewer pool gets one now.
        const { pool } = await sdk.deployReviewerPool({
          publicClient,
          walletClient: deployer,
          registry: deployment.registry,
        });
        deployment = { ...deployment, pool };
        await chain.saveDeployment(deployment);
      }

      if (!bool(args, "no-indexer")) {
        indexer = await startDevIndexer({
          rpcUrl,
          chainId: chain.chainId,
          registry: deployment.registry,
          vault: deployment.vault,
          factory: deployment.factory,
          releases: deployment.releases,
          models: deployment.models,
          reviewerPool: deployment.pool,
          dataDir,
          port: integerOf(str(args, "indexer-port") ?? "0", "--indexer-port", "dev", 0, 65535) as number,
        });
      }

      const devFile: DevFile = {
        network: "cairn-dev",
        rpc: rpcUrl,
        chainId: chain.chainId,
        ...deployment,
        indexer: indexer?.url,
        gateway: gatewayUrl,
        web: webUrl,
        heliaDir: resolve(heliaDir),
        pid: process.pid,
        startedAt: new Date().toISOString(),
        accounts: accounts.map((a) => ({
          ...a,
          note: "PUBLIC development key (hardhat mnemonic): never use it on a real network",
        })),
      };
      webConfig = webConfigOf(devFile, relayerUrl ? `${webUrl}/relayer` : undefined);
      const devPath = join(dataDir, "dev.json");
      await writeFile(`${devPath}.tmp`, `${toJson(devFile)}\n`);
      await rename(`${devPath}.tmp`, devPath);

      if (output.json) {
        process.stdout.write(
          `${JSON.stringify({ ready: true, devFile: devPath, chain: chain.notice, restored: chain.restored ?? null, ...devFile })}\n`,
        );
      } else {
        say("cairn dev: a local Cairn network");
        say("");
        say(`  JSON-RPC      ${rpcUrl}   (chain id ${chain.chainId}, in-process EDR)`);
        say(`  Chain         ${chain.notice}`);
        say(`  IPFS gateway  ${gatewayUrl}/ipfs/<cid>`);
        say(`  IPFS data     ${resolve(heliaDir)}   (persists across restarts)`);
        say(`  CairnRegistry ${devFile.registry}`);
        say(`  RewardVault   ${devFile.vault}`);
        say(`  Dev token     ${devFile.token}   (CDT, 18 decimals)`);
        say(`  Gov factory   ${devFile.factory}   (cairn gov create)`);
        say(`  Releases      ${devFile.releases}   (cairn release, cairn model)`);
        if (devFile.pool) say(`  Review pool   ${devFile.pool}   (cairn pool, cairn review queue)`);
        if (indexer) say(`  Indexer       ${indexer.url}   (REST /v1, /graphql; --indexer <url>)`);
        say(`  Config        ${devPath}   (read by every cairn command run here)`);
        say(`  Web app       ${webUrl}   (connect a browser wallet to chain ${chain.chainId})`);
        say("");
        say("The chain and IPFS content persist across restarts; `cairn dev --fresh` starts a new chain.");
        say("");
        say(`Development accounts: 10000 ETH and ${tokensPerAccount} CDT each.`);
        say("!! These keys are PUBLIC (hardhat's default mnemonic). Never send real funds to them. !!");
        say(`   mnemonic: ${devMnemonic}`);
        for (const [i, a] of accounts.entries()) {
          say(`  (${i}) ${a.address}  key ${a.privateKey}`);
        }
        say("");
        say(`Try:  export CAIRN_PRIVATE_KEY=${accounts[0].privateKey}   # dev account 0 (public key)`);
        say("      cairn status");
        say("");
        say(`cairn dev ready: rpc ${rpcUrl} gateway ${gatewayUrl} (Ctrl-C to stop)`);
      }
    } catch (error) {
      const interrupted = stopping !== undefined;
      await stop();
      if (interrupted) throw new CliError("Stopped while starting.", { exitCode: 130 });
      throw error;
    }
    await stopped;
  },
};

function listen(server: Server, port: number, flag: string, what: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off("listening", onListening);
      if (error.code === "EADDRINUSE") {
        reject(
          new CliError(`Port ${port} (${what}) is already in use on 127.0.0.1.`, {
            meta: [
              `Another program (maybe another \`cairn dev\`) listens there. Choose another port with ${flag} <port>.`,
            ],
          }),
        );
      } else if (error.code === "EACCES") {
        reject(
          new CliError(`Port ${port} (${what}) needs privileges.`, {
            meta: [`Choose a port above 1023 with ${flag} <port>.`],
          }),
        );
      } else reject(error);
    };
    const onListening = () => {
      server.off("error", onError);
      resolvePromise();
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(port, "127.0.0.1");
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolvePromise) => {
    server.close(() => resolvePromise());
    server.closeAllConnections();
  });
}

/** The `cairn dev` that wrote this dev.json, if that process is still alive. */
async function runningDev(path: string): Promise<{ pid: number; rpc: string } | undefined> {
  try {
    const { pid, rpc } = JSON.parse(await readFile(path, "utf8")) as { pid?: number; rpc?: string };
    if (typeof pid !== "number" || pid === process.pid) return undefined;
    process.kill(pid, 0); // throws if no such process
    return { pid, rpc: rpc ?? "?" };
  } catch {
    return undefined;
  }
}
