import {
  type Contribution,
  cairnRegistryAbi,
  getContribution,
  getReviewQueue,
  listDatasets,
  type PoolVote,
  review,
  reviewerPoolAbi,
  type Review as Vote,
  votePool,
} from "@cairn/sdk/browser";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Fragment, useState } from "react";
import { useConnection } from "wagmi";
import { Short } from "../components/Amount.js";
import { ErrorView } from "../components/ErrorView.js";
import { useReady } from "../components/NetworkBanner.js";
import { Preview } from "../components/Preview.js";
import { ReviewerPools } from "../components/ReviewerPools.js";
import { TxStatus } from "../components/TxStatus.js";
import { useFormat, useI18n } from "../i18n/index.js";
import { useCairn } from "../lib/cairn.js";
import { contributionsOf } from "../lib/reads.js";
import { useTx } from "../lib/tx.js";

type Decision = { choice: "skip" | "accept" | "reject"; score: string };
/** A pending contribution to review: as a curator, or (with `seat`) in the seat a reviewer pool drew you for. */
type Row = Contribution & { quorum: number; datasetName: string; seat?: number | undefined };

/** A score is an integer 1..100; returns the message key of what is wrong, if anything. */
export function scoreProblem(score: string): "review.scoreInvalid" | undefined {
  const n = Number(score);
  return /^\d+$/.test(score.trim()) && n >= 1 && n <= 100 ? undefined : "review.scoreInvalid";
}

