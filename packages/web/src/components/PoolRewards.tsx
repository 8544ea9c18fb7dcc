import { claimPoolRewards } from "@cairn/sdk/browser";
import { useQueryClient } from "@tanstack/react-query";
import type { Address } from "viem";
import { useI18n } from "../i18n/index.js";
import { useCairn } from "../lib/cairn.js";
import { usePoolRows } from "../lib/pools.js";
import { useTx } from "../lib/tx.js";
import { ClaimTable } from "./ClaimTable.js";
import { ErrorView } from "./ErrorView.js";
import { useReady } from "./NetworkBanner.js";
import { TxStatus } from "./TxStatus.js";

/**
 * The Rewards page's second table: what `account`'s agreeing reviews earned in the configured reviewer pool, per
 * dataset, read from the pool itself (the vault's dataset rewards are the first table), each claimed on its own.
 */
export function PoolRewards({ account }: { account: Address }) {
  const { t } = useI18n();
  const { config } = useCairn();
  const ready = useReady();
  const queryClient = useQueryClient();
  const query = usePoolRows(account);
  const tx = useTx<bigint>();
  const pool = config.reviewerPool;
  if (!pool) return null;
  const rows = (query.data?.rows ?? []).filter((r) => (r.status.claimable ?? 0n) > 0n);
  const claimFrom = (datasetId: bigint) =>
    tx.run(async (writer) => {
      await claimPoolRewards(writer, { pool, datasetId });
      await queryClient.invalidateQueries();
      return datasetId;
    });
  return (
    <section aria-labelledby="pool-rewards-title" className="panel">
      <h2 id="pool-rewards-title">{t("rewards.poolTitle")}</h2>
      <p className="muted">{t("rewards.poolLede")}</p>
      {query.isPending && (
        <p role="status" className="loading">
          <span className="spinner" aria-hidden="true" /> {t("state.loading")}
        </p>
      )}
      {query.error && <ErrorView error={query.error} onRetry={() => query.refetch()} />}
      {query.data && rows.length === 0 && <p className="empty">{t("rewards.poolNone")}</p>}
      {rows.length > 0 && (
        <ClaimTable
          rows={rows.map((r) => ({ datasetId: r.datasetId, amount: r.status.claimable ?? 0n, token: r.token }))}
          caption={t("rewards.poolTitle")}
          disabled={!ready || tx.busy}
          claimLabel={(id) => t("rewards.poolClaimFrom", { id })}
          onClaim={(id) => void claimFrom(id)}
        />
      )}
      <TxStatus
        state={tx.state}
        confirmed={tx.state.phase === "confirmed" ? t("rewards.poolDone", { id: tx.state.result }) : undefined}
      />
    </section>
  );
}
