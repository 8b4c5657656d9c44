import { useTranslate } from "react-admin";
import { joinList, localDateOptions, monthOptions, useIntlLocale } from "../fields/format";
import type { CareTaskKind } from "../generated/graphql";

type Task = { kind: CareTaskKind | string; evidence?: Record<string, unknown> | null; actionCode?: string | null };

/**
 * A care task's reason and suggested action in the console's language: the API sends the kind
 * (the reason code) with its evidence (the parameters) and an action code; the sentences live in
 * the message files, so no English server text reaches the Chinese console.
 */
export function useCareTaskText() {
  const translate = useTranslate();
  const locale = useIntlLocale();
  const day = (v: unknown) => (typeof v === "string" && v ? new Intl.DateTimeFormat(locale, localDateOptions).format(new Date(`${v.slice(0, 10)}T00:00:00Z`)) : "");
  const month = (v: unknown) => (typeof v === "string" && v ? new Intl.DateTimeFormat(locale, monthOptions).format(new Date(`${v.slice(0, 10)}T00:00:00Z`)) : "");
  const list = (values: unknown, enumName: string) =>
    joinList(
      (Array.isArray(values) ? values : []).map((v) => translate(`tessera.enums.${enumName}.${String(v)}`, { _: String(v) })),
      locale,
    );
  const number = (v: unknown) => new Intl.NumberFormat(locale).format(Number(v ?? 0));
  const params = (task: Task): Record<string, string> => {
    const e = task.evidence ?? {};
    switch (task.kind) {
      case "BIRTHDAY":
        return { birthday: day(e.birthday), turning: String(e.turning ?? "") };
      case "HOLIDAY_GREETING":
        return { holiday: translate(`tessera.enums.Holiday.${String(e.holiday)}`, { _: String(e.holiday ?? "") }), date: day(e.date) };
      case "CONTRACT_ENDING":
        return { contractEnd: day(e.contractEnd) };
      case "DATA_QUOTA":
        return { month: month(e.month), percent: String(e.percent ?? ""), usedMb: number(e.usedMb), quotaMb: number(e.quotaMb) };
      case "SPECIAL_CARE":
        return { flags: list(e.flags, "SpecialCareFlag"), visitEveryDays: String(e.visitEveryDays ?? "") };
      case "HIGH_CHURN_RISK":
        return { score: String(e.score ?? ""), reasons: list(e.reasons, "ChurnReasonCode") };
      default:
        return {};
    }
  };
  return {
    /** Null when the evidence is withheld (the reason would reveal it). */
    reason: (task: Task) => (task.evidence ? translate(`tessera.careTasks.reason.${task.kind}`, params(task)) : null),
    action: (task: Task) => (task.actionCode ? translate(`tessera.enums.CareActionCode.${task.actionCode}`) : ""),
  };
}