export default function Review() {
  const { t } = useI18n();
  const f = useFormat();
  const { client, config } = useCairn();
  const pool = config.reviewerPool;
  const { address } = useConnection();
  const ready = useReady();
  const queryClient = useQueryClient();
  const [decisions, setDecisions] = useState<Record<string, Decision>>({});
  const [open, setOpen] = useState<string | undefined>();
  const tx = useTx<{ counted: number; skipped: number; decided: number }>();
  const queue = useQuery({
    queryKey: ["review-queue", address, pool],
    enabled: Boolean(address),
    // A queue changes behind the page's back (new contributions, seats the pool draws): read it again each time
    // the page opens, even within the app's default 2 s staleTime (navigation between pages keeps the cache).
    refetchOnMount: "always",
    queryFn: async () => {
      const account = address as `0x${string}`;
      const { datasets } = await listDatasets(client);
      const isCurator = (datasetId: bigint, who: `0x${string}`) =>
        client.publicClient.readContract({
          address: client.registry,
          abi: cairnRegistryAbi,
          functionName: "isCurator",
          args: [datasetId, who],
        });
      // A pool member reviews the datasets the pool curates; the pool draws which contributions (seats).
      const isPoolMember = async (datasetId: bigint) => {
        if (!pool || !(await isCurator(datasetId, pool))) return false;
        const me = await client.publicClient.readContract({
          address: pool,
          abi: reviewerPoolAbi,
          functionName: "reviewerOf",
          args: [datasetId, account],
        });
        return me.joined && me.active;
      };
      const mine = (
        await Promise.all(
          datasets.map(async (d) => ({ d, curator: await isCurator(d.id, account), member: await isPoolMember(d.id) })),
        )
      ).filter((x) => x.curator || x.member);
      const rows: Row[] = [];
      for (const { d, curator, member } of mine) {
        const pending = await contributionsOf(client, config, d.id, "pending");
        if (curator) for (const c of pending) rows.push({ ...c, quorum: d.quorum, datasetName: `#${d.id}` });
        if (!member || !pool) continue;
        for (const q of await getReviewQueue(client, { pool, datasetId: d.id, account })) {
          const c = pending.find((p) => p.contentHash.toLowerCase() === q.contentHash.toLowerCase());
          if (c) rows.push({ ...c, quorum: d.quorum, seat: q.seat, datasetName: `#${d.id}` });
        }
      }
      return { datasets: mine.length, rows };
    },
  });
  const keyOf = (c: Row) => `${c.datasetId}:${c.contentHash}:${c.seat ?? "curator"}`;
  const decision = (c: Row): Decision => decisions[keyOf(c)] ?? { choice: "skip", score: "80" };
  const set = (c: Row, change: Partial<Decision>) =>
    setDecisions((all) => ({ ...all, [keyOf(c)]: { ...decision(c), ...change } }));
  const rows = queue.data?.rows ?? [];
  const chosen = rows.filter((c) => decision(c).choice !== "skip");
  const invalid = chosen.some((c) => decision(c).choice === "accept" && scoreProblem(decision(c).score));

  // Curator votes go to the registry in one transaction, pool votes to the pool in one `voteBatch`.
  const direct = chosen.filter((c) => c.seat === undefined);
  const drawn = chosen.filter((c) => c.seat !== undefined);
  const submit = () =>
    tx.run(async (writer) => {
      const vote = (c: Row): Vote =>
        decision(c).choice === "accept"
          ? { datasetId: c.datasetId, contentHash: c.contentHash, accept: true, score: Number(decision(c).score) }
          : { datasetId: c.datasetId, contentHash: c.contentHash, accept: false };
      const result = { counted: 0, skipped: 0, decided: 0 };
      if (direct.length > 0) {
        const { outcomes } = await review(writer, { reviews: direct.map(vote) });
        result.counted += outcomes.filter((o) => o.status === "counted").length;
        result.skipped += outcomes.filter((o) => o.status === "skipped").length;
        result.decided += outcomes.filter((o) => o.decision).length;
      }
      if (drawn.length > 0 && pool) {
        const votes = drawn.map((c): PoolVote => ({ ...vote(c), seat: c.seat as number }));
        const { outcomes } = await votePool(writer, { pool, votes });
        const counted = outcomes.filter((o) => o.status === "counted");
        result.counted += counted.length;
        result.skipped += outcomes.length - counted.length;
        // The deciding pool vote casts the pool's registry vote: read which contributions are now decided.
        for (const o of counted) {
          const now = await getContribution(client, { datasetId: o.datasetId, contentHash: o.contentHash });
          if (now.status !== "pending") result.decided++;
        }
      }
      setDecisions({});
      await queryClient.invalidateQueries();
      return result;
    });

  return (
    <section aria-labelledby="review-title">
      <div className="page-head">
        <h1 id="review-title">{t("review.title")}</h1>
        <p className="lede">{t("review.lede")}</p>
      </div>
      {!address && <p className="muted">{t("review.connect")}</p>}
      {queue.isFetching && !queue.data && (
        <p role="status" className="loading">
          <span className="spinner" aria-hidden="true" /> {t("state.loading")}
        </p>
      )}
      {queue.error && <ErrorView error={queue.error} onRetry={() => queue.refetch()} />}
      {queue.data && queue.data.datasets === 0 && <p className="empty">{t("review.notCurator")}</p>}
      {queue.data && queue.data.datasets > 0 && rows.length === 0 && <p className="empty">{t("review.empty")}</p>}
      {rows.length > 0 && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t("review.title")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("table.dataset")}</th>
                  <th scope="col">{t("table.content")}</th>
                  <th scope="col">{t("table.size")}</th>
                  <th scope="col">{t("review.quorum")}</th>
                  <th scope="col">{t("review.decision")}</th>
                  <th scope="col">{t("table.score")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((c) => {
                  const k = keyOf(c);
                  const dcs = decision(c);
                  const problem = dcs.choice === "accept" ? scoreProblem(dcs.score) : undefined;
                  const name = `${c.cid.slice(0, 10)}…`;
                  return (
                    <Fragment key={k}>
                      <tr>
                        <td>
                          {c.seat === undefined
                            ? c.datasetName
                            : t("review.poolSeat", { dataset: c.datasetName, seat: c.seat })}
                        </td>
                        <td>
                          <Short value={c.cid} />{" "}
                          <button
                            type="button"
                            className="link"
                            aria-expanded={open === k}
                            onClick={() => setOpen(open === k ? undefined : k)}
                          >
                            {open === k ? t("preview.hide") : t("preview.show")}
                          </button>
                        </td>
                        <td>{f.bytes(c.size)}</td>
                        <td>
                          <div className="quorum">
                            <progress
                              max={c.quorum}
                              value={c.accepts}
                              aria-label={t("review.acceptsOf", { n: c.accepts, quorum: c.quorum })}
                            />
                            <span className="muted">
                              {t("review.votes", { accepts: c.accepts, rejects: c.rejects, quorum: c.quorum })}
                            </span>
                          </div>
                        </td>
                        <td>
                          <select
                            aria-label={t("review.decisionFor", { name })}
                            value={dcs.choice}
                            onChange={(e) => set(c, { choice: e.target.value as Decision["choice"] })}
                          >
                            <option value="skip">{t("review.skip")}</option>
                            <option value="accept">{t("review.accept")}</option>
                            <option value="reject">{t("review.reject")}</option>
                          </select>
                        </td>
                        <td>
                          <input
                            type="number"
                            min={1}
                            max={100}
                            inputMode="numeric"
                            className="score"
                            aria-label={t("review.scoreFor", { name })}
                            aria-invalid={problem ? true : undefined}
                            disabled={dcs.choice !== "accept"}
                            value={dcs.score}
                            onChange={(e) => set(c, { score: e.target.value })}
                          />
                          {problem && <span className="field-error">{t(problem)}</span>}
                        </td>
                      </tr>
                      {open === k && (
                        <tr className="preview-row">
                          <td colSpan={6}>
                            <Preview cid={c.cid} size={c.size} />
                          </td>
                        </tr>
                      )}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          </div>
          <button
            type="submit"
            className="button primary"
            disabled={!ready || chosen.length === 0 || invalid || tx.busy}
          >
            {direct.length > 0 && drawn.length > 0
              ? t("review.submitTwo", { count: chosen.length })
              : t("review.submit", { count: chosen.length })}
          </button>
        </form>
      )}
      <TxStatus
        state={tx.state}
        onRetry={() => void submit()}
        confirmed={
          tx.state.phase === "confirmed"
            ? t("review.done", {
                counted: tx.state.result.counted,
                decided: tx.state.result.decided,
                skipped: tx.state.result.skipped,
              })
            : undefined
        }
      />
      <ReviewerPools />
    </section>
  );
}
