import Chip from "@mui/material/Chip";
import Tooltip from "@mui/material/Tooltip";
import { useEffect, useState } from "react";
import { useTranslate } from "react-admin";
import { dateTimeOptions, useIntlLocale } from "../fields/format";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "3 h 20 min", "2 d 4 h": the two largest units, in the console's language. */
export function formatDuration(ms: number, locale: string): string {
  const abs = Math.abs(ms);
  const unit = (value: number, u: "day" | "hour" | "minute") => new Intl.NumberFormat(locale, { style: "unit", unit: u, unitDisplay: "narrow" }).format(value);
  const days = Math.floor(abs / DAY);
  const hours = Math.floor((abs % DAY) / HOUR);
  const minutes = Math.floor((abs % HOUR) / MINUTE);
  const sep = locale.startsWith("zh") ? "" : " ";
  if (days > 0) return [unit(days, "day"), hours ? unit(hours, "hour") : ""].filter(Boolean).join(sep);
  if (hours > 0) return [unit(hours, "hour"), minutes ? unit(minutes, "minute") : ""].filter(Boolean).join(sep);
  return unit(Math.max(minutes, 1), "minute");
}

/** Re-renders every minute so countdowns stay true while the queue is open. */
export function useNow(intervalMs = MINUTE): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/**
 * An SLA countdown: "due in 3 h 20 min" (warning under `warnWithinMs`), "overdue by 2 d";
 * `done` (resolved, fulfilled) shows no countdown.
 */
export const Countdown = ({ due, done, warnWithinMs = 2 * HOUR }: { due: string | null | undefined; done?: boolean; warnWithinMs?: number }) => {
  const translate = useTranslate();
  const locale = useIntlLocale();
  const now = useNow();
  if (!due || done) return null;
  const left = new Date(due).getTime() - now;
  const label =
    left >= 0 ? translate("tessera.sla.due_in", { duration: formatDuration(left, locale) }) : translate("tessera.sla.overdue_by", { duration: formatDuration(left, locale) });
  const color = left < 0 ? "error" : left < warnWithinMs ? "warning" : "default";
  return (
    <Tooltip title={new Intl.DateTimeFormat(locale, dateTimeOptions).format(new Date(due))}>
      <Chip size="small" color={color} variant={left < 0 ? "filled" : "outlined"} label={label} data-testid="sla-countdown" sx={{ width: "fit-content" }} />
    </Tooltip>
  );
};
