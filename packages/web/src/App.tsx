import { lazy, type ReactNode, Suspense, useState } from "react";
import { useConnection, useDisconnect } from "wagmi";
import { ConnectDialog } from "./components/ConnectDialog.js";
import { NetworkBanner } from "./components/NetworkBanner.js";
import { type Locale, locales, useI18n } from "./i18n/index.js";
import { href, useRoute } from "./lib/router.js";

const Datasets = lazy(() => import("./pages/Datasets.js"));
const DatasetPage = lazy(() => import("./pages/DatasetPage.js"));
const Contribute = lazy(() => import("./pages/Contribute.js"));
const Review = lazy(() => import("./pages/Review.js"));
const Rewards = lazy(() => import("./pages/Rewards.js"));
const Fund = lazy(() => import("./pages/Fund.js"));
const Steward = lazy(() => import("./pages/Steward.js"));
const Govern = lazy(() => import("./pages/Govern.js"));
const Manage = lazy(() => import("./pages/Manage.js"));

export const languageNames: Record<Locale, string> = { en: "English", fr: "Français", sw: "Kiswahili" };

function Account() {
  const { t } = useI18n();
  const { address, isConnected } = useConnection();
  const disconnect = useDisconnect();
  const [open, setOpen] = useState(false);
  if (isConnected && address)
    return (
      <div className="account">
        <span className="address" title={address}>
          <span className="visually-hidden">{t("account.connectedAs")} </span>
          {address.slice(0, 6)}…{address.slice(-4)}
        </span>
        <button type="button" className="button secondary small" onClick={() => disconnect.mutate()}>
          {t("account.disconnect")}
        </button>
      </div>
    );
  return (
    <>
      <button type="button" className="button" onClick={() => setOpen(true)}>
        {t("account.connect")}
      </button>
      <ConnectDialog open={open} onClose={() => setOpen(false)} />
    </>
  );
}

function Page({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return (
    <Suspense
      fallback={
        <p role="status" className="loading">
          <span className="spinner" aria-hidden="true" /> {t("state.loading")}
        </p>
      }
    >
      {children}
    </Suspense>
  );
}

export function App() {
  const { t, locale, setLocale } = useI18n();
  const { segments } = useRoute();
  const [first, id, sub] = segments;
  let page: ReactNode;
  let section = "datasets";
  if (first === "datasets" && id && sub === "contribute") page = <Contribute datasetId={id} />;
  else if (first === "datasets" && id && sub === "fund") page = <Fund datasetId={id} />;
  else if (first === "datasets" && id && sub === "manage") page = <Manage datasetId={id} />;
  else if (first === "datasets" && id && sub === "govern") {
    section = "govern";
    page = <Govern datasetId={id} />;
  } else if (first === "govern") {
    section = "govern";
    page = <Govern />;
  } else if (first === "datasets" && id) page = <DatasetPage datasetId={id} />;
  else if (first === "review" || first === "rewards" || first === "steward") {
    section = first;
    page = first === "review" ? <Review /> : first === "rewards" ? <Rewards /> : <Steward />;
  } else page = <Datasets />;
  const nav = [
    ["datasets", href.datasets(), t("nav.datasets")],
    ["review", href.review(), t("nav.review")],
    ["rewards", href.rewards(), t("nav.rewards")],
    ["govern", href.govern(), t("nav.govern")],
    ["steward", href.steward(), t("nav.steward")],
  ] as const;
  return (
    <>
      <a className="skip" href="#main">
        {t("nav.skip")}
      </a>
      <header className="top">
        <a className="brand" href={href.datasets()}>
          <svg viewBox="0 0 16 16" width="26" height="26" aria-hidden="true">
            <ellipse cx="8" cy="13" rx="7" ry="2.5" fill="#566b5b" />
            <ellipse cx="8" cy="8.5" rx="5" ry="2.2" fill="#798f7d" />
            <ellipse cx="8" cy="4.5" rx="3" ry="1.8" fill="#a3b8a6" />
          </svg>
          <span>Cairn</span>
        </a>
        <nav aria-label={t("nav.label")}>
          <ul>
            {nav.map(([key, to, label]) => (
              <li key={key}>
                <a href={to} aria-current={section === key ? "page" : undefined}>
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="tools">
          <label className="language">
            <span className="visually-hidden">{t("nav.language")}</span>
            <select value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
              {locales.map((l) => (
                <option key={l} value={l} lang={l}>
                  {languageNames[l]}
                </option>
              ))}
            </select>
          </label>
          <Account />
        </div>
      </header>
      <NetworkBanner />
      <main id="main" tabIndex={-1}>
        <Page>{page}</Page>
      </main>
      <footer className="foot">
        <p>{t("footer.text")}</p>
      </footer>
    </>
  );
}
