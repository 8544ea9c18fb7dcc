/**
 * The submitter: takes queued items in batches (up to `batchSize` items, or whatever is queued once the
 * oldest item has waited `batchMs`), sends each batch through the registry's `contributeBatchBySig` from the
 * relayer's one key, and settles every item from the receipt's `ContributionRegistered` /
 * `ContributionSkipped` events.
 *
 * What keeps it from losing or doubling anything:
 * - A batch claims its items and its nonce in one database transaction; each signed transaction (hash
 *   and raw bytes) is recorded before it is sent. A restarted relayer therefore knows every transaction
 *   it may have sent: it looks for their receipts, re-broadcasts the raw bytes if none is known, and
 *   rebuilds batches that were claimed but never signed, with the same nonce.
 * - A transaction not mined within `replaceAfterMs` is replaced (same nonce, higher fees); all versions
 *   stay recorded, and whichever is mined settles the batch.
 * - A batch whose nonce was consumed by a transaction it does not know is "dropped": each item is
 *   looked up in the registry, and only the ones not registered go back to the queue. An item that the
 *   registry skips as a duplicate of the same contributor's registration (ours, earlier, or anyone's who
 *   submitted the same signed item first) is reported as included, with the registering transaction.
 * - RPC failures back off exponentially (250 ms to 10 s) and never change an item's state.
 */
import { hostname } from "node:os";
import { cairnRegistryAbi, decodeContractError, describeContractError } from "@cairn/sdk";
import {
  type Address,
  encodeFunctionData,
  type Hex,
  type PublicClient,
  parseEventLogs,
  type TransactionReceipt,
  type TransactionSerializableEIP1559,
} from "viem";
import type { ChainReader } from "./chain.js";
import { keccak } from "./crypto.js";
import { isTransportError } from "./errors.js";
import { apportion, staticWeight } from "./gas.js";
import type { Logger } from "./log.js";
import type { Metrics } from "./metrics.js";
import type { BatchItem, ItemOutcome, OpenBatch, QueueStore, TxRecord } from "./store/types.js";
import { reviveCalldata } from "./wire.js";

export type SubmitterOptions = {
  client: PublicClient;
  chain: ChainReader;
  store: QueueStore;
  /** The relayer's address, and how its transactions are signed (the key stays in that closure). */
  account: { address: Address };
  signTransaction: (tx: TransactionSerializableEIP1559) => Promise<Hex>;
  chainId: number;
  registry: Address;
  metrics: Metrics;
  log: Logger;
  batchSize: number;
  batchMs: number;
  maxInFlight: number;
  pollMs: number;
  replaceAfterMs: number;
  rebroadcastMs: number;
  leaseMs: number;
  maxAttempts: number;
  feeBumpPercent: number;
  /**
   * Gas budgets: told the gas each mined batch used per dataset, and which items reached a final state
   * (the policy's `spent`).
   */
  gas?: {
    spent(used: ReadonlyMap<string, bigint>, finished: readonly BatchItem[]): Promise<void>;
  };
  /**
   * Share a mixed batch's gas by an estimate of each dataset's items alone (one `eth_estimateGas` per dataset
   * per mixed batch), not by a fixed guess per item: worth its calls when gas budgets are in force.
   */
  gasEstimates?: boolean;
  /** Take over every open batch at start (one instance per queue, e.g. SQLite). */
  ownsQueue: boolean;
  /** Test hook: `kill-after-record:N` SIGKILLs the process right after recording batch N's transaction, before sending it. */
  fault?: string | undefined;
};

const TX_GAS_CAP = 16_777_216n;

type Flight = {
  batch: OpenBatch;
  data?: Hex;
  sent: boolean;
  counted: boolean;
  /** When the current transaction version was first broadcast (the replacement clock). */
  txSentAt: number;
  sentHash: Hex | undefined;
  /** When any version was last broadcast. */
  lastSendAt: number;
  lastPollAt: number;
  needsNonceCheck: boolean;
  refusals: number;
  lastAttemptAt: number;
};

