/**
 * The insight formulas (SPEC §5), as pure functions of a customer's facts. This is the one
 * implementation: the bulk refresh and the per-customer refresh both load facts in batches and
 * call `computeInsight`; the metrics' SQL aggregates (insight.sql.ts) mirror the satisfaction
 * formulas at the bottom and a test holds them equal. Parameters live in insight.config.ts.
 *
 * Months are calendar months in UTC. "Billed months" are the months that have a usage/bill
 * record (a month billed at ¥0 still counts: a customer who stopped paying has ARPU 0, not the
 * ARPU of the months before).
 */
import { INSIGHT_CONFIG, type ChurnReasonCode, type InsightConfig } from "./insight.config.js";

export type ValueTier = "HIGH" | "MEDIUM" | "LOW";
export type LifecycleStage = "PROSPECT" | "NEW" | "GROWING" | "STABLE" | "AT_RISK" | "CHURNED" | "REACTIVATED";
export type ChurnLevel = "LOW" | "MEDIUM" | "HIGH";
export type CustomerStatus = "PROSPECT" | "ACTIVE" | "SUSPENDED" | "CLOSED";

export interface UsageMonthFacts {
  /** First day of the month, YYYY-MM-01. */
  month: string;
  voiceMinutes: number;
  smsCount: number;
  dataMb: number;
  billAmount: number;
  /** Amount owed at the end of the month. */
  arrears: number;
  /** The bill's split into per-service fees (usage_charges), when billing supplied one. */
  charges?: Readonly<Record<string, number>>;
}

export interface ScoreFacts {
  score: number;
  submittedAt: Date;
}

/** What the formulas need to know about one customer. */
export interface InsightFacts {
  status: CustomerStatus;
  /** When the customer became a subscriber (earliest subscription start, else registration); YYYY-MM-DD. */
  customerSince: string | null;
  /** The recent usage months on record, oldest first (at most `historyMonths`). */
  usage: UsageMonthFacts[];
  /** The latest month on record at all, YYYY-MM-01 (may be older than the loaded history). */
  lastUsageMonth: string | null;
  /** The nearest end (today or later) of a contract that has not ended; YYYY-MM-DD. */
  nextContractEnd: string | null;
  /** Complaints in the last `complaintDays` days. */
  recentComplaints: number;
  latestNps: ScoreFacts | null;
  latestCsat: ScoreFacts | null;
}

export type Evidence = Record<string, string | number>;

export interface ChurnReason {
  code: ChurnReasonCode;
  /** Points the reason adds to the score. */
  points: number;
  /** The facts behind the reason, e.g. BILL_DROP `{ from: 200, to: 170, pct: -15 }`. */
  evidence: Evidence;
}

export interface ChurnRisk {
  score: number;
  level: ChurnLevel;
  reasons: ChurnReason[];
}

export interface InsightValues {
  arpu: number | null;
  tenureMonths: number;
  clv: number | null;
  valueTier: ValueTier;
  lifecycleStage: LifecycleStage;
  churnScore: number;
  churnLevel: ChurnLevel;
  reasons: ChurnReason[];
  /** Latest NPS (0–10) and CSAT (1–5) the customer gave. */
  nps: number | null;
  csat: number | null;
}

const DAY_MS = 86_400_000;
/** Rounding half away from zero, as Postgres rounds numerics (the metrics' SQL twins agree to the digit). */
const roundTo = (x: number, digits: number) => (Math.sign(x) * Math.round(Math.abs(x) * 10 ** digits)) / 10 ** digits + 0;
export const round2 = (x: number) => roundTo(x, 2);
export const round1 = (x: number) => roundTo(x, 1);
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** Percent change from `from` to `to`, unrounded. */
const change = (from: number, to: number) => ((to - from) / from) * 100;
/** Rounding noise must not push an exact threshold (a fall of exactly 10 %) over the edge. */
const EPS = 1e-9;

/** Months since year 0 of a YYYY-MM(-DD) string or a Date (UTC). */
export function monthIndex(value: string | Date): number {
  if (typeof value === "string") return Number(value.slice(0, 4)) * 12 + Number(value.slice(5, 7)) - 1;
  return value.getUTCFullYear() * 12 + value.getUTCMonth();
}

const monthLabel = (month: string) => month.slice(0, 7);
const isDead = (m: UsageMonthFacts) => m.voiceMinutes === 0 && m.billAmount === 0;

/** ARPU = mean monthly bill over the last `arpuMonths` (3) billed months; null without any. */
export function arpu(usage: readonly UsageMonthFacts[], config: InsightConfig = INSIGHT_CONFIG): number | null {
  const last = usage.slice(-config.arpuMonths);
  return last.length ? round2(mean(last.map((m) => m.billAmount))) : null;
}

