/**
 * Calendar helpers. Every generated timestamp is an offset from the seed's reference instant
 * (`--now`, midnight UTC), never from the wall clock, so a seed is repeatable for a given day.
 */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** The reference instant: the given date (or today) truncated to midnight UTC. */
export function referenceDay(date: Date = new Date()): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

/** YYYY-MM-DD of an epoch-millisecond instant, in UTC. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** YYYY-MM-01 of the month `monthsAgo` months before the month of `ms` (hot path: no Date parsing). */
export function monthStartDate(ms: number, monthsAgo = 0): string {
  const d = new Date(ms);
  const total = d.getUTCFullYear() * 12 + d.getUTCMonth() - monthsAgo;
  const month = (total % 12) + 1;
  return `${Math.floor(total / 12)}-${month < 10 ? "0" : ""}${month}-01`;
}

/** Epoch ms of the first day of the month `monthsAgo` months before the month of `ms`. */
export function monthStart(ms: number, monthsAgo = 0): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - monthsAgo, 1);
}

/** Whole calendar months from `fromMs` to `toMs` (0 when in the same month). */
export function monthsBetween(fromMs: number, toMs: number): number {
  const a = new Date(fromMs);
  const b = new Date(toMs);
  return (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
}
