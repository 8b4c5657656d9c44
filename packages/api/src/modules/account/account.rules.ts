/**
 * The rules of key accounts (大客户/政企客户, DOMAIN.md "Key accounts"), in one place: the six
 * tiers with the response and handling commitments the case clocks use, and the early-warning
 * line with its reference. Change a number here and case due times and warnings follow.
 */

/** The jewel tiers, highest first (钻石/翡翠/白金/宝石/黄金/水晶). */
export const KEY_ACCOUNT_TIERS = ["DIAMOND", "EMERALD", "PLATINUM", "GEM", "GOLD", "CRYSTAL"] as const;
export type KeyAccountTier = (typeof KEY_ACCOUNT_TIERS)[number];

/**
 * The service level a tier buys: who answers and when.
 * - DEDICATED_24X7: a named account team around the clock, on-site when needed;
 * - PRIORITY_24X7: the priority queue around the clock;
 * - PRIORITY_BUSINESS_HOURS: the priority queue in business hours.
 */
export const SERVICE_LEVELS = ["DEDICATED_24X7", "PRIORITY_24X7", "PRIORITY_BUSINESS_HOURS"] as const;
export type ServiceLevel = (typeof SERVICE_LEVELS)[number];

export interface TierCommitment {
  /** The first response to the account is due within this many hours (any case kind). */
  responseHours: number;
  /**
   * Cases with a handling limit in the operator standard (faults 2 h, complaints 24 h) are
   * resolved within the shorter of that limit and this one.
   */
  handlingHours: number;
  serviceLevel: ServiceLevel;
}

/**
 * Each tier's commitment. The handbooks name the tiers and say that each maps to "a response
 * speed and a service level" but give no figures; these are Tessera's defaults, halving the wait
 * from tier to tier below the 24 h complaint limit, and never looser than the standard's per-kind
 * limits (the case clocks take the shorter). Operators set their negotiated figures here.
 */
export const TIER_COMMITMENTS: Record<KeyAccountTier, TierCommitment> = {
  DIAMOND: { responseHours: 1, handlingHours: 4, serviceLevel: "DEDICATED_24X7" },
  EMERALD: { responseHours: 2, handlingHours: 8, serviceLevel: "DEDICATED_24X7" },
  PLATINUM: { responseHours: 4, handlingHours: 12, serviceLevel: "PRIORITY_24X7" },
  GEM: { responseHours: 8, handlingHours: 16, serviceLevel: "PRIORITY_24X7" },
  GOLD: { responseHours: 12, handlingHours: 24, serviceLevel: "PRIORITY_BUSINESS_HOURS" },
  CRYSTAL: { responseHours: 24, handlingHours: 24, serviceLevel: "PRIORITY_BUSINESS_HOURS" },
};

/**
 * The early-warning line (DOMAIN.md "Early warning for key accounts"): one service's monthly fee
 * down ≥ 20 % against its reference, or the total down ≥ 10 %.
 *
 * The reference is the mean of the 3 billed months before the month evaluated (DOMAIN.md names no
 * reference; this is the window Tessera's ARPU already uses, insight "mean monthly bill of the
 * last 3 billed months"). A mean rather than the previous month alone, so that one unusually high
 * month (a one-off project, a roaming spike) does not make the next ordinary month look like a
 * loss; three months, so that a real decline shows within a quarter, the handbooks' review cycle.
 * Without 3 billed months before it there is no reference and no warning (a new account is not
 * declining). A service absent from a billed month was billed 0 in it.
 */
export const WARNING_RULE = { serviceDropPercent: 20, totalDropPercent: 10, referenceMonths: 3 } as const;

/** Why the fee fell, as the account manager found it (the cause analysis). */
export const WARNING_CAUSES = [
  "COMPETITOR_OFFER",
  "BUSINESS_DOWNSIZING",
  "SEASONAL",
  "NETWORK_QUALITY",
  "BILLING_ERROR",
  "SERVICE_DISSATISFACTION",
  "PRICE",
  "MIGRATED_TO_OTHER_SERVICE",
  "OTHER",
] as const;

/** What the account manager does to keep the account (DOMAIN.md retention levers: financial, social, structural). */
export const RETENTION_ACTIONS = [
  "DISCOUNT_OFFER",
  "LOYALTY_POINTS",
  "CARE_VISIT",
  "SERVICE_REVIEW",
  "NETWORK_IMPROVEMENT",
  "BILLING_CORRECTION",
  "BUNDLE_OR_UPGRADE",
  "CONTRACT_RENEWAL",
  "MONITOR_ONLY",
] as const;

export interface MonthBill {
  month: string;
  total: number;
  charges: Record<string, number>;
}

export interface WarningFinding {
  month: string;
  /** The service whose fee fell; null for the total. */
  service: string | null;
  reference: number;
  amount: number;
  dropPercent: number;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * The warnings of `current` against the months billed before it (newest first or in any order):
 * every service and the total checked against the mean of the previous `referenceMonths` billed
 * months. Drops are compared in exact cents (a 19.99 % drop is not 20 %).
 */
export function findWarnings(current: MonthBill, previous: readonly MonthBill[]): WarningFinding[] {
  const window = [...previous]
    .filter((m) => m.month < current.month)
    .sort((a, b) => b.month.localeCompare(a.month))
    .slice(0, WARNING_RULE.referenceMonths);
  if (window.length < WARNING_RULE.referenceMonths) return [];
  const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;
  const findings: WarningFinding[] = [];
  const check = (service: string | null, reference: number, amount: number, threshold: number) => {
    if (reference <= 0) return;
    // (reference − amount) / reference ≥ threshold %, in integers to avoid floating-point edges.
    const ref = Math.round(reference * 100 * WARNING_RULE.referenceMonths);
    const now = Math.round(amount * 100 * WARNING_RULE.referenceMonths);
    if ((ref - now) * 100 < threshold * ref) return;
    findings.push({ month: current.month, service, reference: round2(reference), amount: round2(amount), dropPercent: Math.round(((reference - amount) / reference) * 1000) / 10 });
  };
  const services = new Set(window.flatMap((m) => Object.keys(m.charges)));
  for (const service of [...services].sort()) {
    check(service, mean(window.map((m) => m.charges[service] ?? 0)), current.charges[service] ?? 0, WARNING_RULE.serviceDropPercent);
  }
  check(null, mean(window.map((m) => m.total)), current.total, WARNING_RULE.totalDropPercent);
  return findings;
}
