import { addDays, operatorToday } from "../../lib/days.js";
import { FIELD_LIMITS } from "@tessera/schema/limits";
import type { CatalogType } from "@tessera/schema/catalog";

/**
 * The configurable rules of proactive care (SPEC §5, DOMAIN.md "Care and marketing"), in one
 * place: which customers get which task, when, what to do, and how often marketing may contact
 * them. Change a number here and the work queue and the contact cap follow.
 */

export const CARE_TASK_KINDS = ["BIRTHDAY", "HOLIDAY_GREETING", "CONTRACT_ENDING", "DATA_QUOTA", "SPECIAL_CARE", "HIGH_CHURN_RISK"] as const;
export type CareTaskKind = (typeof CARE_TASK_KINDS)[number];

/**
 * What the agent should do, as a code the console translates (the English text below is for API
 * clients that show it as is).
 */
export const CARE_ACTION_CODES = [
  "SEND_BIRTHDAY_OFFER",
  "SEND_HOLIDAY_GREETING",
  "REMIND_CONTRACT_EXPIRY",
  "REMIND_LOW_ALLOWANCE",
  "SCHEDULE_CARE_VISIT",
  "CALL_ABOUT_CHURN_REASONS",
] as const;
export type CareActionCode = (typeof CARE_ACTION_CODES)[number];

/** The contact that completes a task: a MARKETING contact, a CARE contact, or a CARE visit (VISIT/ONSITE). */
export type CareCompletion = "MARKETING" | "CARE" | "CARE_VISIT";

export interface CareRule {
  /**
   * Offers (marketing) appear only for customers with a current MARKETING consent, not
   * restricted, active, and under the contact cap, and completing one logs a MARKETING contact
   * that counts against the cap. Care (reminders, greetings, visits) is service: it needs no
   * marketing consent and does not count against the cap (DOMAIN.md "Care is not marketing").
   */
  marketing: boolean;
  /** What the agent should do. */
  action: CareActionCode;
  actionText: string;
  /** The contact that completes the task. */
  completedBy: CareCompletion;
  /**
   * The catalog field a task of this kind reveals. A principal sees the kind only when it reads
   * that field in full under the request's purpose (an agent who may not see special-care flags
   * does not learn them from a care task).
   */
  source: [CatalogType, string];
}

export const CARE_RULES: Record<CareTaskKind, CareRule> = {
  // The birthday *offer* is marketing; a greeting alone would be care.
  BIRTHDAY: {
    marketing: true,
    action: "SEND_BIRTHDAY_OFFER",
    actionText: "Send birthday greetings with the member birthday offer.",
    completedBy: "MARKETING",
    source: ["Customer", "birthDate"],
  },
  HOLIDAY_GREETING: {
    marketing: false,
    action: "SEND_HOLIDAY_GREETING",
    actionText: "Send the holiday greeting (no offer).",
    completedBy: "CARE",
    source: ["Insight", "valueTier"],
  },
  CONTRACT_ENDING: {
    marketing: false,
    action: "REMIND_CONTRACT_EXPIRY",
    actionText: "Remind the customer that the contract ends and explain the options; an offer made on the call is a separate marketing contact.",
    completedBy: "CARE",
    source: ["Subscription", "contractEnd"],
  },
  DATA_QUOTA: {
    marketing: false,
    action: "REMIND_LOW_ALLOWANCE",
    actionText: "Remind the customer that the data allowance is nearly used up.",
    completedBy: "CARE",
    source: ["UsageMonth", "dataMb"],
  },
  SPECIAL_CARE: {
    marketing: false,
    action: "SCHEDULE_CARE_VISIT",
    actionText: "Schedule a care visit and offer simplified service.",
    completedBy: "CARE_VISIT",
    source: ["Customer", "specialCare"],
  },
  // A care call about what drives the risk (complaints, bills, contract); a retention offer made
  // on that call is a MARKETING contact, with its consent and cap.
  HIGH_CHURN_RISK: {
    marketing: false,
    action: "CALL_ABOUT_CHURN_REASONS",
    actionText: "Call to address the churn reasons (open complaints, bill, contract) and log the outcome.",
    completedBy: "CARE",
    source: ["Insight", "churnRisk"],
  },
};