export class Submitter {
  readonly owner = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  private readonly flights = new Map<number, Flight>();
  private running = false;
  private loopDone: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private backoffMs = 0;
  private backoffUntil = 0;
  private recovered = false;
  private lastLeaseAt = 0;
  private batchesCreated = 0;
  private estimate = false;
  private gapSuspected = false;
  private lastGapCheck = 0;
  private blockGasLimit: bigint | undefined;
  nextNonce: number | undefined;

  constructor(private readonly o: SubmitterOptions) {}

  get inFlight() {
    return this.flights.size;
  }

  start() {
    this.running = true;
    this.loopDone = this.loop();
  }

  async stop() {
    this.running = false;
    this.wake();
    await this.loopDone;
  }

  /** Called when items are accepted: a full batch need not wait for the next tick. */
  wake() {
    this.wakeUp?.();
  }

  private async loop() {
    while (this.running) {
      const now = Date.now();
      if (now >= this.backoffUntil) {
        try {
          if (!this.recovered) await this.recover();
          await this.leases();
          await this.track();
          await this.fill();
          this.backoffMs = 0;
        } catch (error) {
          this.fail(error);
        }
      }
      const idle = this.flights.size > 0 ? Math.min(this.o.pollMs, 25) : 25;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(idle, this.backoffUntil - Date.now()));
        this.wakeUp = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wakeUp = undefined;
    }
  }

  private fail(error: unknown) {
    const transport = isTransportError(error);
    if (transport) this.o.metrics.rpcError(((error as { op?: string }).op ?? "submitter") as string);
    this.backoffMs = Math.min(10_000, Math.max(250, this.backoffMs * 2));
    this.backoffUntil = Date.now() + this.backoffMs;
    this.o.log.warn(transport ? "rpc unavailable; backing off" : "submitter error; backing off", {
      backoffMs: this.backoffMs,
      error: (error as Error).message?.split("\n")[0],
    });
  }

  /** On start: reconcile the nonce with the chain and take over the batches a previous run left open. */
  private async recover() {
    const pending = await this.o.client.getTransactionCount({ address: this.o.account.address, blockTag: "pending" });
    this.blockGasLimit = (await this.o.client.getBlock({ blockTag: "latest" })).gasLimit;
    this.nextNonce = await this.o.store.reconcileNonce(pending);
    const now = Date.now();
    const open = await this.o.store.claimOpenBatches(this.owner, now + this.o.leaseMs, now, this.o.ownsQueue);
    for (const batch of open) this.adopt(batch);
    if (open.length > 0)
      this.o.log.info("resuming open batches", {
        batches: open.map((b) => ({ id: b.id, nonce: b.nonce, status: b.status, items: b.items.length })),
      });
    this.recovered = true;
    this.lastLeaseAt = now;
  }

  private adopt(batch: OpenBatch) {
    // A batch that was sent (or may have been: recorded, then killed) is re-broadcast as recorded: the node
    // answers "already known" or "nonce too low" (then its receipt settles it), or takes it afresh.
    this.flights.set(batch.id, {
      batch,
      sent: false,
      counted: batch.status === "sent",
      txSentAt: 0,
      sentHash: undefined,
      lastSendAt: 0,
      lastPollAt: 0,
      needsNonceCheck: true,
      refusals: 0,
      lastAttemptAt: 0,
    });
  }

  private async leases() {
    const now = Date.now();
    if (now - this.lastLeaseAt < this.o.leaseMs / 3) return;
    this.lastLeaseAt = now;
    await this.o.store.renewLeases(this.owner, now + this.o.leaseMs);
    if (!this.o.ownsQueue) {
      // Another instance died with batches open: take them over once their lease has run out.
      for (const batch of await this.o.store.claimOpenBatches(this.owner, now + this.o.leaseMs, now, false)) {
        if (!this.flights.has(batch.id)) {
          this.o.log.info("taking over a stale batch", { id: batch.id, nonce: batch.nonce });
          this.adopt(batch);
        }
      }
    }
  }

  /** Cuts new batches while there is room in flight. */
  private async fill() {
    while (this.running && this.flights.size < this.o.maxInFlight) {
      const { count, oldestAt } = await this.o.store.queuedSummary(this.o.batchSize);
      if (count === 0) return;
      if (count < this.o.batchSize && oldestAt !== undefined && Date.now() - oldestAt < this.o.batchMs) return;
      // Fees first: with no RPC, nothing is claimed and the items simply stay queued.
      const fees = await this.fees();
      const now = Date.now();
      const batch = await this.o.store.createBatch(this.o.batchSize, this.owner, now + this.o.leaseMs, now);
      if (!batch) return;
      this.batchesCreated += 1;
      this.nextNonce = batch.nonce + 1;
      this.o.metrics.batch(batch.items.length);
      const flight: Flight = {
        batch,
        sent: false,
        counted: false,
        txSentAt: 0,
        sentHash: undefined,
        lastSendAt: 0,
        lastPollAt: 0,
        needsNonceCheck: false,
        refusals: 0,
        lastAttemptAt: 0,
      };
      this.flights.set(batch.id, flight);
      await this.sign(flight, fees);
      if (this.o.fault === `kill-after-record:${this.batchesCreated}`) process.kill(process.pid, "SIGKILL");
      await this.send(flight);
    }
  }

  private async fees(previous?: TxRecord) {
    const current = await this.o.client.estimateFeesPerGas();
    if (!previous) return current;
    const bump = (v: string) => (BigInt(v) * BigInt(100 + this.o.feeBumpPercent)) / 100n + 1n;
    const max = (a: bigint, b: bigint) => (a > b ? a : b);
    // A replacement must raise both fees (nodes want +10 %); it also follows the market if that rose more.
    const maxPriorityFeePerGas = max(bump(previous.maxPriorityFeePerGas), current.maxPriorityFeePerGas);
    const maxFeePerGas = max(max(bump(previous.maxFeePerGas), current.maxFeePerGas), maxPriorityFeePerGas);
    return { maxFeePerGas, maxPriorityFeePerGas };
  }

  /** Signs the batch's next transaction (first, or a fee-bumped replacement) and records it before any send. */
  private async sign(flight: Flight, fees?: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }) {
    const { batch } = flight;
    flight.data ??= encodeFunctionData({
      abi: cairnRegistryAbi,
      functionName: "contributeBatchBySig",
      args: [batch.items.map((i) => reviveCalldata(i.calldata))],
    });
    const previous = batch.txs.at(-1);
    const f = fees ?? (await this.fees(previous));
    let gas: bigint;
    if (previous) gas = BigInt(previous.gas);
    else {
      // A generous budget instead of eth_estimateGas (which executes the batch several times): only the gas
      // used is paid. A batch that ran out of gas anyway switches the relayer to estimating.
      const calldataGas = BigInt(((flight.data.length - 2) / 2) * 16);
      const execution = batch.items.reduce((sum, i) => sum + (i.isContract ? 200_000n : 70_000n), 0n);
      gas = 60_000n + calldataGas + execution;
      if (this.estimate || (this.blockGasLimit !== undefined && gas > (this.blockGasLimit * 9n) / 10n)) {
        const estimate = await this.o.client
          .estimateGas({ account: this.o.account.address, to: this.o.registry, data: flight.data })
          .catch((error) => {
            if (isTransportError(error)) throw error;
            return gas;
          });
        gas = (estimate * 13n) / 10n + 25_000n;
      }
      // EIP-7825 caps a transaction at 2^24 gas; keep under the block's limit too.
      const cap = this.blockGasLimit !== undefined && this.blockGasLimit < TX_GAS_CAP ? this.blockGasLimit : TX_GAS_CAP;
      if (gas > cap) gas = cap;
    }
    const raw = await this.o.signTransaction({
      type: "eip1559",
      chainId: this.o.chainId,
      nonce: batch.nonce,
      to: this.o.registry,
      data: flight.data,
      gas,
      maxFeePerGas: f.maxFeePerGas,
      maxPriorityFeePerGas: f.maxPriorityFeePerGas,
      value: 0n,
    });
    const tx: TxRecord = {
      hash: `0x${Buffer.from(keccak(Buffer.from(raw.slice(2), "hex"))).toString("hex")}`,
      nonce: batch.nonce,
      gas: gas.toString(),
      maxFeePerGas: f.maxFeePerGas.toString(),
      maxPriorityFeePerGas: f.maxPriorityFeePerGas.toString(),
      raw,
      createdAt: Date.now(),
    };
    await this.o.store.recordTx(batch.id, tx);
    batch.txs.push(tx);
    flight.sent = false;
  }

  /** Broadcasts the batch's latest transaction. Already-known is fine; nonce-too-low means check the chain. */
  private async send(flight: Flight): Promise<void> {
    flight.lastAttemptAt = Date.now();
    const tx = flight.batch.txs.at(-1);
    if (!tx) return;
    try {
      await this.o.client.request({ method: "eth_sendRawTransaction", params: [tx.raw] });
    } catch (error) {
      if (isTransportError(error)) throw Object.assign(error as Error, { op: "send" });
      const message = String((error as { details?: string }).details ?? (error as Error).message);
      if (/nonce too high|nonce gap|future/i.test(message)) {
        // An earlier nonce is missing at the node (lost, refused): wait for it; the gap filler steps in if needed.
        flight.sent = false;
        this.gapSuspected = true;
        return;
      }
      if (/insufficient funds/i.test(message)) {
        this.o.log.error("the relayer's account cannot pay for gas: fund it", {
          relayer: this.o.account.address,
          error: message.split("\n")[0],
        });
        flight.sent = false;
        throw Object.assign(new Error(message), { op: "send" });
      }
      if (
        /nonce too low|nonce.*(already|used)|replacement transaction underpriced|already known|known transaction|already imported/i.test(
          message,
        )
      ) {
        flight.needsNonceCheck = true;
      } else {
        // Refused for good (gas cap, intrinsic gas…): sign it again with an estimated gas limit, then give up on
        // this transaction: its items go back to the queue and the gap filler consumes its nonce.
        this.o.metrics.rpcError("send");
        this.o.log.warn("send refused", { batch: flight.batch.id, nonce: tx.nonce, error: message.split("\n")[0] });
        flight.refusals += 1;
        this.estimate = true;
        if (flight.refusals >= 2) return this.abandon(flight, message);
        await this.sign(flight);
        return this.send(flight);
      }
    }
    const now = Date.now();
    flight.sent = true;
    flight.lastSendAt = now;
    if (flight.sentHash !== tx.hash) {
      flight.sentHash = tx.hash;
      flight.txSentAt = now;
    }
    await this.o.store.markSent(flight.batch.id, now);
    if (!flight.counted) {
      flight.counted = true;
      this.o.metrics.submit(flight.batch.items.length);
    }
  }

  /** Polls receipts of every batch in flight; settles, replaces, re-broadcasts or declares dropped. */
  private async track() {
    await this.fillGaps();
    const flights = [...this.flights.values()].sort((a, b) => a.batch.nonce - b.batch.nonce);
    for (const flight of flights) {
      if (flight.batch.txs.length === 0) await this.sign(flight);
      if (!flight.sent && Date.now() - flight.lastAttemptAt >= 250) await this.send(flight);
    }
    const now = Date.now();
    const due = flights.filter((f) => f.sent && now - f.lastPollAt >= this.o.pollMs);
    const receipts = await Promise.all(due.map((f) => this.receiptOf(f)));
    let latestNonce: number | undefined;
    for (let i = 0; i < due.length; i++) {
      const flight = due[i];
      flight.lastPollAt = now;
      const receipt = receipts[i];
      if (receipt) {
        await this.settle(flight, receipt);
        continue;
      }
      const waited = now - flight.txSentAt;
      if (flight.needsNonceCheck || waited > this.o.replaceAfterMs) {
        latestNonce ??= await this.o.client.getTransactionCount({
          address: this.o.account.address,
          blockTag: "latest",
        });
        flight.needsNonceCheck = false;
        if (latestNonce > flight.batch.nonce) {
          // The nonce is used. Mined by one of ours (look once more, the receipt may have just landed) or by a stranger.
          const late = await this.receiptOf(flight);
          if (late) await this.settle(flight, late);
          else await this.dropped(flight);
          continue;
        }
      }
      if (waited > this.o.replaceAfterMs) {
        this.o.metrics.txReplaced();
        this.o.log.info("replacing a slow transaction", {
          batch: flight.batch.id,
          nonce: flight.batch.nonce,
          waitedMs: waited,
        });
        await this.sign(flight);
        await this.send(flight);
      } else if (now - flight.lastSendAt > this.o.rebroadcastMs) {
        // The node may have lost it (restarted, evicted): sending the same bytes again is harmless.
        await this.send(flight);
      }
    }
  }

  /** A transaction the node will not take: its items go back to the queue; its nonce is left to the gap filler. */
  private async abandon(flight: Flight, message: string) {
    const { batch } = flight;
    this.o.log.error("batch transaction refused twice; its items go back to the queue", {
      batch: batch.id,
      nonce: batch.nonce,
      error: message.split("\n")[0],
    });
    const outcomes = batch.items.map((item) =>
      this.retry(item, { errorName: "TransactionRefused", message: message.split("\n")[0] }),
    );
    await this.o.gas?.spent(new Map(), finishedItems(batch, outcomes));
    await this.o.store.settleBatch(batch.id, "dropped", outcomes, Date.now());
    this.flights.delete(batch.id);
    this.count(outcomes);
    this.gapSuspected = true;
  }

  /**
   * Fills nonce gaps: if the chain expects a nonce that no batch in flight holds while later ones wait, a
   * zero-value transfer to itself takes that nonce so the rest can be mined.
   */
  private async fillGaps() {
    const now = Date.now();
    if (!this.gapSuspected || now - this.lastGapCheck < 1_000 || this.flights.size === 0) return;
    this.lastGapCheck = now;
    this.gapSuspected = false;
    const expected = await this.o.client.getTransactionCount({ address: this.o.account.address, blockTag: "pending" });
    const held = new Set([...this.flights.values()].map((f) => f.batch.nonce));
    const lowest = Math.min(...held);
    for (let nonce = expected; nonce < lowest; nonce++) {
      if (held.has(nonce)) continue;
      const fees = await this.fees();
      const raw = await this.o.signTransaction({
        type: "eip1559",
        chainId: this.o.chainId,
        nonce,
        to: this.o.account.address,
        gas: 21_000n,
        maxFeePerGas: fees.maxFeePerGas,
        maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
        value: 0n,
      });
      this.o.log.warn("filling a nonce gap with a no-op transaction", { nonce });
      await this.o.client.request({ method: "eth_sendRawTransaction", params: [raw] }).catch((error) => {
        if (isTransportError(error)) throw error;
      });
    }
  }

  private async receiptOf(flight: Flight): Promise<TransactionReceipt | undefined> {
    const found = await Promise.all(
      flight.batch.txs.map((tx) =>
        this.o.client.getTransactionReceipt({ hash: tx.hash }).catch((error) => {
          if (isTransportError(error)) throw Object.assign(error as Error, { op: "receipt" });
          return undefined;
        }),
      ),
    );
    return found.find((r) => r !== undefined);
  }

  private async settle(flight: Flight, receipt: TransactionReceipt) {
    const { batch } = flight;
    const outcomes: ItemOutcome[] = [];
    const txHash = receipt.transactionHash;
    const blockNumber = receipt.blockNumber.toString();
    if (receipt.status !== "success") {
      // Out of gas, or a registry refusal for too little gas left for an outside call (a signature check or
      // a weight observer has a fixed budget, InsufficientGasFor*): either way the generous guess was wrong
      // for this traffic, so estimate from now on.
      if (!this.estimate) {
        this.estimate = true;
        this.o.log.warn("a batch reverted: estimating gas from now on", { batch: batch.id, tx: txHash });
      }
      for (const item of batch.items)
        outcomes.push(
          this.retry(item, { errorName: "BatchReverted", message: `batch transaction ${txHash} reverted` }),
        );
    } else {
      const logs = parseEventLogs({
        abi: cairnRegistryAbi,
        logs: receipt.logs.filter((l) => l.address.toLowerCase() === this.o.registry.toLowerCase()),
        eventName: ["ContributionRegistered", "ContributionSkipped"],
      });
      const k = (d: bigint | string, h: string) => `${d}:${h.toLowerCase()}`;
      const registered = new Map<string, number>();
      const skipped = new Map<string, Hex[]>();
      for (const log of logs) {
        const key = k(log.args.datasetId, log.args.contentHash);
        if (log.eventName === "ContributionRegistered") registered.set(key, (registered.get(key) ?? 0) + 1);
        else skipped.set(key, [...(skipped.get(key) ?? []), (log.args as { reason: Hex }).reason]);
      }
      for (const item of batch.items) {
        const key = k(item.datasetId, item.contentHash);
        const reg = registered.get(key) ?? 0;
        if (reg > 0) {
          registered.set(key, reg - 1);
          outcomes.push({ key: item.key, status: "included", txHash, blockNumber });
          continue;
        }
        const raw = skipped.get(key)?.shift();
        if (!raw) {
          outcomes.push(this.retry(item, { errorName: "NoEvent", message: "the receipt has no event for this item" }));
          continue;
        }
        const decoded = decodeContractError(raw);
        if (
          decoded?.errorName === "DuplicateContribution" &&
          String(decoded.args[2]).toLowerCase() === item.contributor.toLowerCase()
        ) {
          // The contributor's own contribution is on-chain already: registered by an earlier transaction of ours
          // that we had lost track of, or by anyone who submitted the same signed item (or the contributor) first.
          // It exists under the contributor's name (the registry says so in this very receipt): that registration
          // counts, with its transaction when the node's logs can find it (searched back from this block), else
          // with the transaction unknown ("0x").
          const found = await this.o.chain.findRegistration(
            BigInt(item.datasetId),
            item.contentHash,
            receipt.blockNumber,
          );
          outcomes.push({
            key: item.key,
            status: "included",
            txHash: found?.txHash ?? ("0x" as Hex),
            blockNumber: found?.blockNumber.toString() ?? "0",
          });
          continue;
        }
        outcomes.push({ key: item.key, status: "skipped", txHash, blockNumber, reason: reasonOf(decoded, raw) });
      }
    }
    await this.o.gas?.spent(await this.gasByDataset(batch, receipt), finishedItems(batch, outcomes));
    await this.o.store.settleBatch(batch.id, "mined", outcomes, Date.now(), receipt.gasUsed.toString());
    this.flights.delete(batch.id);
    this.count(outcomes);
    this.o.metrics.gasUsed(receipt.gasUsed);
    this.o.log.debug("batch mined", {
      batch: batch.id,
      nonce: batch.nonce,
      tx: txHash,
      items: batch.items.length,
      gasUsed: receipt.gasUsed.toString(),
    });
  }

  /** The batch's nonce went to a transaction we never signed: settle each item from the registry itself. */
  private async dropped(flight: Flight) {
    const { batch } = flight;
    this.o.log.warn("batch dropped: its nonce was used by another transaction", {
      batch: batch.id,
      nonce: batch.nonce,
    });
    const outcomes: ItemOutcome[] = [];
    for (const item of batch.items) {
      const by = await this.o.chain.registeredBy(BigInt(item.datasetId), item.contentHash);
      if (!by) outcomes.push(this.retry(item, { errorName: "Dropped", message: "the batch transaction was dropped" }));
      else {
        const found = await this.o.chain.findRegistration(BigInt(item.datasetId), item.contentHash);
        if (by.toLowerCase() === item.contributor.toLowerCase()) {
          outcomes.push({
            key: item.key,
            status: "included",
            txHash: found?.txHash ?? ("0x" as Hex),
            blockNumber: found?.blockNumber.toString() ?? "0",
          });
        } else {
          const decoded = { errorName: "DuplicateContribution", args: [item.datasetId, item.contentHash, by] };
          outcomes.push({
            key: item.key,
            status: "skipped",
            txHash: found?.txHash ?? ("0x" as Hex),
            blockNumber: found?.blockNumber.toString() ?? "0",
            reason: {
              ...decoded,
              message: describeContractError({
                errorName: decoded.errorName,
                args: [BigInt(item.datasetId), item.contentHash, by],
              }).shortMessage,
            },
          });
        }
      }
    }
    await this.o.gas?.spent(new Map(), finishedItems(batch, outcomes));
    await this.o.store.settleBatch(batch.id, "dropped", outcomes, Date.now());
    this.flights.delete(batch.id);
    this.count(outcomes);
  }

  /**
   * The gas a mined batch used, per dataset of its items. A batch of one dataset's items charges it all. A
   * mixed batch is shared by what each dataset's items alone would have cost on the state the batch ran on
   * (an estimate per dataset at the block before), so a dataset whose items call costly outside code pays
   * for it, not its neighbours in the batch; by a fixed guess per item without gas budgets, or if the node
   * cannot estimate.
   */
  private async gasByDataset(batch: OpenBatch, receipt: TransactionReceipt): Promise<Map<string, bigint>> {
    const groups = new Map<string, BatchItem[]>();
    for (const item of batch.items) groups.set(item.datasetId, [...(groups.get(item.datasetId) ?? []), item]);
    if (groups.size === 1) return new Map([[batch.items[0].datasetId, receipt.gasUsed]]);
    const entries = [...groups];
    const estimates = this.o.gasEstimates
      ? await Promise.all(
          entries.map(([, items]) =>
            this.o.client
              .estimateGas({
                account: this.o.account.address,
                to: this.o.registry,
                data: encodeFunctionData({
                  abi: cairnRegistryAbi,
                  functionName: "contributeBatchBySig",
                  args: [items.map((i) => reviveCalldata(i.calldata))],
                }),
                blockNumber: receipt.blockNumber - 1n,
              })
              .catch((error) => {
                if (isTransportError(error)) throw Object.assign(error as Error, { op: "estimate" });
                return undefined;
              }),
          ),
        )
      : [];
    // The transaction's own 21k is paid once for the whole batch: share only what the items cost. One dataset
    // the node could not estimate, and every share is by the fixed guess (weights on one scale).
    const exact = estimates.length === entries.length && estimates.every((e) => e !== undefined);
    const weights = new Map(
      entries.map(([dataset, items], i) => [
        dataset,
        exact ? (estimates[i] as bigint) - 21_000n : items.reduce((sum, x) => sum + staticWeight(x), 0n),
      ]),
    );
    return apportion(receipt.gasUsed, weights);
  }

  private retry(item: BatchItem, reason: { errorName: string; message: string }): ItemOutcome {
    if (item.attempts >= this.o.maxAttempts)
      return { key: item.key, status: "failed", reason: { ...reason, args: [], attempts: item.attempts } };
    return { key: item.key, status: "queued" };
  }

  private count(outcomes: readonly ItemOutcome[]) {
    for (const o of outcomes) {
      if (o.status === "included") this.o.metrics.include();
      else if (o.status === "skipped") this.o.metrics.skip((o.reason as { errorName?: string }).errorName ?? "Unknown");
      else if (o.status === "failed") this.o.metrics.fail();
      else this.o.metrics.requeue();
    }
  }
}

/** The items of a batch whose outcome is final (not sent back to the queue). */
function finishedItems(batch: OpenBatch, outcomes: readonly ItemOutcome[]): BatchItem[] {
  const done = new Set(outcomes.filter((o) => o.status !== "queued").map((o) => o.key));
  return batch.items.filter((i) => done.has(i.key));
}

function reasonOf(decoded: ReturnType<typeof decodeContractError>, raw: Hex) {
  if (!decoded) return { errorName: "Unknown", args: [], message: "the registry skipped this item", data: raw };
  return {
    errorName: decoded.errorName,
    args: decoded.args.map((a) => (typeof a === "bigint" ? a.toString() : a)),
    message: describeContractError(decoded).shortMessage,
    data: raw,
  };
}