/** Tenure = whole calendar months from `since` (YYYY-MM-DD) to `now`; 0 without a start. */
export function tenureMonths(since: string | null, now: Date): number {
  if (!since) return 0;
  const day = Number(since.slice(8, 10));
  const months = monthIndex(now) - monthIndex(since) - (now.getUTCDate() < day ? 1 : 0);
  return Math.max(0, months);
}

/**
 * Monthly churn probability from the churn score, linear between `baseMonthlyChurn` (score 0)
 * and `maxMonthlyChurn` (score 100).
 */
export function monthlyChurnProbability(score: number, config: InsightConfig = INSIGHT_CONFIG): number {
  const { baseMonthlyChurn: base, maxMonthlyChurn: max } = config.clv;
  return base + ((max - base) * Math.min(100, Math.max(0, score))) / 100;
}

/** Expected remaining lifetime = 1 / monthly churn probability, bounded to [min, max] months. */
export function expectedLifetimeMonths(score: number, config: InsightConfig = INSIGHT_CONFIG): number {
  const { minLifetimeMonths: min, maxLifetimeMonths: max } = config.clv;
  return Math.min(max, Math.max(min, 1 / monthlyChurnProbability(score, config)));
}

/** CLV = ARPU × gross-margin rate × expected remaining lifetime (months); undiscounted, ¥. */
export function customerLifetimeValue(arpuValue: number | null, churnScore: number, config: InsightConfig = INSIGHT_CONFIG): number | null {
  if (arpuValue === null) return null;
  return round2(arpuValue * config.clv.grossMarginRate * expectedLifetimeMonths(churnScore, config));
}

/**
 * Value tier from ARPU and tenure: HIGH at ARPU ≥ `highArpu` (¥500), MEDIUM at ≥ `mediumArpu`
 * (¥100), else LOW; customers of at least `loyaltyTenureMonths` (5 years) qualify at
 * `loyaltyFactor` (90 %) of each threshold. No bill yet: LOW.
 */
export function valueTier(arpuValue: number | null, tenure: number, config: InsightConfig = INSIGHT_CONFIG): ValueTier {
  if (arpuValue === null) return "LOW";
  const { highArpu, mediumArpu, loyaltyTenureMonths, loyaltyFactor } = config.valueTier;
  const factor = tenure >= loyaltyTenureMonths ? loyaltyFactor : 1;
  if (arpuValue >= highArpu * factor - EPS) return "HIGH";
  if (arpuValue >= mediumArpu * factor - EPS) return "MEDIUM";
  return "LOW";
}

/** Score → level: HIGH at ≥ `levels.high` (60), MEDIUM at ≥ `levels.medium` (30), else LOW. */
export function churnLevel(score: number, config: InsightConfig = INSIGHT_CONFIG): ChurnLevel {
  if (score >= config.churn.levels.high) return "HIGH";
  if (score >= config.churn.levels.medium) return "MEDIUM";
  return "LOW";
}

const SERVICES = [
  ["VOICE", (m: UsageMonthFacts) => m.voiceMinutes],
  ["DATA", (m: UsageMonthFacts) => m.dataMb],
  ["SMS", (m: UsageMonthFacts) => m.smsCount],
] as const;

/**
 * Churn risk: score 0–100 = the sum of the points of the reasons found (capped at 100), level
 * by `churnLevel`. The latest billed month is compared with the mean of the `referenceMonths`
 * (3) months before it. Reasons and their evidence:
 * - BILL_DROP {from, to, pct}: latest bill down ≥ `billDropPct` (10 %) against the reference mean.
 * - SERVICE_DROP {service, from, to, pct[, measure: "FEE"]}: one service down ≥ `serviceDropPct` (20 %),
 *   the largest drop among (a) its usage (VOICE minutes, DATA MB, SMS count) above its noise floor
 *   and (b) its fee in CNY — the operators' key-account rule — when the latest and every reference
 *   month carry a per-service split (a service missing from a month's split was billed 0 then),
 *   among services billed at least `serviceFeeFloor` (¥10) a month in the reference.
 * - ZERO_CALL_MONTH {month}: a month without calls among the last `zeroCallLookbackMonths` (3),
 *   for a customer who does make calls; the latest such month.
 * - RECENT_COMPLAINTS {count, days}: complaints in the last `complaintDays` (90) days; more
 *   complaints add `extraComplaintPoints` each, up to `maxComplaintPoints`.
 * - DETRACTOR {nps}: latest NPS ≤ `detractorMax` (6); LOW_CSAT {csat}: latest CSAT ≤ `lowCsatMax`
 *   (2); each only when given in the last `feedbackDays` (365) days.
 * - CONTRACT_ENDING {contractEnd, days}: a live contract ends within `contractEndingDays` (30).
 * - ARREARS {amount}: an amount owed at the end of the latest billed month.
 * Reasons are listed by points, largest first.
 */
