import { claim } from "@cairn/sdk/browser";
import { useQueryClient } from "@tanstack/react-query";
import { useConnection } from "wagmi";
import { ClaimTable } from "../components/ClaimTable.js";
import { ErrorView } from "../components/ErrorView.js";
import { useReady } from "../components/NetworkBanner.js";
import { PoolRewards } from "../components/PoolRewards.js";
import { TxStatus } from "../components/TxStatus.js";
import { useI18n } from "../i18n/index.js";
import { useClaimable } from "../lib/reads.js";
import { useTx } from "../lib/tx.js";

export default function Rewards() {
  const { t } = useI18n();
  const { address } = useConnection();
  const ready = useReady();
  const queryClient = useQueryClient();
  const claimable = useClaimable(address);
  const tx = useTx<number>();
  const rows = claimable.data ?? [];
  const withAmount = rows.filter((r) => r.amount > 0n);
  const claimIds = (ids: bigint[]) =>
    tx.run(async (writer) => {
      const result = await claim(writer, { datasetIds: ids });
      await queryClient.invalidateQueries();
      return result.claimed.length;
    });
  return (
    <section aria-labelledby="rewards-title">
      <div className="page-head">
        <h1 id="rewards-title">{t("rewards.title")}</h1>
        <p className="lede">{t("rewards.lede")}</p>
      </div>
      {!address && <p className="muted">{t("review.connect")}</p>}
      {claimable.isFetching && !claimable.data && (
        <p role="status" className="loading">
          <span className="spinner" aria-hidden="true" /> {t("state.loading")}
        </p>
      )}
      {claimable.error && <ErrorView error={claimable.error} onRetry={() => claimable.refetch()} />}
      {claimable.data && rows.length === 0 && <p className="empty">{t("rewards.none")}</p>}
      {rows.length > 0 && (
        <>
          <ClaimTable
            rows={rows.map((r) => ({ datasetId: r.dataset.id, amount: r.amount, token: r.token }))}
            disabled={!ready || tx.busy}
            claimLabel={(id) => t("rewards.claimFrom", { id })}
            onClaim={(id) => void claimIds([id])}
          />
          <button
            type="button"
            className="button primary"
            disabled={!ready || withAmount.length === 0 || tx.busy}
            onClick={() => void claimIds(withAmount.map((r) => r.dataset.id))}
          >
            {t("rewards.claimAll", { count: withAmount.length })}
          </button>
        </>
      )}
      <TxStatus
        state={tx.state}
        confirmed={tx.state.phase === "confirmed" ? t("rewards.done", { count: tx.state.result }) : undefined}
      />
      {address && <PoolRewards account={address} />}
    </section>
  );
}
