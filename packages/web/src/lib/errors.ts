import type { MessageKey } from "../i18n/en.js";

/** What the user is shown about a failure: a translated headline, the SDK's own explanation, and what to do. */
export type Explained = {
  kind: "rejected" | "network" | "wrongChain" | "contract" | "other";
  headline: MessageKey;
  /** The SDK's (or wallet's) one-line reason, in its words. */
  reason: string;
  /** Values involved and hints (the SDK's metaMessages). */
  meta: string[];
};

type ErrorLike = {
  name?: string;
  code?: number;
  shortMessage?: string;
  message?: string;
  metaMessages?: string[];
  cause?: unknown;
};

function chain(error: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  let e = error as ErrorLike | undefined;
  while (e && typeof e === "object" && out.length < 12) {
    out.push(e);
    e = e.cause as ErrorLike | undefined;
  }
  return out;
}

/** Sorts an error (SDK, viem, wallet, fetch) into what a person can act on. */
export function explainError(error: unknown): Explained {
  const all = chain(error);
  const top = (all[0] ?? { message: String(error) }) as ErrorLike;
  const reason = (top.shortMessage ?? top.message ?? String(error)).split("\n")[0];
  const meta = (top.metaMessages ?? []).filter((line) => line.trim() !== "");
  if (all.some((e) => e.code === 4001 || e.name === "UserRejectedRequestError"))
    return { kind: "rejected", headline: "error.rejected", reason, meta: [] };
  if (all.some((e) => e.name === "ChainMismatchError" || e.name === "WrongChainError" || e.code === 4901))
    return { kind: "wrongChain", headline: "error.wrongChain", reason, meta };
  if (
    all.some(
      (e) =>
        e.name === "HttpRequestError" ||
        e.name === "TimeoutError" ||
        (e.name === "TypeError" && /fetch|network/i.test(e.message ?? "")) ||
        (e.name === "RelayError" && (e as { status?: number }).status === 0) ||
        e.name === "StoreRequestError",
    )
  )
    return { kind: "network", headline: "error.network", reason, meta };
  if (
    all.some(
      (e) =>
        e.name === "ContractCallError" ||
        e.name === "ContractFunctionRevertedError" ||
        e.name === "GovernanceError" ||
        e.name === "ProposalNotReadyError",
    )
  )
    return { kind: "contract", headline: "error.contract", reason, meta };
  return { kind: "other", headline: "error.other", reason, meta };
}
