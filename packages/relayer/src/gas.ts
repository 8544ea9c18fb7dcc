/**
 * Gas budgets per dataset: what is reserved when an item is accepted, and how a mined batch's gas is shared
 * between the datasets of its items.
 *
 * An item is accepted long before its gas is known, so each accepted item reserves a fixed amount from its
 * dataset's gas bucket (refused with 429 `gas_budget_exhausted` when the bucket cannot cover it). When a
 * batch is mined, its receipt's `gasUsed` is apportioned to the datasets of its items and charged to their
 * buckets, and the reservations of the items that reached a final state are given back: in the end every
 * dataset pays exactly the gas its items used, reverted attempts included. A bucket may go below zero when
 * items cost more than they reserved (a costly weight observer or ERC-1271 wallet): the dataset is refused
 * until it has refilled, so the overshoot is bounded by what was in flight.
 */

/** What an item reserves at acceptance: a relayed item costs ≈ 36k gas in a full batch, more in a small one. */
export const RESERVED_GAS_PER_ITEM = 40_000;
/** A contract contributor's item also pays its wallet's `isValidSignature`, which the registry bounds to 100k gas. */
export const RESERVED_GAS_PER_CONTRACT_ITEM = RESERVED_GAS_PER_ITEM + 100_000;

export function reservedGas(item: { isContract: boolean }): number {
  return item.isContract ? RESERVED_GAS_PER_CONTRACT_ITEM : RESERVED_GAS_PER_ITEM;
}

/** The part of an item in a batch's gas when nothing better is known (the submitter's own gas-limit guess). */
export function staticWeight(item: { isContract: boolean }): bigint {
  return item.isContract ? 200_000n : 70_000n;
}

/**
 * Shares `gasUsed` between datasets in proportion to `weights` (dataset → weight), exactly: the shares add up
 * to `gasUsed` (the rounding remainder goes to the heaviest dataset). A weight of zero or below gets nothing,
 * unless every weight is, then the gas is shared equally.
 */
export function apportion(gasUsed: bigint, weights: ReadonlyMap<string, bigint>): Map<string, bigint> {
  const out = new Map<string, bigint>();
  const entries = [...weights].map(([d, w]) => [d, w > 0n ? w : 0n] as const);
  if (entries.length === 0) return out;
  let total = entries.reduce((s, [, w]) => s + w, 0n);
  const even = total === 0n;
  if (even) total = BigInt(entries.length);
  let given = 0n;
  let heaviest = entries[0];
  for (const e of entries) {
    const share = (gasUsed * (even ? 1n : e[1])) / total;
    out.set(e[0], share);
    given += share;
    if (e[1] > heaviest[1]) heaviest = e;
  }
  out.set(heaviest[0], (out.get(heaviest[0]) ?? 0n) + gasUsed - given);
  return out;
}
