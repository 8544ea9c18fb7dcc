import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { WagmiProvider } from "wagmi";
import { App } from "./App.js";
import { loadConfig } from "./config.js";
import { I18nProvider, initialLocale, loadMessages, translator } from "./i18n/index.js";
import { CairnProvider, createReader } from "./lib/cairn.js";
import { readVault } from "./lib/reads.js";
import { createWagmiConfig } from "./lib/wagmi.js";
import "./styles.css";

const root = createRoot(document.getElementById("root") as HTMLElement);

async function start() {
  const locale = initialLocale();
  const [config, messages] = await Promise.all([loadConfig(), loadMessages(locale)]);
  const vault = config.vault ?? (await readVault(config));
  const cairn = createReader(config, vault);
  const wagmi = createWagmiConfig(config);
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: 1, staleTime: 2_000, refetchOnWindowFocus: false } },
  });
  root.render(
    <StrictMode>
      <WagmiProvider config={wagmi}>
        <QueryClientProvider client={queryClient}>
          <I18nProvider locale={locale} messages={messages}>
            <CairnProvider value={cairn}>
              <App />
            </CairnProvider>
          </I18nProvider>
        </QueryClientProvider>
      </WagmiProvider>
    </StrictMode>,
  );
}

start().catch((error: Error) => {
  const t = translator();
  root.render(
    <main className="fatal" role="alert">
      <h1>{t("fatal.title")}</h1>
      <p>{error.message}</p>
      <p>{t("fatal.hint")}</p>
      <button type="button" className="button" onClick={() => location.reload()}>
        {t("action.retry")}
      </button>
    </main>,
  );
});
