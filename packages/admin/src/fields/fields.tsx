import Chip, { type ChipProps } from "@mui/material/Chip";
import Typography from "@mui/material/Typography";
import { DateField, FunctionField, NumberField, useRecordContext, useTranslate, type FieldProps } from "react-admin";
import type { appMessages } from "../i18n/en";
import { cnyOptions, dateTimeOptions, formatDataVolume, formatMinutes, joinList, localDateOptions, monthOptions, useIntlLocale } from "./format";

type EnumName = keyof typeof appMessages.tessera.enums;

const get = (record: Record<string, unknown> | undefined, source: string): unknown =>
  source.split(".").reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], record);

/** A point in time (DateTime), in the console's language. */
export const DateTimeField = (props: FieldProps) => {
  const locale = useIntlLocale();
  return <DateField {...props} showTime locales={locale} options={dateTimeOptions} sx={{ whiteSpace: "nowrap" }} />;
};

/** A calendar date (LocalDate), in the console's language. */
export const LocalDateField = (props: FieldProps) => {
  const locale = useIntlLocale();
  return <DateField {...props} locales={locale} options={localDateOptions} />;
};

/** A billing month (LocalDate of its first day). */
export const MonthField = (props: FieldProps) => {
  const locale = useIntlLocale();
  return <DateField {...props} locales={locale} options={monthOptions} />;
};

/** An amount in CNY, shown with ¥ and the language's digit grouping. */
export const MoneyField = (props: FieldProps) => {
  const locale = useIntlLocale();
  return <NumberField {...props} locales={locale} options={cnyOptions} />;
};

export const DataVolumeField = ({ source, ...props }: FieldProps & { source: string }) => {
  const locale = useIntlLocale();
  return <FunctionField {...props} source={source} render={(record) => formatDataVolume(Number(get(record, source) ?? 0), locale)} />;
};

export const MinutesField = ({ source, ...props }: FieldProps & { source: string }) => {
  const locale = useIntlLocale();
  return <FunctionField {...props} source={source} render={(record) => formatMinutes(Number(get(record, source) ?? 0), locale)} />;
};

/** Translates an API enum value through `tessera.enums.<Enum>.<VALUE>`. */
export function useEnumLabel(enumName: EnumName) {
  const translate = useTranslate();
  return (value: string | null | undefined) => (value ? translate(`tessera.enums.${enumName}.${value}`, { _: value }) : "");
}

export const EnumField = ({ source, enumName }: { source: string; enumName: EnumName; label?: string }) => {
  const record = useRecordContext();
  const locale = useIntlLocale();
  const label = useEnumLabel(enumName);
  const value = get(record, source);
  const text = Array.isArray(value) ? joinList(value.map((v) => label(String(v))), locale) : label(value as string | null);
  return (
    <Typography component="span" variant="body2">
      {text}
    </Typography>
  );
};

type Tone = NonNullable<ChipProps["color"]>;

/** An enum value as a small coloured chip (statuses, priorities). */
export const EnumChipField = ({ source, enumName, tones = {} }: { source: string; enumName: EnumName; tones?: Record<string, Tone>; label?: string }) => {
  const record = useRecordContext();
  const label = useEnumLabel(enumName);
  const value = get(record, source) as string | null | undefined;
  if (!value) return null;
  // fit-content: inside <Labeled> (a stretching column) a chip would span the whole cell.
  return <Chip size="small" variant="outlined" color={tones[value] ?? "default"} label={label(value)} sx={{ width: "fit-content" }} />;
};

/** `Customer.region` (pinyin) in the console's language; unknown regions show as stored. */
export const RegionField = ({ source = "region" }: { source?: string; label?: string }) => {
  const record = useRecordContext();
  const translate = useTranslate();
  const value = get(record, source) as string | null | undefined;
  return (
    <Typography component="span" variant="body2">
      {value ? translate(`tessera.regions.${value}`, { _: value }) : ""}
    </Typography>
  );
};
