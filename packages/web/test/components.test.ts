/**
 * Component and form tests: what a person reads when something fails, and what the forms accept.
 * Rendered with React's server renderer (the same components the app mounts), no browser needed.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  ContractCallError,
  cairnRegistryAbi,
  type Dataset,
  governanceCalls,
  InvalidParameterError,
  validateManifest,
} from "@cairn/sdk";
import { createElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { decodeFunctionData, HttpRequestError, UserRejectedRequestError } from "viem";
import { ErrorView } from "../src/components/ErrorView.js";
import { sniff } from "../src/components/Preview.js";
import { StakeNote } from "../src/components/ReviewerPools.js";
import { TxStatus } from "../src/components/TxStatus.js";
import { ConfigError, parseConfig } from "../src/config.js";
import { catalogues } from "../src/i18n/catalogues.js";
import { en } from "../src/i18n/en.js";
import { format, I18nProvider, type Locale } from "../src/i18n/index.js";
import { CairnProvider } from "../src/lib/cairn.js";
import { explainError } from "../src/lib/errors.js";
import { type PoolStatus, stakeState } from "../src/lib/pools.js";
import { parseAmount } from "../src/pages/Fund.js";
import {
  checkProposalForm,
  describeCall,
  emptyProposalForm,
  parseSignedVote,
  signedVoteJson,
} from "../src/pages/govern-form.js";
import { checkManifestEdit, manifestFormOf } from "../src/pages/manifest-form.js";
import { scoreProblem } from "../src/pages/Review.js";
import { checkStewardForm, emptyStewardForm } from "../src/pages/steward-form.js";
import { checkNewSteward } from "../src/pages/stewardship-form.js";

const config = parseConfig({
  chainId: 31337,
  rpc: "http://127.0.0.1:8545",
  registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  gateway: "http://127.0.0.1:8080",
});

function render(node: ReactNode, locale: Locale = "en"): string {
  const cairn = { config, chain: undefined as never, client: undefined as never };
  // createElement's overloads cannot see that the providers' children come as its third argument.
  const provide = createElement as (type: unknown, props: object, child: ReactNode) => ReactNode;
  return renderToStaticMarkup(
    provide(I18nProvider, { locale, messages: catalogues[locale] }, provide(CairnProvider, { value: cairn }, node)),
  );
}

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, " ");

describe("error display", () => {
  it("a wallet rejection says nothing was signed, offers a retry, and is an alert", () => {
    const html = render(
      createElement(ErrorView, { error: new UserRejectedRequestError(new Error("no")), onRetry: () => {} }),
    );
    assert.match(html, /role="alert"/);
    assert.match(text(html), /You declined in your wallet\./);
    assert.match(text(html), /Nothing was signed or sent\./);
    assert.match(html, /<button[^>]*>Try again<\/button>/);
  });

  it("a contract refusal shows the SDK's decoded reason and the values involved", () => {
    const error = new ContractCallError({
      errorName: "DuplicateContribution",
      args: [1n, `0x${"ab".repeat(32)}`, 7n],
    });
    const e = explainError(error);
    assert.equal(e.kind, "contract");
    const html = text(render(createElement(ErrorView, { error })));
    assert.match(html, /The contract refused this\./);
    assert.ok(html.includes(error.shortMessage), html);
    for (const line of error.metaMessages ?? []) assert.ok(html.includes(line.trim()), `missing ${line}`);
  });

  it("a pool stake that is still bonded says what to do, or when it unlocks", () => {
    const account = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    const member = new ContractCallError({ errorName: "StakeBonded", args: [3n, account, 2n ** 256n - 1n] });
    assert.equal(explainError(member).kind, "contract");
    const html = text(render(createElement(ErrorView, { error: member })));
    assert.match(html, /still a member of the reviewer pool of dataset 3/);
    assert.match(html, /Leave the pool first/);
    const unbonding = new ContractCallError({ errorName: "StakeBonded", args: [3n, account, 1_800_000_000n] });
    assert.match(unbonding.shortMessage, /can be withdrawn from 2027-01-15T08:00:00.000Z/);
    const nothing = new ContractCallError({ errorName: "NothingToClaim", args: [3n, account] });
    assert.match(text(render(createElement(ErrorView, { error: nothing }))), /has nothing to claim in dataset 3/);
  });

  it("an unreachable RPC reads as a network problem, in the reader's language", () => {
    const error = new HttpRequestError({ url: "http://127.0.0.1:1", details: "fetch failed" });
    assert.equal(explainError(error).kind, "network");
    assert.match(text(render(createElement(ErrorView, { error }), "fr")), /Le réseau n’a pas répondu\./);
    assert.match(text(render(createElement(ErrorView, { error }), "sw")), /Mtandao haukujibu\./);
  });

  it("any other error keeps its message, without a retry when none is offered", () => {
    const html = render(createElement(ErrorView, { error: new InvalidParameterError("amount", "must be positive") }));
    assert.match(text(html), /Something went wrong\./);
    assert.match(text(html), /amount/);
    assert.doesNotMatch(html, /<button/);
  });
});

describe("transaction state machine display", () => {
  const hash = `0x${"12".repeat(32)}` as const;
  it("shows each phase, with the hash once there is one, in a live region", () => {
    const signing = render(createElement(TxStatus, { state: { phase: "signing" } }));
    assert.match(signing, /role="status"/);
    assert.match(signing, /aria-live="polite"/);
    assert.match(text(signing), /Waiting for your wallet/);
    const pending = text(render(createElement(TxStatus, { state: { phase: "pending", hash } })));
    assert.match(pending, /Waiting for the network/);
    assert.ok(pending.includes(hash));
    const confirmed = text(
      render(createElement(TxStatus, { state: { phase: "confirmed", hash, result: 1 }, confirmed: "Funded." })),
    );
    assert.match(confirmed, /Funded\./);
    const failed = render(
      createElement(TxStatus, {
        state: { phase: "failed", error: new UserRejectedRequestError(new Error("x")) },
        onRetry: () => {},
      }),
    );
    assert.match(text(failed), /You declined in your wallet\./);
    assert.match(failed, /data-phase="failed"/);
    assert.equal(text(render(createElement(TxStatus, { state: { phase: "idle" } }))).trim(), "");
  });
});

describe("steward form (validated by the SDK's manifest schema)", () => {
  it("names every missing field of an empty form", () => {
    const checked = checkStewardForm(emptyStewardForm);
    assert.equal(checked.ok, false);
    if (checked.ok) return;
    for (const field of ["name", "description", "language", "guidelines", "terms"] as const)
      assert.ok(checked.problems[field], `no problem reported for ${field}: ${JSON.stringify(checked.problems)}`);
  });

  const good = {
    ...emptyStewardForm,
    name: "Swahili proverbs",
    description: "Methali",
    language: "sw",
    guidelines: "One per file",
    terms: "CC-BY-4.0, mine to give",
    curators: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8\n0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
    quorum: "2",
  };

  it("accepts a good form, and its manifest passes the SDK's validator", () => {
    const checked = checkStewardForm(good);
    assert.equal(checked.ok, true, JSON.stringify(checked));
    if (!checked.ok) return;
    assert.deepEqual(validateManifest(checked.manifest), checked.manifest);
    assert.equal(checked.curators[0], "0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    assert.equal(checked.quorum, 2);
  });

  it("refuses a bad language tag (schema), a bad curator, a quorum above the curators, a bad token", () => {
    const checked = checkStewardForm({
      ...good,
      language: "Swahili!",
      curators: "0x1234\n0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
      quorum: "3",
      rewardToken: "token",
      defaultScore: "101",
    });
    assert.equal(checked.ok, false);
    if (checked.ok) return;
    assert.match(checked.problems.language ?? "", /language/);
    assert.equal(checked.problems.curators, "steward.curatorsInvalid");
    assert.equal(checked.problems.quorum, "steward.quorumInvalid");
    assert.equal(checked.problems.rewardToken, "steward.tokenInvalid");
    assert.equal(checked.problems.defaultScore, "review.scoreInvalid");
  });
});

describe("manifest edit (Manage page; validated by the SDK's manifest schema)", () => {
  const current = validateManifest({
    schema: "cairn.manifest/1",
    name: "Swahili proverbs",
    description: "Methali",
    language: "sw",
    license: "CC-BY-4.0",
    items: { kind: "text", mediaTypes: ["text/plain"] },
    guidelines: "One per file",
    terms: "I give this under CC-BY-4.0",
  });

  it("an untouched form changes nothing, whatever the order of the manifest's fields", () => {
    const checked = checkManifestEdit(manifestFormOf(current), current);
    assert.deepEqual(checked.ok && { changed: checked.changed, termsChanged: checked.termsChanged }, {
      changed: false,
      termsChanged: false,
    });
  });

  it("a new description keeps the terms and the fields the form does not edit", () => {
    const checked = checkManifestEdit({ ...manifestFormOf(current), description: "Methali za pwani" }, current);
    assert.equal(checked.ok, true, JSON.stringify(checked));
    if (!checked.ok) return;
    assert.equal(checked.changed, true);
    assert.equal(checked.termsChanged, false);
    assert.deepEqual(checked.manifest.items, { kind: "text", mediaTypes: ["text/plain"] });
    assert.deepEqual(validateManifest(checked.manifest), checked.manifest);
  });

  it("new terms are flagged; empty terms, a bad language tag and an emptied name are refused", () => {
    const renewed = checkManifestEdit({ ...manifestFormOf(current), terms: "CC-BY-SA-4.0 from today" }, current);
    assert.equal(renewed.ok && renewed.termsChanged, true);
    const bad = checkManifestEdit({ ...manifestFormOf(current), terms: " ", language: "Swahili!", name: "" }, current);
    assert.equal(bad.ok, false);
    if (bad.ok) return;
    assert.equal(bad.problems.terms, "steward.termsRequired");
    assert.match(bad.problems.language ?? "", /language/);
    assert.ok(bad.problems.name);
  });
});

describe("governance forms", () => {
  const good = {
    ...emptyStewardForm,
    name: "Kenyan recipes",
    description: "Recipes",
    language: "sw",
    guidelines: "One per file",
    terms: "Mine to give",
    quorum: "0",
  };

  it("a governed dataset's settings are checked only when governance is chosen", () => {
    const plain = checkStewardForm({ ...good, votingPeriod: "soon" });
    assert.equal(plain.ok && plain.governance, undefined);
    const governed = checkStewardForm({ ...good, governed: true, votingPeriod: "10", timelockDelay: "0" });
    assert.equal(governed.ok, true, governed.ok ? "" : JSON.stringify(governed.problems));
    if (governed.ok) assert.deepEqual(governed.governance, { votingPeriod: 10, timelockDelay: 0n, quorumFraction: 10 });
    const bad = checkStewardForm({
      ...good,
      governed: true,
      votingPeriod: "0",
      timelockDelay: "two days",
      quorumFraction: "101",
    });
    assert.equal(bad.ok, false);
    if (bad.ok) return;
    assert.equal(bad.problems.votingPeriod, "steward.votingPeriodInvalid");
    assert.equal(bad.problems.timelockDelay, "steward.timelockDelayInvalid");
    assert.equal(bad.problems.quorumFraction, "steward.quorumFractionInvalid");
  });

  const client = { registry: config.registry } as Parameters<typeof checkProposalForm>[0];

  it("a proposal builds its call with the SDK (to the registry) and needs a description", () => {
    const empty = checkProposalForm(client, 2n, { ...emptyProposalForm, curator: "0x1234" });
    assert.equal(empty.ok, false);
    if (!empty.ok) {
      assert.equal(empty.problems.description, "govern.descriptionRequired");
      assert.equal(empty.problems.curator, "steward.curatorsInvalid");
    }
    const close = checkProposalForm(client, 2n, {
      ...emptyProposalForm,
      action: "setStatus",
      status: "closed",
      description: "  Close it: enough recipes.  ",
    });
    assert.equal(close.ok, true);
    if (!close.ok) return;
    assert.equal(close.description, "Close it: enough recipes.");
    assert.equal(close.call.target, config.registry);
    const decoded = decodeFunctionData({ abi: cairnRegistryAbi, data: close.call.data });
    assert.equal(decoded.functionName, "setStatus");
    assert.deepEqual(decoded.args, [2n, 3]);
  });

  it("voters see what a proposal's calls do, decoded from the calldata; a call it cannot read is flagged", () => {
    const dave = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
    const add = governanceCalls.addCurator(client, 2n, dave);
    assert.deepEqual(describeCall(add, config.registry), { kind: "registry", text: `addCurator(2, ${dave})` });
    const token = "0x5FC8d32690cc91D4c39d9d3abcBD16989F875707";
    const grant = governanceCalls.transferToken({ token, to: dave, amount: 400n });
    assert.deepEqual(describeCall(grant, config.registry), {
      kind: "transfer",
      text: `${token}.transfer(${dave}, 400)`,
    });
    // A registry-looking description cannot hide another target: the same calldata elsewhere is unknown.
    const elsewhere = describeCall({ ...add, target: dave }, config.registry);
    assert.equal(elsewhere.kind, "unknown");
    assert.match(elsewhere.text, /^0x90F79bf6EB2c4f870365E785982E1f101E93b906 · 0 wei · 68 bytes$/);
  });

  it("a signed vote round-trips as the CLI's JSON; junk and votes for another governor are refused", () => {
    const governor = "0x8aCd85898458400f7Db866d53FCFF6f0D49741FF" as const;
    const vote = {
      governor,
      proposalId: 2n ** 200n + 7n,
      support: "abstain" as const,
      voter: "0x90F79bf6EB2c4f870365E785982E1f101E93b906" as const,
      nonce: 0n,
      reason: undefined,
      signature: `0x${"ab".repeat(65)}` as const,
    };
    const text = signedVoteJson(vote);
    assert.match(text, /"proposalId": "1606938044258990275541962092341162602522202993782792835301383n"/);
    assert.deepEqual(parseSignedVote(text, governor), vote);
    assert.deepEqual(parseSignedVote("{nope", governor), { problem: "govern.signedInvalid" });
    assert.deepEqual(parseSignedVote(text.replace('"abstain"', '"maybe"'), governor), {
      problem: "govern.signedInvalid",
    });
    assert.deepEqual(parseSignedVote(text, config.registry), { problem: "govern.signedOtherGovernor" });
  });

  it("a review policy proposal refuses a quorum above 48 and a score outside 1..100", () => {
    const checked = checkProposalForm(client, 1n, {
      ...emptyProposalForm,
      action: "setReviewPolicy",
      quorum: "49",
      defaultScore: "0",
      description: "x",
    });
    assert.equal(checked.ok, false);
    if (checked.ok) return;
    assert.equal(checked.problems.quorum, "govern.quorumInvalid");
    assert.equal(checked.problems.defaultScore, "review.scoreInvalid");
  });
});

describe("amount and score inputs", () => {
  it("parses amounts in the token's decimals, with a comma or a point", () => {
    assert.equal(parseAmount("12.5", 18).value, 12_500_000_000_000_000_000n);
    assert.equal(parseAmount("12,5", 6).value, 12_500_000n);
    assert.equal(parseAmount(" 100 ", 0).value, 100n);
    assert.equal(parseAmount("0", 18).problem, "fund.amountZero");
    assert.equal(parseAmount("1.1234567", 6).problem, "fund.amountInvalid");
    assert.equal(parseAmount("-1", 18).problem, "fund.amountInvalid");
    assert.equal(parseAmount("1e18", 18).problem, "fund.amountInvalid");
  });
  it("takes scores 1..100 only", () => {
    for (const ok of ["1", "50", "100"]) assert.equal(scoreProblem(ok), undefined);
    for (const bad of ["0", "101", "5.5", "", "x", "-3"]) assert.equal(scoreProblem(bad), "review.scoreInvalid");
  });
});

describe("reviewer-pool stake and rewards (pool panel)", () => {
  const member = (over: Partial<NonNullable<PoolStatus["reviewer"]>>, withdrawableAt?: bigint) =>
    ({
      reviewer: {
        index: 0,
        joined: true,
        active: true,
        votes: 1,
        agreed: 1,
        windowVotes: 1,
        windowAgreed: 1,
        leftAt: 0,
        stake: 5n,
        ...over,
      },
      withdrawableAt,
    }) as PoolStatus;
  it("a stake is bonded while a member, unbonding until its time in chain time, then withdrawable", () => {
    assert.deepEqual(stakeState(member({}), 10n), { kind: "bonded", stake: 5n });
    const left = member({ active: false, leftAt: 1_000 }, 4_600n);
    assert.deepEqual(stakeState(left, 4_599n), { kind: "unbonding", stake: 5n, unlocksAt: 4_600n });
    assert.deepEqual(stakeState(left, 4_600n), { kind: "withdrawable", stake: 5n, unlocksAt: 4_600n, forfeits: false });
    const lost = { ...left, withdrawForfeits: true } as PoolStatus;
    assert.deepEqual(stakeState(lost, 4_600n), { kind: "withdrawable", stake: 5n, unlocksAt: 4_600n, forfeits: true });
    assert.deepEqual(stakeState(member({ active: false, leftAt: 1_000, stake: 0n }), 9_999n), { kind: "none" });
    assert.deepEqual(stakeState({ reviewer: undefined } as PoolStatus, 0n), { kind: "none" });
  });
  it("says when an unbonding stake unlocks, in the reader's language, when it can be withdrawn, and when withdrawing would forfeit it", () => {
    const unlocksAt = BigInt(Date.UTC(2026, 11, 7, 9, 30) / 1000);
    const unbonding = text(render(createElement(StakeNote, { state: { kind: "unbonding", stake: 5n, unlocksAt } })));
    assert.match(unbonding, /unbonding: withdrawable from .*2026/);
    const fr = text(render(createElement(StakeNote, { state: { kind: "unbonding", stake: 5n, unlocksAt } }), "fr"));
    assert.match(fr, /retirable à partir du .*2026/);
    const now = text(
      render(createElement(StakeNote, { state: { kind: "withdrawable", stake: 5n, unlocksAt, forfeits: false } })),
    );
    assert.match(now, /withdrawable now/);
    const lost = text(
      render(createElement(StakeNote, { state: { kind: "withdrawable", stake: 5n, unlocksAt, forfeits: true } }), "sw"),
    );
    assert.match(lost, /itanyang'anywa/);
    assert.equal(render(createElement(StakeNote, { state: { kind: "bonded", stake: 5n } })), "");
  });
});

describe("stewardship handover (Manage page)", () => {
  const steward = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
  const next = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
  const dataset = { id: 1n, steward, pendingSteward: undefined } as unknown as Dataset;
  it("takes another account's address, checksummed", () => {
    assert.deepEqual(checkNewSteward(dataset, ` ${next.toLowerCase()} `), { ok: true, newSteward: next });
  });
  it("refuses junk, the zero address, the steward itself and the account already proposed", () => {
    assert.deepEqual(checkNewSteward(dataset, "alice"), { ok: false, problem: "handover.invalid" });
    assert.deepEqual(checkNewSteward(dataset, `0x${"0".repeat(40)}`), { ok: false, problem: "handover.invalid" });
    assert.deepEqual(checkNewSteward(dataset, steward.toLowerCase()), { ok: false, problem: "handover.self" });
    const pending = { ...dataset, pendingSteward: next } as Dataset;
    assert.deepEqual(checkNewSteward(pending, next), { ok: false, problem: "handover.already" });
  });
});

describe("config.json", () => {
  it("fills defaults and checksums addresses", () => {
    assert.deepEqual(config.connectors, ["eip6963", "injected"]);
    assert.equal(config.relayer, undefined);
    assert.equal(config.registry, "0x5FbDB2315678afecb367f032d93F642f64180aa3");
  });
  it("names the field that is wrong", () => {
    assert.throws(
      () => parseConfig({ chainId: 1, registry: config.registry, gateway: "x" }),
      (e: Error) => {
        assert.ok(e instanceof ConfigError);
        assert.match(e.message, /"rpc"/);
        return true;
      },
    );
    assert.throws(() => parseConfig({ ...config, gateway: "javascript:alert(1)" }), /"gateway" must be http/);
    assert.throws(() => parseConfig({ ...config, registry: "0x12" }), /"registry"/);
    assert.throws(() => parseConfig({ ...config, connectors: ["walletconnect"] }), /"connectors"/);
    assert.throws(() => parseConfig({ ...config, reviewerPool: "pool" }), /"reviewerPool"/);
  });
  it("takes the reviewer pool's address, checksummed", () => {
    const pool = "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512";
    assert.equal(
      parseConfig({ ...config, reviewerPool: pool }).reviewerPool,
      "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
    );
    assert.equal(config.reviewerPool, undefined);
  });
  it("takes an optional indexer URL, http(s) only, without a trailing slash", () => {
    assert.equal(config.indexer, undefined);
    assert.equal(parseConfig({ ...config, indexer: "http://127.0.0.1:42069/" }).indexer, "http://127.0.0.1:42069");
    assert.throws(() => parseConfig({ ...config, indexer: "file:///etc/passwd" }), /"indexer" must be http/);
    assert.throws(() => parseConfig({ ...config, indexer: 42 }), /"indexer" must be a URL/);
  });
});

describe("message catalogues", () => {
  const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const [locale, messages] of Object.entries(catalogues)) {
    it(`${locale} has every key of en, non-empty, with the same placeholders`, () => {
      assert.deepEqual(Object.keys(messages).sort(), Object.keys(en).sort());
      for (const [key, value] of Object.entries(en)) {
        const translated = (messages as Record<string, string>)[key];
        assert.ok(translated.trim().length > 0, `${locale}.${key} is empty`);
        assert.deepEqual(placeholders(translated), placeholders(value), `${locale}.${key} placeholders`);
      }
    });
  }
  it("formats placeholders and leaves unknown ones visible", () => {
    assert.equal(format("{a} of {b}", { a: 1, b: 2n }), "1 of 2");
    assert.equal(format("{a} {missing}", { a: "x" }), "x {missing}");
  });
});

describe("preview sniffing (by content, never by a name someone chose)", () => {
  const bytes = (...b: number[]) => new Uint8Array([...b, ...new Array(16).fill(0x20)]);
  it("recognises images, audio, text and binary", () => {
    assert.equal(sniff(bytes(0x89, 0x50, 0x4e, 0x47)).type, "image/png");
    assert.equal(sniff(bytes(0xff, 0xd8, 0xff)).type, "image/jpeg");
    assert.equal(sniff(new TextEncoder().encode("RIFF\0\0\0\0WAVEfmt ")).type, "audio/wav");
    assert.equal(sniff(new TextEncoder().encode("OggS")).kind, "audio");
    assert.equal(sniff(new TextEncoder().encode("Haba na haba hujaza kibaba.\n")).kind, "text");
    assert.equal(sniff(new Uint8Array([1, 2, 0, 3])).kind, "binary");
    assert.equal(sniff(new Uint8Array([0xc3, 0x28, 0x41])).kind, "binary");
  });
});
