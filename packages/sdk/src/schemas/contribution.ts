/**
 * A contribution's status names and takedown reasons, defined once (valibot: the TypeScript type and the runtime
 * check from one declaration). The SDK, the CLI, the indexer and the web app import them.
 * - {@link contributionStatuses}: the registry's `ContributionStatus`, by index (`"none"` for 0);
 * - {@link takedownReasons}: the reason codes `ContributionRemoved` records (docs/takedown.md).
 */
import * as v from "valibot";

/** The registry's `ContributionStatus` names, in the order of the Solidity enum. */
export const contributionStatuses = [
  "none",
  "pending",
  "accepted",
  "rejected",
  "withdrawn",
  "provisional",
  "removed",
] as const;

/** Where a registered contribution is in its life (`removed`: taken down by its dataset's curators or steward). */
export const ContributionStatusSchema = v.picklist(
  contributionStatuses.slice(1) as Exclude<(typeof contributionStatuses)[number], "none">[],
);
/** Where a contribution is in its life. */
export type ContributionStatus = v.InferOutput<typeof ContributionStatusSchema>;

/** Why a contribution was removed: name → the code recorded on-chain (uint8; 0 is refused). */
export const takedownReasons = {
  "illegal-content": 1,
  "personal-data": 2,
  "consent-withdrawn": 3,
  copyright: 4,
  spam: 5,
  other: 255,
} as const;

/** A takedown reason's name. */
export const TakedownReasonSchema = v.picklist(
  Object.keys(takedownReasons) as (keyof typeof takedownReasons)[],
  `must be one of ${Object.keys(takedownReasons).join(", ")}`,
);
export type TakedownReason = v.InferOutput<typeof TakedownReasonSchema>;

/** The reason name of an on-chain code (`"other"` for a code this SDK does not know). */
export function takedownReasonOf(code: number): TakedownReason {
  const entry = Object.entries(takedownReasons).find(([, c]) => c === code);
  return (entry?.[0] ?? "other") as TakedownReason;
}
