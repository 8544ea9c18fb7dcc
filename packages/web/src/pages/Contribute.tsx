import {
  type CairnClient,
  cairnRegistryAbi,
  relay,
  type SignedContribution,
  signContribution,
  submitSignedContributions,
  toCairnError,
  waitForRelayed,
} from "@cairn/sdk/browser";
import { useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { ErrorView } from "../components/ErrorView.js";
import { useReady } from "../components/NetworkBanner.js";
import { TxStatus } from "../components/TxStatus.js";
import { useFormat, useI18n } from "../i18n/index.js";
import { useCairn } from "../lib/cairn.js";
import { explainError } from "../lib/errors.js";
import { filesOfDrop, filesOfInput, type Picked } from "../lib/files.js";
import { hashInWorker, pool } from "../lib/hashing.js";
import { useDataset } from "../lib/reads.js";
import { href } from "../lib/router.js";
import { addVerified } from "../lib/store.js";
import { type TxState, useTx } from "../lib/tx.js";

type Phase = "hashing" | "ready" | "duplicate" | "repeated" | "storing" | "signed" | "included" | "skipped" | "failed";
type Item = {
  key: number;
  path: string;
  file: File;
  phase: Phase;
  bytes: number;
  hash?: { sha256: `0x${string}`; cid: string; size: bigint } | undefined;
  note?: string | undefined;
};

let nextKey = 1;

export default function Contribute({ datasetId }: { datasetId: string }) {
  const { t } = useI18n();
  const f = useFormat();
  const { config, client } = useCairn();
  const ready = useReady();
  const queryClient = useQueryClient();
  const id = /^\d+$/.test(datasetId) ? BigInt(datasetId) : 0n;
  const dataset = useDataset(id);
  const [items, setItems] = useState<Item[]>([]);
  const [agreed, setAgreed] = useState(false);
  const [route, setRoute] = useState<"relayer" | "direct">(config.relayer ? "relayer" : "direct");
  const [dragging, setDragging] = useState(false);
  const tx = useTx<{ included: number; skipped: number }>();
  const abort = useRef<AbortController | undefined>(undefined);

  const update = (key: number, change: Partial<Item>) =>
    setItems((list) => list.map((it) => (it.key === key ? { ...it, ...change } : it)));

  /** Is this content already in the dataset? Asked of the chain, the only authority. */
  const existing = async (sha256: `0x${string}`) => {
    try {
      const state = await client.publicClient.readContract({
        address: client.registry,
        abi: cairnRegistryAbi,
        functionName: "getContribution",
        args: [id, sha256],
      });
      return state.status !== 0;
    } catch (error) {
      if ((toCairnError(error) as { errorName?: string }).errorName === "ContributionNotFound") return false;
      throw error;
    }
  };

  const add = async (picked: Picked[]) => {
    if (picked.length === 0) return;
    tx.reset();
    const fresh: Item[] = picked.map((p) => ({
      key: nextKey++,
      path: p.path,
      file: p.file,
      phase: "hashing",
      bytes: 0,
    }));
    setItems((list) => [...list, ...fresh]);
    abort.current ??= new AbortController();
    const signal = abort.current.signal;
    await pool(
      fresh.map((item) => async () => {
        try {
          const hash = await hashInWorker(item.file, {
            signal,
            onProgress: (bytes) => update(item.key, { bytes }),
          });
          const duplicate = await existing(hash.sha256);
          setItems((list) => {
            const repeated = list.some((o) => o.key !== item.key && o.hash?.sha256 === hash.sha256);
            return list.map((it) =>
              it.key === item.key
                ? {
                    ...it,
                    hash,
                    bytes: item.file.size,
                    phase: duplicate ? "duplicate" : repeated ? "repeated" : "ready",
                  }
                : it,
            );
          });
        } catch (error) {
          update(item.key, { phase: "failed", note: explainError(error).reason });
        }
      }),
      2,
    );
  };

  const remove = (key: number) => setItems((list) => list.filter((it) => it.key !== key));

  if (dataset.isPending)
    return (
      <p role="status" className="loading">
        <span className="spinner" aria-hidden="true" /> {t("state.loading")}
      </p>
    );
  if (dataset.error) return <ErrorView error={dataset.error} onRetry={() => dataset.refetch()} />;
  const { dataset: d, manifest } = dataset.data;
  const terms = manifest?.terms;
  const open = d.status === "open";
  const eligible = items.filter((it) => it.phase === "ready");
  const hashing = items.some((it) => it.phase === "hashing");
  const totalBytes = items.reduce((n, it) => n + it.file.size, 0);
  const hashedBytes = items.reduce((n, it) => n + Math.min(it.bytes, it.file.size), 0);
  const canStore = Boolean(config.contentEndpoint);

  const submit = () =>
    tx.run((writer, report) =>
      send(writer, report).catch((error) => {
        // Whatever was not included goes back to ready, so "Retry" picks it up again.
        setItems((list) =>
          list.map((it) =>
            it.phase === "storing" || it.phase === "signed" ? { ...it, phase: "ready", bytes: it.file.size } : it,
          ),
        );
        throw error;
      }),
    );

  const send = async (writer: CairnClient, report: (s: TxState<{ included: number; skipped: number }>) => void) => {
    const wallet = writer.walletClient;
    if (!wallet?.account) throw new Error("Connect a wallet first.");
    // Just before signing, ask the chain again: the dataset may have closed, or someone registered a file.
    const fresh = await queryClient.fetchQuery({ queryKey: ["dataset", id.toString()], staleTime: 0 });
    if ((fresh as { dataset: { status: string } }).dataset.status !== "open")
      throw Object.assign(new Error(t("contribute.closedNow")), { name: "DatasetClosed" });
    const todo: Item[] = [];
    for (const it of eligible) {
      if (await existing((it.hash as NonNullable<Item["hash"]>).sha256)) update(it.key, { phase: "duplicate" });
      else todo.push(it);
    }
    if (todo.length === 0) throw Object.assign(new Error(t("contribute.nothingLeft")), { name: "NothingToDo" });
    // Store first (the browser computed each CID; a store answering another CID is refused), then sign.
    for (const it of todo) {
      update(it.key, { phase: "storing", bytes: 0 });
      await addVerified(config.contentEndpoint as string, it.file, (it.hash as NonNullable<Item["hash"]>).cid, {
        onProgress: (sent) => update(it.key, { bytes: sent }),
      });
    }
    const signed: Array<{ it: Item; s: SignedContribution }> = [];
    for (const it of todo) {
      const h = it.hash as NonNullable<Item["hash"]>;
      const s = await signContribution(wallet, {
        item: { datasetId: id, contentHash: h.sha256, cid: h.cid, size: h.size, label: it.path },
        chainId: writer.chainId,
        registry: writer.registry,
        termsHash: d.termsHash,
      });
      update(it.key, { phase: "signed" });
      signed.push({ it, s });
    }
    report({ phase: "pending" });
    let included = 0;
    let skipped = 0;
    if (route === "relayer" && config.relayer) {
      const relayer = config.relayer;
      const { keys } = await relay(relayer, { items: signed.map((x) => x.s) });
      await Promise.all(
        keys.map(async (key, i) => {
          const status = await waitForRelayed(relayer, key);
          if (status.status === "included") {
            included++;
            update(signed[i].it.key, { phase: "included" });
          } else {
            skipped++;
            update(signed[i].it.key, {
              phase: "skipped",
              note: "reason" in status ? status.reason.message : status.status,
            });
          }
        }),
      );
    } else {
      const { outcomes } = await submitSignedContributions(writer, { items: signed.map((x) => x.s) });
      outcomes.forEach((o, i) => {
        if (o.status === "registered") included++;
        else skipped++;
        update(signed[i].it.key, {
          phase: o.status === "registered" ? "included" : "skipped",
          note: o.reason?.message,
        });
      });
    }
    await queryClient.invalidateQueries({ queryKey: ["dataset", id.toString()] });
    await queryClient.invalidateQueries({ queryKey: ["datasets"] });
    return { included, skipped };
  };

  return (
    <article aria-labelledby="contribute-title">
      <p className="crumbs">
        <a href={href.datasets()}>{t("nav.datasets")}</a> /{" "}
        <a href={href.dataset(d.id)}>{manifest?.name ?? `#${d.id}`}</a>
      </p>
      <div className="page-head">
        <h1 id="contribute-title">{t("contribute.title", { name: manifest?.name ?? `#${d.id}` })}</h1>
        <p className="lede">{manifest?.guidelines}</p>
      </div>
      {!open && (
        <div className="banner warning" role="alert">
          <p>{t("contribute.closed", { status: t(`status.${d.status}` as never) })}</p>
        </div>
      )}
      {!canStore && (
        <div className="banner warning" role="alert">
          <p>{t("contribute.noStore")}</p>
        </div>
      )}

      <section aria-labelledby="files-title" className="panel">
        <h2 id="files-title">{t("contribute.files")}</h2>
        {/* biome-ignore lint/a11y/noStaticElementInteractions: a drop target for the mouse; the two buttons inside do the same by keyboard */}
        <div
          className={`dropzone${dragging ? " dragging" : ""}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            void filesOfDrop(e.dataTransfer).then(add);
          }}
        >
          <p>{t("contribute.drop")}</p>
          <div className="row">
            <label className="button secondary">
              {t("contribute.pickFiles")}
              <input
                type="file"
                multiple
                className="visually-hidden"
                onChange={(e) => {
                  void add(filesOfInput(e.target.files));
                  e.target.value = "";
                }}
              />
            </label>
            <label className="button secondary">
              {t("contribute.pickFolder")}
              <input
                type="file"
                className="visually-hidden"
                {...({ webkitdirectory: "" } as object)}
                onChange={(e) => {
                  void add(filesOfInput(e.target.files));
                  e.target.value = "";
                }}
              />
            </label>
          </div>
        </div>

        {items.length > 0 && (
          <>
            <div className="overall">
              <label htmlFor="overall-progress">
                {t("contribute.overall", { done: f.bytes(hashedBytes), total: f.bytes(totalBytes) })}
              </label>
              <progress id="overall-progress" max={Math.max(totalBytes, 1)} value={hashedBytes} />
            </div>
            <ul className="files">
              {items.map((it) => (
                <li key={it.key} className={`file file-${it.phase}`}>
                  <div className="file-head">
                    <span className="file-name">{it.path}</span>
                    <span className="muted">{f.bytes(it.file.size)}</span>
                    <span className={`badge badge-${it.phase}`}>{t(`phase.${it.phase}` as never)}</span>
                    {!tx.busy &&
                      (it.phase === "ready" ||
                        it.phase === "duplicate" ||
                        it.phase === "repeated" ||
                        it.phase === "failed") && (
                        <button
                          type="button"
                          className="link"
                          onClick={() => remove(it.key)}
                          aria-label={t("contribute.removeFile", { name: it.path })}
                        >
                          {t("action.remove")}
                        </button>
                      )}
                  </div>
                  {(it.phase === "hashing" || it.phase === "storing") && (
                    <progress
                      max={Math.max(it.file.size, 1)}
                      value={it.bytes}
                      aria-label={t(it.phase === "hashing" ? "contribute.hashingFile" : "contribute.storingFile", {
                        name: it.path,
                      })}
                    />
                  )}
                  {it.hash && (
                    <p className="file-hash">
                      <span>sha256 </span>
                      <code>{it.hash.sha256}</code>
                      <br />
                      <span>CID </span>
                      <code>{it.hash.cid}</code>
                    </p>
                  )}
                  {it.phase === "duplicate" && <p className="warning-text">{t("contribute.duplicate")}</p>}
                  {it.phase === "repeated" && <p className="warning-text">{t("contribute.repeated")}</p>}
                  {it.note && <p className="warning-text">{it.note}</p>}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section aria-labelledby="sign-title" className="panel">
        <h2 id="sign-title">{t("contribute.signTitle")}</h2>
        {terms !== undefined ? (
          <details open>
            <summary>{t("dataset.terms")}</summary>
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1) */}
            <section className="terms" aria-label={t("dataset.terms")} tabIndex={0}>
              <pre>{terms}</pre>
            </section>
          </details>
        ) : (
          <p className="warning-text">{t("dataset.termsMissing")}</p>
        )}
        <label className="check">
          <input type="checkbox" checked={agreed} onChange={(e) => setAgreed(e.target.checked)} />
          <span>{t("contribute.agree")}</span>
        </label>
        <fieldset className="choice">
          <legend>{t("contribute.route")}</legend>
          <label className="check">
            <input
              type="radio"
              name="route"
              value="relayer"
              disabled={!config.relayer}
              checked={route === "relayer"}
              onChange={() => setRoute("relayer")}
            />
            <span>{config.relayer ? t("contribute.viaRelayer") : t("contribute.noRelayer")}</span>
          </label>
          <label className="check">
            <input
              type="radio"
              name="route"
              value="direct"
              checked={route === "direct"}
              onChange={() => setRoute("direct")}
            />
            <span>{t("contribute.direct")}</span>
          </label>
        </fieldset>
        {!ready && <p className="muted">{t("contribute.connectFirst")}</p>}
        <button
          type="button"
          className="button primary"
          disabled={!ready || !open || !agreed || !canStore || hashing || eligible.length === 0 || tx.busy}
          onClick={() => void submit()}
        >
          {t("contribute.submit", { count: eligible.length })}
        </button>
        <TxStatus
          state={tx.state}
          onRetry={() => void submit()}
          confirmed={
            tx.state.phase === "confirmed"
              ? t("contribute.done", { included: tx.state.result.included, skipped: tx.state.result.skipped })
              : undefined
          }
        />
        {tx.state.phase === "confirmed" && (
          <p>
            <a href={href.dataset(d.id)}>{t("contribute.seeDataset")}</a>
          </p>
        )}
      </section>
    </article>
  );
}
