import {
  castVote,
  castVoteBySig,
  delegate,
  execute,
  propose,
  queue,
  signVote,
  type VoteSupport,
} from "@cairn/sdk/browser";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { zeroAddress } from "viem";
import { useConnection } from "wagmi";
import { Short } from "../components/Amount.js";
import { ErrorView } from "../components/ErrorView.js";
import { useReady } from "../components/NetworkBanner.js";
import { TxStatus } from "../components/TxStatus.js";
import type { MessageKey } from "../i18n/en.js";
import { useFormat, useI18n } from "../i18n/index.js";
import { useCairn } from "../lib/cairn.js";
import { type GovernanceView, type ProposalView, useGovernance, useGovernedDatasets } from "../lib/governance.js";
import { useDatasets } from "../lib/reads.js";
import { href } from "../lib/router.js";
import { useTx } from "../lib/tx.js";
import {
  checkProposalForm,
  describeCall,
  emptyProposalForm,
  type ProposalForm,
  parseSignedVote,
  proposalActions,
  signedVoteJson,
} from "./govern-form.js";

function Loading() {
  const { t } = useI18n();
  return (
    <p role="status" className="loading">
      <span className="spinner" aria-hidden="true" /> {t("state.loading")}
    </p>
  );
}

/** The datasets its contributors govern, each linking to its Govern page. */
function GovernedList() {
  const { t } = useI18n();
  const governed = useGovernedDatasets();
  const datasets = useDatasets();
  const names = new Map((datasets.data ?? []).map((d) => [d.dataset.id, d.manifest?.name]));
  return (
    <section aria-labelledby="govern-title">
      <div className="page-head">
        <h1 id="govern-title">{t("govern.title")}</h1>
        <p className="lede">{t("govern.lede")}</p>
      </div>
      {governed.isPending && <Loading />}
      {governed.error && <ErrorView error={governed.error} onRetry={() => governed.refetch()} />}
      {governed.data?.length === 0 && <p className="empty">{t("govern.none")}</p>}
      {governed.data && governed.data.length > 0 && (
        <ul className="cards">
          {governed.data.map((g) => (
            <li key={g.datasetId.toString()} className="card">
              <h2>
                <a href={href.govern(g.datasetId)}>
                  {names.get(g.datasetId) ?? t("dataset.unnamed", { id: g.datasetId })}
                </a>
              </h2>
              <p className="muted">
                {t("govern.governor")} <Short value={g.governor} />
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const supports: VoteSupport[] = ["for", "against", "abstain"];

function Proposal({
  p,
  view,
  registry,
  busy,
  onVote,
  onQueue,
  onExecute,
}: {
  p: ProposalView;
  view: GovernanceView;
  registry: `0x${string}`;
  busy: boolean;
  onVote: (support: VoteSupport, signOnly: boolean) => void;
  onQueue: () => void;
  onExecute: () => void;
}) {
  const { t } = useI18n();
  const f = useFormat();
  const ready = useReady();
  const id = `proposal-${p.proposalId}`;
  const total = p.votes.for + p.votes.against + p.votes.abstain;
  const calls = p.calls.map((c) => describeCall(c, registry));
  const [signOnly, setSignOnly] = useState(false);
  return (
    <li className="card proposal" aria-labelledby={id}>
      <div className="card-head">
        <h3 id={id}>{p.description.split("\n")[0]}</h3>
        <span className={`badge badge-${p.state}`}>{t(`proposal.${p.state}` as MessageKey)}</span>
      </div>
      <p className="muted">
        {t("govern.proposedBy")} <Short value={p.proposer} /> ·{" "}
        {p.state === "pending"
          ? t("govern.opensAt", { block: p.snapshot + 1n, now: view.clock })
          : t("govern.closesAt", { block: p.deadline, now: view.clock })}
      </p>
      <p className="muted">{t("govern.calls")}</p>
      <ul className="plain calls">
        {calls.map((c, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a proposal's calls are fixed, in order
          <li key={i} className={c.kind === "unknown" ? "warning-text" : undefined}>
            <code>{c.text}</code>
            {c.kind === "unknown" && <> — {t("govern.unknownCall")}</>}
          </li>
        ))}
      </ul>
      <dl className="facts tally">
        {supports.map((s) => (
          <div key={s}>
            <dt>{t(`govern.${s}` as MessageKey)}</dt>
            <dd>{f.number(p.votes[s])}</dd>
          </div>
        ))}
        {p.quorum > 0n && (
          <div>
            <dt>{t("govern.quorum")}</dt>
            <dd>
              {f.number(p.votes.for + p.votes.abstain)} / {f.number(p.quorum)}
            </dd>
          </div>
        )}
      </dl>
      {total > 0n && (
        <progress
          max={Number(total)}
          value={Number(p.votes.for)}
          aria-label={t("govern.forShare", { id: p.proposalId.toString().slice(0, 8) })}
        />
      )}
      <div className="actions">
        {p.state === "active" && p.voted && <p className="ok">✓ {t("govern.voted")}</p>}
        {p.state === "active" &&
          !p.voted &&
          supports.map((s) => (
            <button
              key={s}
              type="button"
              className={s === "for" ? "button primary" : "button secondary"}
              disabled={!ready || busy}
              onClick={() => onVote(s, signOnly)}
            >
              {t(`govern.vote.${s}` as MessageKey)}
            </button>
          ))}
        {p.state === "active" && !p.voted && (
          <label className="check">
            <input type="checkbox" checked={signOnly} onChange={(e) => setSignOnly(e.target.checked)} />{" "}
            {t("govern.signOnly")}
          </label>
        )}
        {p.state === "succeeded" && (
          <button type="button" className="button primary" disabled={!ready || busy} onClick={onQueue}>
            {t("govern.queue")}
          </button>
        )}
        {p.state === "queued" && (
          <>
            <p className="muted">{t("govern.eta", { when: f.date(new Date(Number(p.eta) * 1000)) })}</p>
            <button type="button" className="button primary" disabled={!ready || busy} onClick={onExecute}>
              {t("govern.execute")}
            </button>
          </>
        )}
      </div>
    </li>
  );
}

function ProposeForm({
  datasetId,
  busy,
  canPropose,
  onPropose,
}: {
  datasetId: bigint;
  busy: boolean;
  canPropose: boolean;
  onPropose: (form: ReturnType<typeof checkProposalForm> & { ok: true }) => void;
}) {
  const { t } = useI18n();
  const { client } = useCairn();
  const ready = useReady();
  const [form, setForm] = useState<ProposalForm>(emptyProposalForm);
  const [submitted, setSubmitted] = useState(false);
  const checked = checkProposalForm(client, datasetId, form);
  const problems = submitted && !checked.ok ? checked.problems : {};
  const set = (patch: Partial<ProposalForm>) => setForm({ ...form, ...patch });
  const error = (name: keyof ProposalForm) =>
    problems[name] && (
      <p id={`p-${name}-error`} className="field-error">
        {t(problems[name])}
      </p>
    );
  const invalid = (name: keyof ProposalForm) =>
    problems[name] ? { "aria-invalid": true, "aria-describedby": `p-${name}-error` } : {};
  return (
    <form
      className="panel form-grid"
      aria-labelledby="propose-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setSubmitted(true);
        if (checked.ok) onPropose(checked);
      }}
    >
      <h2 id="propose-title" className="wide">
        {t("govern.propose")}
      </h2>
      <div className="field">
        <label htmlFor="p-action">{t("govern.action")}</label>
        <select
          id="p-action"
          value={form.action}
          onChange={(e) => set({ action: e.target.value as ProposalForm["action"] })}
        >
          {proposalActions.map((a) => (
            <option key={a} value={a}>
              {t(`govern.action.${a}` as MessageKey)}
            </option>
          ))}
        </select>
      </div>
      {(form.action === "addCurator" || form.action === "removeCurator") && (
        <div className="field">
          <label htmlFor="p-curator">{t("govern.curator")}</label>
          <input
            id="p-curator"
            value={form.curator}
            onChange={(e) => set({ curator: e.target.value })}
            {...invalid("curator")}
          />
          {error("curator")}
        </div>
      )}
      {form.action === "setStatus" && (
        <div className="field">
          <label htmlFor="p-status">{t("govern.newStatus")}</label>
          <select
            id="p-status"
            value={form.status}
            onChange={(e) => set({ status: e.target.value as ProposalForm["status"] })}
          >
            {(["open", "paused", "closed"] as const).map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </div>
      )}
      {form.action === "setReviewPolicy" && (
        <>
          <div className="field">
            <label htmlFor="p-quorum">{t("steward.quorum")}</label>
            <input
              id="p-quorum"
              inputMode="numeric"
              value={form.quorum}
              onChange={(e) => set({ quorum: e.target.value })}
              {...invalid("quorum")}
            />
            {error("quorum")}
          </div>
          <div className="field">
            <label htmlFor="p-defaultScore">{t("steward.defaultScore")}</label>
            <input
              id="p-defaultScore"
              inputMode="numeric"
              value={form.defaultScore}
              onChange={(e) => set({ defaultScore: e.target.value })}
              {...invalid("defaultScore")}
            />
            {error("defaultScore")}
          </div>
        </>
      )}
      <div className="field wide">
        <label htmlFor="p-description">{t("govern.description")}</label>
        <textarea
          id="p-description"
          rows={3}
          value={form.description}
          onChange={(e) => set({ description: e.target.value })}
          {...invalid("description")}
        />
        {error("description")}
      </div>
      <div className="wide">
        {!canPropose && <p className="muted">{t("govern.threshold")}</p>}
        <button type="submit" className="button primary" disabled={!ready || busy || !canPropose}>
          {t("govern.submit")}
        </button>
      </div>
    </form>
  );
}

function GovernDataset({ datasetId }: { datasetId: bigint }) {
  const { t } = useI18n();
  const { client } = useCairn();
  const f = useFormat();
  const { address } = useConnection();
  const ready = useReady();
  const queryClient = useQueryClient();
  const query = useGovernance(datasetId, address);
  const datasets = useDatasets();
  const tx = useTx<string>();
  const [signed, setSigned] = useState<string | undefined>();
  const [pasted, setPasted] = useState("");
  const [pastedProblem, setPastedProblem] = useState<MessageKey | undefined>();
  const name = datasets.data?.find((d) => d.dataset.id === datasetId)?.manifest?.name;
  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorView error={query.error} onRetry={() => query.refetch()} />;
  const view = query.data;
  const { governance: g, mine } = view;
  const governor = g.governor;
  const act = (action: Parameters<typeof tx.run>[0]) =>
    tx.run(async (writer, report) => {
      const message = await action(writer, report);
      await queryClient.invalidateQueries();
      return message;
    });
  const blocks = g.clockMode.includes("blocknumber");
  return (
    <article aria-labelledby="govern-title">
      <p className="crumbs">
        <a href={href.govern()}>{t("nav.govern")}</a> / <a href={href.dataset(datasetId)}>{name ?? `#${datasetId}`}</a>
      </p>
      <div className="page-head">
        <h1 id="govern-title">{t("govern.datasetTitle", { name: name ?? `#${datasetId}` })}</h1>
        <p className="lede">{t("govern.datasetLede")}</p>
      </div>

      <div className="columns">
        <section aria-labelledby="power-title" className="panel">
          <h2 id="power-title">{t("govern.power")}</h2>
          {!mine ? (
            <p className="muted">{t("review.connect")}</p>
          ) : (
            <>
              <p className="stat">{t("govern.votes", { votes: f.number(mine.votes) })}</p>
              <p className="muted">{t("govern.ofTotal", { total: f.number(mine.totalSupply) })}</p>
              <p>
                {mine.delegate === zeroAddress ? (
                  t("govern.noDelegate")
                ) : mine.delegate === address ? (
                  t("govern.selfDelegated")
                ) : (
                  <>
                    {t("govern.delegatedTo")} <Short value={mine.delegate} />
                  </>
                )}
              </p>
              {mine.delegate !== address && (
                <button
                  type="button"
                  className="button secondary"
                  disabled={!ready || tx.busy}
                  onClick={() =>
                    void act(async (writer) => {
                      await delegate(writer, { votes: g.votes });
                      return t("govern.delegated");
                    })
                  }
                >
                  {t("govern.delegateSelf")}
                </button>
              )}
            </>
          )}
        </section>
        <section aria-labelledby="rules-title" className="panel">
          <h2 id="rules-title">{t("govern.rules")}</h2>
          <dl className="facts">
            <dt>{t("govern.votingPeriod")}</dt>
            <dd>
              {t(blocks ? "govern.blocks" : "govern.seconds", { count: f.number(g.votingPeriod) })}
              {" · "}
              {t("govern.votingDelay", {
                delay: t(blocks ? "govern.blocks" : "govern.seconds", { count: f.number(g.votingDelay) }),
              })}
            </dd>
            <dt>{t("govern.quorumRule")}</dt>
            <dd>{t("govern.percent", { value: g.quorumFraction })}</dd>
            <dt>{t("govern.thresholdRule")}</dt>
            <dd>{f.number(g.proposalThreshold)}</dd>
            <dt>{t("govern.timelockDelay")}</dt>
            <dd>{t("govern.seconds", { count: f.number(g.timelockDelay) })}</dd>
            <dt>{t("govern.steward")}</dt>
            <dd>
              <Short value={g.timelock} />
            </dd>
            <dt>{t("govern.governor")}</dt>
            <dd>
              <Short value={g.governor} />
            </dd>
          </dl>
        </section>
      </div>

      <TxStatus
        state={tx.state}
        onRetry={tx.reset}
        confirmed={tx.state.phase === "confirmed" ? tx.state.result : undefined}
      />

      <section aria-labelledby="proposals-title">
        <div className="row">
          <h2 id="proposals-title">{t("govern.proposals", { count: view.proposals.length })}</h2>
          <button type="button" className="button secondary small" onClick={() => void query.refetch()}>
            {t("govern.refresh")}
          </button>
        </div>
        {view.proposals.length === 0 ? (
          <p className="muted">{t("govern.noProposals")}</p>
        ) : (
          <ul className="cards single">
            {view.proposals.map((p) => (
              <Proposal
                key={p.proposalId.toString()}
                p={p}
                view={view}
                registry={client.registry}
                busy={tx.busy}
                onVote={(support, signOnly) =>
                  void act(async (writer) => {
                    if (signOnly) {
                      // The wallet signs an EIP-712 ballot; nothing is sent: anyone may submit it (and pay).
                      if (!writer.walletClient) throw new Error("Connect a wallet first.");
                      const vote = await signVote(writer, writer.walletClient, {
                        governor,
                        proposalId: p.proposalId,
                        support,
                      });
                      setSigned(signedVoteJson(vote));
                      return t("govern.signedDone");
                    }
                    const { weight } = await castVote(writer, { governor, proposalId: p.proposalId, support });
                    return t("govern.voteDone", { votes: f.number(weight) });
                  })
                }
                onQueue={() =>
                  void act(async (writer) => {
                    await queue(writer, { governor, proposalId: p.proposalId });
                    return t("govern.queued");
                  })
                }
                onExecute={() =>
                  void act(async (writer) => {
                    await execute(writer, { governor, proposalId: p.proposalId });
                    return t("govern.executed");
                  })
                }
              />
            ))}
          </ul>
        )}
      </section>

      {signed && (
        <section aria-labelledby="signed-title" className="panel">
          <h2 id="signed-title">{t("govern.signedTitle")}</h2>
          <p className="muted">{t("govern.signedHelp", { id: datasetId })}</p>
          <textarea readOnly rows={8} value={signed} aria-labelledby="signed-title" className="mono" />
        </section>
      )}

      <form
        className="panel"
        aria-labelledby="submit-signed-title"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const vote = parseSignedVote(pasted, governor);
          if ("problem" in vote) return setPastedProblem(vote.problem);
          setPastedProblem(undefined);
          void act(async (writer) => {
            const { weight, voter } = await castVoteBySig(writer, vote);
            setPasted("");
            return t("govern.submittedSigned", { votes: f.number(weight), voter });
          });
        }}
      >
        <h2 id="submit-signed-title">{t("govern.submitSigned")}</h2>
        <div className="field">
          <label htmlFor="signed-vote">{t("govern.signedVote")}</label>
          <textarea
            id="signed-vote"
            rows={4}
            className="mono"
            value={pasted}
            onChange={(e) => setPasted(e.target.value)}
            aria-invalid={pastedProblem ? true : undefined}
            aria-describedby={pastedProblem ? "signed-vote-error" : undefined}
          />
          {pastedProblem && (
            <p id="signed-vote-error" className="field-error">
              {t(pastedProblem)}
            </p>
          )}
        </div>
        <button type="submit" className="button secondary" disabled={!ready || tx.busy || !pasted.trim()}>
          {t("govern.submitSignedButton")}
        </button>
      </form>

      <ProposeForm
        datasetId={datasetId}
        busy={tx.busy}
        canPropose={Boolean(mine && mine.votes >= g.proposalThreshold)}
        onPropose={({ call, description }) =>
          void act(async (writer) => {
            await propose(writer, { governor, calls: [call], description });
            return t("govern.proposed");
          })
        }
      />
    </article>
  );
}

export default function Govern({ datasetId }: { datasetId?: string | undefined }) {
  const { t } = useI18n();
  const { config } = useCairn();
  if (!config.factory)
    return (
      <section aria-labelledby="govern-title">
        <h1 id="govern-title">{t("govern.title")}</h1>
        <p className="empty">{t("govern.noFactory")}</p>
      </section>
    );
  if (datasetId === undefined) return <GovernedList />;
  return <GovernDataset datasetId={/^\d+$/.test(datasetId) ? BigInt(datasetId) : 0n} />;
}
