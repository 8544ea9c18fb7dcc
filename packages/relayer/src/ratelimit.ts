/** Token buckets by key (a contributor, a client address): `rate` tokens per second, up to `burst`. */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private lastSweep = 0;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {}

  /** Takes `n` tokens; returns 0 if granted, else the seconds to wait before `n` are available. */
  take(key: string, n: number, now = Date.now()): number {
    if (this.rate <= 0) return 0;
    this.sweep(now);
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.rate);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens >= n) {
      b.tokens -= n;
      return 0;
    }
    return Math.ceil((Math.min(n, this.burst) - b.tokens) / this.rate);
  }

  /** Gives back tokens taken for a request that was then refused for another reason. */
  refund(key: string, n: number) {
    const b = this.buckets.get(key);
    if (b) b.tokens = Math.min(this.burst, b.tokens + n);
  }

  private sweep(now: number) {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    // A bucket refilled to the brim carries no information.
    for (const [k, b] of this.buckets)
      if (b.tokens + ((now - b.at) / 1000) * this.rate >= this.burst) this.buckets.delete(k);
  }
}