export function churnRisk(facts: InsightFacts, now: Date, config: InsightConfig = INSIGHT_CONFIG): ChurnRisk {
  const c = config.churn;
  const reasons: ChurnReason[] = [];
  const add = (code: ChurnReasonCode, evidence: Evidence, points = c.weights[code]) => reasons.push({ code, points, evidence });
  const usage = facts.usage;
  const latest = usage.at(-1);
  const reference = usage.slice(-1 - c.referenceMonths, -1);

  if (latest && reference.length === c.referenceMonths) {
    const from = mean(reference.map((m) => m.billAmount));
    if (from > 0 && change(from, latest.billAmount) <= -c.billDropPct + EPS) {
      add("BILL_DROP", { from: round2(from), to: round2(latest.billAmount), pct: round1(change(from, latest.billAmount)) });
    }
    let worst: Evidence | undefined;
    let worstPct = -c.serviceDropPct + EPS;
    for (const [service, amount] of SERVICES) {
      const serviceFrom = mean(reference.map(amount));
      if (serviceFrom < c.serviceFloor[service]) continue;
      const pct = change(serviceFrom, amount(latest));
      if (pct <= worstPct) {
        worstPct = pct;
        worst = { service, from: round2(serviceFrom), to: amount(latest), pct: round1(pct) };
      }
    }
    const split = [latest, ...reference].every((m) => m.charges);
    if (split) {
      const services = new Set(reference.flatMap((m) => Object.keys(m.charges!)));
      for (const service of [...services].sort()) {
        const feeFrom = mean(reference.map((m) => m.charges![service] ?? 0));
        if (feeFrom < c.serviceFeeFloor) continue;
        const feeTo = latest.charges![service] ?? 0;
        const pct = change(feeFrom, feeTo);
        if (pct <= worstPct) {
          worstPct = pct;
          worst = { service, from: round2(feeFrom), to: round2(feeTo), pct: round1(pct), measure: "FEE" };
        }
      }
    }
    if (worst) add("SERVICE_DROP", worst);
  }

  const zeroCall = usage.slice(-c.zeroCallLookbackMonths).filter((m) => m.voiceMinutes === 0).at(-1);
  if (zeroCall && usage.some((m) => m.voiceMinutes > 0)) add("ZERO_CALL_MONTH", { month: monthLabel(zeroCall.month) });

  if (facts.recentComplaints > 0) {
    const points = Math.min(c.maxComplaintPoints, c.weights.RECENT_COMPLAINTS + c.extraComplaintPoints * (facts.recentComplaints - 1));
    add("RECENT_COMPLAINTS", { count: facts.recentComplaints, days: c.complaintDays }, points);
  }

  const recent = (s: ScoreFacts | null): s is ScoreFacts => s !== null && now.getTime() - s.submittedAt.getTime() <= c.feedbackDays * DAY_MS;
  if (recent(facts.latestNps) && facts.latestNps.score <= c.detractorMax) add("DETRACTOR", { nps: facts.latestNps.score });
  if (recent(facts.latestCsat) && facts.latestCsat.score <= c.lowCsatMax) add("LOW_CSAT", { csat: facts.latestCsat.score });

  if (facts.nextContractEnd) {
    const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    const days = Math.round((Date.parse(`${facts.nextContractEnd.slice(0, 10)}T00:00:00Z`) - today) / DAY_MS);
    if (days >= 0 && days <= c.contractEndingDays) add("CONTRACT_ENDING", { contractEnd: facts.nextContractEnd.slice(0, 10), days });
  }

  if (latest && latest.arrears > 0) add("ARREARS", { amount: round2(latest.arrears) });

  reasons.sort((a, b) => b.points - a.points);
  const score = Math.min(100, reasons.reduce((sum, r) => sum + r.points, 0));
  return { score, level: churnLevel(score, config), reasons };
}

/**
 * Lifecycle stage, the first that applies:
 * - PROSPECT: status PROSPECT, or never billed and never subscribed.
 * - CHURNED: status CLOSED, or no calls and no bill in each of the last `churnedZeroMonths` (3)
 *   calendar months up to now (a month without a record counts as such a month).
 * - AT_RISK: churn level HIGH.
 * - REACTIVATED: back within `reactivatedWithinMonths` (6) after such a churned stretch.
 * - NEW: tenure under `newMonths` (3).
 * - GROWING: the mean bill of the last `arpuMonths` (3) billed months is ≥ `growthPct` (10 %)
 *   above the mean of the 3 before.
 * - STABLE: otherwise.
 */
