import { hashTerms } from "@cairn/sdk/browser";
import { Fragment, useState } from "react";
import { useConnection } from "wagmi";
import { Amount, Short, StatusBadge } from "../components/Amount.js";
import { Availability } from "../components/Availability.js";
import { ErrorView } from "../components/ErrorView.js";
import { ParkedDividends } from "../components/ParkedDividends.js";
import { Preview } from "../components/Preview.js";
import { useFormat, useI18n } from "../i18n/index.js";
import { useIsGoverned } from "../lib/is-governed.js";
import { useDataset } from "../lib/reads.js";
import { useReleases } from "../lib/releases.js";
import { href } from "../lib/router.js";

export default function DatasetPage({ datasetId }: { datasetId: string }) {
  const { t } = useI18n();
  const f = useFormat();
  const id = /^\d+$/.test(datasetId) ? BigInt(datasetId) : 0n;
  const query = useDataset(id);
  // Secondary reads wait for the page's own data (they would share its JSON-RPC batch and delay it).
  const governed = useIsGoverned(id, { after: query.isSuccess });
  const releases = useReleases(id, { after: query.isSuccess });
  const { address } = useConnection();
  const [open, setOpen] = useState<string | undefined>();
  if (query.isPending)
    return (
      <p role="status" className="loading">
        <span className="spinner" aria-hidden="true" /> {t("state.loading")}
      </p>
    );
  if (query.error) return <ErrorView error={query.error} onRetry={() => query.refetch()} />;
  const { dataset, manifest, manifestError, counts, pool, token, contributions, curators } = query.data;
  const terms = manifest?.terms;
  const termsMatch = terms !== undefined && hashTerms(terms) === dataset.termsHash;
  return (
    <article aria-labelledby="dataset-title">
      <p className="crumbs">
        <a href={href.datasets()}>{t("nav.datasets")}</a> / #{dataset.id.toString()}
      </p>
      <div className="page-head row">
        <div>
          <h1 id="dataset-title">
            {manifest?.name ?? t("dataset.unnamed", { id: dataset.id })} <StatusBadge status={dataset.status} />
          </h1>
          {manifest && (
            <p className="lede">
              {manifest.language}
              {manifest.region ? ` · ${manifest.region}` : ""} · {manifest.license} ·{" "}
              {t(`kind.${manifest.items.kind}` as never)}
            </p>
          )}
        </div>
        <div className="actions">
          {dataset.status === "open" && (
            <a className="button" href={href.contribute(dataset.id)}>
              {t("dataset.contribute")}
            </a>
          )}
          {dataset.rewardToken && (
            <a className="button secondary" href={href.fund(dataset.id)}>
              {t("dataset.fund")}
            </a>
          )}
          {address && address.toLowerCase() === dataset.steward.toLowerCase() && (
            <a className="button secondary" href={href.manage(dataset.id)}>
              {t("dataset.manage")}
            </a>
          )}
          {governed.data && (
            <a className="button secondary" href={href.govern(dataset.id)}>
              {t("dataset.govern")}
            </a>
          )}
        </div>
      </div>
      {manifestError && <ErrorView error={new Error(manifestError)} />}

      <section className="stats" aria-label={t("dataset.stats")}>
        <div>
          <span className="stat">{f.number(counts.accepted)}</span>
          <span>{t("status.accepted")}</span>
        </div>
        <div>
          <span className="stat">{f.number(counts.pending)}</span>
          <span>{t("status.pending")}</span>
        </div>
        <div>
          <span className="stat">{f.number(counts.rejected)}</span>
          <span>{t("status.rejected")}</span>
        </div>
        <div>
          <span className="stat">{pool && token ? <Amount value={pool.funded} token={token} /> : "—"}</span>
          <span>{t("dataset.funded")}</span>
        </div>
        <div>
          <span className="stat">{pool && token ? <Amount value={pool.paid} token={token} /> : "—"}</span>
          <span>{t("dataset.paid")}</span>
        </div>
      </section>

      {manifest && (
        <div className="columns">
          <section aria-labelledby="about-title">
            <h2 id="about-title">{t("dataset.about")}</h2>
            <p className="prose">{manifest.description}</p>
            <h3>{t("dataset.guidelines")}</h3>
            <p className="prose">{manifest.guidelines}</p>
          </section>
          <section aria-labelledby="terms-title">
            <h2 id="terms-title">{t("dataset.terms")}</h2>
            {terms !== undefined ? (
              <>
                {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1) */}
                <section className="terms" aria-labelledby="terms-title" tabIndex={0}>
                  <pre>{terms}</pre>
                </section>
                <p className={termsMatch ? "ok" : "warning-text"}>
                  {termsMatch ? t("dataset.termsMatch") : t("dataset.termsMismatch")}
                </p>
              </>
            ) : (
              <p className="warning-text">{t("dataset.termsMissing")}</p>
            )}
            <h3>{t("dataset.review")}</h3>
            <p>
              {dataset.quorum === 0
                ? t("dataset.autoAcceptScore", { score: dataset.defaultScore })
                : t("dataset.curatorsQuorum", { count: dataset.curatorCount, quorum: dataset.quorum })}
            </p>
            {curators.length > 0 && (
              <ul className="plain">
                {curators.map((c) => (
                  <li key={c}>
                    <Short value={c} />
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      )}

      {releases.data && releases.data.length > 0 && (
        <section aria-labelledby="releases-title">
          <h2 id="releases-title">{t("releases.title", { count: releases.data.length })}</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("releases.number")}</th>
                  <th scope="col">{t("releases.items")}</th>
                  <th scope="col">{t("steward.license")}</th>
                  <th scope="col">{t("releases.snapshot")}</th>
                  <th scope="col">{t("releases.files")}</th>
                  <th scope="col">{t("releases.models")}</th>
                </tr>
              </thead>
              <tbody>
                {releases.data.map((r) => (
                  <tr key={r.releaseId.toString()}>
                    <td>{t("releases.name", { number: r.number })}</td>
                    <td>{f.number(r.itemCount)}</td>
                    <td>{r.license}</td>
                    <td>{t("releases.block", { block: r.snapshotBlock })}</td>
                    <td>
                      <Short value={r.fileListCid} />
                    </td>
                    <td>
                      {r.models.length === 0 ? (
                        <span className="muted">{t("releases.noModels")}</span>
                      ) : (
                        <ul className="plain">
                          {r.models.map((m) => (
                            <li key={m.modelId.toString()}>
                              <strong>{m.name}</strong> · {m.license} · <Short value={m.weightsCid} />
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ParkedDividends releases={releases.data} />
        </section>
      )}

      <section aria-labelledby="contributions-title">
        <h2 id="contributions-title">{t("dataset.contributionsTitle", { count: contributions.length })}</h2>
        {contributions.length === 0 ? (
          <p className="muted">{t("dataset.noContributions")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("table.content")}</th>
                  <th scope="col">{t("table.status")}</th>
                  <th scope="col">{t("table.score")}</th>
                  <th scope="col">{t("table.contributor")}</th>
                  <th scope="col">{t("table.size")}</th>
                  <th scope="col">{t("table.preview")}</th>
                </tr>
              </thead>
              <tbody>
                {contributions.map((c) => (
                  <Fragment key={c.contentHash}>
                    <tr>
                      <td>
                        <Short value={c.cid} />
                      </td>
                      <td>
                        <StatusBadge status={c.status} />
                        {c.status === "pending" && dataset.quorum > 0 && (
                          <span className="muted">
                            {" "}
                            {t("review.votes", { accepts: c.accepts, rejects: c.rejects, quorum: dataset.quorum })}
                          </span>
                        )}
                      </td>
                      <td>{c.status === "accepted" ? c.score : "—"}</td>
                      <td>
                        <Short value={c.contributor} />
                      </td>
                      <td>{f.bytes(c.size)}</td>
                      <td>
                        <button
                          type="button"
                          className="button secondary small"
                          aria-expanded={open === c.contentHash}
                          onClick={() => setOpen(open === c.contentHash ? undefined : c.contentHash)}
                        >
                          {open === c.contentHash ? t("preview.hide") : t("preview.show")}
                        </button>
                      </td>
                    </tr>
                    {open === c.contentHash && (
                      <tr className="preview-row">
                        <td colSpan={6}>
                          <Preview cid={c.cid} size={c.size} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <Availability datasetId={dataset.id} />
    </article>
  );
}
