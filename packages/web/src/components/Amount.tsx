import { formatUnits } from "viem";
import { useI18n } from "../i18n/index.js";
import type { TokenInfo } from "../lib/reads.js";

/** A token amount in the reader's locale, with its symbol. */
export function Amount({ value, token }: { value: bigint; token: TokenInfo | undefined }) {
  const { locale } = useI18n();
  const decimals = token?.decimals ?? 18;
  const n = Number(formatUnits(value, decimals));
  return (
    <span className="amount">
      {new Intl.NumberFormat(locale, { maximumFractionDigits: 4 }).format(n)} {token?.symbol ?? ""}
    </span>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  return <span className={`badge badge-${status}`}>{t(`status.${status}` as never)}</span>;
}

export function Short({ value }: { value: string }) {
  return (
    <code title={value} className="short">
      {value.length > 14 ? `${value.slice(0, 8)}…${value.slice(-4)}` : value}
    </code>
  );
}
