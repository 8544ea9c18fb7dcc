import { fund } from "@cairn/sdk/browser";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { erc20Abi, parseUnits } from "viem";
import { useConnection } from "wagmi";
import { Amount } from "../components/Amount.js";
import { ErrorView } from "../components/ErrorView.js";
import { useReady } from "../components/NetworkBanner.js";
import { TxStatus } from "../components/TxStatus.js";
import { useI18n } from "../i18n/index.js";
import { useCairn } from "../lib/cairn.js";
import { useDataset } from "../lib/reads.js";
import { href } from "../lib/router.js";
import { useTx } from "../lib/tx.js";

/** Parses a decimal amount in the token's units; returns the message key of what is wrong, if anything. */
export function parseAmount(
  text: string,
  decimals: number,
): { value?: bigint; problem?: "fund.amountInvalid" | "fund.amountZero" } {
  const clean = text.trim().replace(",", ".");
  if (!/^\d+(\.\d+)?$/.test(clean)) return { problem: "fund.amountInvalid" };
  const fraction = clean.split(".")[1] ?? "";
  if (fraction.length > decimals) return { problem: "fund.amountInvalid" };
  const value = parseUnits(clean, decimals);
  return value === 0n ? { problem: "fund.amountZero" } : { value };
}

export default function Fund({ datasetId }: { datasetId: string }) {
  const { t } = useI18n();
  const { client } = useCairn();
  const { address } = useConnection();
  const ready = useReady();
  const queryClient = useQueryClient();
  const id = /^\d+$/.test(datasetId) ? BigInt(datasetId) : 0n;
  const dataset = useDataset(id);
  const [text, setText] = useState("");
  const [touched, setTouched] = useState(false);
  const tx = useTx<bigint>();
  const token = dataset.data?.token;
  const balance = useQuery({
    queryKey: ["balance", token?.address, address],
    enabled: Boolean(token && address),
    queryFn: () =>
      client.publicClient.readContract({
        address: token?.address as `0x${string}`,
        abi: erc20Abi,
        functionName: "balanceOf",
        args: [address as `0x${string}`],
      }),
  });
  if (dataset.isPending)
    return (
      <p role="status" className="loading">
        <span className="spinner" aria-hidden="true" /> {t("state.loading")}
      </p>
    );
  if (dataset.error) return <ErrorView error={dataset.error} onRetry={() => dataset.refetch()} />;
  const { manifest, pool } = dataset.data;
  const parsed = token ? parseAmount(text, token.decimals) : { problem: "fund.amountInvalid" as const };
  const submit = () =>
    tx.run(async (writer) => {
      const result = await fund(writer, { datasetId: id, amount: parsed.value as bigint });
      await queryClient.invalidateQueries();
      setText("");
      setTouched(false);
      return result.credited;
    });
  return (
    <article aria-labelledby="fund-title">
      <p className="crumbs">
        <a href={href.datasets()}>{t("nav.datasets")}</a> / <a href={href.dataset(id)}>{manifest?.name ?? `#${id}`}</a>
      </p>
      <div className="page-head">
        <h1 id="fund-title">{t("fund.title", { name: manifest?.name ?? `#${id}` })}</h1>
        <p className="lede">{t("fund.lede")}</p>
      </div>
      {!token ? (
        <p className="warning-text">{t("dataset.noToken")}</p>
      ) : (
        <form
          className="panel narrow"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            setTouched(true);
            if (parsed.value) void submit();
          }}
        >
          <p>
            {t("dataset.funded")}: {pool ? <Amount value={pool.funded} token={token} /> : "—"}
          </p>
          <label className="field">
            <span>{t("fund.amount", { symbol: token.symbol })}</span>
            <input
              inputMode="decimal"
              value={text}
              onChange={(e) => setText(e.target.value)}
              onBlur={() => setTouched(true)}
              aria-invalid={touched && parsed.problem ? true : undefined}
              aria-describedby="amount-help"
            />
          </label>
          <p id="amount-help" className={touched && parsed.problem ? "field-error" : "muted"}>
            {touched && parsed.problem
              ? t(parsed.problem)
              : balance.data !== undefined
                ? t("fund.balance", { amount: "" })
                : ""}
            {!(touched && parsed.problem) && balance.data !== undefined && (
              <Amount value={balance.data} token={token} />
            )}
          </p>
          <p className="muted">{t("fund.permitNote")}</p>
          <button type="submit" className="button primary" disabled={!ready || tx.busy}>
            {t("fund.submit")}
          </button>
          <TxStatus
            state={tx.state}
            onRetry={() => void submit()}
            confirmed={tx.state.phase === "confirmed" ? t("fund.done") : undefined}
          />
        </form>
      )}
    </article>
  );
}
