import { claimPoolRewards, joinPool, leavePool, withdrawPoolStake } from "@cairn/sdk/browser";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Address } from "viem";
import { useConnection } from "wagmi";
import { useFormat, useI18n } from "../i18n/index.js";
import { useCairn } from "../lib/cairn.js";
import { type PoolRow, type StakeState, stakeState, usePoolRows } from "../lib/pools.js";
import { useTx } from "../lib/tx.js";
import { Amount } from "./Amount.js";
import { ErrorView } from "./ErrorView.js";
import { useReady } from "./NetworkBanner.js";
import { TxStatus } from "./TxStatus.js";

type Done = "joined" | "left" | "withdrawn" | "slashed" | "claimed";
type Action = "membership" | "withdraw" | "claim";

/**
 * The datasets the configured reviewer pool curates (the pool is one of their curators and has a policy), with
 * the connected account's place in each: join (approving the stake the pool pulls, if it asks for one) or leave;
 * a former member's stake (unbonding until when, or withdrawable now) and the reviewer reward it can claim.
 */
export function ReviewerPools() {
  const { t } = useI18n();
  const { config } = useCairn();
  const pool = config.reviewerPool;
  const { address } = useConnection();
  const query = usePoolRows(address);
  if (!pool) return null;
  return (
    <section aria-labelledby="pools-title" className="panel">
      <h2 id="pools-title">{t("pools.title")}</h2>
      <p className="muted">{t("pools.lede")}</p>
      {query.isPending && (
        <p role="status" className="loading">
          <span className="spinner" aria-hidden="true" /> {t("state.loading")}
        </p>
      )}
      {query.error && <ErrorView error={query.error} onRetry={() => query.refetch()} />}
      {query.data && query.data.rows.length === 0 && <p className="empty">{t("pools.none")}</p>}
      {query.data && query.data.rows.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t("pools.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("table.dataset")}</th>
                <th scope="col">{t("pools.members")}</th>
                <th scope="col">{t("pools.panel")}</th>
                <th scope="col">{t("pools.stake")}</th>
                <th scope="col">{t("pools.you")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("pools.action")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {query.data.rows.map((row) => (
                <PoolRowView
                  key={row.datasetId.toString()}
                  row={row}
                  pool={pool}
                  connected={Boolean(address)}
                  chainTime={query.data.chainTime}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** A stake that is not bonded to membership any more: when it unlocks, or that it can be withdrawn now. */
export function StakeNote({ state }: { state: StakeState }) {
  const { t } = useI18n();
  const format = useFormat();
  if (state.kind === "unbonding")
    return (
      <span className="muted">
        {" "}
        {t("pools.unbonding", { date: format.date(new Date(Number(state.unlocksAt) * 1000)) })}
      </span>
    );
  if (state.kind === "withdrawable")
    return (
      <span className={state.forfeits ? "field-error" : "muted"}>
        {" "}
        {t(state.forfeits ? "pools.forfeits" : "pools.withdrawable")}
      </span>
    );
  return null;
}

function PoolRowView({
  row,
  pool,
  connected,
  chainTime,
}: {
  row: PoolRow;
  pool: Address;
  connected: boolean;
  chainTime: bigint;
}) {
  const { t } = useI18n();
  const ready = useReady();
  const queryClient = useQueryClient();
  const tx = useTx<Done>();
  const { policy, pool: counters, reviewer, claimable } = row.status;
  const member = reviewer?.active === true;
  const stake = stakeState(row.status, chainTime);
  const dataset = `#${row.datasetId}`;
  const [last, setLast] = useState<Action>();
  const act = (what: Action) => {
    setLast(what);
    return tx.run(async (writer): Promise<Done> => {
      const datasetId = row.datasetId;
      let done: Done;
      if (what === "withdraw") {
        const { slashed } = await withdrawPoolStake(writer, { pool, datasetId });
        done = slashed > 0n ? "slashed" : "withdrawn";
      } else if (what === "claim") {
        await claimPoolRewards(writer, { pool, datasetId });
        done = "claimed";
      } else if (member) {
        await leavePool(writer, { pool, datasetId });
        done = "left";
      } else {
        await joinPool(writer, { pool, datasetId, approveStake: true });
        done = "joined";
      }
      await queryClient.invalidateQueries();
      return done;
    });
  };
  const disabled = !ready || !connected || tx.busy;
  return (
    <tr>
      <td>{dataset}</td>
      <td>{counters.activeMembers}</td>
      <td>{t("pools.k", { k: policy.k })}</td>
      <td>{policy.minStake > 0n ? <Amount value={policy.minStake} token={row.token} /> : t("pools.noStake")}</td>
      <td>
        {!connected
          ? "—"
          : member
            ? t("pools.member", { agreed: reviewer.agreed, votes: reviewer.votes })
            : t("pools.notMember")}
        {reviewer && reviewer.stake > 0n && (
          <span className="muted">
            {" "}
            {t("pools.yourStake")} <Amount value={reviewer.stake} token={row.token} />
          </span>
        )}
        <StakeNote state={stake} />
        {claimable !== undefined && claimable > 0n && (
          <span className="muted">
            {" "}
            {t("pools.claimable")} <Amount value={claimable} token={row.token} />
          </span>
        )}
      </td>
      <td>
        <div className="actions">
          <button
            type="button"
            className={member ? "button" : "button primary"}
            disabled={disabled}
            onClick={() => void act("membership")}
          >
            {member ? t("pools.leave", { dataset }) : t("pools.join", { dataset })}
          </button>
          {stake.kind === "withdrawable" && (
            <button type="button" className="button primary" disabled={disabled} onClick={() => void act("withdraw")}>
              {t("pools.withdraw", { dataset })}
            </button>
          )}
          {claimable !== undefined && claimable > 0n && (
            <button type="button" className="button primary" disabled={disabled} onClick={() => void act("claim")}>
              {t("pools.claim", { dataset })}
            </button>
          )}
        </div>
        <TxStatus
          state={tx.state}
          onRetry={last ? () => void act(last) : undefined}
          confirmed={tx.state.phase === "confirmed" ? t(`pools.${tx.state.result}`, { dataset }) : undefined}
        />
      </td>
    </tr>
  );
}
