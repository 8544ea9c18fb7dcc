import { useEffect, useRef } from "react";
import { useConnect, useConnectors } from "wagmi";
import { useI18n } from "../i18n/index.js";
import { useCairn } from "../lib/cairn.js";
import { ErrorView } from "./ErrorView.js";

/**
 * Our own small connect dialog: a native modal <dialog> (focus trapped, Esc closes) listing the
 * wallets wagmi knows: those announced through EIP-6963, and the injected one if configured.
 */
export function ConnectDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { config } = useCairn();
  const connectors = useConnectors();
  const connect = useConnect();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  // A discovered wallet and the generic injected one may be the same extension: show each name once.
  const seen = new Set<string>();
  const list = connectors.filter((c) => {
    const key = c.name.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="connect-title" onClose={onClose}>
      <h2 id="connect-title">{t("connect.title")}</h2>
      <p className="muted">{t("connect.intro")}</p>
      {list.length === 0 ? (
        <p>{t("connect.none")}</p>
      ) : (
        <ul className="wallets">
          {list.map((connector) => (
            <li key={connector.uid}>
              <button
                type="button"
                className="wallet"
                disabled={connect.isPending}
                onClick={() => connect.mutate({ connector, chainId: config.chainId }, { onSuccess: () => onClose() })}
              >
                {connector.icon ? (
                  <img src={connector.icon} alt="" width={28} height={28} />
                ) : (
                  <span className="wallet-icon" aria-hidden="true" />
                )}
                <span>{connector.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {connect.isPending && (
        <p role="status">
          <span className="spinner" aria-hidden="true" /> {t("connect.waiting")}
        </p>
      )}
      {connect.error && <ErrorView error={connect.error} />}
      <form method="dialog">
        <button type="submit" className="button secondary">
          {t("action.close")}
        </button>
      </form>
    </dialog>
  );
}
