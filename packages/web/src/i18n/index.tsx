import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { en, type MessageKey, type Messages } from "./en.js";
import { fr } from "./fr.js";
import { sw } from "./sw.js";

/** The catalogues shipped. Each declares its writing direction; the layout uses logical CSS properties only. */
export const catalogues = { en, fr, sw } as const satisfies Record<string, Messages>;
export type Locale = keyof typeof catalogues;
export const locales = Object.keys(catalogues) as Locale[];

export type Translate = (key: MessageKey, vars?: Record<string, string | number | bigint>) => string;

/** Replaces `{name}` placeholders; an unknown placeholder stays visible rather than vanishing. */
export function format(template: string, vars: Record<string, string | number | bigint> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export function translator(locale: Locale): Translate {
  const messages = catalogues[locale];
  return (key, vars) => format(messages[key] ?? en[key] ?? key, vars);
}

type I18n = { locale: Locale; dir: "ltr" | "rtl"; t: Translate; setLocale(locale: Locale): void };
const I18nContext = createContext<I18n | undefined>(undefined);

function initialLocale(): Locale {
  const stored = globalThis.localStorage?.getItem("cairn.locale");
  if (stored && stored in catalogues) return stored as Locale;
  for (const tag of globalThis.navigator?.languages ?? []) {
    const base = tag.split("-")[0] as Locale;
    if (base in catalogues) return base;
  }
  return "en";
}

/** `?dir=rtl` forces right-to-left (to check the layout for RTL scripts before a catalogue for one lands). */
function forcedDir(): "ltr" | "rtl" | undefined {
  const dir = new URLSearchParams(globalThis.location?.search ?? "").get("dir");
  return dir === "rtl" || dir === "ltr" ? dir : undefined;
}

export function I18nProvider({ children, locale: fixed }: { children: ReactNode; locale?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(fixed ?? initialLocale);
  const dir = forcedDir() ?? catalogues[locale].$dir;
  useEffect(() => {
    document.documentElement.lang = locale;
    document.documentElement.dir = dir;
  }, [locale, dir]);
  const setLocale = useCallback((next: Locale) => {
    globalThis.localStorage?.setItem("cairn.locale", next);
    setLocaleState(next);
  }, []);
  const value = useMemo(() => ({ locale, dir, t: translator(locale), setLocale }), [locale, dir, setLocale]);
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
