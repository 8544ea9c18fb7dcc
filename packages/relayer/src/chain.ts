/**
 * What the relayer reads from the chain to validate an item, with short-lived caches: dataset state
 * (status, terms), whether an address has code, ERC-1271 checks, and whether content is already registered.
 * Reads issued in the same tick go out as one JSON-RPC batch.
 */
import { ContractCallError, cairnRegistryAbi, toCairnError } from "@cairn/sdk";
import {
  type Address,
  createPublicClient,
  decodeFunctionResult,
  encodeFunctionData,
  type Hash,
  type Hex,
  http,
  type PublicClient,
} from "viem";
import { isTransportError } from "./errors.js";
import type { reviveCalldata } from "./wire.js";

export type DatasetState = { status: number; termsHash: Hex };

const erc1271Abi = [
  {
    type: "function",
    name: "isValidSignature",
    stateMutability: "view",
    inputs: [
      { name: "hash", type: "bytes32" },
      { name: "signature", type: "bytes" },
    ],
    outputs: [{ name: "magicValue", type: "bytes4" }],
  },
] as const;
const ERC1271_MAGIC = "0x1626ba7e";

export function createRpcClient(url: string, timeoutMs = 10_000): PublicClient {
  return createPublicClient({
    transport: http(url, { batch: { batchSize: 256, wait: 0 }, retryCount: 0, timeout: timeoutMs }),
  }) as PublicClient;
}

export class ChainReader {
  private readonly datasets = new Map<string, { at: number; value: Promise<DatasetState | undefined> }>();
  private readonly code = new Map<Address, { at: number; value: Promise<boolean> }>();

  constructor(
    readonly client: PublicClient,
    readonly registry: Address,
    private readonly datasetTtlMs: number,
    private readonly codeTtlMs = 60_000,
    /** The registry's deployment block: no event of it is older. */
    private readonly fromBlock = 0n,
  ) {}

  /** The dataset's status and terms, or undefined if it does not exist (cached for a short while). */
  dataset(datasetId: bigint): Promise<DatasetState | undefined> {
    const k = datasetId.toString();
    const now = Date.now();
    const hit = this.datasets.get(k);
    if (hit && now - hit.at < this.datasetTtlMs) return hit.value;
    const value = this.client
      .readContract({ address: this.registry, abi: cairnRegistryAbi, functionName: "getDataset", args: [datasetId] })
      .then(
        (d) => ({ status: Number(d.status), termsHash: d.termsHash.toLowerCase() as Hex }),
        (error) => {
          const e = toCairnError(error);
          if (e instanceof ContractCallError && e.errorName === "DatasetNotFound") return undefined;
          this.datasets.delete(k);
          throw error;
        },
      );
    this.datasets.set(k, { at: now, value });
    return value;
  }

  isContract(address: Address): Promise<boolean> {
    const now = Date.now();
    const hit = this.code.get(address);
    if (hit && now - hit.at < this.codeTtlMs) return hit.value;
    const value = this.client.getCode({ address }).then(
      (code) => !!code && code !== "0x",
      (error) => {
        this.code.delete(address);
        throw error;
      },
    );
    this.code.set(address, { at: now, value });
    return value;
  }

  /** ERC-1271: does the wallet at `address` accept `signature` over `digest`? */
  async isValidSignature(address: Address, digest: Hex, signature: Hex): Promise<boolean> {
    try {
      const magic = await this.client.readContract({
        address,
        abi: erc1271Abi,
        functionName: "isValidSignature",
        args: [digest, signature],
      });
      return magic.toLowerCase() === ERC1271_MAGIC;
    } catch (error) {
      if (!isTransportError(error) && isRevert(error)) return false;
      throw error;
    }
  }

  /**
   * Dry-runs `contributeBatchBySig` on the latest state (an `eth_call`, nothing is sent): one call for many
   * items, applying every on-chain rule (open dataset, duplicate, deadline, signature), and never a revert.
   * Returns, per item, `0x00000000` if it would be registered, else the selector of the error that would skip it.
   */
  async simulate(from: Address, items: readonly ReturnType<typeof reviveCalldata>[]): Promise<Hex[]> {
    const out: Hex[] = [];
    for (let i = 0; i < items.length; i += 200) {
      const chunk = items.slice(i, i + 200);
      const { data } = await this.client.call({
        account: from,
        to: this.registry,
        data: encodeFunctionData({ abi: cairnRegistryAbi, functionName: "contributeBatchBySig", args: [chunk] }),
      });
      const results = decodeFunctionResult({
        abi: cairnRegistryAbi,
        functionName: "contributeBatchBySig",
        data: data ?? "0x",
      }) as readonly Hex[];
      out.push(...results);
    }
    return out;
  }

  /** The contributor who registered this content in the dataset, or undefined. */
  async registeredBy(datasetId: bigint, contentHash: Hex): Promise<Address | undefined> {
    try {
      const c = await this.client.readContract({
        address: this.registry,
        abi: cairnRegistryAbi,
        functionName: "getContribution",
        args: [datasetId, contentHash],
      });
      return c.contributor;
    } catch (error) {
      const e = toCairnError(error);
      if (e instanceof ContractCallError && e.errorName === "ContributionNotFound") return undefined;
      throw error;
    }
  }

  /**
   * The transaction and block that registered this content, from the registry's `ContributionRegistered` event,
   * searched backwards from `beforeBlock` (the registration came before it) in windows: public RPCs refuse
   * `eth_getLogs` over long ranges (a window shrinks when refused) and the history is long. Undefined when not
   * found within `maxQueries` queries, or when the node refuses even one block; RPC outages throw.
   */
  async findRegistration(
    datasetId: bigint,
    contentHash: Hex,
    beforeBlock?: bigint,
    maxQueries = 64,
  ): Promise<{ txHash: Hash; blockNumber: bigint; contributor: Address } | undefined> {
    let to = beforeBlock ?? (await this.client.getBlockNumber({ cacheTime: 0 }));
    let span = 2_000n;
    for (let q = 0; q < maxQueries && to >= this.fromBlock; q++) {
      const from = to - span + 1n > this.fromBlock ? to - span + 1n : this.fromBlock;
      let logs: Awaited<ReturnType<typeof this.client.getContractEvents<typeof cairnRegistryAbi>>>;
      try {
        logs = await this.client.getContractEvents({
          address: this.registry,
          abi: cairnRegistryAbi,
          eventName: "ContributionRegistered",
          args: { datasetId, contentHash },
          fromBlock: from,
          toBlock: to,
        });
      } catch (error) {
        if (isTransportError(error)) throw error;
        if (span === 1n) return undefined;
        span = span / 4n > 1n ? span / 4n : 1n;
        continue;
      }
      const log = logs[0] as (typeof logs)[number] | undefined;
      if (log?.transactionHash && log.blockNumber != null)
        return {
          txHash: log.transactionHash,
          blockNumber: log.blockNumber,
          contributor: (log.args as { contributor: Address }).contributor,
        };
      to = from - 1n;
    }
    return undefined;
  }
}

function isRevert(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; e && depth < 8; depth++) {
    const name = (e as { name?: string }).name ?? "";
    if (
      name === "ContractFunctionRevertedError" ||
      name === "CallExecutionError" ||
      name === "ContractFunctionZeroDataError"
    )
      return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
