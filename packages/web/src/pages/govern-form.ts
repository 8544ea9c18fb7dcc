import {
  type CairnClient,
  cairnRegistryAbi,
  type DatasetStatus,
  governanceCalls,
  type ProposalCall,
  type SignedVote,
} from "@cairn/sdk/browser";
import { type Address, decodeFunctionData, erc20Abi, getAddress, isAddress } from "viem";
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

/** What one call of a proposal does, decoded from its calldata (never from its description, which anyone writes). */
export type DescribedCall =
  | { kind: "registry"; text: string }
  | { kind: "transfer"; text: string }
  | { kind: "unknown"; text: string };

/**
 * Decodes a proposal's call for voters: a registry function with its arguments, an ERC-20 transfer from the
 * treasury, or an unknown call (shown as such, with its target, value and size, so a description cannot
 * hide what a proposal really does).
 */
export function describeCall(
  call: { target: Address; value?: bigint | undefined; data: `0x${string}` },
  registry: Address,
): DescribedCall {
  const show = (v: unknown) => (typeof v === "bigint" ? v.toString() : String(v));
  if (call.target.toLowerCase() === registry.toLowerCase()) {
    try {
      const { functionName, args } = decodeFunctionData({ abi: cairnRegistryAbi, data: call.data });
      return { kind: "registry", text: `${functionName}(${(args ?? []).map(show).join(", ")})` };
    } catch {
      // not a registry function: falls through to unknown
    }
  }
  try {
    const { functionName, args } = decodeFunctionData({ abi: erc20Abi, data: call.data });
    if (functionName === "transfer" || functionName === "approve")
      return { kind: "transfer", text: `${call.target}.${functionName}(${args.map(show).join(", ")})` };
  } catch {
    // not an ERC-20 call
  }
  const bytes = (call.data.length - 2) / 2;
  return { kind: "unknown", text: `${call.target} · ${show(call.value ?? 0n)} wei · ${bytes} bytes` };
}

/** A signed vote as text: JSON with bigints as `"123n"`, the format `cairn gov vote --sign` prints and `--submit` reads. */
export function signedVoteJson(vote: SignedVote): string {
  return JSON.stringify(vote, (_, v) => (typeof v === "bigint" ? `${v}n` : v), 2);
}

/**
 * Reads a signed vote someone pasted, for `castVoteBySig`: well-formed, and for this dataset's governor (a vote
 * signed for another governor is refused here rather than sent where the page does not show it).
 */
export function parseSignedVote(text: string, governor: Address): SignedVote | { problem: MessageKey } {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text, (_, v) => (typeof v === "string" && /^\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v));
  } catch {
    return { problem: "govern.signedInvalid" };
  }
  const hex = (v: unknown) => typeof v === "string" && /^0x[0-9a-fA-F]*$/.test(v);
  if (
    typeof raw !== "object" ||
    raw === null ||
    typeof raw.proposalId !== "bigint" ||
    typeof raw.nonce !== "bigint" ||
    !["for", "against", "abstain"].includes(raw.support as string) ||
    !isAddress(String(raw.voter), { strict: false }) ||
    !isAddress(String(raw.governor), { strict: false }) ||
    !hex(raw.signature) ||
    (raw.reason !== undefined && raw.reason !== null && typeof raw.reason !== "string")
  )
    return { problem: "govern.signedInvalid" };
  if (getAddress(String(raw.governor)) !== getAddress(governor)) return { problem: "govern.signedOtherGovernor" };
  return {
    governor: getAddress(String(raw.governor)),
    proposalId: raw.proposalId,
    support: raw.support as SignedVote["support"],
    voter: getAddress(String(raw.voter)),
    nonce: raw.nonce,
    reason: (raw.reason as string | null | undefined) ?? undefined,
    signature: raw.signature as `0x${string}`,
  };
}
