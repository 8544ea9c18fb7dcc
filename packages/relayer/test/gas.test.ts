/** Gas budgets' arithmetic: a batch's gas shared exactly, and buckets that spent gas can drive below zero. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { apportion } from "../src/gas.js";
import { MemoryLimitStore } from "../src/limits.js";

describe("gas budgets: apportioning a batch's gas, debiting a bucket", () => {
  it("shares a batch's gas in proportion to each dataset's weight, adding up exactly", () => {
    const shares = apportion(
      100_001n,
      new Map([
        ["1", 1n],
        ["2", 3n],
      ]),
    );
    assert.equal(shares.get("1"), 25_000n);
    assert.equal(shares.get("2"), 75_001n, "the rounding remainder goes to the heaviest");
    const odd = apportion(
      1_000_003n,
      new Map([
        ["1", 7n],
        ["2", 11n],
        ["3", 13n],
      ]),
    );
    assert.equal(
      [...odd.values()].reduce((s, x) => s + x, 0n),
      1_000_003n,
    );
    // No usable weight: shared equally; a negative weight gets nothing.
    assert.deepEqual(
      apportion(
        10n,
        new Map([
          ["1", 0n],
          ["2", 0n],
        ]),
      ),
      new Map([
        ["1", 5n],
        ["2", 5n],
      ]),
    );
    assert.deepEqual(
      apportion(
        10n,
        new Map([
          ["1", -5n],
          ["2", 1n],
        ]),
      ),
      new Map([
        ["1", 0n],
        ["2", 10n],
      ]),
    );
  });

  it("lets spent gas take a bucket below zero, then refuses until it has refilled", async () => {
    const limits = new MemoryLimitStore();
    const gas = { key: "gas:dataset:1", rate: 1_000, burst: 100_000 };
    const t0 = 1_000_000;
    assert.deepEqual(await limits.take([{ ...gas, n: 80_000 }], t0), { ok: true });
    // The batch used 130k where 80k were reserved: 50k more than the bucket held.
    await limits.debit([{ ...gas, n: 50_000 }], t0);
    const refused = await limits.take([{ ...gas, n: 40_000 }], t0);
    assert.equal(refused.ok, false);
    // 30k below zero, 40k wanted: 70 s at 1000 gas/s.
    assert.equal(!refused.ok && refused.waitSeconds, 70);
    assert.deepEqual(await limits.take([{ ...gas, n: 40_000 }], t0 + 70_000), { ok: true });
    // A refund never fills a bucket beyond its burst.
    await limits.refund([{ ...gas, n: 1_000_000 }]);
    assert.equal((await limits.take([{ ...gas, n: 100_001 }], t0 + 70_000)).ok, false);
    assert.deepEqual(await limits.take([{ ...gas, n: 100_000 }], t0 + 70_000), { ok: true });
  });
});
