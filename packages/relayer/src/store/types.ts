import type { Address, Hex } from "viem";
import type { LimitStore } from "../limits.js";
import type { StoredCalldata } from "../wire.js";

/** Where an item is inside the relayer. `batched` items show as `queued` until their transaction is sent. */
export type ItemStatus = "queued" | "batched" | "included" | "skipped" | "failed";
export type BatchStatus = "building" | "signed" | "sent" | "mined" | "dropped";

/** An accepted item, as inserted. */
export type NewItem = {
  key: Hex;
  datasetId: string;
  contentHash: Hex;
  contributor: Address;
  isContract: boolean;
  signature: Hex;
  calldata: StoredCalldata;
};

/** Just enough to answer "is this key already here, and is it the same signed item?". */
export type ItemBrief = { key: Hex; contributor: Address; signature: Hex; status: ItemStatus };

/** An item's full state, for `GET /v1/contributions/:key`. */
export type ItemState = {
  key: Hex;
  datasetId: string;
  contentHash: Hex;
  contributor: Address;
  status: ItemStatus;
  batchStatus: BatchStatus | undefined;
  /** The latest transaction of its batch, once sent; or the including transaction. */
  txHash: Hex | undefined;
  blockNumber: string | undefined;
  reason: unknown;
  attempts: number;
  createdAt: number;
  updatedAt: number;
};

/** An item inside a batch, for building and settling its transaction. */
export type BatchItem = {
  key: Hex;
  datasetId: string;
  contentHash: Hex;
  contributor: Address;
  isContract: boolean;
  calldata: StoredCalldata;
  attempts: number;
};

/** One signed transaction of a batch (the first, or a replacement with a higher fee and the same nonce). */
export type TxRecord = {
  hash: Hex;
  nonce: number;
  gas: string;
  maxFeePerGas: string;
  maxPriorityFeePerGas: string;
  raw: Hex;
  createdAt: number;
};

export type OpenBatch = {
  id: number;
  nonce: number;
  status: BatchStatus;
  items: BatchItem[];
  txs: TxRecord[];
  sentAt: number | undefined;
};

/** How one item of a batch ended, or that it goes back to the queue. */
export type ItemOutcome =
  | { key: Hex; status: "included"; txHash: Hex; blockNumber: string }
  | { key: Hex; status: "skipped"; txHash: Hex; blockNumber: string; reason: unknown }
  | { key: Hex; status: "failed"; reason: unknown }
  | { key: Hex; status: "queued" };

/**
 * The relayer's durable queue. Every state change that matters for "nothing lost, nothing twice" is written
 * here before it happens on the chain: a batch's items and nonce are claimed together, and each signed
 * transaction (hash and raw bytes) is recorded before it is sent.
 */
export interface QueueStore {
  readonly kind: "sqlite" | "postgres";
  /** Where rate limits, quotas and budgets are kept: in memory for SQLite (one process), in PostgreSQL (shared). */
  readonly limits: LimitStore;
  init(): Promise<void>;
  close(): Promise<void>;
  /** Items already known under these keys. */
  findItems(keys: readonly Hex[]): Promise<Map<Hex, ItemBrief>>;
  /** Inserts accepted items (a key already present is left as it is); returns the keys inserted. */
  insertItems(items: readonly NewItem[], now: number): Promise<Set<Hex>>;
  getItem(key: Hex): Promise<ItemState | undefined>;
  /** Up to `limit` queued items counted, and when the oldest was accepted. */
  queuedSummary(limit: number): Promise<{ count: number; oldestAt: number | undefined }>;
  /** Records keys registered on-chain, up to and including `block` (the follower's progress). */
  addRegistered(entries: readonly { key: Hex; contributor: Address }[], block: number): Promise<void>;
  /** The last block whose registrations are recorded, or -1. */
  registeredUpTo(): Promise<number>;
  /** Which of these keys are registered on-chain (as far as the follower has seen), and by whom. */
  findRegistered(keys: readonly Hex[]): Promise<Map<Hex, Address>>;
  /** Items accepted and not yet settled (queued, or in a batch not yet mined). */
  unsettledCount(): Promise<number>;
  /** Items per status. */
  statusCounts(): Promise<Record<ItemStatus, number>>;
  /** Raises the stored next nonce to at least `chainPending` and returns it. */
  reconcileNonce(chainPending: number): Promise<number>;
  /** Claims up to `max` queued items into a new batch with the next nonce, owned by `owner`. */
  createBatch(max: number, owner: string, leaseUntil: number, now: number): Promise<OpenBatch | undefined>;
  /** Records a signed transaction of a batch (before it is sent). */
  recordTx(batchId: number, tx: TxRecord): Promise<void>;
  markSent(batchId: number, now: number): Promise<void>;
  /** Ends a batch (`mined` or `dropped`) and writes every item's outcome, in one transaction. */
  settleBatch(
    batchId: number,
    status: "mined" | "dropped",
    outcomes: readonly ItemOutcome[],
    now: number,
    gasUsed?: string,
  ): Promise<void>;
  /** Takes the open batches that are `owner`'s or whose lease ran out (all of them with `all`). */
  claimOpenBatches(owner: string, leaseUntil: number, now: number, all: boolean): Promise<OpenBatch[]>;
  renewLeases(owner: string, leaseUntil: number): Promise<void>;
}
