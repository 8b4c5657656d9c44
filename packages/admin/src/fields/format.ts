import { useLocaleState } from "react-admin";

/** The console's locale, for Intl formatting that follows the language switcher (not the browser). */
export function useIntlLocale(): string {
  const [locale] = useLocaleState();
  return locale;
}

export const dateTimeOptions: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" };
export const dateOptions: Intl.DateTimeFormatOptions = { dateStyle: "medium" };
/** LocalDate values (`YYYY-MM-DD`) parse as UTC midnight: format them in UTC so no day shifts. */
export const localDateOptions: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeZone: "UTC" };
export const monthOptions: Intl.DateTimeFormatOptions = { year: "numeric", month: "short", timeZone: "UTC" };
/** ¥ in every language (en would otherwise write CN¥). */
export const cnyOptions: Intl.NumberFormatOptions = { style: "currency", currency: "CNY", currencyDisplay: "narrowSymbol" };

export function formatDataVolume(megabytes: number, locale: string): string {
  const gigabytes = megabytes / 1024;
  return gigabytes >= 1
    ? new Intl.NumberFormat(locale, { style: "unit", unit: "gigabyte", maximumFractionDigits: 1 }).format(gigabytes)
    : new Intl.NumberFormat(locale, { style: "unit", unit: "megabyte", maximumFractionDigits: 0 }).format(megabytes);
}

export function formatMinutes(minutes: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: "unit", unit: "minute", unitDisplay: "short" }).format(minutes);
}

/** "Voice, Data" in English, "语音、流量" in Chinese. */
export function joinList(items: string[], locale: string): string {
  return items.join(locale.startsWith("zh") ? "、" : ", ");
}
