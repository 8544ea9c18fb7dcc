import { type AvailabilityReport, type CopyStatus, checkDatasetAvailability } from "@cairn/sdk/browser";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useI18n } from "../i18n/index.js";
import { useCairn } from "../lib/cairn.js";
import { viaIndexer } from "../lib/reads.js";
import { Short } from "./Amount.js";
import { ErrorView } from "./ErrorView.js";

const statuses: CopyStatus[] = ["available", "missing", "corrupt", "unreachable"];

/**
 * Checks, on request, that every accepted file of a dataset can be fetched from the store the app reads
 * previews from, block by block against its CID and whole against its sha256, and shows the report.
 */
export function Availability({ datasetId }: { datasetId: bigint }) {
  const { t } = useI18n();
  const { client, config } = useCairn();
  const [progress, setProgress] = useState<{ done: number; total: number }>();
  const check = useMutation<AvailabilityReport>({
    mutationFn: () => {
      setProgress(undefined);
      return checkDatasetAvailability(client, {
        datasetId,
        stores: client.store ? [client.store] : [],
        minCopies: 1,
        concurrency: 4,
        onProgress: (done, total) => setProgress({ done, total }),
      });
    },
  });
  const report = check.data;
  // The indexer's latest check (when its operator configured stores), shown as the indexer's, not as proof.
  const indexed = useQuery({
    queryKey: ["availability", datasetId.toString(), config.indexer],
    enabled: Boolean(config.indexer),
    queryFn: () =>
      viaIndexer(
        config,
        (indexer) => indexer.getAvailability({ datasetId, limit: 100 }),
        async () => null,
      ),
  });
  return (
    <section aria-labelledby="availability-title">
      <h2 id="availability-title">{t("availability.title")}</h2>
      {indexed.data && (
        <div data-testid="indexed-availability">
          <p className="muted">
            {t("availability.indexed", {
              when: indexed.data.checkedAt ? new Date(indexed.data.checkedAt).toLocaleString() : "—",
              unchecked: indexed.data.summary.unchecked,
            })}
          </p>
          <ReportView report={indexed.data} />
        </div>
      )}
      <p className="muted">{t("availability.intro")}</p>
      <button type="button" className="button secondary" disabled={check.isPending} onClick={() => check.mutate()}>
        {t("availability.check")}
      </button>
      {check.isPending && (
        <p className="loading">
          <span className="spinner" aria-hidden="true" />{" "}
          {t("availability.checking", { done: progress?.done ?? 0, total: progress?.total ?? 0 })}
        </p>
      )}
      <div role="status" aria-live="polite">
        {report && !check.isPending && <ReportView report={report} />}
      </div>
      {check.error && <ErrorView error={check.error} onRetry={() => check.mutate()} />}
    </section>
  );
}

type Report = Pick<AvailabilityReport, "stores" | "summary"> & {
  files: Array<{
    contentHash: string;
    cid: string;
    copies: number;
    stores: Record<string, { status: CopyStatus; error?: string | undefined } | undefined>;
  }>;
};

/** A report's summary, totals by status, and one row per file and store. */
function ReportView({ report }: { report: Report }) {
  const { t } = useI18n();
  const totals = statuses.map(
    (s) => [s, Object.values(report.summary.byStore).reduce((n, by) => n + by[s], 0)] as const,
  );
  return (
    <>
      <p>
        {t("availability.summary", { files: report.summary.files, stores: report.stores.length })}{" "}
        {t("availability.lost", { count: report.summary.lost })}
      </p>
      <dl className="stats">
        {totals.map(([s, n]) => (
          <div key={s}>
            <dt>{t(`availability.status.${s}`)}</dt>
            <dd>{n}</dd>
          </div>
        ))}
      </dl>
      {report.files.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("availability.file")}</th>
                {report.stores.map((s) => (
                  <th scope="col" key={s}>
                    {s}
                  </th>
                ))}
                <th scope="col">{t("availability.copies")}</th>
              </tr>
            </thead>
            <tbody>
              {report.files.map((f) => (
                <tr key={f.contentHash}>
                  <th scope="row">
                    <Short value={f.cid} />
                  </th>
                  {report.stores.map((s) => {
                    const copy = f.stores[s];
                    return (
                      <td key={s} title={copy?.error}>
                        {copy ? t(`availability.status.${copy.status}`) : "—"}
                      </td>
                    );
                  })}
                  <td>{f.copies}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
