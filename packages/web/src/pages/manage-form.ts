import type { Dataset, DatasetStatus, UpdateDatasetParameters } from "@cairn/sdk/browser";
import { type Address, getAddress, isAddress } from "viem";
import type { MessageKey } from "../i18n/en.js";

/** The steward's edit of an existing dataset: curators, review policy and status. */
export type ManageForm = { curators: string; quorum: string; defaultScore: string; status: DatasetStatus };

export function manageFormOf(dataset: Dataset, curators: readonly Address[]): ManageForm {
  return {
    curators: curators.join("\n"),
    quorum: String(dataset.quorum),
    defaultScore: String(dataset.defaultScore),
    status: dataset.status,
  };
}

export type CheckedManage =
  | { ok: true; update: UpdateDatasetParameters; changes: number }
  | { ok: false; problems: Partial<Record<keyof ManageForm, MessageKey>> };

/**
 * Checks the edit against the dataset as it is, and returns only what changes, as `updateDataset` takes it
 * (curators added and removed, review policy, status). A closed dataset stays closed: the registry allows
 * no way back, so the form refuses to offer one.
 */
export function checkManageForm(dataset: Dataset, current: readonly Address[], form: ManageForm): CheckedManage {
  const problems: Partial<Record<keyof ManageForm, MessageKey>> = {};
  const listed = form.curators
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (listed.some((c) => !isAddress(c, { strict: false }))) problems.curators = "steward.curatorsInvalid";
  const wanted = [...new Set(listed.filter((c) => isAddress(c, { strict: false })).map((c) => getAddress(c)))];
  if (wanted.length > 48) problems.curators = "steward.curatorsTooMany";
  const quorum = Number(form.quorum);
  if (!/^\d+$/.test(form.quorum.trim()) || quorum > wanted.length) problems.quorum = "steward.quorumInvalid";
  const defaultScore = Number(form.defaultScore);
  if (!/^\d+$/.test(form.defaultScore.trim()) || defaultScore < 1 || defaultScore > 100)
    problems.defaultScore = "review.scoreInvalid";
  if (dataset.status === "closed" && form.status !== "closed") problems.status = "manage.closedForGood";
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const have = new Set(current.map((c) => getAddress(c)));
  const addCurators = wanted.filter((c) => !have.has(c));
  const removeCurators = [...have].filter((c) => !wanted.includes(c));
  const update: UpdateDatasetParameters = { datasetId: dataset.id };
  let changes = 0;
  if (addCurators.length > 0) {
    update.addCurators = addCurators;
    changes += addCurators.length;
  }
  if (removeCurators.length > 0) {
    update.removeCurators = removeCurators;
    changes += removeCurators.length;
  }
  if (quorum !== dataset.quorum || defaultScore !== dataset.defaultScore) {
    update.quorum = quorum;
    update.defaultScore = defaultScore;
    changes++;
  }
  if (form.status !== dataset.status) {
    update.status = form.status;
    changes++;
  }
  return { ok: true, update, changes };
}
