import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { en, type MessageKey, type Messages } from "./en.js";

/**
 * The catalogues shipped. Each declares its writing direction; the layout uses logical CSS properties only.
 * English is built in (the fallback); the others load when chosen, so the first load carries one catalogue.
 */
export const locales = ["en", "fr", "sw"] as const;
export type Locale = (typeof locales)[number];
const loaders: Record<Locale, () => Promise<Messages>> = {
  en: async () => en,
  fr: () => import("./fr.js").then((m) => m.fr),
  sw: () => import("./sw.js").then((m) => m.sw),
};

/** A locale's catalogue (loaded on demand). */
export function loadMessages(locale: Locale): Promise<Messages> {
  return loaders[locale]();
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number | bigint>) => string;

/** Replaces `{name}` placeholders; an unknown placeholder stays visible rather than vanishing. */
export function format(template: string, vars: Record<string, string | number | bigint> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** Translates with a catalogue; a key it lacks falls back to English. */
export function translator(messages: Messages = en): Translate {
  return (key, vars) => format(messages[key] ?? en[key] ?? key, vars);
}

type I18n = { locale: Locale; dir: "ltr" | "rtl"; t: Translate; setLocale(locale: Locale): void };
const I18nContext = createContext<I18n | undefined>(undefined);

const known = (tag: string | null | undefined): tag is Locale => locales.includes(tag as Locale);

/** The reader's language: the one they chose here before, else the browser's first one we ship. */
export function initialLocale(): Locale {
  const stored = globalThis.localStorage?.getItem("cairn.locale");
  if (known(stored)) return stored;
  for (const tag of globalThis.navigator?.languages ?? []) {
    const base = tag.split("-")[0];
    if (known(base)) return base;
  }
  return "en";
}

/** `?dir=rtl` forces right-to-left (to check the layout for RTL scripts before a catalogue for one lands). */
function forcedDir(): "ltr" | "rtl" | undefined {
  const dir = new URLSearchParams(globalThis.location?.search ?? "").get("dir");
  return dir === "rtl" || dir === "ltr" ? dir : undefined;
}

/** `locale` and its `messages` (already loaded) start the interface in that language without a flash of English. */
export function I18nProvider({
  children,
  locale: first,
  messages: firstMessages,
}: {
  children: ReactNode;
  locale?: Locale;
  messages?: Messages;
}) {
  const [locale, setLocaleState] = useState<Locale>(first ?? initialLocale);
  const [loaded, setLoaded] = useState<Partial<Record<Locale, Messages>>>(() =>
    first && firstMessages ? { en, [first]: firstMessages } : { en },
  );
  useEffect(() => {
    if (loaded[locale]) return;
    let live = true;
    loadMessages(locale).then((m) => live && setLoaded((all) => ({ ...all, [locale]: m })));
    return () => {
      live = false;
    };
  }, [locale, loaded]);
  const messages = loaded[locale] ?? en;
  const dir = forcedDir() ?? messages.$dir;
  useEffect(() => {
    document.documentElement.lang = locale;
    document.documentElement.dir = dir;
  }, [locale, dir]);
  const setLocale = useCallback((next: Locale) => {
    globalThis.localStorage?.setItem("cairn.locale", next);
    setLocaleState(next);
  }, []);
  const value = useMemo(
    () => ({ locale, dir, t: translator(messages), setLocale }),
    [locale, dir, messages, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n outside I18nProvider");
  return value;
}

/** Formats token amounts and numbers in the reader's locale. */
export function useFormat() {
  const { locale } = useI18n();
  return useMemo(() => {
    const number = new Intl.NumberFormat(locale);
    const bytes = (n: number | bigint) => {
      const v = Number(n);
      const units = ["B", "KB", "MB", "GB", "TB"];
      let i = 0;
      let x = v;
      while (x >= 1000 && i < units.length - 1) {
        x /= 1000;
        i++;
      }
      return `${new Intl.NumberFormat(locale, { maximumFractionDigits: i === 0 ? 0 : 1 }).format(x)} ${units[i]}`;
    };
    const date = (d: Date) => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(d);
    return { number: (n: number | bigint) => number.format(n), bytes, date };
  }, [locale]);
}
