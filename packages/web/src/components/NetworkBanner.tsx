import { useConnection, useSwitchChain } from "wagmi";
import { useI18n } from "../i18n/index.js";
import { useCairn } from "../lib/cairn.js";
import { ErrorView } from "./ErrorView.js";

/** When the wallet is on another chain: say so, and offer to switch (the wallet adds the chain if it must). */
export function NetworkBanner() {
  const { t } = useI18n();
  const { config } = useCairn();
  const { chainId, isConnected } = useConnection();
  const switchChain = useSwitchChain();
  if (!isConnected || chainId === undefined || chainId === config.chainId) return null;
  return (
    <div className="banner warning" role="alert">
      <p>{t("network.wrong", { expected: config.chainName, actual: chainId })}</p>
      <button
        type="button"
        className="button"
        disabled={switchChain.isPending}
        onClick={() => switchChain.mutate({ chainId: config.chainId })}
      >
        {t("network.switch", { name: config.chainName })}
      </button>
      {switchChain.error && <ErrorView error={switchChain.error} />}
    </div>
  );
}

/** True when a wallet is connected on the configured chain. */
export function useReady(): boolean {
  const { config } = useCairn();
  const { chainId, isConnected } = useConnection();
  return isConnected && chainId === config.chainId;
}
