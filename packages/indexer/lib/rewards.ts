// The RewardVault's accumulator, replayed from its events with the contract's exact integer arithmetic
// (contracts/RewardVault.sol): owed = (weight × rewardPerWeight − debt) / 10¹⁸.

export const PRECISION = 10n ** 18n;

export type PoolState = { totalWeight: bigint; rewardPerWeight: bigint; held: bigint };
export type AccountState = { weight: bigint; debt: bigint };

/** `fund`: funding waits while no weight exists, else raises the accumulator. */
export function applyFunding(pool: PoolState, credited: bigint): PoolState {
  if (pool.totalWeight === 0n) return { ...pool, held: pool.held + credited };
  return { ...pool, rewardPerWeight: pool.rewardPerWeight + (credited * PRECISION) / pool.totalWeight };
}

/**
 * A `WeightChanged(weight, totalWeight)` event: the account's new weight and the pool's new total. The
 * change (up or down) moves the debt at the current rate. (Funding held while no weight existed is released
 * over time, each part by its own `HeldFundingReleased` event, emitted before the change it precedes.)
 */
export function applyWeightChange(
  pool: PoolState,
  account: AccountState,
  newWeight: bigint,
  newTotalWeight: bigint,
): { pool: PoolState; account: AccountState } {
  const delta = newWeight - account.weight;
  const nextAccount = { weight: newWeight, debt: account.debt + delta * pool.rewardPerWeight };
  return { pool: { ...pool, totalWeight: newTotalWeight }, account: nextAccount };
}

/** A `HeldFundingReleased(amount, rewardPerWeight)` event: part of the held funding joined the accumulator. */
export function applyHeldRelease(pool: PoolState, amount: bigint, rewardPerWeight: bigint): PoolState {
  return { ...pool, held: pool.held - amount, rewardPerWeight };
}

/** A claim of `amount`: the debt keeps the sub-unit remainder, as the contract does. */
export function applyClaim(account: AccountState, amount: bigint): AccountState {
  return { ...account, debt: account.debt + amount * PRECISION };
}

/** What the account may claim now. */
export function claimableOf(pool: Pick<PoolState, "rewardPerWeight">, account: AccountState): bigint {
  const owed = account.weight * pool.rewardPerWeight - account.debt;
  return owed > 0n ? owed / PRECISION : 0n;
}
