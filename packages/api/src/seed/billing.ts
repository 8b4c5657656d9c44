/**
 * Subscriptions, monthly usage and bills. The bill level of the last three months is the
 * profile's ARPU target, so the value tier drawn in the profile is exactly what an ARPU
 * computed from `usage_months` reports; the scenario shapes the months before it (growth,
 * decline, arrears, churn to zero).
 */
import type { PlanCode } from "./plans.js";
import { PLAN_BY_CODE } from "./plans.js";
import type { Profile } from "./profile.js";
import type { IdentifierInsert, SubscriptionInsert, UsageMonthInsert } from "./rows.js";
import { msisdn, MAX_LINES_PER_CUSTOMER } from "./numbers.js";
import type { Random } from "./random.js";
import { DAY_MS, isoDate, monthsBetween, monthStart, monthStartDate } from "./time.js";

export interface BillingContext {
  seedHash: number;
  nowMs: number;
  planIds: ReadonlyMap<PlanCode, string>;
}

export interface Billing {
  subscriptions: SubscriptionInsert[];
  usageMonths: UsageMonthInsert[];
  /** One MSISDN identifier per mobile line, valid while the line was the customer's. */
  lineIdentifiers: IdentifierInsert[];
  /** Plan codes of the current subscriptions (for interaction texts). */
  planNames: string[];
  /** When service stopped for churned customers (start of the first zero month). */
  churnedAtMs: number | null;
  hasBroadband: boolean;
}

interface Line {
  plan: PlanCode;
  msisdn: string | null;
  startedMs: number;
}

export function generateBilling(random: Random, profile: Profile, ctx: BillingContext): Billing {
  const { nowMs } = ctx;
  const result: Billing = { subscriptions: [], usageMonths: [], lineIdentifiers: [], planNames: [], churnedAtMs: null, hasBroadband: false };
  if (profile.scenario === "PROSPECT") return result;

  const lines = chooseLines(random, profile, ctx);
  const tenureMonths = monthsBetween(profile.createdAtMs, nowMs);
  const months = Math.min(tenureMonths + 1, random.int(3, 24));

  // Churned customers: service stopped `zeroMonths` months before the end of the history.
  let zeroMonths = 0;
  if (profile.scenario === "PASSIVE_CHURN") zeroMonths = Math.min(months - 1, random.int(3, 5));
  if (profile.scenario === "PORTED_OUT") zeroMonths = Math.min(months - 1, random.int(1, 6));
  if (zeroMonths > 0) result.churnedAtMs = monthStart(nowMs, zeroMonths - 1);
  // Unpaid bills at the end of the active months: arrears customers, and passive churners who
  // stopped paying before they stopped using the service. Two unpaid bills suspend service.
  const unpaid =
    profile.scenario === "ARREARS" ? random.int(1, 3) : profile.scenario === "PASSIVE_CHURN" ? Math.min(months - zeroMonths, random.int(1, 2)) : 0;
  if (profile.scenario === "ARREARS" && unpaid >= 2) profile.customer.status = "SUSPENDED";

  // Plan change: the primary line moved from another plan some time ago.
  const primary = lines[0];
  if (tenureMonths >= 12 && random.chance(0.2)) {
    const changedMs = Math.max(profile.createdAtMs + 180 * DAY_MS, nowMs - random.int(60, 900) * DAY_MS);
    if (changedMs < nowMs - 30 * DAY_MS) {
      const previous = previousPlan(random, primary.plan);
      result.subscriptions.push(subscription(random, profile, ctx, { plan: previous, msisdn: primary.msisdn, startedMs: primary.startedMs }, "ENDED", isoDate(changedMs)));
      primary.startedMs = changedMs;
    }
  }

  const status = profile.customer.status === "CLOSED" ? "ENDED" : profile.customer.status === "SUSPENDED" ? "SUSPENDED" : "ACTIVE";
  for (const line of lines) {
    result.subscriptions.push(subscription(random, profile, ctx, line, status, null));
    result.planNames.push(PLAN_BY_CODE.get(line.plan)!.name);
    if (PLAN_BY_CODE.get(line.plan)!.services.includes("BROADBAND")) result.hasBroadband = true;
  }

  // A number stops being the customer's when the line is closed; it may be recycled later.
  for (const line of lines) {
    if (!line.msisdn) continue;
    // The primary number has been the customer's since registration, across plan changes.
    const validFromMs = line === primary ? profile.createdAtMs : line.startedMs;
    // A line opened in the month service stopped was closed again the day after (a window never ends before it starts).
    const closedMs = result.churnedAtMs !== null && profile.customer.status === "CLOSED" ? Math.max(result.churnedAtMs, validFromMs + DAY_MS) : null;
    result.lineIdentifiers.push({
      id: random.uuid(),
      customerId: profile.id,
      type: "MSISDN",
      value: line.msisdn,
      validFrom: new Date(validFromMs),
      validTo: closedMs === null ? null : new Date(closedMs),
      source: "BILLING",
    });
  }

  result.usageMonths = usage(random, profile, ctx, lines, months, zeroMonths, unpaid);
  return result;
}

