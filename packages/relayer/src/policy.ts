/**
 * The sponsorship policy: who and what this relayer pays gas for.
 * - which datasets it serves (403 `dataset_not_served` for the others, before any signature is checked);
 * - an item budget per dataset per period, shared by every instance on the same PostgreSQL queue
 *   (429 `budget_exhausted`);
 * - a gas budget per dataset per period: the gas its batches actually used, from their receipts (429
 *   `gas_budget_exhausted`; how an item reserves gas and how a batch's gas is shared: `gas.ts`);
 * - a quota per payer per period: the client address (IPv6 by /64), or the API key the request carries.
 *   Fresh contributor keys cost nothing to make, so the quota binds whoever sends them, not the keys
 *   (429 `quota_exceeded`);
 * - the rates that were there before: per client address (checked before the costly validation) and per
 *   contributor (429 `rate_limited`).
 * Only items new to the queue are charged: posting the same signed item again costs nothing.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { isIPv6 } from "node:net";
import type { SponsorshipPolicy } from "./config.js";
import { ApiError } from "./errors.js";
import { reservedGas } from "./gas.js";
import type { Charge, LimitStore } from "./limits.js";
import type { Metrics } from "./metrics.js";
import type { NewItem } from "./store/types.js";

export type PolicyOptions = {
  policy: SponsorshipPolicy;
  contributorRate: number;
  contributorBurst: number;
  clientRate: number;
  clientBurst: number;
  limits: LimitStore;
  metrics: Metrics;
};

/** Who pays for a request's items: its client address, or the API key it carries. */
export type Payer = { kind: "client"; id: string } | { kind: "api_key"; id: string };

const digest = (s: string) => createHash("sha256").update(s).digest();

/** The bucket key of a client address: IPv4 as it is, IPv6 by its /64 (one host usually holds a whole /64). */
export function clientKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (!isIPv6(ip)) return ip;
  const [head, tail = ""] = ip.split("::");
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const groups = [...h, ...new Array(Math.max(0, 8 - h.length - t.length)).fill("0"), ...t];
  return `${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g || "0", 16).toString(16))
    .join(":")}::/64`;
}

export class Policy {
  private readonly served: Set<string> | undefined;
  private readonly keys: { name: string; hash: Buffer }[];

  constructor(private readonly o: PolicyOptions) {
    this.served = o.policy.datasets.length > 0 ? new Set(o.policy.datasets) : undefined;
    this.keys = Object.entries(o.policy.apiKeys).map(([name, secret]) => ({ name, hash: digest(secret) }));
  }

  /** Whether this relayer pays for dataset `id`'s items. */
  serves(datasetId: bigint): boolean {
    return this.served === undefined || this.served.has(datasetId.toString());
  }

  /** The payer of a request: its API key (`x-api-key`, or `Authorization: Bearer`), else its client address. */
  payer(headers: Record<string, string | string[] | undefined>, client: string): Payer {
    const header = headers["x-api-key"] ?? /^Bearer\s+(.+)$/i.exec(String(headers.authorization ?? ""))?.[1];
    const given = Array.isArray(header) ? header[0] : header;
    if (given !== undefined && given !== "") {
      const h = digest(given.trim());
      const found = this.keys.find((k) => timingSafeEqual(k.hash, h));
      if (!found) throw new ApiError(401, "invalid_api_key", "this API key is not known to the relayer", "api_key");
      return { kind: "api_key", id: found.name };
    }
    if (this.o.policy.requireApiKey)
      throw new ApiError(
        401,
        "api_key_required",
        "this relayer serves only requests with an API key (x-api-key)",
        "api_key",
        {
          "www-authenticate": "Bearer",
        },
      );
    return { kind: "client", id: clientKey(client) };
  }

  private perPeriod(n: number) {
    return n / this.o.policy.periodSeconds;
  }

  /** The client's request rate, before the costly validation. */
  admissionCharges(client: string, n: number): Charge[] {
    return [{ key: `rate:client:${clientKey(client)}`, n, rate: this.o.clientRate, burst: this.o.clientBurst }];
  }

  /** Takes the admission charges, or refuses with 429 `rate_limited`. */
  async admit(client: string, n: number, what = "contributions"): Promise<Charge[]> {
    const charges = this.admissionCharges(client, n);
    const r = await this.o.limits.take(charges);
    if (!r.ok) {
      this.o.metrics.reject("rate_limited", n);
      throw new ApiError(
        429,
        "rate_limited",
        `too many ${what} from ${clientKey(client)}; retry in ${r.waitSeconds} s`,
        undefined,
        { "retry-after": String(r.waitSeconds) },
      );
    }
    return charges;
  }

