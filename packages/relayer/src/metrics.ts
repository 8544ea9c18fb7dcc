/** The relayer's counters and gauges (prom-client, one registry per relayer), served by `GET /metrics`. */
import { Counter, Gauge, Histogram, Registry } from "prom-client";

export type Gauges = () => Promise<{ queued: number; inFlightBatches: number; nextNonce: number | undefined }>;

export class Metrics {
  readonly registry = new Registry();
  private readonly acceptedC = this.counter(
    "cairn_relayer_accepted_total",
    "Signed contributions accepted into the queue.",
  );
  private readonly rejectedC = this.counter(
    "cairn_relayer_rejected_total",
    "Signed contributions refused, by reason.",
    ["reason"],
  );
  private readonly submittedC = this.counter(
    "cairn_relayer_submitted_total",
    "Items sent in a batch transaction (counted once per batch they were in).",
  );
  private readonly includedC = this.counter("cairn_relayer_included_total", "Items registered on-chain.");
  private readonly skippedC = this.counter(
    "cairn_relayer_skipped_total",
    "Items the registry skipped, by decoded error.",
    ["reason"],
  );
  private readonly failedC = this.counter("cairn_relayer_failed_total", "Items given up on.");
  private readonly requeuedC = this.counter(
    "cairn_relayer_requeued_total",
    "Items put back in the queue (reverted or dropped batch).",
  );
  private readonly replacedC = this.counter(
    "cairn_relayer_tx_replaced_total",
    "Batch transactions replaced with a higher fee.",
  );
  private readonly gasC = this.counter("cairn_relayer_gas_used_total", "Gas used by mined batch transactions.");
  private readonly rpcC = this.counter(
    "cairn_relayer_rpc_errors_total",
    "Failed calls to the chain's RPC, by operation.",
    ["op"],
  );
  private readonly sponsoredC = this.counter(
    "cairn_relayer_sponsored_total",
    "Items accepted under the sponsorship policy, by dataset and by who was charged (client, api key).",
    ["dataset", "payer"],
  );
  private readonly sponsoredGasC = this.counter(
    "cairn_relayer_sponsored_gas_total",
    "Gas used by mined batch transactions, apportioned to the datasets of their items.",
    ["dataset"],
  );
  private readonly connectionsRefusedC = this.counter(
    "cairn_relayer_connections_refused_total",
    "Connections closed at once: over the per-client cap.",
  );
  private readonly timeoutsC = this.counter(
    "cairn_relayer_slow_requests_closed_total",
    "Connections closed because headers or body did not arrive in time.",
  );
  private readonly duplicateChecksC = this.counter(
    "cairn_relayer_duplicate_checks_total",
    "Items found not yet registered before they were accepted, by the source that said so (follower, indexer, dry_run).",
    ["source"],
  );
  private readonly indexerLiesC = this.counter(
    "cairn_relayer_indexer_lies_total",
    "Indexer answers the chain contradicted (the indexer is then not asked again).",
  );
  private readonly batchH = new Histogram({
    name: "cairn_relayer_batch_size",
    help: "Items per batch transaction.",
    buckets: [1, 5, 10, 25, 50, 100, 200, 500],
    registers: [this.registry],
  });

  /** Registers the gauges read from the queue and the submitter at each scrape. */
  constructor(gauges?: Gauges) {
    if (!gauges) return;
    let last: ReturnType<Gauges> | undefined;
    // One read of the queue per scrape, shared by the three gauges.
    const read = () => {
      last ??= gauges().finally(() => setTimeout(() => (last = undefined), 0));
      return last;
    };
    const registers = [this.registry];
    new Gauge({
      name: "cairn_relayer_queued",
      help: "Accepted items not yet settled (queued or in an unsent or unmined batch).",
      registers,
      async collect() {
        this.set((await read()).queued);
      },
    });
    new Gauge({
      name: "cairn_relayer_inflight_batches",
      help: "Batches sent or being sent and not yet mined.",
      registers,
      async collect() {
        this.set((await read()).inFlightBatches);
      },
    });
    new Gauge({
      name: "cairn_relayer_next_nonce",
      help: "The next nonce the relayer will use.",
      registers,
      async collect() {
        const n = (await read()).nextNonce;
        if (n !== undefined) this.set(n);
      },
    });
  }

  private counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []) {
    return new Counter<L>({ name, help, labelNames, registers: [this.registry] });
  }

  accept(n: number) {
    this.acceptedC.inc(n);
  }
  reject(code: string, n = 1) {
    this.rejectedC.inc({ reason: code }, n);
  }
  submit(n: number) {
    this.submittedC.inc(n);
  }
  include() {
    this.includedC.inc();
  }
  skip(reason: string) {
    this.skippedC.inc({ reason });
  }
  fail() {
    this.failedC.inc();
  }
  requeue() {
    this.requeuedC.inc();
  }
  txReplaced() {
    this.replacedC.inc();
  }
  gasUsed(gas: bigint) {
    this.gasC.inc(Number(gas));
  }
  duplicateCheck(source: "follower" | "indexer" | "dry_run", n: number) {
    this.duplicateChecksC.inc({ source }, n);
  }
  indexerLie() {
    this.indexerLiesC.inc();
  }
  rpcError(op: string) {
    this.rpcC.inc({ op });
  }
  batch(size: number) {
    this.batchH.observe(size);
  }
  sponsored(dataset: string, payer: "client" | "api_key", n: number) {
    this.sponsoredC.inc({ dataset, payer }, n);
  }
  sponsoredGas(dataset: string, gas: bigint) {
    this.sponsoredGasC.inc({ dataset }, Number(gas));
  }
  connectionRefused() {
    this.connectionsRefusedC.inc();
  }
  slowRequestClosed() {
    this.timeoutsC.inc();
  }

  /** The Prometheus text exposition. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  /** Current value of a counter, for tests and logs. */
  async value(name: string, labels: Record<string, string> = {}): Promise<number> {
    const m = await this.registry.getSingleMetric(name)?.get();
    const match = m?.values.find((x) => Object.entries(labels).every(([k, val]) => x.labels[k] === val));
    return match?.value ?? 0;
  }
}
