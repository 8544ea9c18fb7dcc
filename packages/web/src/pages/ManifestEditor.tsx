import { type Dataset, type DatasetManifest, updateDataset } from "@cairn/sdk/browser";
import { useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { useReady } from "../components/NetworkBanner.js";
import { TxStatus } from "../components/TxStatus.js";
import type { MessageKey } from "../i18n/en.js";
import { useI18n } from "../i18n/index.js";
import { useTx } from "../lib/tx.js";
import { ManifestFields } from "./ManifestFields.js";
import { checkManifestEdit, type ManifestForm, manifestFormOf } from "./manifest-form.js";

/**
 * The steward edits the dataset's manifest (description, guidelines, license…) and its terms: the SDK stores the
 * new manifest, sets its CID, and sets the terms hash only if the terms changed. The form is checked by the SDK's
 * manifest schema. New terms bind contributions signed from then on (the page says so before saving).
 */
export function ManifestEditor({
  dataset,
  manifest,
  canEdit,
}: {
  dataset: Dataset;
  manifest: DatasetManifest | undefined;
  canEdit: boolean;
}) {
  const { t } = useI18n();
  const ready = useReady();
  const queryClient = useQueryClient();
  const tx = useTx<number>();
  const [edited, setEdited] = useState<ManifestForm | undefined>();
  const [submitted, setSubmitted] = useState(false);
  const form = edited ?? manifestFormOf(manifest);
  const checked = checkManifestEdit(form, manifest);
  const problems = submitted && !checked.ok ? checked.problems : {};
  const message = (p: string) => (p.startsWith("steward.") ? t(p as MessageKey) : p);

  const field = (name: keyof ManifestForm, label: string, input: (props: object) => ReactNode) => {
    const problem = problems[name];
    return (
      <div className="field">
        <label htmlFor={`mf-${name}`}>{label}</label>
        {input({
          id: `mf-${name}`,
          value: form[name],
          "aria-invalid": problem ? true : undefined,
          "aria-describedby": problem ? `mf-${name}-error` : undefined,
          onChange: (e: { target: { value: string } }) => setEdited({ ...form, [name]: e.target.value }),
        })}
        {problem && (
          <p id={`mf-${name}-error`} className="field-error">
            {message(problem)}
          </p>
        )}
      </div>
    );
  };

  const submit = () =>
    tx.run(async (writer) => {
      if (!checked.ok) throw new Error("invalid form");
      const { hashes } = await updateDataset(writer, { datasetId: dataset.id, manifest: checked.manifest });
      setEdited(undefined);
      setSubmitted(false);
      await queryClient.invalidateQueries();
      return hashes.length;
    });

  return (
    <form
      className="panel form-grid"
      aria-labelledby="manifest-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setSubmitted(true);
        if (checked.ok && checked.changed) void submit();
      }}
    >
      <h2 id="manifest-title" className="wide">
        {t("manage.manifestTitle")}
      </h2>
      <ManifestFields
        field={field}
        afterTerms={
          checked.ok &&
          checked.termsChanged && (
            <p className="banner warning" role="note">
              {t("manage.termsChange")}
            </p>
          )
        }
      />
      {submitted && !checked.ok && (
        <p className="field-error wide" role="alert">
          {t("steward.fix", { count: Object.keys(checked.problems).length })}
        </p>
      )}
      <div className="wide">
        {checked.ok && !checked.changed && <p className="muted">{t("manage.noChanges")}</p>}
        <button
          type="submit"
          className="button primary"
          disabled={!ready || !canEdit || tx.busy || (checked.ok && !checked.changed)}
        >
          {t("manage.saveManifest")}
        </button>
        <TxStatus
          state={tx.state}
          onRetry={() => void submit()}
          confirmed={tx.state.phase === "confirmed" ? t("manage.done", { count: tx.state.result }) : undefined}
        />
      </div>
    </form>
  );
}
