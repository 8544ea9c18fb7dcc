import { getParkedDividends, modelRegistryAbi, withdrawParkedDividends } from "@cairn/sdk/browser";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { type Address, getAddress, isAddress, isAddressEqual } from "viem";
import { useConnection } from "wagmi";
import { useI18n } from "../i18n/index.js";
import { useCairn } from "../lib/cairn.js";
import { readToken, type TokenInfo } from "../lib/reads.js";
import { useTx } from "../lib/tx.js";
import { Amount, Short } from "./Amount.js";
import { ErrorView } from "./ErrorView.js";
import { useReady } from "./NetworkBanner.js";
import { TxStatus } from "./TxStatus.js";

/** Dividends of one release parked for one owner in one token, and what that owner has parked in it now. */
type Parked = {
  releaseId: bigint;
  number: number;
  owner: Address;
  token: TokenInfo;
  amount: bigint;
  /** All the owner holds parked in this token today (every release, every dataset): what a withdrawal moves. */
  parkedNow: bigint;
};

/**
 * Data dividends of this dataset's releases that a token refused to pay to a contribution's owner (a blocklisted
 * address, a contract that rejects the token), read from the model registry's `DividendParked` events. The model
 * registry keeps them for that owner, and only that owner can take them, at any time, to an address of its
 * choice (`withdrawParked`): the form lets the connected owner send them elsewhere than the refused address.
 */
export function ParkedDividends({ releases }: { releases: ReadonlyArray<{ releaseId: bigint; number: number }> }) {
  const { t } = useI18n();
  const { client, config } = useCairn();
  const { address } = useConnection();
  const models = config.models;
  const ids = releases.map((r) => r.releaseId);
  const query = useQuery({
    queryKey: ["parked-dividends", models, ids.map(String)],
    enabled: Boolean(models) && ids.length > 0,
    queryFn: async (): Promise<Parked[]> => {
      const logs = await client.publicClient.getContractEvents({
        address: models as Address,
        abi: modelRegistryAbi,
        eventName: "DividendParked",
        args: { releaseId: ids },
        fromBlock: 0n,
        toBlock: "latest",
      });
      const byKey = new Map<string, { releaseId: bigint; owner: Address; token: Address; amount: bigint }>();
      for (const log of logs) {
        const { releaseId, owner, token, amount } = log.args as {
          releaseId: bigint;
          owner: Address;
          token: Address;
          amount: bigint;
        };
        const key = `${releaseId}:${owner}:${token}`;
        const entry = byKey.get(key) ?? { releaseId, owner, token, amount: 0n };
        entry.amount += amount;
        byKey.set(key, entry);
      }
      return Promise.all(
        [...byKey.values()].map(async (e) => ({
          ...e,
          number: releases.find((r) => r.releaseId === e.releaseId)?.number ?? 0,
          token: await readToken(client, e.token),
          parkedNow: await getParkedDividends(client, { token: e.token, account: e.owner }),
        })),
      );
    },
  });
  if (!models || !query.data?.length) return query.error ? <ErrorView error={query.error} /> : null;
  return (
    <section aria-labelledby="parked-title">
      <h3 id="parked-title">{t("parked.title")}</h3>
      <p className="muted">{t("parked.lede")}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("releases.number")}</th>
              <th scope="col">{t("parked.owner")}</th>
              <th scope="col">{t("parked.amount")}</th>
              <th scope="col">{t("parked.now")}</th>
            </tr>
          </thead>
          <tbody>
            {query.data.map((p) => (
              <tr key={`${p.releaseId}:${p.owner}:${p.token.address}`}>
                <td>{t("releases.name", { number: p.number })}</td>
                <td>
                  <Short value={p.owner} />
                </td>
                <td>
                  <Amount value={p.amount} token={p.token} />
                </td>
                <td>
                  <Amount value={p.parkedNow} token={p.token} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {uniqueMine(query.data, address).map((p) => (
        <Withdraw key={p.token.address} parked={p} owner={address as Address} />
      ))}
    </section>
  );
}

/** The connected account's parked balances, one per token (a withdrawal moves the whole balance in a token). */
function uniqueMine(parked: Parked[], account: Address | undefined): Parked[] {
  if (!account) return [];
  const mine = parked.filter((p) => isAddressEqual(p.owner, account));
  return mine.filter((p, i) => mine.findIndex((q) => q.token.address === p.token.address) === i);
}

function Withdraw({ parked, owner }: { parked: Parked; owner: Address }) {
  const { t } = useI18n();
  const ready = useReady();
  const queryClient = useQueryClient();
  const tx = useTx<bigint>();
  const [to, setTo] = useState<string>(owner);
  const valid = isAddress(to.trim(), { strict: false });
  const id = `parked-to-${parked.token.address}`;
  const submit = () =>
    tx.run(async (writer) => {
      const { amount } = await withdrawParkedDividends(writer, {
        token: parked.token.address,
        to: getAddress(to.trim()),
      });
      await queryClient.invalidateQueries({ queryKey: ["parked-dividends"] });
      return amount;
    });
  // Nothing left to take (withdrawn earlier, or just now: then the confirmation stays on screen).
  if (parked.parkedNow === 0n && tx.state.phase === "idle") return null;
  return (
    <form
      className="panel"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) void submit();
      }}
    >
      <div className="field">
        <label htmlFor={id}>{t("parked.to")}</label>
        <input
          id={id}
          value={to}
          onChange={(e) => setTo(e.target.value)}
          aria-invalid={valid ? undefined : true}
          aria-describedby={`${id}-help`}
        />
        <p id={`${id}-help`} className="muted">
          {t("parked.toHelp")}
        </p>
      </div>
      <button type="submit" className="button primary" disabled={!ready || !valid || tx.busy}>
        {t("parked.withdraw", { symbol: parked.token.symbol })}
      </button>
      <TxStatus
        state={tx.state}
        onRetry={() => void submit()}
        confirmed={tx.state.phase === "confirmed" ? t("parked.done", { symbol: parked.token.symbol }) : undefined}
      />
    </form>
  );
}
