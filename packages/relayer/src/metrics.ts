/** The relayer's counters and gauges, rendered in the Prometheus text format by `GET /metrics`. */
export class Metrics {
  accepted = 0;
  rejected = new Map<string, number>();
  submitted = 0;
  included = 0;
  skipped = new Map<string, number>();
  failed = 0;
  requeued = 0;
  batches = 0;
  txReplaced = 0;
  gasUsed = 0n;
  rpcErrors = new Map<string, number>();
  private readonly batchBuckets = [1, 5, 10, 25, 50, 100, 200, 500];
  private readonly batchCounts = new Array<number>(this.batchBuckets.length).fill(0);
  private batchSum = 0;

  reject(code: string, n = 1) {
    this.rejected.set(code, (this.rejected.get(code) ?? 0) + n);
  }
  skip(reason: string) {
    this.skipped.set(reason, (this.skipped.get(reason) ?? 0) + 1);
  }
  rpcError(op: string) {
    this.rpcErrors.set(op, (this.rpcErrors.get(op) ?? 0) + 1);
  }
  batch(size: number) {
    this.batches += 1;
    this.batchSum += size;
    for (let i = 0; i < this.batchBuckets.length; i++) if (size <= this.batchBuckets[i]) this.batchCounts[i] += 1;
  }

  render(gauges: { queued: number; inFlightBatches: number; nextNonce: number | undefined }): string {
    const lines: string[] = [];
    const counter = (
      name: string,
      help: string,
      value: number | bigint,
      labels?: Map<string, number>,
      label = "reason",
    ) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
      if (labels) for (const [k, v] of labels) lines.push(`${name}{${label}="${k.replace(/"/g, "")}"} ${v}`);
      else lines.push(`${name} ${value}`);
    };
    const gauge = (name: string, help: string, value: number) =>
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, `${name} ${value}`);
    counter("cairn_relayer_accepted_total", "Signed contributions accepted into the queue.", this.accepted);
    counter("cairn_relayer_rejected_total", "Signed contributions refused, by reason.", 0, this.rejected);
    gauge(
      "cairn_relayer_queued",
      "Accepted items not yet settled (queued or in an unsent or unmined batch).",
      gauges.queued,
    );
    gauge("cairn_relayer_inflight_batches", "Batches sent or being sent and not yet mined.", gauges.inFlightBatches);
    if (gauges.nextNonce !== undefined)
      gauge("cairn_relayer_next_nonce", "The next nonce the relayer will use.", gauges.nextNonce);
    counter(
      "cairn_relayer_submitted_total",
      "Items sent in a batch transaction (counted once per batch they were in).",
      this.submitted,
    );
    counter("cairn_relayer_included_total", "Items registered on-chain.", this.included);
    counter("cairn_relayer_skipped_total", "Items the registry skipped, by decoded error.", 0, this.skipped);
    counter("cairn_relayer_failed_total", "Items given up on.", this.failed);
    counter("cairn_relayer_requeued_total", "Items put back in the queue (reverted or dropped batch).", this.requeued);
    counter("cairn_relayer_tx_replaced_total", "Batch transactions replaced with a higher fee.", this.txReplaced);
    counter("cairn_relayer_gas_used_total", "Gas used by mined batch transactions.", this.gasUsed);
    counter(
      "cairn_relayer_rpc_errors_total",
      "Failed calls to the chain's RPC, by operation.",
      0,
      this.rpcErrors,
      "op",
    );
    lines.push(
      "# HELP cairn_relayer_batch_size Items per batch transaction.",
      "# TYPE cairn_relayer_batch_size histogram",
    );
    for (let i = 0; i < this.batchBuckets.length; i++)
      lines.push(`cairn_relayer_batch_size_bucket{le="${this.batchBuckets[i]}"} ${this.batchCounts[i]}`);
    lines.push(
      `cairn_relayer_batch_size_bucket{le="+Inf"} ${this.batches}`,
      `cairn_relayer_batch_size_sum ${this.batchSum}`,
      `cairn_relayer_batch_size_count ${this.batches}`,
    );
    return `${lines.join("\n")}\n`;
  }
}
