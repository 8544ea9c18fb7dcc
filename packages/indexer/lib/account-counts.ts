// The per-account counts of `accountContributions` (ponder.schema.ts): what the registry's handlers add and take
// as a contribution is registered, decided, transferred, withdrawn or removed.
import type { Context } from "ponder:registry";
import { accountContributions } from "ponder:schema";
import type { ContributionStatus } from "./statuses.js";

const none = { contributed: 0, pending: 0, provisional: 0, accepted: 0, rejected: 0, withdrawn: 0, removed: 0 };

/**
 * One contribution of `account` in `datasetId` counted in status `to` instead of `from` (null: not counted before,
 * or no longer), and `made` more registered by it. The account's row is created on its first contribution (or the
 * first it receives).
 */
export async function countContribution(
  db: Context["db"],
  { account, datasetId }: { account: `0x${string}`; datasetId: bigint },
  { from, to, made = 0 }: { from: ContributionStatus | null; to: ContributionStatus | null; made?: number },
): Promise<void> {
  if (from === to && made === 0) return;
  const key = { account, datasetId };
  if (from === null) {
    // Registered, or received: the row may not exist yet.
    await db
      .insert(accountContributions)
      .values({ ...key, ...none, contributed: made, ...(to ? { [to]: 1 } : {}) })
      .onConflictDoUpdate((row) => ({
        contributed: row.contributed + made,
        ...(to ? { [to]: row[to] + 1 } : {}),
      }));
    return;
  }
  await db.update(accountContributions, key).set((row) => ({
    contributed: row.contributed + made,
    [from]: row[from] - 1,
    ...(to ? { [to]: row[to] + 1 } : {}),
  }));
}