/**
 * Holiday greetings (节日问候) go to the customers a personal greeting is worth an agent's time
 * for: high-value customers (stored value tier) and key accounts. Others get the operator's
 * broadcast greeting, which is not a work-queue task.
 */
export const HOLIDAY_GREETING_KINDS: readonly string[] = ["ENTERPRISE", "GOVERNMENT"];
export const HOLIDAY_GREETING_TIERS: readonly string[] = ["HIGH"];

/** The public holidays greeted, by date (lunar holidays need their dates per year). */
export const HOLIDAYS: readonly { code: string; date: string }[] = [
  { code: "NEW_YEAR", date: "2026-01-01" },
  { code: "SPRING_FESTIVAL", date: "2026-02-17" },
  { code: "MID_AUTUMN", date: "2026-09-25" },
  { code: "NATIONAL_DAY", date: "2026-10-01" },
  { code: "NEW_YEAR", date: "2027-01-01" },
  { code: "SPRING_FESTIVAL", date: "2027-02-06" },
  { code: "MID_AUTUMN", date: "2027-09-15" },
  { code: "NATIONAL_DAY", date: "2027-10-01" },
  { code: "NEW_YEAR", date: "2028-01-01" },
  { code: "SPRING_FESTIVAL", date: "2028-01-26" },
  { code: "NATIONAL_DAY", date: "2028-10-01" },
  { code: "MID_AUTUMN", date: "2028-10-03" },
];

export const CARE_WINDOWS = {
  /** Birthdays from today to this many days ahead. */
  birthdayDays: 7,
  /** Holidays from today to this many days ahead. */
  holidayDays: 7,
  /** Contracts ending from today to this many days ahead. */
  contractEndingDays: 30,
  /** Share of the plans' data allowance used in the latest month (current or previous). */
  dataQuotaPercent: 90,
  /** A special-care customer is due a visit when none (a CARE contact, VISIT/ONSITE) happened in this many days. */
  specialCareVisitDays: 90,
  /** A customer at HIGH churn risk is due a care call when none (a CARE contact) happened in this many days. */
  churnCareDays: 30,
} as const;

/**
 * Working a task (care.work.ts). Kinds due every day until handled (a special-care visit, a churn
 * care call) keep their work state per customer and kind, not per due date, or a snooze would end
 * at midnight. A snooze is a postponement, not a way to drop a task: at most `maxSnoozeDays` ahead.
 */
export const RECURRING_KINDS: readonly CareTaskKind[] = ["SPECIAL_CARE", "HIGH_CHURN_RISK"];
export const CARE_WORK = { maxSnoozeDays: FIELD_LIMITS.CareTask.maxSnoozeDays } as const;

/**
 * How a completed task ended, logged as the interaction's outcome. Each means the customer was
 * reached (a contact that was not made does not complete the task: snooze it instead).
 */
export const CARE_OUTCOMES = ["COMPLETED", "INFO_PROVIDED", "ACCEPTED", "DECLINED", "CALLBACK_SCHEDULED"] as const;

/** The interaction that completes a task of each kind: its type, and the channels it may come through. */
export const COMPLETION_CONTACT: Record<CareCompletion, { type: "MARKETING" | "CARE"; channels?: readonly string[] }> = {
  MARKETING: { type: "MARKETING" },
  CARE: { type: "CARE" },
  CARE_VISIT: { type: "CARE", channels: ["VISIT", "ONSITE"] },
};

/**
 * Outreach must be moderate: over-contacting is itself a cause of dissatisfaction (DOMAIN.md).
 * At most `maxContacts` MARKETING contacts per customer in any trailing `windowDays` days; a
 * further one is refused (RATE_LIMITED) and marketing-type care tasks disappear meanwhile.
 */
export const MARKETING_CONTACT_CAP = { maxContacts: 2, windowDays: 30 } as const;

/** Today's date (`YYYY-MM-DD`) as care counts days: the operator's calendar (lib/days.ts). */
export const careToday = operatorToday;

/** The holidays from `today` to the greeting window ahead. */
export function upcomingHolidays(today: string, calendar = HOLIDAYS): { code: string; date: string }[] {
  const last = addDays(today, CARE_WINDOWS.holidayDays);
  return calendar.filter((h) => h.date >= today && h.date <= last);
}