export function lifecycleStage(
  facts: InsightFacts,
  derived: { tenureMonths: number; churnLevel: ChurnLevel },
  now: Date,
  config: InsightConfig = INSIGHT_CONFIG,
): LifecycleStage {
  const l = config.lifecycle;
  const usage = facts.usage;
  if (facts.status === "PROSPECT" || (!facts.lastUsageMonth && !facts.customerSince)) return "PROSPECT";
  if (facts.status === "CLOSED") return "CHURNED";

  // Calendar months from the first loaded record up to now: dead (no calls, no bill, or no record) or alive.
  const current = monthIndex(now);
  if (facts.lastUsageMonth) {
    const first = usage.length ? monthIndex(usage[0]!.month) : current;
    const alive = new Map(usage.map((m) => [monthIndex(m.month), !isDead(m)]));
    const dead = (i: number) => !alive.get(i);
    let deadRun = 0;
    for (let i = current; i > current - l.churnedZeroMonths && dead(i); i--) deadRun++;
    if (deadRun >= l.churnedZeroMonths) return "CHURNED";
    if (derived.churnLevel === "HIGH") return "AT_RISK";
    // The latest stretch of ≥ churnedZeroMonths dead months (walking back from now), and how
    // long ago the customer came back from it.
    let run = 0;
    for (let i = current; i >= first; i--) {
      run = dead(i) ? run + 1 : 0;
      if (run === l.churnedZeroMonths) {
        const cameBack = i + run;
        if (current - cameBack + 1 <= l.reactivatedWithinMonths) return "REACTIVATED";
        break;
      }
    }
  } else if (derived.churnLevel === "HIGH") return "AT_RISK";

  if (derived.tenureMonths < l.newMonths) return "NEW";
  const n = config.arpuMonths;
  if (usage.length >= 2 * n) {
    const recent = mean(usage.slice(-n).map((m) => m.billAmount));
    const before = mean(usage.slice(-2 * n, -n).map((m) => m.billAmount));
    if (before > 0 && change(before, recent) >= l.growthPct - EPS) return "GROWING";
  }
  return "STABLE";
}

/** Every insight value of one customer. */
export function computeInsight(facts: InsightFacts, now: Date, config: InsightConfig = INSIGHT_CONFIG): InsightValues {
  const arpuValue = arpu(facts.usage, config);
  const tenure = tenureMonths(facts.customerSince, now);
  const risk = churnRisk(facts, now, config);
  return {
    arpu: arpuValue,
    tenureMonths: tenure,
    clv: customerLifetimeValue(arpuValue, risk.score, config),
    valueTier: valueTier(arpuValue, tenure, config),
    lifecycleStage: lifecycleStage(facts, { tenureMonths: tenure, churnLevel: risk.level }, now, config),
    churnScore: risk.score,
    churnLevel: risk.level,
    reasons: risk.reasons,
    nps: facts.latestNps?.score ?? null,
    csat: facts.latestCsat?.score ?? null,
  };
}

// Satisfaction aggregates over many answers (metrics compute the same in SQL: insight.sql.ts).

/** NPS = % promoters (9–10) − % detractors (0–6) of the NPS answers, −100…100, 1 decimal; null without answers. */
export function netPromoterScore(scores: readonly number[], config: InsightConfig = INSIGHT_CONFIG): number | null {
  if (!scores.length) return null;
  const { promoterMin, detractorMax } = config.satisfaction;
  const promoters = scores.filter((s) => s >= promoterMin).length;
  const detractors = scores.filter((s) => s <= detractorMax).length;
  return round1((100 * (promoters - detractors)) / scores.length);
}

/** CSAT = % of CSAT answers at 4–5 on the 1–5 scale, 1 decimal; null without answers. */
export function customerSatisfaction(scores: readonly number[], config: InsightConfig = INSIGHT_CONFIG): number | null {
  if (!scores.length) return null;
  return round1((100 * scores.filter((s) => s >= config.satisfaction.csatSatisfiedMin).length) / scores.length);
}

/** Satisfaction expectation Eξ = Σ i·Pᵢ over i = 1…5, Pᵢ the share answering i (the mean answer), 2 decimals. */
export function satisfactionExpectation(scores: readonly number[]): number | null {
  if (!scores.length) return null;
  let expectation = 0;
  for (let i = 1; i <= 5; i++) expectation += i * (scores.filter((s) => s === i).length / scores.length);
  return round2(expectation);
}
