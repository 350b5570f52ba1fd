import { createElement, useMemo, type ReactNode } from "react";
import i18next from "i18next";
import { I18nextProvider, initReactI18next, useTranslation } from "react-i18next";
import * as core from "./strings/core.js";

export type Language = "az" | "en";
export type MessageKey = keyof typeof core.az;
/** A namespace's strings in both languages (the core's in strings/core.ts, a plugin's in its folder). */
export interface Strings {
  az: Record<string, string>;
  en: Record<string, string>;
}

/** Azerbaijani month names, January first: browsers' ICU data for az-AZ prints "2026 M11 23", so az dates are composed. */
export const azMonths = ["yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avqust", "sentyabr", "oktyabr", "noyabr", "dekabr"];

/** A calendar day (YYYY-MM-DD, no time zone) in words: "12 may 2026" / "12 May 2026". */
export function formatDay(day: string, language: Language): string {
  const [year, month, date] = day.split("-").map(Number);
  if (language === "az") return `${date} ${azMonths[month! - 1] ?? ""} ${year}`;
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${day}T00:00:00Z`));
}

const STORAGE_KEY = "yonca.language";

function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === "en" ? "en" : "az";
  } catch {
    return "az";
  }
}

function showLanguage(language: string): void {
  if (typeof document !== "undefined") document.documentElement.lang = language;
}

/**
 * One i18next instance for the page: the chat UI's strings in the `core` namespace, each web plugin's in
 * a namespace named after it (registered by plugins/registry.ts). Keys are flat ("tool.other"), so the
 * key separator is off; a plugin's lookup falls back to `core` for shared words (Cancel, Save).
 */
export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources: { az: { core: core.az }, en: { core: core.en } },
  lng: storedLanguage(),
  fallbackLng: "az",
  supportedLngs: ["az", "en"],
  ns: ["core"],
  defaultNS: "core",
  fallbackNS: "core",
  keySeparator: false,
  nsSeparator: false,
  // React escapes what it renders; strings keep their own "{field}" placeholders.
  interpolation: { escapeValue: false },
  initAsync: false,
});
showLanguage(i18n.language);
i18n.on("languageChanged", (language) => {
  showLanguage(language);
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private mode without storage: the choice lasts for this page only.
  }
});

/** Adds a namespace (a plugin's strings) in both languages. */
export function addStrings(namespace: string, strings: Strings): void {
  i18n.addResourceBundle("az", namespace, strings.az, true, true);
  i18n.addResourceBundle("en", namespace, strings.en, true, true);
}

export type Translate<K extends string = MessageKey> = (key: K | MessageKey) => string;

interface I18n<K extends string> {
  language: Language;
  setLanguage(language: Language): void;
  /** A string of the namespace (or of `core`) in the UI language. */
  t: Translate<K>;
  has(key: string): boolean;
}

export function I18nProvider({ children }: { children: ReactNode }) {
  return createElement(I18nextProvider, { i18n }, children);
}

/** The UI language and the strings of one namespace (`core` unless a plugin asks for its own). */
export function useI18n<K extends string = MessageKey>(namespace = "core"): I18n<K> {
  const { t, i18n: instance } = useTranslation(namespace);
  const language: Language = instance.language === "en" ? "en" : "az";
  return useMemo<I18n<K>>(
    () => ({
      language,
      setLanguage: (next) => void instance.changeLanguage(next),
      t: t as unknown as Translate<K>,
      has: (key) => instance.exists(key, { ns: namespace }),
    }),
    [t, language, instance, namespace],
  );
}

/** Hectares with at most one decimal; Azerbaijani writes the decimal comma, as the advisor does. */
export function formatArea(value: number, language: Language): string {
  const text = String(Math.round(value * 10) / 10);
  return language === "az" ? text.replace(".", ",") : text;
}

/** Browsers' ICU data for az-AZ prints "2026 M11 23", so Azerbaijani dates are composed here. */
export function formatDateTime(iso: string, language: Language): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const time = `${String(date.getHours()).padStart(2, "0")}:${String(date.getMinutes()).padStart(2, "0")}`;
  const sameYear = date.getFullYear() === new Date().getFullYear();
  if (language === "en") {
    const day = new Intl.DateTimeFormat("en-GB", sameYear ? { day: "numeric", month: "short" } : { day: "numeric", month: "short", year: "numeric" }).format(date);
    return `${day}, ${time}`;
  }
  return `${date.getDate()} ${azMonths[date.getMonth()]}${sameYear ? "" : ` ${date.getFullYear()}`}, ${time}`;
}