function chooseLines(random: Random, profile: Profile, ctx: BillingContext): Line[] {
  const L = profile.arpuTarget;
  const plans: PlanCode[] = [];
  const affordable = (candidates: PlanCode[]) => {
    const budget = L * random.real(0.7, 1.0);
    let best = candidates[0];
    for (const code of candidates) if (PLAN_BY_CODE.get(code)!.monthlyFee <= budget) best = code;
    return best;
  };
  switch (profile.kind) {
    case "INDIVIDUAL":
      if (profile.tier === "HIGH") plans.push(random.chance(0.3) ? "FAMILY-588" : "5G-199");
      else plans.push(affordable(profile.elderly ? ["SILVER-8", "BASIC-19", "DATA-39", "5G-88", "5G-128", "5G-199"] : ["BASIC-19", "DATA-39", "5G-88", "5G-128", "5G-199"]));
      for (let i = 1; i < profile.mobileLines; i++) plans.push(random.chance(0.5) ? "BASIC-19" : "IOT-10");
      if (profile.tier !== "LOW" && random.chance(0.4)) plans.push("BROADBAND-100");
      break;
    case "FAMILY":
      plans.push(L >= 588 ? "FAMILY-588" : L >= 299 ? "FAMILY-299" : affordable(["BASIC-19", "DATA-39", "5G-88", "5G-128"]));
      for (let i = 1; i < profile.mobileLines; i++) plans.push("FAMILY-ADDON-10");
      if (L < 299 && L >= 150) plans.push("BROADBAND-100");
      break;
    default: {
      const trunks = L >= 1280 ? Math.min(3, Math.max(1, Math.floor(L / 2500))) : 0;
      for (let i = 0; i < trunks; i++) plans.push("ENTERPRISE-1280");
      for (let i = 0; i < profile.mobileLines; i++) plans.push(L >= 300 ? "5G-128" : "5G-88");
      if (profile.kind === "ENTERPRISE" && random.chance(0.3)) {
        for (let i = random.int(1, 4); i > 0; i--) plans.push("IOT-10");
      }
    }
  }

  // Keep fees believable against the bill: promotions discount up to ~20 %, not more.
  const fees = () => plans.reduce((sum, code) => sum + PLAN_BY_CODE.get(code)!.monthlyFee, 0);
  while (plans.length > 1 && fees() > L * 1.25) plans.pop();

  const lines: Line[] = [];
  let lineNo = 0;
  const latestStart = Math.max(profile.createdAtMs, ctx.nowMs - 62 * DAY_MS);
  for (const [i, plan] of plans.entries()) {
    const services = PLAN_BY_CODE.get(plan)!.services;
    const mobile = services.includes("VOICE") || services.includes("IOT");
    // Every kind's first plan carries voice, so line 0 is the registered number (the customer's `phone`).
    const number = mobile && lineNo < MAX_LINES_PER_CUSTOMER ? msisdn(ctx.seedHash, profile.index * MAX_LINES_PER_CUSTOMER + lineNo++) : null;
    const startedMs = i === 0 ? profile.createdAtMs : profile.createdAtMs + Math.floor(random.float() * (latestStart - profile.createdAtMs));
    lines.push({ plan, msisdn: number, startedMs });
  }
  return lines;
}

function previousPlan(random: Random, current: PlanCode): PlanCode {
  const ladder: PlanCode[] = ["BASIC-19", "DATA-39", "5G-88", "5G-128", "5G-199"];
  const i = ladder.indexOf(current);
  if (i < 0) return random.pick(ladder);
  // Most plan changes are upgrades; some customers trade down.
  return ladder[Math.max(0, Math.min(ladder.length - 1, i + (random.chance(0.7) ? -1 : 1)))];
}

