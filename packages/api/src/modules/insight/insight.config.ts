/**
 * Every parameter of the insight formulas (SPEC §5), in one place. The formulas take a config
 * argument defaulting to this object, so a test (or an operator's tuning) changes numbers here,
 * never in the formulas.
 */
export interface InsightConfig {
  /** ARPU is the mean bill of this many most recent billed months. */
  arpuMonths: number;
  /**
   * Months of usage history the refresh loads per customer: enough for every rule below (a
   * REACTIVATED customer came back ≤ 6 months ago after ≥ 3 dead months: 9 months).
   */
  historyMonths: number;
  valueTier: {
    /** ¥/month: at or above is HIGH (DOMAIN.md: a high-value customer spends more than ¥500). */
    highArpu: number;
    /** ¥/month: at or above is MEDIUM, below is LOW. */
    mediumArpu: number;
    /** Loyal customers (tenure at least this many months) qualify at `loyaltyFactor` × the threshold. */
    loyaltyTenureMonths: number;
    loyaltyFactor: number;
  };
  clv: {
    /** Share of revenue that is gross margin. */
    grossMarginRate: number;
    /** Monthly churn probability at churn score 0 (≈ 9 %/year, DOMAIN.md: annual churn 10–15 %). */
    baseMonthlyChurn: number;
    /** Monthly churn probability at churn score 100. */
    maxMonthlyChurn: number;
    /** Bounds of the expected remaining lifetime (1 / monthly churn), in months. */
    minLifetimeMonths: number;
    maxLifetimeMonths: number;
  };
  lifecycle: {
    /** Tenure below this many months is NEW. */
    newMonths: number;
    /** GROWING: mean bill of the last `arpuMonths` months at least this % above the months before. */
    growthPct: number;
    /** CHURNED: this many consecutive months with no calls and no bill. */
    churnedZeroMonths: number;
    /** REACTIVATED: back within this many months after a churned stretch. */
    reactivatedWithinMonths: number;
  };
  churn: {
    /** Points each reason adds to the score (capped at 100); RECENT_COMPLAINTS grows per complaint. */
    weights: Record<ChurnReasonCode, number>;
    /** Extra points per complaint after the first, up to `maxComplaintPoints`. */
    extraComplaintPoints: number;
    maxComplaintPoints: number;
    /** Score at or above: HIGH, MEDIUM; below: LOW. */
    levels: { high: number; medium: number };
    /** The reference of a drop: the mean of this many months before the latest. */
    referenceMonths: number;
    /** BILL_DROP: latest bill down at least this % against the reference. */
    billDropPct: number;
    /** SERVICE_DROP: one service's usage down at least this % against the reference. */
    serviceDropPct: number;
    /** SERVICE_DROP only counts a service used at least this much in the reference months (noise floor). */
    serviceFloor: { VOICE: number; DATA: number; SMS: number };
    /** SERVICE_DROP on fees (months with a per-service split) only counts a service billed at least this much (CNY/month) in the reference months. */
    serviceFeeFloor: number;
    /** ZERO_CALL_MONTH looks at this many most recent months. */
    zeroCallLookbackMonths: number;
    /** RECENT_COMPLAINTS counts complaints in this many days. */
    complaintDays: number;
    /** CONTRACT_ENDING: a live contract ends within this many days. */
    contractEndingDays: number;
    /** DETRACTOR / LOW_CSAT use the latest score if given within this many days. */
    feedbackDays: number;
    /** An NPS score at or below this is a detractor. */
    detractorMax: number;
    /** A CSAT score at or below this is low. */
    lowCsatMax: number;
  };
  satisfaction: {
    /** NPS promoters score at least this (9–10). */
    promoterMin: number;
    /** NPS detractors score at most this (0–6). */
    detractorMax: number;
    /** CSAT: satisfied answers are at least this on 1–5 (4–5). */
    csatSatisfiedMin: number;
  };
}

export const CHURN_REASON_CODES = [
  "BILL_DROP",
  "SERVICE_DROP",
  "ZERO_CALL_MONTH",
  "RECENT_COMPLAINTS",
  "DETRACTOR",
  "LOW_CSAT",
  "CONTRACT_ENDING",
  "ARREARS",
] as const;
export type ChurnReasonCode = (typeof CHURN_REASON_CODES)[number];

export const INSIGHT_CONFIG: InsightConfig = {
  arpuMonths: 3,
  historyMonths: 9,
  valueTier: { highArpu: 500, mediumArpu: 100, loyaltyTenureMonths: 60, loyaltyFactor: 0.9 },
  clv: { grossMarginRate: 0.45, baseMonthlyChurn: 0.008, maxMonthlyChurn: 0.33, minLifetimeMonths: 3, maxLifetimeMonths: 120 },
  lifecycle: { newMonths: 3, growthPct: 10, churnedZeroMonths: 3, reactivatedWithinMonths: 6 },
  churn: {
    weights: {
      BILL_DROP: 25,
      SERVICE_DROP: 15,
      ZERO_CALL_MONTH: 15,
      RECENT_COMPLAINTS: 20,
      DETRACTOR: 20,
      LOW_CSAT: 15,
      CONTRACT_ENDING: 15,
      ARREARS: 20,
    },
    extraComplaintPoints: 5,
    maxComplaintPoints: 30,
    levels: { high: 60, medium: 30 },
    referenceMonths: 3,
    billDropPct: 10,
    serviceDropPct: 20,
    serviceFloor: { VOICE: 30, DATA: 500, SMS: 30 },
    serviceFeeFloor: 10,
    zeroCallLookbackMonths: 3,
    complaintDays: 90,
    contractEndingDays: 30,
    feedbackDays: 365,
    detractorMax: 6,
    lowCsatMax: 2,
  },
  satisfaction: { promoterMin: 9, detractorMax: 6, csatSatisfiedMin: 4 },
};
