import { updateDataset } from "@cairn/sdk/browser";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useConnection } from "wagmi";
import { ErrorView } from "../components/ErrorView.js";
import { useReady } from "../components/NetworkBanner.js";
import { Stewardship } from "../components/Stewardship.js";
import { TxStatus } from "../components/TxStatus.js";
import { useI18n } from "../i18n/index.js";
import { useIsGoverned } from "../lib/is-governed.js";
import { useDataset } from "../lib/reads.js";
import { href } from "../lib/router.js";
import { useTx } from "../lib/tx.js";
import { ManifestEditor } from "./ManifestEditor.js";
import { checkManageForm, type ManageForm, manageFormOf } from "./manage-form.js";

/** The steward edits an existing dataset: curators, review quorum and default score, status; manifest and terms. */
function Editor({ datasetId }: { datasetId: bigint }) {
  const { t } = useI18n();
  const query = useDataset(datasetId, { fresh: true });
  const governed = useIsGoverned(datasetId);
  const { address } = useConnection();
  const ready = useReady();
  const queryClient = useQueryClient();
  const tx = useTx<number>();
  const [edited, setEdited] = useState<ManageForm | undefined>();
  const [submitted, setSubmitted] = useState(false);
  if (query.isPending)
    return (
      <p role="status" className="loading">
        <span className="spinner" aria-hidden="true" /> {t("state.loading")}
      </p>
    );
  if (query.error) return <ErrorView error={query.error} onRetry={() => query.refetch()} />;
  const { dataset, manifest, curators } = query.data;
  const form = edited ?? manageFormOf(dataset, curators);
  const checked = checkManageForm(dataset, curators, form);
  const problems = submitted && !checked.ok ? checked.problems : {};
  const isSteward = address !== undefined && address.toLowerCase() === dataset.steward.toLowerCase();
  const set = (patch: Partial<ManageForm>) => setEdited({ ...form, ...patch });
  const field = (name: keyof ManageForm) =>
    problems[name] ? { "aria-invalid": true as const, "aria-describedby": `m-${name}-error` } : {};
  const error = (name: keyof ManageForm) =>
    problems[name] && (
      <p id={`m-${name}-error`} className="field-error">
        {t(problems[name])}
      </p>
    );
  const submit = () =>
    tx.run(async (writer) => {
      if (!checked.ok) throw new Error("invalid form");
      const { hashes } = await updateDataset(writer, checked.update);
      setEdited(undefined);
      setSubmitted(false);
      await queryClient.invalidateQueries();
      return hashes.length;
    });
  const name = manifest?.name ?? `#${dataset.id}`;
  return (
    <article aria-labelledby="manage-title">
      <p className="crumbs">
        <a href={href.datasets()}>{t("nav.datasets")}</a> / <a href={href.dataset(dataset.id)}>{name}</a>
      </p>
      <div className="page-head">
        <h1 id="manage-title">{t("manage.title", { name })}</h1>
        <p className="lede">{t("manage.lede")}</p>
      </div>
      {governed.data && (
        <div className="banner" role="note">
          <p>
            {t("manage.governed")} <a href={href.govern(dataset.id)}>{t("dataset.govern")}</a>
          </p>
        </div>
      )}
      {address && !isSteward && !governed.data && (
        <div className="banner warning" role="alert">
          <p>{t("manage.notSteward", { steward: dataset.steward })}</p>
        </div>
      )}
      <form
        className="panel form-grid"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setSubmitted(true);
          if (checked.ok && checked.changes > 0) void submit();
        }}
      >
        <div className="field wide">
          <label htmlFor="m-curators">{t("steward.curators")}</label>
          <textarea
            id="m-curators"
            rows={3}
            value={form.curators}
            onChange={(e) => set({ curators: e.target.value })}
            {...field("curators")}
          />
          {error("curators")}
        </div>
        <div className="field">
          <label htmlFor="m-quorum">{t("steward.quorum")}</label>
          <input
            id="m-quorum"
            inputMode="numeric"
            value={form.quorum}
            onChange={(e) => set({ quorum: e.target.value })}
            {...field("quorum")}
          />
          {error("quorum")}
        </div>
        <div className="field">
          <label htmlFor="m-defaultScore">{t("steward.defaultScore")}</label>
          <input
            id="m-defaultScore"
            inputMode="numeric"
            value={form.defaultScore}
            onChange={(e) => set({ defaultScore: e.target.value })}
            {...field("defaultScore")}
          />
          {error("defaultScore")}
        </div>
        <div className="field">
          <label htmlFor="m-status">{t("table.status")}</label>
          <select
            id="m-status"
            value={form.status}
            disabled={dataset.status === "closed"}
            onChange={(e) => set({ status: e.target.value as ManageForm["status"] })}
            aria-describedby="m-status-help"
            {...field("status")}
          >
            {(["open", "paused", "closed"] as const).map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
          <p id="m-status-help" className="muted">
            {t("manage.statusHelp")}
          </p>
          {error("status")}
        </div>
        <div className="wide">
          {checked.ok && checked.changes === 0 && <p className="muted">{t("manage.noChanges")}</p>}
          <button
            type="submit"
            className="button primary"
            disabled={!ready || !isSteward || tx.busy || (checked.ok && checked.changes === 0)}
          >
            {t("manage.save")}
          </button>
          <TxStatus
            state={tx.state}
            onRetry={() => void submit()}
            confirmed={tx.state.phase === "confirmed" ? t("manage.done", { count: tx.state.result }) : undefined}
          />
        </div>
      </form>
      <ManifestEditor dataset={dataset} manifest={manifest} canEdit={isSteward} />
      <Stewardship dataset={dataset} governed={governed.data === true} />
    </article>
  );
}

export default function Manage({ datasetId }: { datasetId: string }) {
  return <Editor datasetId={/^\d+$/.test(datasetId) ? BigInt(datasetId) : 0n} />;
}
