import { acceptStewardship, type Dataset, updateDataset } from "@cairn/sdk/browser";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { type Address, isAddressEqual } from "viem";
import { useConnection } from "wagmi";
import { useI18n } from "../i18n/index.js";
import { useTx } from "../lib/tx.js";
import { checkNewSteward } from "../pages/stewardship-form.js";
import { Short } from "./Amount.js";
import { useReady } from "./NetworkBanner.js";
import { TxStatus } from "./TxStatus.js";

const same = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && isAddressEqual(a as Address, b as Address);

/**
 * Handing a dataset over (Manage page): the steward proposes a new steward (`transferStewardship`); the proposal
 * shows as pending until the proposed account accepts it from its own wallet (`acceptStewardship`), which this
 * panel offers when that account is connected. A governed dataset's stewardship changes by proposal only.
 */
export function Stewardship({ dataset, governed }: { dataset: Dataset; governed: boolean }) {
  const { t } = useI18n();
  const { address } = useConnection();
  const ready = useReady();
  const queryClient = useQueryClient();
  const tx = useTx<"proposed" | "accepted">();
  const [input, setInput] = useState("");
  const [submitted, setSubmitted] = useState(false);
  const isSteward = same(address, dataset.steward);
  const isProposed = same(address, dataset.pendingSteward);
  const checked = checkNewSteward(dataset, input);
  const problem = submitted && !checked.ok ? checked.problem : undefined;
  const propose = () =>
    tx.run(async (writer) => {
      if (!checked.ok) throw new Error("invalid address");
      await updateDataset(writer, { datasetId: dataset.id, newSteward: checked.newSteward });
      setInput("");
      setSubmitted(false);
      await queryClient.invalidateQueries();
      return "proposed" as const;
    });
  const accept = () =>
    tx.run(async (writer) => {
      await acceptStewardship(writer, { datasetId: dataset.id });
      await queryClient.invalidateQueries();
      return "accepted" as const;
    });
  return (
    <section aria-labelledby="handover-title" className="panel">
      <h2 id="handover-title">{t("handover.title")}</h2>
      <p>
        {t("handover.current")} <Short value={dataset.steward} />
      </p>
      {dataset.pendingSteward ? (
        <p role="status">
          {t("handover.pending")} <Short value={dataset.pendingSteward} />
        </p>
      ) : (
        <p className="muted">{t("handover.nonePending")}</p>
      )}
      {isProposed && (
        <div className="actions">
          <p>{t("handover.youAreProposed")}</p>
          <button type="button" className="button primary" disabled={!ready || tx.busy} onClick={() => void accept()}>
            {t("handover.accept")}
          </button>
        </div>
      )}
      {isSteward && !governed && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            setSubmitted(true);
            if (checked.ok) void propose();
          }}
        >
          <div className="field">
            <label htmlFor="h-steward">{t("handover.newSteward")}</label>
            <input
              id="h-steward"
              value={input}
              spellCheck={false}
              autoComplete="off"
              onChange={(e) => setInput(e.target.value)}
              aria-describedby={problem ? "h-steward-help h-steward-error" : "h-steward-help"}
              {...(problem ? { "aria-invalid": true as const } : {})}
            />
            <p id="h-steward-help" className="muted">
              {t("handover.help")}
            </p>
            {problem && (
              <p id="h-steward-error" className="field-error">
                {t(problem)}
              </p>
            )}
          </div>
          <button type="submit" className="button" disabled={!ready || tx.busy}>
            {t("handover.propose")}
          </button>
        </form>
      )}
      <TxStatus
        state={tx.state}
        onRetry={() => void (isProposed ? accept() : propose())}
        confirmed={tx.state.phase === "confirmed" ? t(`handover.${tx.state.result}`) : undefined}
      />
    </section>
  );
}
