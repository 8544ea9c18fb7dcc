import { useI18n } from "../i18n/index.js";
import { explainError } from "../lib/errors.js";

/** An error as a person reads it: what happened (translated), the SDK's reason and values, and a retry. */
export function ErrorView({ error, onRetry }: { error: unknown; onRetry?: (() => void) | undefined }) {
  const { t } = useI18n();
  const e = explainError(error);
  return (
    <div className="error" role="alert">
      <p className="error-headline">{t(e.headline)}</p>
      <p className="error-reason">{e.reason}</p>
      {e.meta.length > 0 && (
        <ul className="error-meta">
          {e.meta.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      <p className="error-hint">{t(`${e.headline}.hint` as never)}</p>
      {onRetry && (
        <button type="button" className="button secondary" onClick={onRetry}>
          {t("action.retry")}
        </button>
      )}
    </div>
  );
}
