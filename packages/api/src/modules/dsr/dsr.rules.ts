import type { DataSubjectRequestRow } from "./dsr.table.js";

/**
 * The configurable rules of data-subject requests, in one place. Change a number here and the
 * due dates, legal holds and export expiry follow.
 */

type Jurisdiction = DataSubjectRequestRow["jurisdiction"];

/**
 * Response deadlines. GDPR Art. 12(3): one month, taken as 30 calendar days. PIPL Art. 50 asks
 * for a timely response without fixing a period; 15 working days is what Chinese regulators
 * expect of app operators. Working days skip Saturdays and Sundays only: public holidays and the
 * PRC make-up working days are not modelled.
 */
export const DUE_DATE_RULES = {
  GDPR: { calendarDays: 30 },
  // Weekdays are counted on the calendar of mainland China (UTC+8, no daylight saving).
  PIPL: { workingDays: 15, utcOffsetMinutes: 8 * 60 },
} as const satisfies Record<Jurisdiction, { calendarDays: number } | { workingDays: number; utcOffsetMinutes: number }>;

const DAY = 86_400_000;

/** When a request received at `receivedAt` must be answered: the same clock time on the last day allowed. */
export function dueDate(jurisdiction: Jurisdiction, receivedAt: Date): Date {
  const rule = DUE_DATE_RULES[jurisdiction];
  if ("calendarDays" in rule) return new Date(receivedAt.getTime() + rule.calendarDays * DAY);
  const offset = rule.utcOffsetMinutes * 60_000;
  // Step through local calendar days from the day after receipt, counting only Monday–Friday.
  let local = receivedAt.getTime() + offset;
  let counted = 0;
  while (counted < rule.workingDays) {
    local += DAY;
    const weekday = new Date(local).getUTCDay();
    if (weekday !== 0 && weekday !== 6) counted++;
  }
  return new Date(local - offset);
}

/**
 * Legal holds on billing records at erasure. A bill may be disputed for a while after its month,
 * and an unpaid bill is kept for collection within the limitation period (PRC Civil Code
 * Art. 188: three years). Held months stay, untouched, until the hold ends; `tessera retention
 * run` removes them afterwards. Every other month of an erased customer is deleted.
 */
export const LEGAL_HOLD = {
  billingDisputeMonths: 6,
  unpaidMonths: 36,
} as const;

export type HoldReason = "UNPAID_BILL" | "BILLING_DISPUTE_WINDOW";

/** Months are `YYYY-MM-DD` (first of the month); a hold runs from the end of that month. */
function monthsAfterMonthEnd(month: string, months: number): Date {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + 1 + months, 1));
}

/** The legal hold on one billing month, or null when it may be erased now. */
export function billingHold(row: { month: string; paid: boolean; arrears: number }, now: Date): { reason: HoldReason; until: Date } | null {
  if (!row.paid || Number(row.arrears) > 0) {
    const until = monthsAfterMonthEnd(row.month, LEGAL_HOLD.unpaidMonths);
    if (until > now) return { reason: "UNPAID_BILL", until };
  }
  const until = monthsAfterMonthEnd(row.month, LEGAL_HOLD.billingDisputeMonths);
  return until > now ? { reason: "BILLING_DISPUTE_WINDOW", until } : null;
}

/** An ACCESS export is kept for download this long after fulfilment; its hash and size stay in the evidence. */
export const EXPORT_AVAILABLE_DAYS = 30;

/** Placeholder for personal text columns that cannot be null (customer name, case subject). */
export const ERASED_TEXT = "[erased]";
