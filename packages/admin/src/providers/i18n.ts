import polyglotI18nProvider from "ra-i18n-polyglot";
import { englishMessagesAll } from "../i18n/en";
import { chineseMessages } from "../i18n/zh-CN";

export const LOCALES = [
  { locale: "en", name: "English" },
  { locale: "zh-CN", name: "简体中文" },
] as const;
export type Locale = (typeof LOCALES)[number]["locale"];

// Both message sets are small (a few kB gzipped), so they ship in the main bundle: no flash of
// English when a Chinese user reloads. react-admin restores the chosen locale from its store.
const messages: Record<Locale, object> = { en: englishMessagesAll, "zh-CN": chineseMessages };

function browserLocale(): Locale {
  const preferred = typeof navigator === "undefined" ? [] : navigator.languages ?? [navigator.language];
  return preferred.some((l) => l?.toLowerCase().startsWith("zh")) ? "zh-CN" : "en";
}

export const i18nProvider = polyglotI18nProvider(
  (locale) => (messages[locale as Locale] ?? messages.en) as never,
  browserLocale(),
  [...LOCALES],
  { allowMissing: true },
);
