/**
 * Calendar days (`YYYY-MM-DD`) as the operator counts them. Birthdays, contract ends, snoozes and
 * household memberships are days of the operator's customers in mainland China (UTC+8), not UTC
 * days: at 07:00 in Shanghai it is already tomorrow there, and a membership joined "today" must
 * not read as being in the future.
 */
export const OPERATOR_TIME_ZONE = "Asia/Shanghai";

const dayFormat = new Intl.DateTimeFormat("en-CA", { timeZone: OPERATOR_TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" });

/** Today's date in the operator's time zone. */
export function operatorToday(now = new Date()): string {
  return dayFormat.format(now);
}

/** The calendar day `days` after `day` (negative: before). */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
