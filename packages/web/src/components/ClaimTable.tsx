import { useI18n } from "../i18n/index.js";
import type { TokenInfo } from "../lib/reads.js";
import { href } from "../lib/router.js";
import { Amount } from "./Amount.js";

/** One dataset's claimable reward. */
export type ClaimRow = { datasetId: bigint; amount: bigint; token: TokenInfo | undefined };

/**
 * A table of claimable rewards, one dataset a row, each with its own claim button (disabled while `disabled`, and
 * when there is nothing to claim). The Rewards page shows two: the vault's dataset rewards and the reviewer pool's.
 */
export function ClaimTable({
  rows,
  caption,
  disabled,
  claimLabel,
  onClaim,
}: {
  rows: ClaimRow[];
  /** A caption read by screen readers only. */
  caption?: string;
  disabled: boolean;
  /** The button's accessible name for a dataset. */
  claimLabel: (datasetId: bigint) => string;
  onClaim: (datasetId: bigint) => void;
}) {
  const { t } = useI18n();
  return (
    <div className="table-wrap">
      <table>
        {caption && <caption className="visually-hidden">{caption}</caption>}
        <thead>
          <tr>
            <th scope="col">{t("table.dataset")}</th>
            <th scope="col">{t("rewards.claimable")}</th>
            <th scope="col">
              <span className="visually-hidden">{t("rewards.claim")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.datasetId.toString()}>
              <td>
                <a href={href.dataset(r.datasetId)}>#{r.datasetId.toString()}</a>
              </td>
              <td>
                <Amount value={r.amount} token={r.token} />
              </td>
              <td>
                <button
                  type="button"
                  className="button secondary small"
                  disabled={disabled || r.amount === 0n}
                  onClick={() => onClaim(r.datasetId)}
                  aria-label={claimLabel(r.datasetId)}
                >
                  {t("rewards.claim")}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
