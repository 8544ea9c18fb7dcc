import { useI18n } from "../i18n/index.js";
import { useCairn } from "../lib/cairn.js";
import type { TxState } from "../lib/tx.js";
import { ErrorView } from "./ErrorView.js";

/** Shows where a transaction is (a live region, so screen readers hear each step). */
export function TxStatus({
  state,
  onRetry,
  confirmed,
}: {
  state: TxState<unknown>;
  onRetry?: (() => void) | undefined;
  confirmed?: string | undefined;
}) {
  const { t } = useI18n();
  const { config } = useCairn();
  const hash = "hash" in state ? state.hash : undefined;
  return (
    <div className={`tx tx-${state.phase}`} role="status" aria-live="polite" data-phase={state.phase}>
      {state.phase === "signing" && (
        <p>
          <span className="spinner" aria-hidden="true" /> {t("tx.signing")}
        </p>
      )}
      {state.phase === "pending" && (
        <p>
          <span className="spinner" aria-hidden="true" /> {t("tx.pending")}
        </p>
      )}
      {state.phase === "confirmed" && <p className="ok">✓ {confirmed ?? t("tx.confirmed")}</p>}
      {hash && (
        <p className="hash">
          {t("tx.hash")}{" "}
          {config.explorer ? (
            <a href={`${config.explorer}/tx/${hash}`}>
              <code>{hash}</code>
            </a>
          ) : (
            <code>{hash}</code>
          )}
        </p>
      )}
      {state.phase === "failed" && <ErrorView error={state.error} onRetry={onRetry} />}
    </div>
  );
}
