import type { BrowserContext, Page } from "playwright-core";
import {
  type Chain,
  createWalletClient,
  defineChain,
  type Hex,
  http,
  type LocalAccount,
  numberToHex,
  type TransactionRequest,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";

/**
 * A test wallet for real browsers: the page gets an EIP-1193 provider, announced through EIP-6963 like a
 * browser extension, whose requests go to this Node process (Playwright's exposeBinding). Keys stay here:
 * a dev account signs typed data and sends transactions to the real dev chain. Tests can make the user
 * "reject" the next request, or put the wallet on another chain.
 */
export type TestWallet = {
  account: LocalAccount;
  /** The chain the wallet is on (what eth_chainId answers). */
  chainId: number;
  /** Answer the next matching request(s) with EIP-1193 error 4001 (the user said no). */
  rejectNext(method: "eth_signTypedData_v4" | "eth_sendTransaction" | "eth_requestAccounts"): void;
  /** The user switches the wallet to another chain (pages get `chainChanged`). */
  switchChain(chainId: number): Promise<void>;
  /** Every method the page asked, in order. */
  calls: string[];
  /** Typed data the wallet was asked to sign (what a person would read in the wallet). */
  typedData: unknown[];
};

const icon =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='7' fill='%232f6b4f'/%3E%3Cpath d='M8 22h16M11 16h10M14 10h4' stroke='white' stroke-width='3' stroke-linecap='round'/%3E%3C/svg%3E";

/**
 * Runs in the page: the provider, its events, and the EIP-6963 announcement. Plain JavaScript in a
 * string, so no transpiler helper (e.g. esbuild's __name) leaks into the page.
 */
function pageScript(info: { name: string; uuid: string; icon: string; rdns: string }): string {
  return `(() => {
  const listeners = new Map();
  const call = globalThis.__cairnWallet;
  const provider = {
    isCairnTestWallet: true,
    async request({ method, params }) {
      const answer = JSON.parse(await call(method, params ?? []));
      if (answer.error) throw Object.assign(new Error(answer.error.message), answer.error);
      return answer.result;
    },
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event).add(listener);
      return provider;
    },
    removeListener(event, listener) {
      listeners.get(event)?.delete(listener);
      return provider;
    },
  };
  globalThis.__cairnWalletEmit = (event, value) => {
    for (const l of listeners.get(event) ?? []) l(value);
  };
  const detail = Object.freeze({ info: Object.freeze(${JSON.stringify(info)}), provider });
  const announce = () => window.dispatchEvent(new CustomEvent("eip6963:announceProvider", { detail }));
  window.addEventListener("eip6963:requestProvider", announce);
  announce();
})();`;
}

/** Installs the wallet in every page of `context`, backed by `privateKey`, talking to `rpc`. */
export async function installWallet(
  context: BrowserContext,
  {
    privateKey,
    rpc,
    chainId,
    name = "Cairn Test Wallet",
  }: { privateKey: Hex; rpc: string; chainId: number; name?: string },
): Promise<TestWallet> {
  const account = privateKeyToAccount(privateKey);
  const rejections = new Map<string, number>();
  let authorized = false;
  const wallet: TestWallet = {
    account,
    chainId,
    calls: [],
    typedData: [],
    rejectNext(method) {
      rejections.set(method, (rejections.get(method) ?? 0) + 1);
    },
    async switchChain(id) {
      wallet.chainId = id;
      for (const page of context.pages())
        await page.evaluate(`globalThis.__cairnWalletEmit?.("chainChanged", "${numberToHex(id)}")`);
    },
  };
  const chainOf = (id: number): Chain =>
    defineChain({
      id,
      name: `chain ${id}`,
      nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
      rpcUrls: { default: { http: [rpc] } },
    });
  const rpcCall = async (method: string, params: unknown) => {
    const response = await fetch(rpc, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
    return (await response.json()) as { result?: unknown; error?: unknown };
  };
  await context.exposeBinding("__cairnWallet", async ({ page }: { page: Page }, method: string, params: unknown) => {
    wallet.calls.push(method);
    const p = (params ?? []) as unknown[];
    const pending = rejections.get(method) ?? 0;
    if (pending > 0) {
      rejections.set(method, pending - 1);
      return JSON.stringify({ error: { code: 4001, message: "User rejected the request." } });
    }
    try {
      switch (method) {
        case "eth_requestAccounts":
          authorized = true;
          return JSON.stringify({ result: [account.address] });
        case "eth_accounts":
          // Like a real wallet: no account is visible to a site until the user connected it.
          return JSON.stringify({ result: authorized ? [account.address] : [] });
        case "eth_chainId":
          return JSON.stringify({ result: numberToHex(wallet.chainId) });
        case "net_version":
          return JSON.stringify({ result: String(wallet.chainId) });
        case "wallet_switchEthereumChain": {
          const id = Number((p[0] as { chainId: string }).chainId);
          if (id !== chainId) return JSON.stringify({ error: { code: 4902, message: `Unrecognized chain ${id}.` } });
          wallet.chainId = id;
          await page.evaluate(`globalThis.__cairnWalletEmit("chainChanged", "${numberToHex(id)}")`);
          return JSON.stringify({ result: null });
        }
        case "wallet_addEthereumChain":
          return JSON.stringify({ result: null });
        case "wallet_requestPermissions":
        case "wallet_getPermissions":
          return JSON.stringify({ result: [{ parentCapability: "eth_accounts" }] });
        case "wallet_revokePermissions":
          authorized = false;
          return JSON.stringify({ result: null });
        case "eth_signTypedData_v4": {
          const typed = JSON.parse(p[1] as string);
          wallet.typedData.push(typed);
          const { EIP712Domain: _, ...types } = typed.types;
          const signature = await account.signTypedData({
            domain: typed.domain,
            types,
            primaryType: typed.primaryType,
            message: typed.message,
          });
          return JSON.stringify({ result: signature });
        }
        case "personal_sign":
          return JSON.stringify({ result: await account.signMessage({ message: { raw: p[0] as Hex } }) });
        case "eth_sendTransaction": {
          if (wallet.chainId !== chainId)
            return JSON.stringify({ error: { code: 4901, message: "The wallet is on another chain." } });
          const tx = p[0] as Record<string, Hex | undefined>;
          const client = createWalletClient({ account, chain: chainOf(wallet.chainId), transport: http(rpc) });
          const hash = await client.sendTransaction({
            to: tx.to as Hex,
            data: tx.data,
            value: tx.value ? BigInt(tx.value) : undefined,
            gas: tx.gas ? BigInt(tx.gas) : undefined,
          } as TransactionRequest as never);
          return JSON.stringify({ result: hash });
        }
        default: {
          const answer = await rpcCall(method, params);
          return JSON.stringify(answer.error ? { error: answer.error } : { result: answer.result });
        }
      }
    } catch (error) {
      const e = error as { code?: number; shortMessage?: string; message: string };
      return JSON.stringify({ error: { code: e.code ?? -32603, message: e.shortMessage ?? e.message } });
    }
  });
  await context.addInitScript({
    content: pageScript({ name, uuid: crypto.randomUUID(), icon, rdns: "dev.cairn.testwallet" }),
  });
  return wallet;
}
