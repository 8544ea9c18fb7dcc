/** A contribution's statuses, as the `contribution` table, `accountContributions`' columns and the REST API name
 *  them, in the order the API lists them. */
export const contributionStatuses = ["pending", "provisional", "accepted", "rejected", "withdrawn", "removed"] as const;
export type ContributionStatus = (typeof contributionStatuses)[number];
