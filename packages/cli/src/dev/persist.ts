import { existsSync } from "node:fs";
import { type FileHandle, mkdir, open, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type DevChain, startChain } from "./chain.js";

/**
 * `cairn dev` keeps its chain across restarts with a journal of every call that can change the chain
 * (transactions, mining, time and state cheats), each with the timestamp of the first block it mined and
 * the head's hash afterwards. On the next start the same EDR chain (same genesis date, same chain id) is
 * rebuilt by replaying the journal with the recorded timestamps: blocks, logs, balances and block
 * numbers come back identical, which the recorded head hashes prove block by block. If they ever differ
 * (another Hardhat version computing differently, a damaged journal), the old state is moved aside and
 * the chain starts fresh, and `cairn dev` says so.
 *
 * Layout under `<data-dir>/chain/`: `genesis.json` (format, chain id, genesis date), `journal.jsonl`
 * (one call a line, appended before the caller gets its answer), `deployment.json` (the contracts
 * `cairn dev` deployed, written once they are all mined).
 */

type Provider = DevChain["provider"];

/** One journalled call. */
export type JournalEntry = {
  /** JSON-RPC method and params as the caller sent them. */
  m: string;
  p: unknown;
  /** Timestamp of the first block this call mined, if it mined any. */
  t?: number;
  /** Head block number and hash after the call. */
  n: number;
  h: string;
};

type Genesis = { format: 1; chainId: number; initialDate: string };

/** The contracts `cairn dev` deployed on this chain. */
export type DevDeployment = {
  registry: `0x${string}`;
  vault: `0x${string}`;
  token: `0x${string}`;
  factory: `0x${string}`;
  releases: `0x${string}`;
  models: `0x${string}`;
  /** The ReviewerPool (absent from deployments saved before `cairn dev` deployed one). */
  pool?: `0x${string}`;
};

export type PersistentChain = DevChain & {
  /** The contracts restored with the chain, or undefined when the chain is new and needs them deployed. */
  deployment: DevDeployment | undefined;
  /** What happened on start, in one line for the console: new, restored (how many calls and blocks), reset. */
  notice: string;
  /** Restored calls and head block, when restored. */
  restored: { calls: number; block: number } | undefined;
  saveDeployment(deployment: DevDeployment): Promise<void>;
};

/**
 * Methods that never change the chain: not journalled. Everything else is (an unknown method replayed
 * costs nothing if it only read).
 */
const readOnly = new Set([
  "eth_accounts",
  "eth_blockNumber",
  "eth_call",
  "eth_chainId",
  "eth_coinbase",
  "eth_createAccessList",
  "eth_estimateGas",
  "eth_feeHistory",
  "eth_fillTransaction",
  "eth_gasPrice",
  "eth_maxPriorityFeePerGas",
  "eth_mining",
  "eth_newBlockFilter",
  "eth_newFilter",
  "eth_newPendingTransactionFilter",
  "eth_uninstallFilter",
  "eth_protocolVersion",
  "eth_sign",
  "eth_signTypedData_v4",
  "eth_syncing",
  "eth_subscribe",
  "eth_unsubscribe",
  "personal_sign",
  "hardhat_getAutomine",
  "hardhat_metadata",
]);
const isReadOnly = (method: string) =>
  readOnly.has(method) ||
  method.startsWith("eth_get") ||
  method.startsWith("net_") ||
  method.startsWith("web3_") ||
  method.startsWith("debug_");

/** Interval mining makes blocks no call asked for: a journal cannot replay them. */
const refused = new Set(["evm_setIntervalMining"]);

type Block = { number: string; hash: string; timestamp: string };

