import type { Dataset } from "@cairn/sdk/browser";
import { type Address, getAddress, isAddress, zeroAddress } from "viem";
import type { MessageKey } from "../i18n/en.js";

export type CheckedSteward = { ok: true; newSteward: Address } | { ok: false; problem: MessageKey };

/**
 * The address the steward proposes to hand the dataset to: a 0x address, not the zero address, not the steward
 * itself, and not the account already proposed (proposing again changes nothing). The proposed account becomes
 * steward only when it accepts from its own wallet.
 */
export function checkNewSteward(dataset: Dataset, input: string): CheckedSteward {
  const value = input.trim();
  if (!isAddress(value, { strict: false })) return { ok: false, problem: "handover.invalid" };
  const newSteward = getAddress(value);
  if (newSteward === zeroAddress) return { ok: false, problem: "handover.invalid" };
  if (newSteward === getAddress(dataset.steward)) return { ok: false, problem: "handover.self" };
  if (dataset.pendingSteward && newSteward === getAddress(dataset.pendingSteward))
    return { ok: false, problem: "handover.already" };
  return { ok: true, newSteward };
}
