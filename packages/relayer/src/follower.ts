/**
 * Follows the registry's `ContributionRegistered` events and records each registered key in the queue's
 * `registered` table, so that accepting an item costs no RPC call to learn whether its content is already
 * on-chain. It reads raw logs (`eth_getLogs` on the event's topic) and takes the indexed fields from the
 * topics, with no ABI decoding; ranges shrink when a node refuses a response as too large.
 *
 * The index lags the chain by at most one poll: content registered by someone else in that window is
 * accepted, then skipped by the registry (`DuplicateContribution`) and reported with that reason.
 */
import { cairnRegistryAbi } from "@cairn/sdk";
import { type Address, getAbiItem, type Hex, type PublicClient, toEventSelector } from "viem";
import { checksummed, itemKey } from "./crypto.js";
import { isTransportError } from "./errors.js";
import type { Logger } from "./log.js";
import type { Metrics } from "./metrics.js";
import type { QueueStore } from "./store/types.js";

const REGISTERED = toEventSelector(getAbiItem({ abi: cairnRegistryAbi, name: "ContributionRegistered" }) as never);

export class RegistrationFollower {
  private running = false;
  private done: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private wakeUp: (() => void) | undefined;
  private span = 5_000;
  /** The chain head when the follower last caught up with it (undefined before the first catch-up). */
  syncedHead: number | undefined;
  upTo = -1;

  constructor(
    private readonly o: {
      client: PublicClient;
      store: QueueStore;
      chainId: number;
      registry: Address;
      pollMs: number;
      /** The registry's deployment block: nothing before it needs reading. */
      fromBlock: number;
      log: Logger;
      metrics: Metrics;
    },
  ) {}

  start() {
    this.running = true;
    this.done = this.loop();
  }

  async stop() {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.wakeUp?.();
    await this.done;
  }

  /** Whether validation can rely on the index (it has caught up with the chain at least once). */
  get ready() {
    return this.syncedHead !== undefined;
  }

  private async loop() {
    let backoff = 0;
    this.upTo = Math.max(await this.o.store.registeredUpTo().catch(() => -1), this.o.fromBlock - 1);
    while (this.running) {
      try {
        await this.poll();
        backoff = 0;
      } catch (error) {
        backoff = Math.min(10_000, Math.max(250, backoff * 2));
        if (isTransportError(error)) this.o.metrics.rpcError("logs");
        else this.o.log.warn("registration follower error", { error: (error as Error).message.split("\n")[0] });
      }
      await new Promise<void>((resolve) => {
        this.timer = setTimeout(resolve, backoff || this.o.pollMs);
        this.wakeUp = resolve;
      });
    }
  }

  private async poll() {
    const head = Number(await this.o.client.getBlockNumber({ cacheTime: 0 }));
    while (this.upTo < head && this.running) {
      const from = this.upTo + 1;
      const to = Math.min(head, from + this.span - 1);
      let logs: { topics: Hex[] }[];
      try {
        logs = (await this.o.client.request({
          method: "eth_getLogs",
          params: [
            {
              address: this.o.registry,
              topics: [REGISTERED],
              fromBlock: `0x${from.toString(16)}`,
              toBlock: `0x${to.toString(16)}`,
            },
          ],
        })) as { topics: Hex[] }[];
      } catch (error) {
        if (isTransportError(error) && !/exceeded the size limit/i.test(String((error as Error).message))) throw error;
        if (this.span === 1) throw error;
        // Too many logs for one response: ask for a shorter range.
        this.span = Math.max(1, Math.floor(this.span / 4));
        continue;
      }
      const entries = logs.map((l) => ({
        key: itemKey(this.o.chainId, this.o.registry, BigInt(l.topics[1]), l.topics[2].toLowerCase() as Hex),
        contributor: checksummed(`0x${l.topics[3].slice(26)}`),
      }));
      await this.o.store.addRegistered(entries, to);
      this.upTo = to;
      if (this.span < 5_000) this.span = Math.min(5_000, this.span * 2);
    }
    this.syncedHead = head;
  }
}
