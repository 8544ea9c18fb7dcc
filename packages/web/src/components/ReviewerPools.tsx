import { cairnRegistryAbi, getPool, getPoolStatus, joinPool, leavePool, listDatasets } from "@cairn/sdk/browser";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { Address } from "viem";
import { useConnection } from "wagmi";
import { useI18n } from "../i18n/index.js";
import { useCairn } from "../lib/cairn.js";
import { readToken, type TokenInfo } from "../lib/reads.js";
import { useTx } from "../lib/tx.js";
import { Amount } from "./Amount.js";
import { ErrorView } from "./ErrorView.js";
import { useReady } from "./NetworkBanner.js";
import { TxStatus } from "./TxStatus.js";

type PoolStatus = Awaited<ReturnType<typeof getPoolStatus>>;
type PoolRow = { datasetId: bigint; status: PoolStatus; token: TokenInfo | undefined };

/**
 * The datasets the configured reviewer pool curates (the pool is one of their curators and has a policy), with
 * the connected account's place in each: join (approving the stake the pool pulls, if it asks for one) or leave.
 */
export function ReviewerPools() {
  const { t } = useI18n();
  const { client, config } = useCairn();
  const pool = config.reviewerPool;
  const { address } = useConnection();
  const query = useQuery({
    queryKey: ["reviewer-pools", pool, address],
    enabled: Boolean(pool),
    queryFn: async (): Promise<PoolRow[]> => {
      const poolAddress = pool as Address;
      const { datasets } = await listDatasets(client);
      const rows = await Promise.all(
        datasets.map(async (d): Promise<PoolRow | undefined> => {
          const curates = await client.publicClient.readContract({
            address: client.registry,
            abi: cairnRegistryAbi,
            functionName: "isCurator",
            args: [d.id, poolAddress],
          });
          if (!curates) return undefined;
          const status = await getPoolStatus(client, { pool: poolAddress, datasetId: d.id, account: address });
          if (status.policy.k === 0) return undefined; // named a curator, but no policy yet: nobody can join
          const token =
            status.policy.minStake > 0n
              ? await getPool(client, { datasetId: d.id }).then((p) => readToken(client, p.token))
              : undefined;
          return { datasetId: d.id, status, token };
        }),
      );
      return rows.filter((r): r is PoolRow => r !== undefined);
    },
  });
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
      {query.data && query.data.length === 0 && <p className="empty">{t("pools.none")}</p>}
      {query.data && query.data.length > 0 && (
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
              {query.data.map((row) => (
                <PoolRowView key={row.datasetId.toString()} row={row} pool={pool} connected={Boolean(address)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function PoolRowView({ row, pool, connected }: { row: PoolRow; pool: Address; connected: boolean }) {
  const { t } = useI18n();
  const ready = useReady();
  const queryClient = useQueryClient();
  const tx = useTx<"joined" | "left">();
  const { policy, pool: counters, reviewer } = row.status;
  const member = reviewer?.active === true;
  const dataset = `#${row.datasetId}`;
  const act = () =>
    tx.run(async (writer) => {
      if (member) await leavePool(writer, { pool, datasetId: row.datasetId });
      else await joinPool(writer, { pool, datasetId: row.datasetId, approveStake: true });
      await queryClient.invalidateQueries();
      return member ? "left" : "joined";
    });
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
      </td>
      <td>
        <button
          type="button"
          className={member ? "button" : "button primary"}
          disabled={!ready || !connected || tx.busy}
          onClick={() => void act()}
        >
          {member ? t("pools.leave", { dataset }) : t("pools.join", { dataset })}
        </button>
        <TxStatus
          state={tx.state}
          onRetry={() => void act()}
          confirmed={
            tx.state.phase === "confirmed"
              ? t(tx.state.result === "joined" ? "pools.joined" : "pools.left", { dataset })
              : undefined
          }
        />
      </td>
    </tr>
  );
}
