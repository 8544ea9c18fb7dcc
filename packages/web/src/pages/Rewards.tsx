import { claim } from "@cairn/sdk/browser";
import { useQueryClient } from "@tanstack/react-query";
import { useConnection } from "wagmi";
import { Amount } from "../components/Amount.js";
import { ErrorView } from "../components/ErrorView.js";
import { useReady } from "../components/NetworkBanner.js";
import { PoolRewards } from "../components/PoolRewards.js";
import { TxStatus } from "../components/TxStatus.js";
import { useI18n } from "../i18n/index.js";
import { useClaimable } from "../lib/reads.js";
import { href } from "../lib/router.js";
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
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("table.dataset")}</th>
                  <th scope="col">{t("rewards.claimable")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t("rewards.claim")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.dataset.id.toString()}>
                    <td>
                      <a href={href.dataset(r.dataset.id)}>#{r.dataset.id.toString()}</a>
                    </td>
                    <td>
                      <Amount value={r.amount} token={r.token} />
                    </td>
                    <td>
                      <button
                        type="button"
                        className="button secondary small"
                        disabled={!ready || r.amount === 0n || tx.busy}
                        onClick={() => void claimIds([r.dataset.id])}
                        aria-label={t("rewards.claimFrom", { id: r.dataset.id })}
                      >
                        {t("rewards.claim")}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
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
