/**
 * An in-process chain (Hardhat 3's EDR) served as a real JSON-RPC endpoint over HTTP on 127.0.0.1, with the
 * Cairn core deployed from the SDK's bytecode. The relayer under test talks to it exactly as it would to a
 * node in production; `stop()` / `start()` take the endpoint away and bring it back (an RPC outage).
 */

import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import {
  cairnRegistryAbi,
  createCairnClient,
  createDataset,
  deployCairn,
  type SignedContribution,
  signContribution,
} from "@cairn/sdk";
import { network } from "hardhat";
import { CID } from "multiformats/cid";
import * as Digest from "multiformats/hashes/digest";
import {
  type Address,
  createPublicClient,
  createWalletClient,
  custom,
  getAddress,
  type Hex,
  http,
  type LocalAccount,
  type PublicClient,
  type WalletClient,
} from "viem";
import { type HDAccount, mnemonicToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";

/** Hardhat's default, funded accounts. */
export const MNEMONIC = "test test test test test test test test test test test junk";

export function hardhatAccount(index: number): { account: HDAccount; privateKey: Hex } {
  const account = mnemonicToAccount(MNEMONIC, { addressIndex: index });
  const key = account.getHdKey().privateKey;
  if (!key) throw new Error("no private key");
  return { account, privateKey: `0x${Buffer.from(key).toString("hex")}` as Hex };
}

type Provider = { request(args: { method: string; params?: unknown[] }): Promise<unknown> };

export type TestChain = {
  url: string;
  port: number;
  chainId: number;
  registry: Address;
  publicClient: PublicClient;
  steward: WalletClient;
  provider: Provider;
  /** Closes the endpoint: connections are refused until `start()`. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Sends a raw JSON-RPC request to the chain. */
  rpc<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  /** Deploys the test ERC-1271 wallet owned by `owner` (it approves what `owner` signs). */
  deployWallet(owner: Address): Promise<Address>;
  /** Sets a dataset's status (1 open, 2 paused, 3 closed) as its steward. */
  setStatus(datasetId: bigint, status: number): Promise<void>;
  /** Creates an open dataset (quorum 1, the steward curates, unless `quorum: 0`) and returns its id and terms hash. */
  createDataset(options?: { quorum?: number }): Promise<{ datasetId: bigint; termsHash: Hex }>;
  close(): Promise<void>;
};

export async function startTestChain(options: { port?: number } = {}): Promise<TestChain> {
  const connection = await network.connect();
  const provider = connection.provider as unknown as Provider;
  const steward = createWalletClient({
    account: hardhatAccount(0).account,
    chain: hardhat,
    transport: custom(provider),
  });
  const direct = createPublicClient({ chain: hardhat, transport: custom(provider) });
  const { registry } = await deployCairn({ publicClient: direct as never, walletClient: steward });

  let server: Server | undefined;
  const sockets = new Set<Socket>();
  let port = options.port ?? 0;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      res.writeHead(400).end();
      return;
    }
    const one = async (r: { id: unknown; method: string; params?: unknown[] }) => {
      try {
        const result = await provider.request({ method: r.method, params: r.params ?? [] });
        return { jsonrpc: "2.0", id: r.id, result: result ?? null };
      } catch (error) {
        const e = error as { code?: number; message?: string; data?: unknown };
        return {
          jsonrpc: "2.0",
          id: r.id,
          error: { code: e.code ?? -32603, message: e.message ?? String(error), data: e.data },
        };
      }
    };
    const out = Array.isArray(body) ? await Promise.all(body.map(one)) : await one(body as never);
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(out));
  };
  const start = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((req, res) => {
        handle(req, res).catch(() => res.destroy());
      });
      s.keepAliveTimeout = 60_000;
      s.on("connection", (socket) => {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
      });
      s.once("error", reject);
      s.listen(port, "127.0.0.1", () => {
        port = (s.address() as AddressInfo).port;
        server = s;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (!server) return resolve();
      const s = server;
      server = undefined;
      s.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
  await start();
  const url = `http://127.0.0.1:${port}`;
  const publicClient = createPublicClient({ chain: hardhat, transport: http(url) }) as PublicClient;
  const client = await createCairnClient({ publicClient: direct as never, registry });

  return {
    url,
    port,
    chainId: hardhat.id,
    registry,
    publicClient,
    steward,
    provider,
    stop,
    start,
    rpc: (method, params = []) => provider.request({ method, params }) as never,
    async createDataset({ quorum = 1 } = {}) {
      const { datasetId, termsHash } = await createDataset(
        { ...client, walletClient: steward },
        {
          manifestCid: RAW_CID_EXAMPLE,
          terms: "I hold the rights to what I contribute.",
          quorum,
          curators: quorum > 0 ? [hardhatAccount(0).account.address] : [],
        },
      );
      return { datasetId, termsHash };
    },
    async deployWallet(owner) {
      // biome-ignore lint/suspicious/noExplicitAny: the toolbox adds `viem` to the connection at run time
      const wallet = await (connection as any).viem.deployContract("ERC1271Wallet", [owner, false]);
      return getAddress(wallet.address);
    },
    async setStatus(datasetId, status) {
      const hash = await steward.writeContract({
        address: registry,
        abi: cairnRegistryAbi,
        functionName: "setStatus",
        args: [datasetId, status],
        chain: hardhat,
        account: steward.account as never,
      });
      await direct.waitForTransactionReceipt({ hash });
    },
    async close() {
      await stop();
      await connection.close?.();
    },
  };
}

const RAW_CID_EXAMPLE = "bafkreicysg23kiwv34eg2d7qweipxwosdo2py4ldv42nbauguluen5v6am";

/** A raw-leaf CIDv1 and the sha256 content hash of `bytes`, as `ipfs add --cid-version 1` would give for a small file. */
export function contentOf(bytes: Uint8Array): { contentHash: Hex; cid: string; size: bigint } {
  const digest = createHash("sha256").update(bytes).digest();
  const cid = CID.createV1(0x55, Digest.create(0x12, digest)).toString();
  return { contentHash: `0x${digest.toString("hex")}`, cid, size: BigInt(bytes.length) };
}

/** Signs `count` distinct contributions for `datasetId` by `signer`. */
export async function signItems(
  chain: Pick<TestChain, "chainId" | "registry">,
  signer: LocalAccount,
  {
    datasetId,
    termsHash,
    count,
    tag = "item",
    deadline,
  }: { datasetId: bigint; termsHash: Hex; count: number; tag?: string; deadline?: bigint },
): Promise<SignedContribution[]> {
  const out: SignedContribution[] = [];
  for (let i = 0; i < count; i++) {
    const item = {
      datasetId,
      ...contentOf(new TextEncoder().encode(`${tag} ${signer.address} ${i} ${Math.random()}`)),
    };
    out.push(
      await signContribution(signer, { item, chainId: chain.chainId, registry: chain.registry, termsHash, deadline }),
    );
  }
  return out;
}
