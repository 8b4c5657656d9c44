import type { CatalogType } from "@tessera/schema/catalog";

/**
 * The configurable rules of proactive care (SPEC §5, DOMAIN.md "Care and marketing"), in one
 * place: which customers get which task, when, what to do, and how often marketing may contact
 * them. Change a number here and the work queue and the contact cap follow.
 */

export const CARE_TASK_KINDS = ["BIRTHDAY", "CONTRACT_ENDING", "DATA_QUOTA", "SPECIAL_CARE", "HIGH_CHURN_RISK"] as const;
export type CareTaskKind = (typeof CARE_TASK_KINDS)[number];

export interface CareRule {
  /**
   * Marketing-type tasks (offers) appear only for customers with a current MARKETING consent,
   * not restricted, active, and under the contact cap; service tasks only need the customer.
   */
  marketing: boolean;
  /** What the agent should do. */
  action: string;
  /**
   * The catalog field a task of this kind reveals. A principal sees the kind only when it reads
   * that field in full under the request's purpose (an agent who may not see special-care flags
   * does not learn them from a care task).
   */
  source: [CatalogType, string];
}

export const CARE_RULES: Record<CareTaskKind, CareRule> = {
  BIRTHDAY: {
    marketing: true,
    action: "Send birthday greetings with the member birthday offer.",
    source: ["Customer", "birthDate"],
  },
  CONTRACT_ENDING: {
    marketing: true,
    action: "Call before the contract ends: offer the loyalty renewal plan.",
    source: ["Subscription", "contractEnd"],
  },
  DATA_QUOTA: {
    marketing: true,
    action: "Warn of the low allowance and offer a data add-on or a larger plan.",
    source: ["UsageMonth", "dataMb"],
  },
  SPECIAL_CARE: {
    marketing: false,
    action: "Schedule a care visit and offer simplified service.",
    source: ["Customer", "specialCare"],
  },
  // A care call about what drives the risk (complaints, bills, contract); an offer made on that
  // call is a MARKETING contact, with its consent and cap.
  HIGH_CHURN_RISK: {
    marketing: false,
    action: "Call to address the churn reasons (open complaints, bill, contract) and log the outcome.",
    source: ["Insight", "churnRisk"],
  },
};

export const CARE_WINDOWS = {
  /** Birthdays from today to this many days ahead. */
  birthdayDays: 7,
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
 * Outreach must be moderate: over-contacting is itself a cause of dissatisfaction (DOMAIN.md).
 * At most `maxContacts` MARKETING contacts per customer in any trailing `windowDays` days; a
 * further one is refused (RATE_LIMITED) and marketing-type care tasks disappear meanwhile.
 */
export const MARKETING_CONTACT_CAP = { maxContacts: 2, windowDays: 30 } as const;

/**
 * Calendar days (birthdays, contract ends) are those of the operator's customers: mainland
 * China, UTC+8.
 */
export const CARE_TIME_ZONE = "Asia/Shanghai";

/** Today's date (`YYYY-MM-DD`) in the care time zone. */
export function careToday(now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: CARE_TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}
