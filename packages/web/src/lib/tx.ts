import type { CairnClient } from "@cairn/sdk/browser";
import { useCallback, useRef, useState } from "react";
import { useWriter } from "./cairn.js";

/** Every transaction is a visible state machine: idle → signing → pending → confirmed | failed. */
export type TxState<T = unknown> =
  | { phase: "idle" }
  | { phase: "signing"; method?: string | undefined }
  | { phase: "pending"; hash?: `0x${string}` | undefined }
  | { phase: "confirmed"; hash?: `0x${string}` | undefined; result: T }
  | { phase: "failed"; error: unknown };

/**
 * Runs one wallet action through the state machine. `action` gets a Cairn client whose wallet reports
 * when it is asked to sign (signing) and when a transaction leaves (pending); its result is `confirmed`,
 * any throw is `failed` with the error (explained by `explainError`). A second call while one runs is refused.
 */
export function useTx<T>() {
  const writer = useWriter();
  const [state, setState] = useState<TxState<T>>({ phase: "idle" });
  const running = useRef(false);
  const lastHash = useRef<`0x${string}` | undefined>(undefined);
  const run = useCallback(
    async (
      action: (client: CairnClient, report: (state: TxState<T>) => void) => Promise<T>,
    ): Promise<T | undefined> => {
      if (running.current) return undefined;
      running.current = true;
      lastHash.current = undefined;
      setState({ phase: "signing" });
      try {
        if (!writer) throw Object.assign(new Error("Connect a wallet first."), { name: "NotConnectedError" });
        const client = await writer({
          onRequest: (method) => setState({ phase: "signing", method }),
          onSent: (hash) => {
            lastHash.current = hash;
            setState({ phase: "pending", hash });
          },
          onSigned: () => setState({ phase: "pending" }),
        });
        const result = await action(client, setState);
        setState({ phase: "confirmed", hash: lastHash.current, result });
        return result;
      } catch (error) {
        setState({ phase: "failed", error });
        return undefined;
      } finally {
        running.current = false;
      }
    },
    [writer],
  );
  const reset = useCallback(() => setState({ phase: "idle" }), []);
  return { state, run, reset, busy: state.phase === "signing" || state.phase === "pending" };
}