  /**
   * Charges the new items of a validated request to their contributors, their payer's quota and their
   * datasets' budgets, all or nothing; refuses with 429 naming what ran out.
   */
  async charge(payer: Payer, fresh: readonly NewItem[], total: number): Promise<Charge[]> {
    if (fresh.length === 0) return [];
    const p = this.o.policy;
    const charges = this.chargesFor(payer, fresh);
    const r = await this.o.limits.take(charges);
    if (!r.ok) {
      const c = charges[r.index];
      this.o.metrics.reject(c.code, total);
      throw new ApiError(
        429,
        c.code,
        c.code === "gas_budget_exhausted"
          ? `the ${c.what} is spent (at most ${c.burst} gas per ${p.periodSeconds} s, as its batches' receipts count it); retry in ${r.waitSeconds} s`
          : `too many ${c.what} (at most ${c.burst}${c.code === "rate_limited" ? "" : ` per ${p.periodSeconds} s`}); retry in ${r.waitSeconds} s`,
        c.field,
        { "retry-after": String(r.waitSeconds) },
      );
    }
    return charges;
  }

  /**
   * Once a charged request's items are in the queue: gives back what was charged for the items another
   * request inserted first (the same signed item posted twice at once is queued, and paid for, once), and
   * counts the sponsored ones.
   */
  async inserted(payer: Payer, fresh: readonly NewItem[], inserted: ReadonlySet<string>) {
    const lost = fresh.filter((f) => !inserted.has(f.key));
    if (lost.length > 0) await this.refund(this.chargesFor(payer, lost));
    const count = new Map<string, number>();
    for (const f of fresh) if (inserted.has(f.key)) count.set(f.datasetId, (count.get(f.datasetId) ?? 0) + 1);
    for (const [dataset, n] of count) this.o.metrics.sponsored(dataset, payer.kind, n);
  }

  /** What `items` cost: their contributors' rates, their payer's quota, their datasets' item and gas budgets. */
  private chargesFor(payer: Payer, fresh: readonly NewItem[]) {
    const p = this.o.policy;
    const charges: (Charge & { what: string; field: string | undefined; code: string })[] = [];
    const count = (values: string[]) => {
      const m = new Map<string, number>();
      for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
      return m;
    };
    for (const [contributor, n] of count(fresh.map((f) => f.contributor)))
      charges.push({
        key: `rate:contributor:${contributor}`,
        n,
        rate: this.o.contributorRate,
        burst: this.o.contributorBurst,
        what: `contributions from ${contributor}`,
        field: "contributor",
        code: "rate_limited",
      });
    const quota = payer.kind === "api_key" ? p.apiKeyQuota : p.clientQuota;
    charges.push({
      key: `quota:${payer.kind}:${payer.id}`,
      n: fresh.length,
      rate: this.perPeriod(quota),
      burst: quota,
      what: payer.kind === "api_key" ? `items relayed for API key ${payer.id}` : `items relayed for ${payer.id}`,
      field: payer.kind === "api_key" ? "api_key" : undefined,
      code: "quota_exceeded",
    });
    const byDataset = count(fresh.map((f) => f.datasetId));
    for (const [dataset, n] of byDataset) {
      const budget = p.datasetBudgets[dataset] ?? p.datasetBudget;
      charges.push({
        key: `budget:dataset:${dataset}`,
        n,
        rate: this.perPeriod(budget),
        burst: budget,
        what: `items sponsored in dataset ${dataset}`,
        field: "datasetId",
        code: "budget_exhausted",
      });
    }
    const reserved = new Map<string, number>();
    for (const f of fresh) reserved.set(f.datasetId, (reserved.get(f.datasetId) ?? 0) + reservedGas(f));
    for (const [dataset, gas] of reserved)
      charges.push({
        ...this.gasCharge(dataset, gas),
        what: `gas budget of dataset ${dataset}`,
        field: "datasetId",
        code: "gas_budget_exhausted",
      });
    return charges;
  }

  refund(charges: readonly Charge[]) {
    return this.o.limits.refund(charges);
  }

  /** `gas` from dataset `dataset`'s gas bucket (not limited when the dataset has no gas budget). */
  private gasCharge(dataset: string, gas: number): Charge {
    const p = this.o.policy;
    const budget = p.datasetGasBudgets[dataset] ?? p.datasetGasBudget;
    return { key: `gas:dataset:${dataset}`, n: gas, rate: this.perPeriod(budget), burst: budget };
  }

  /**
   * Settles gas: charges each dataset the gas its items used in a mined batch (`used`, possibly none), and
   * gives back the reservations of `finished`, the items that reached a final state (included, skipped,
   * failed). An item sent again after a reverted batch keeps its reservation and pays for both attempts.
   */
  async spent(used: ReadonlyMap<string, bigint>, finished: readonly { datasetId: string; isContract: boolean }[]) {
    const net = new Map<string, number>();
    for (const [dataset, gas] of used) {
      net.set(dataset, (net.get(dataset) ?? 0) + Number(gas));
      this.o.metrics.sponsoredGas(dataset, gas);
    }
    for (const f of finished) net.set(f.datasetId, (net.get(f.datasetId) ?? 0) - reservedGas(f));
    const debits: Charge[] = [];
    const credits: Charge[] = [];
    for (const [dataset, n] of net) {
      if (n > 0) debits.push(this.gasCharge(dataset, n));
      else if (n < 0) credits.push(this.gasCharge(dataset, -n));
    }
    if (debits.length > 0) await this.o.limits.debit(debits);
    if (credits.length > 0) await this.o.limits.refund(credits);
  }
}