async function head(provider: Provider): Promise<{ number: number; hash: string; timestamp: number }> {
  const block = (await provider.request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as Block;
  return { number: Number(block.number), hash: block.hash, timestamp: Number(block.timestamp) };
}

async function blockTimestamp(provider: Provider, number: number): Promise<number> {
  const block = (await provider.request({
    method: "eth_getBlockByNumber",
    params: [`0x${number.toString(16)}`, false],
  })) as Block;
  return Number(block.timestamp);
}

/** Reads the journal; a last line cut short by a crash is dropped (its caller never got an answer). */
export async function readJournal(path: string): Promise<JournalEntry[]> {
  if (!existsSync(path)) return [];
  const text = await readFile(path, "utf8");
  const lines = text.split("\n");
  const entries: JournalEntry[] = [];
  for (const [i, line] of lines.entries()) {
    if (line === "") continue;
    try {
      entries.push(JSON.parse(line) as JournalEntry);
    } catch (error) {
      if (i === lines.length - 1) break; // torn last write
      throw new Error(`line ${i + 1} of ${path} is not JSON: ${(error as Error).message}`);
    }
  }
  return entries;
}

class Divergence extends Error {}

/**
 * Replays `entries` on a new chain. Throws a Divergence when a head differs from the recorded one.
 * `onProgress` gets the number of calls replayed so far.
 */
async function replay(provider: Provider, entries: JournalEntry[], onProgress?: (done: number) => void) {
  let before = (await head(provider)).number;
  for (const [i, entry] of entries.entries()) {
    if (entry.t !== undefined) {
      await provider.request({ method: "evm_setNextBlockTimestamp", params: [entry.t] }).catch(() => {});
    }
    // The original call's outcome (success or a revert) is part of the recorded head: only the head counts.
    await provider.request({ method: entry.m, params: entry.p }).catch(() => {});
    const after = entry.n !== before || entry.t !== undefined ? await head(provider) : undefined;
    if (after && (after.number !== entry.n || after.hash !== entry.h)) {
      throw new Divergence(
        `call ${i + 1} (${entry.m}) led to block ${after.number} ${after.hash}, the journal says ${entry.n} ${entry.h}`,
      );
    }
    before = entry.n;
    if (i % 200 === 199) onProgress?.(i + 1);
  }
  return before;
}

/**
 * Wraps the chain's provider so that every call that may change the chain is executed one at a time and
 * appended to the journal before its answer is returned.
 */
function journalled(
  provider: Provider,
  journal: FileHandle,
  headNumber: number,
): { provider: Provider; idle(): Promise<unknown> } {
  let queue: Promise<unknown> = Promise.resolve();
  let before = headNumber;
  const request = async (args: { method: string; params?: unknown }) => {
    if (isReadOnly(args.method)) return provider.request(args);
    if (refused.has(args.method)) {
      throw Object.assign(new Error(`${args.method} is not available in cairn dev (its chain is journalled)`), {
        code: -32601,
      });
    }
    const run = queue.then(async () => {
      let result: unknown;
      let failure: unknown;
      let failed = false;
      try {
        result = await provider.request(args);
      } catch (error) {
        failed = true;
        failure = error;
      }
      const after = await head(provider);
      const entry: JournalEntry = { m: args.method, p: args.params ?? [], n: after.number, h: after.hash };
      if (after.number > before) {
        entry.t = after.number === before + 1 ? after.timestamp : await blockTimestamp(provider, before + 1);
      }
      before = after.number;
      await journal.write(`${JSON.stringify(entry, (_, v) => (typeof v === "bigint" ? `0x${v.toString(16)}` : v))}\n`);
      if (failed) throw failure;
      return result;
    });
    queue = run.catch(() => {});
    return run;
  };
  return { provider: { request } as unknown as Provider, idle: () => queue };
}

/**
 * Starts `cairn dev`'s chain from `<dataDir>/chain`: restored from its journal, or new (first start,
 * `fresh`, or a journal that no longer replays; the old one is then kept as `chain.<time>.old`).
 * Removes `<dataDir>/dev.json` whenever the chain starts over, so it never names contracts that are gone.
 */
export async function startPersistentChain({
  dataDir,
  fresh = false,
  chainId = 31337,
  onProgress,
}: {
  dataDir: string;
  fresh?: boolean;
  chainId?: number;
  onProgress?: (replayed: number, total: number) => void;
}): Promise<PersistentChain> {
  const dir = join(dataDir, "chain");
  const genesisPath = join(dir, "genesis.json");
  const journalPath = join(dir, "journal.jsonl");
  const deploymentPath = join(dir, "deployment.json");
  const devJson = join(dataDir, "dev.json");

  const startOver = async (reason: string, keepOld: boolean) => {
    if (keepOld && existsSync(dir)) {
      await rename(dir, join(dataDir, `chain.${new Date().toISOString().replace(/[:.]/g, "-")}.old`));
    } else await rm(dir, { recursive: true, force: true });
    await rm(devJson, { force: true });
    return reason;
  };

  let notice: string | undefined;
  if (fresh && existsSync(dir))
    notice = await startOver("--fresh: the previous chain was deleted; a new one starts", false);

  let genesis: Genesis | undefined;
  let entries: JournalEntry[] = [];
  let deployment: DevDeployment | undefined;
  if (existsSync(genesisPath)) {
    try {
      genesis = JSON.parse(await readFile(genesisPath, "utf8")) as Genesis;
      if (genesis.format !== 1 || genesis.chainId !== chainId) throw new Error("another format or chain id");
      entries = await readJournal(journalPath);
      if (existsSync(deploymentPath)) deployment = JSON.parse(await readFile(deploymentPath, "utf8")) as DevDeployment;
      // Contracts whose deployment never finished are deployed again on a new chain.
      if (!deployment) throw new Error("the contracts were never fully deployed");
    } catch (error) {
      notice = await startOver(
        `the saved chain could not be read (${(error as Error).message}); a new one starts`,
        true,
      );
      genesis = undefined;
      entries = [];
      deployment = undefined;
    }
  } else if (existsSync(dir)) {
    notice = await startOver("the saved chain had no genesis; a new one starts", true);
  }

  let chain: DevChain | undefined;
  let restored: PersistentChain["restored"];
  if (genesis && deployment) {
    chain = await startChain({ chainId, initialDate: genesis.initialDate });
    try {
      const block = await replay(chain.provider, entries, (done) => onProgress?.(done, entries.length));
      for (const address of Object.values(deployment)) {
        const code = await chain.provider.request({ method: "eth_getCode", params: [address, "latest"] });
        if (code === "0x") throw new Divergence(`no contract at ${address} after the replay`);
      }
      restored = { calls: entries.length, block };
      notice = `restored from ${journalPath}: ${entries.length} calls replayed, block ${block}`;
      // Resume at the wall clock (the replay left the chain's clock at the last recorded block).
      const last = await head(chain.provider);
      const now = Math.floor(Date.now() / 1000);
      if (last.timestamp < now) await chain.provider.request({ method: "evm_setNextBlockTimestamp", params: [now] });
    } catch (error) {
      if (!(error instanceof Divergence)) {
        await chain.close().catch(() => {});
        throw error;
      }
      await chain.close().catch(() => {});
      chain = undefined;
      deployment = undefined;
      notice = await startOver(`the saved chain did not replay the same (${error.message}); a new one starts`, true);
    }
  }
  if (!chain) {
    genesis = { format: 1, chainId, initialDate: new Date().toISOString() };
    await mkdir(dir, { recursive: true });
    await writeFile(genesisPath, `${JSON.stringify(genesis, null, 2)}\n`);
    await rm(journalPath, { force: true });
    await rm(devJson, { force: true });
    chain = await startChain({ chainId, initialDate: genesis.initialDate });
    notice ??= `a new chain, kept in ${dir}`;
  }

  const journal = await open(journalPath, "a");
  const { provider, idle } = journalled(chain.provider, journal, (await head(chain.provider)).number);
  const inner = chain;
  return {
    provider,
    chainId,
    deployment,
    notice: notice ?? "",
    restored,
    async saveDeployment(value) {
      await writeFile(`${deploymentPath}.tmp`, `${JSON.stringify(value, null, 2)}\n`);
      await rename(`${deploymentPath}.tmp`, deploymentPath);
    },
    async close() {
      await idle();
      await inner.close();
      await journal.close().catch(() => {});
    },
  };
}
