import { useMemo, useState } from "react";
import { Amount, StatusBadge } from "../components/Amount.js";
import { ErrorView } from "../components/ErrorView.js";
import { useFormat, useI18n } from "../i18n/index.js";
import { type DatasetSummary, useDatasets } from "../lib/reads.js";
import { href } from "../lib/router.js";

function matches(s: DatasetSummary, query: string, status: string, language: string): boolean {
  if (status && s.dataset.status !== status) return false;
  if (language && s.manifest?.language !== language) return false;
  if (!query) return true;
  const m = s.manifest;
  const haystack = [m?.name, m?.description, m?.language, m?.region, m?.license, `#${s.dataset.id}`]
    .filter(Boolean)
    .join(" ")
    .toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .every((word) => haystack.includes(word));
}

export default function Datasets() {
  const { t } = useI18n();
  const f = useFormat();
  const datasets = useDatasets();
  const [query, setQuery] = useState("");
  const [status, setStatus] = useState("");
  const [language, setLanguage] = useState("");
  const languages = useMemo(
    () => [...new Set((datasets.data ?? []).map((s) => s.manifest?.language).filter(Boolean) as string[])].sort(),
    [datasets.data],
  );
  const shown = (datasets.data ?? []).filter((s) => matches(s, query.trim(), status, language));
  return (
    <section aria-labelledby="datasets-title">
      <div className="page-head">
        <h1 id="datasets-title">{t("datasets.title")}</h1>
        <p className="lede">{t("datasets.lede")}</p>
      </div>
      <search>
        <form className="filters" onSubmit={(e) => e.preventDefault()}>
          <label className="field grow">
            <span>{t("datasets.search")}</span>
            <input
              type="search"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              placeholder={t("datasets.searchPlaceholder")}
            />
          </label>
          <label className="field">
            <span>{t("datasets.filterStatus")}</span>
            <select value={status} onChange={(e) => setStatus(e.target.value)}>
              <option value="">{t("datasets.any")}</option>
              {(["open", "paused", "closed"] as const).map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t("datasets.filterLanguage")}</span>
            <select value={language} onChange={(e) => setLanguage(e.target.value)}>
              <option value="">{t("datasets.any")}</option>
              {languages.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </select>
          </label>
        </form>
      </search>
      {datasets.isPending && (
        <p role="status" className="loading">
          <span className="spinner" aria-hidden="true" /> {t("state.loading")}
        </p>
      )}
      {datasets.error && <ErrorView error={datasets.error} onRetry={() => datasets.refetch()} />}
      {datasets.data && (
        <p className="muted" aria-live="polite">
          {t("datasets.count", { shown: shown.length, total: datasets.data.length })}
        </p>
      )}
      {datasets.data?.length === 0 && (
        <div className="empty">
          <p>{t("datasets.empty")}</p>
          <a className="button" href={href.steward()}>
            {t("steward.create")}
          </a>
        </div>
      )}
      <ul className="cards">
        {shown.map((s) => (
          <li key={s.dataset.id.toString()} className="card">
            <div className="card-head">
              <h2>
                <a href={href.dataset(s.dataset.id)}>
                  {s.manifest?.name ?? t("dataset.unnamed", { id: s.dataset.id })}
                </a>
              </h2>
              <StatusBadge status={s.dataset.status} />
            </div>
            <p className="card-desc">{s.manifest?.description ?? s.manifestError}</p>
            <dl className="facts">
              <div>
                <dt>{t("dataset.language")}</dt>
                <dd>
                  {s.manifest?.language ?? "—"}
                  {s.manifest?.region ? ` · ${s.manifest.region}` : ""}
                </dd>
              </div>
              <div>
                <dt>{t("dataset.license")}</dt>
                <dd>{s.manifest?.license ?? "—"}</dd>
              </div>
              <div>
                <dt>{t("dataset.contributions")}</dt>
                <dd>
                  {t("dataset.countsShort", {
                    pending: f.number(s.counts.pending),
                    accepted: f.number(s.counts.accepted),
                  })}
                </dd>
              </div>
              <div>
                <dt>{t("dataset.fundedPaid")}</dt>
                <dd>
                  {s.pool && s.token ? (
                    <>
                      <Amount value={s.pool.funded} token={s.token} /> / <Amount value={s.pool.paid} token={s.token} />
                    </>
                  ) : (
                    t("dataset.noToken")
                  )}
                </dd>
              </div>
              <div>
                <dt>{t("dataset.curators")}</dt>
                <dd>
                  {s.dataset.curatorCount === 0
                    ? t("dataset.autoAccept")
                    : t("dataset.curatorsQuorum", { count: s.dataset.curatorCount, quorum: s.dataset.quorum })}
                </dd>
              </div>
            </dl>
          </li>
        ))}
      </ul>
    </section>
  );
}
