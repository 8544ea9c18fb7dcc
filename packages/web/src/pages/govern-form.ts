import { type CairnClient, type DatasetStatus, governanceCalls, type ProposalCall } from "@cairn/sdk/browser";
import { type Address, getAddress, isAddress } from "viem";
import type { MessageKey } from "../i18n/en.js";

/** What a proposal of the Govern page asks the dataset's timelock (its steward) to do. */
export const proposalActions = ["addCurator", "removeCurator", "setStatus", "setReviewPolicy"] as const;
export type ProposalAction = (typeof proposalActions)[number];

export type ProposalForm = {
  action: ProposalAction;
  curator: string;
  status: Exclude<DatasetStatus, "none">;
  quorum: string;
  defaultScore: string;
  description: string;
};

export const emptyProposalForm: ProposalForm = {
  action: "addCurator",
  curator: "",
  status: "paused",
  quorum: "1",
  defaultScore: "50",
  description: "",
};

export type CheckedProposal =
  | { ok: true; call: ProposalCall; description: string }
  | { ok: false; problems: Partial<Record<keyof ProposalForm, MessageKey>> };

/**
 * Checks the proposal form and builds its one call with the SDK's `governanceCalls` (components never build
 * calldata). Problems are keyed by field, as catalogue keys.
 */
export function checkProposalForm(client: CairnClient, datasetId: bigint, form: ProposalForm): CheckedProposal {
  const problems: Partial<Record<keyof ProposalForm, MessageKey>> = {};
  const description = form.description.trim();
  if (!description) problems.description = "govern.descriptionRequired";
  let curator: Address | undefined;
  if (form.action === "addCurator" || form.action === "removeCurator") {
    if (isAddress(form.curator.trim(), { strict: false })) curator = getAddress(form.curator.trim());
    else problems.curator = "steward.curatorsInvalid";
  }
  const quorum = Number(form.quorum);
  const defaultScore = Number(form.defaultScore);
  if (form.action === "setReviewPolicy") {
    if (!/^\d+$/.test(form.quorum.trim()) || quorum > 48) problems.quorum = "govern.quorumInvalid";
    if (!/^\d+$/.test(form.defaultScore.trim()) || defaultScore < 1 || defaultScore > 100)
      problems.defaultScore = "review.scoreInvalid";
  }
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const call =
    form.action === "addCurator"
      ? governanceCalls.addCurator(client, datasetId, curator as Address)
      : form.action === "removeCurator"
        ? governanceCalls.removeCurator(client, datasetId, curator as Address)
        : form.action === "setStatus"
          ? governanceCalls.setStatus(client, datasetId, form.status)
          : governanceCalls.setReviewPolicy(client, datasetId, { quorum, defaultScore });
  return { ok: true, call, description };
}