function subscription(
  random: Random,
  profile: Profile,
  ctx: BillingContext,
  line: Line,
  status: "ACTIVE" | "SUSPENDED" | "ENDED",
  endedOn: string | null,
): SubscriptionInsert {
  const { nowMs } = ctx;
  let contractEnd: string | null = null;
  if (endedOn) {
    // A plan change ends the old contract on the day of the change.
    contractEnd = endedOn;
  } else if (random.chance(profile.kind === "INDIVIDUAL" ? 0.6 : 0.9)) {
    const roll = random.float();
    const earliestPast = line.startedMs + 365 * DAY_MS;
    if (roll < 0.12) contractEnd = isoDate(nowMs + random.int(0, 30) * DAY_MS); // up for renewal
    else if (roll < 0.78 || earliestPast >= nowMs - DAY_MS) contractEnd = isoDate(nowMs + random.int(31, 900) * DAY_MS);
    else contractEnd = isoDate(earliestPast + Math.floor(random.float() * (nowMs - DAY_MS - earliestPast))); // lapsed, month to month
  }
  return {
    id: random.uuid(),
    customerId: profile.id,
    planId: ctx.planIds.get(line.plan)!,
    msisdn: line.msisdn,
    startedOn: isoDate(line.startedMs),
    contractEnd,
    status: endedOn ? "ENDED" : status,
  };
}

function usage(
  random: Random,
  profile: Profile,
  ctx: BillingContext,
  lines: Line[],
  months: number,
  zeroMonths: number,
  unpaid: number,
): UsageMonthInsert[] {
  const L = profile.arpuTarget;
  let voiceQuota = 0;
  let dataQuota = 0;
  for (const line of lines) {
    const plan = PLAN_BY_CODE.get(line.plan)!;
    voiceQuota += plan.voiceQuotaMinutes ?? 0;
    dataQuota += plan.dataQuotaMb ?? 0;
  }
  voiceQuota = Math.max(voiceQuota, 100);
  dataQuota = Math.max(dataQuota, 1024);

  // Relative bill level per month (1 = the ARPU target), oldest first.
  const active = months - zeroMonths;
  const level = new Array<number>(months).fill(0);
  const declineFrom = Math.max(0, active - random.int(4, 6));
  for (let j = 0; j < active; j++) {
    const t = active > 1 ? j / (active - 1) : 1;
    switch (profile.scenario) {
      case "GROWING":
        level[j] = 0.55 + 0.45 * t;
        break;
      case "DECLINING": {
        // A plateau, then a fall over the last few months: the churn signal insight looks for.
        level[j] = j < declineFrom ? 1.6 : 1.6 - (0.6 * (j - declineFrom + 1)) / (active - declineFrom);
        break;
      }
      default:
        level[j] = 1;
    }
    level[j] *= 1 + random.normal(0, 0.05);
  }
  // Scale so the last three active months average exactly the target (the tier is measured there).
  const tail = level.slice(Math.max(0, active - 3), active);
  const scale = tail.length ? tail.length / tail.reduce((a, b) => a + b, 0) : 1;
  for (let j = 0; j < active; j++) level[j] *= scale;

  const voiceUse = profile.elderly ? random.real(0.5, 1.0) : random.real(0.15, 0.9);
  const dataUse = profile.elderly ? random.real(0.02, 0.3) : random.chance(0.15) ? random.real(0.9, 1.15) : random.real(0.2, 0.85);
  const smsBase = random.logNormal(profile.kind === "INDIVIDUAL" ? 8 : 25, 0.7);
  const zeroCallMonths = new Set<number>();
  // Data-only months (no calls at all) happen to people; an organisation's many lines always call someone.
  if ((profile.kind === "INDIVIDUAL" || profile.kind === "FAMILY") && random.chance(0.08)) for (let k = random.int(1, 2); k > 0; k--) zeroCallMonths.add(random.int(0, active - 1));

  const rows: UsageMonthInsert[] = [];
  let arrears = 0;
  for (let j = 0; j < months; j++) {
    const month = monthStartDate(ctx.nowMs, months - 1 - j);
    const f = level[j];
    if (j >= active) {
      // Churned: no calls, no data, no bill; what was owed stays owed.
      rows.push({ customerId: profile.id, month, voiceMinutes: 0, smsCount: 0, dataMb: 0, billAmount: 0, paid: true, arrears: round2(arrears) });
      continue;
    }
    const bill = round2(L * f);
    const paid = j < active - unpaid;
    if (!paid) arrears += bill;
    rows.push({
      customerId: profile.id,
      month,
      voiceMinutes: zeroCallMonths.has(j) ? 0 : Math.round(voiceQuota * voiceUse * f * random.real(0.85, 1.15)),
      smsCount: Math.round(smsBase * random.real(0.6, 1.4)),
      dataMb: Math.round(dataQuota * dataUse * Math.min(f, 1.3) * random.real(0.9, 1.1)),
      billAmount: bill,
      paid,
      arrears: round2(arrears),
    });
  }
  return rows;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
