import { createDataset, createGovernedDataset } from "@cairn/sdk/browser";
import { useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { useReady } from "../components/NetworkBanner.js";
import { TxStatus } from "../components/TxStatus.js";
import type { MessageKey } from "../i18n/en.js";
import { useI18n } from "../i18n/index.js";
import { useCairn } from "../lib/cairn.js";
import { href } from "../lib/router.js";
import { useTx } from "../lib/tx.js";
import { ManifestFields } from "./ManifestFields.js";
import { checkStewardForm, emptyStewardForm, type StewardForm } from "./steward-form.js";

export default function Steward() {
  const { t } = useI18n();
  const { config } = useCairn();
  const ready = useReady();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<StewardForm>({ ...emptyStewardForm, rewardToken: config.rewardToken ?? "" });
  const [submitted, setSubmitted] = useState(false);
  const tx = useTx<bigint>();
  const checked = checkStewardForm(form);
  const problems = submitted && !checked.ok ? checked.problems : {};
  const message = (p: string) => (p.startsWith("steward.") || p.startsWith("review.") ? t(p as MessageKey) : p);

  const field = (name: keyof StewardForm, label: string, input: (props: object) => ReactNode, help?: string) => {
    const problem = problems[name];
    const describedBy = [help ? `${name}-help` : "", problem ? `${name}-error` : ""].filter(Boolean).join(" ");
    return (
      <div className="field">
        <label htmlFor={`f-${name}`}>{label}</label>
        {input({
          id: `f-${name}`,
          name,
          value: form[name],
          "aria-invalid": problem ? true : undefined,
          "aria-describedby": describedBy || undefined,
          onChange: (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value }),
        })}
        {help && (
          <p id={`${name}-help`} className="muted">
            {help}
          </p>
        )}
        {problem && (
          <p id={`${name}-error`} className="field-error">
            {message(problem)}
          </p>
        )}
      </div>
    );
  };

  const submit = () =>
    tx.run(async (writer) => {
      if (!checked.ok) throw new Error("invalid form");
      const settings = {
        manifest: checked.manifest,
        curators: checked.curators,
        quorum: checked.quorum,
        defaultScore: checked.defaultScore,
        rewardToken: checked.rewardToken,
      };
      const { datasetId } =
        checked.governance && config.factory
          ? await createGovernedDataset(writer, { ...settings, ...checked.governance, factory: config.factory })
          : await createDataset(writer, settings);
      await queryClient.invalidateQueries();
      return datasetId;
    });

  return (
    <section aria-labelledby="steward-title">
      <div className="page-head">
        <h1 id="steward-title">{t("steward.title")}</h1>
        <p className="lede">{t("steward.lede")}</p>
      </div>
      <form
        className="panel form-grid"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setSubmitted(true);
          if (checked.ok) void submit();
        }}
      >
        <ManifestFields field={field} withHelp />
        <div className="wide">
          {field(
            "curators",
            t("steward.curators"),
            (p) => (
              <textarea rows={2} {...p} />
            ),
            t("steward.curatorsHelp"),
          )}
        </div>
        {field(
          "quorum",
          t("steward.quorum"),
          (p) => (
            <input inputMode="numeric" {...p} />
          ),
          t("steward.quorumHelp"),
        )}
        {field("defaultScore", t("steward.defaultScore"), (p) => (
          <input inputMode="numeric" {...p} />
        ))}
        <div className="wide">
          {field(
            "rewardToken",
            t("steward.rewardToken"),
            (p) => (
              <input {...p} />
            ),
            t("steward.rewardTokenHelp"),
          )}
        </div>
        {config.factory && (
          <fieldset className="wide choice">
            <legend>{t("steward.governance")}</legend>
            <label className="check">
              <input
                type="checkbox"
                checked={form.governed}
                onChange={(e) => setForm({ ...form, governed: e.target.checked })}
              />{" "}
              {t("steward.governed")}
            </label>
            <p className="muted">{t("steward.governedHelp")}</p>
            {form.governed && (
              <div className="form-grid">
                {field(
                  "votingPeriod",
                  t("steward.votingPeriod"),
                  (p) => (
                    <input inputMode="numeric" {...p} />
                  ),
                  t("steward.votingPeriodHelp"),
                )}
                {field(
                  "timelockDelay",
                  t("steward.timelockDelay"),
                  (p) => (
                    <input inputMode="numeric" {...p} />
                  ),
                  t("steward.timelockDelayHelp"),
                )}
                {field("quorumFraction", t("steward.quorumFraction"), (p) => (
                  <input inputMode="numeric" {...p} />
                ))}
              </div>
            )}
          </fieldset>
        )}
        {submitted && !checked.ok && (
          <p className="field-error wide" role="alert">
            {t("steward.fix", { count: Object.keys(checked.problems).length })}
          </p>
        )}
        <div className="wide">
          <button type="submit" className="button primary" disabled={!ready || tx.busy}>
            {t("steward.create")}
          </button>
          <TxStatus
            state={tx.state}
            onRetry={() => void submit()}
            confirmed={tx.state.phase === "confirmed" ? t("steward.done", { id: tx.state.result }) : undefined}
          />
          {tx.state.phase === "confirmed" && (
            <p>
              <a href={href.dataset(tx.state.result)}>{t("steward.open", { id: tx.state.result })}</a>
              {form.governed && (
                <>
                  {" · "}
                  <a href={href.govern(tx.state.result)}>{t("dataset.govern")}</a>
                </>
              )}
            </p>
          )}
        </div>
      </form>
    </section>
  );
}
