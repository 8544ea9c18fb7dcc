import type { DatasetManifest } from "@cairn/sdk/browser";
import { type Address, getAddress, isAddress } from "viem";
import type { MessageKey } from "../i18n/en.js";
import { checkManifestFields, type ManifestForm } from "./manifest-form.js";

export type StewardForm = ManifestForm & {
  curators: string;
  quorum: string;
  defaultScore: string;
  rewardToken: string;
  /** Governed by its contributors (GovernedDatasetFactory): the timelock becomes the steward. */
  governed: boolean;
  /** Blocks during which a proposal is voted on. */
  votingPeriod: string;
  /** Seconds between queueing a passed proposal and executing it. */
  timelockDelay: string;
  /** Percent of all votes needed for a proposal to pass. */
  quorumFraction: string;
};

export const emptyStewardForm: StewardForm = {
  name: "",
  description: "",
  language: "",
  region: "",
  license: "CC-BY-4.0",
  kind: "text",
  guidelines: "",
  terms: "",
  curators: "",
  quorum: "1",
  defaultScore: "50",
  rewardToken: "",
  governed: false,
  votingPeriod: "50400",
  timelockDelay: "172800",
  quorumFraction: "10",
};

/** How a governed dataset decides (createGovernedDataset's settings). */
export type GovernanceSettings = { votingPeriod: number; timelockDelay: bigint; quorumFraction: number };

export type Checked =
  | {
      ok: true;
      manifest: DatasetManifest;
      curators: Address[];
      quorum: number;
      defaultScore: number;
      rewardToken: Address | undefined;
      governance: GovernanceSettings | undefined;
    }
  | { ok: false; problems: Partial<Record<keyof StewardForm, string | MessageKey>> };

/**
 * Checks the steward's form: the manifest with the SDK's own schema (validateManifest: the same rules as
 * the CLI and every other tool), then curators, quorum, score and token. Problems are keyed by field;
 * a value is either a catalogue key or the schema's own message.
 */
export function checkStewardForm(form: StewardForm): Checked {
  const fields = checkManifestFields(form);
  const { manifest } = fields;
  const problems: Partial<Record<keyof StewardForm, string>> = { ...fields.problems };
  const curatorList = form.curators
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = curatorList.filter((c) => !isAddress(c, { strict: false }));
  if (bad.length > 0) problems.curators = "steward.curatorsInvalid";
  const curators = [...new Set(curatorList.filter((c) => isAddress(c, { strict: false })).map((c) => getAddress(c)))];
  if (curators.length > 48) problems.curators = "steward.curatorsTooMany";
  const quorum = Number(form.quorum);
  if (!/^\d+$/.test(form.quorum.trim()) || quorum > curators.length) problems.quorum = "steward.quorumInvalid";
  const defaultScore = Number(form.defaultScore);
  if (!/^\d+$/.test(form.defaultScore.trim()) || defaultScore < 1 || defaultScore > 100)
    problems.defaultScore = "review.scoreInvalid";
  let rewardToken: Address | undefined;
  if (form.rewardToken.trim()) {
    if (!isAddress(form.rewardToken.trim(), { strict: false })) problems.rewardToken = "steward.tokenInvalid";
    else rewardToken = getAddress(form.rewardToken.trim());
  }
  let governance: GovernanceSettings | undefined;
  if (form.governed) {
    const votingPeriod = Number(form.votingPeriod);
    if (!/^\d+$/.test(form.votingPeriod.trim()) || votingPeriod < 1 || votingPeriod > 2 ** 32 - 1)
      problems.votingPeriod = "steward.votingPeriodInvalid";
    if (!/^\d+$/.test(form.timelockDelay.trim()) || Number(form.timelockDelay) > 365 * 86_400)
      problems.timelockDelay = "steward.timelockDelayInvalid";
    const quorumFraction = Number(form.quorumFraction);
    if (!/^\d+$/.test(form.quorumFraction.trim()) || quorumFraction > 100)
      problems.quorumFraction = "steward.quorumFractionInvalid";
    governance = {
      votingPeriod,
      timelockDelay: BigInt(problems.timelockDelay ? 0 : form.timelockDelay.trim()),
      quorumFraction,
    };
  }
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return { ok: true, manifest, curators, quorum, defaultScore, rewardToken, governance };
}
