import { describe, expect, it } from "vitest";
import { INSIGHT_CONFIG, type InsightConfig } from "./insight.config.js";
import {
  arpu,
  churnRisk,
  computeInsight,
  customerLifetimeValue,
  customerSatisfaction,
  expectedLifetimeMonths,
  lifecycleStage,
  monthlyChurnProbability,
  netPromoterScore,
  satisfactionExpectation,
  tenureMonths,
  valueTier,
  type InsightFacts,
  type UsageMonthFacts,
} from "./insight.formulas.js";

const NOW = new Date("2026-11-15T10:00:00Z");

/** Usage months ending in the month of NOW, oldest first: one entry per month. */
function months(rows: Partial<UsageMonthFacts>[], endMonth = "2026-11"): UsageMonthFacts[] {
  const [y, m] = endMonth.split("-").map(Number) as [number, number];
  return rows.map((row, i) => {
    const total = y * 12 + m - 1 - (rows.length - 1 - i);
    const month = `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, "0")}-01`;
    return { month, voiceMinutes: 300, smsCount: 10, dataMb: 4000, billAmount: 100, arrears: 0, ...row };
  });
}

function facts(overrides: Partial<InsightFacts> = {}): InsightFacts {
  const usage = overrides.usage ?? months([{}, {}, {}, {}]);
  return {
    status: "ACTIVE",
    customerSince: "2022-03-10",
    usage,
    lastUsageMonth: usage.at(-1)?.month ?? null,
    nextContractEnd: null,
    recentComplaints: 0,
    latestNps: null,
    latestCsat: null,
    ...overrides,
  };
}

const bills = (...amounts: number[]) => months(amounts.map((billAmount) => ({ billAmount })));

describe("ARPU and tenure", () => {
  it("ARPU is the mean bill of the last three billed months", () => {
    // (120 + 90 + 150) / 3 = 120; the ¥500 month before them does not count.
    expect(arpu(bills(500, 120, 90, 150))).toBe(120);
    expect(arpu(bills(80.5, 99.25))).toBe(89.88); // (80.5 + 99.25) / 2 = 89.875
    expect(arpu([])).toBeNull();
  });

  it("a month billed at zero counts: a customer who stopped paying has a low ARPU", () => {
    expect(arpu(bills(300, 300, 0, 0))).toBe(100); // (300 + 0 + 0) / 3
  });

  it("tenure counts whole calendar months", () => {
    expect(tenureMonths("2026-08-15", NOW)).toBe(3); // 15 Aug → 15 Nov
    expect(tenureMonths("2026-08-16", NOW)).toBe(2); // one day short of 3 months
    expect(tenureMonths("2020-11-15", NOW)).toBe(72);
    expect(tenureMonths(null, NOW)).toBe(0);
  });
});

describe("CLV", () => {
  it("monthly churn is linear in the churn score; lifetime is its inverse, bounded", () => {
    expect(monthlyChurnProbability(0)).toBeCloseTo(0.008);
    expect(monthlyChurnProbability(50)).toBeCloseTo(0.169); // 0.008 + 0.322 × 0.5
    expect(monthlyChurnProbability(100)).toBeCloseTo(0.33);
    expect(expectedLifetimeMonths(0)).toBe(120); // 1 / 0.008 = 125 → capped at 120
    expect(expectedLifetimeMonths(50)).toBeCloseTo(5.917, 3); // 1 / 0.169
    expect(expectedLifetimeMonths(100)).toBeCloseTo(3.03, 2); // 1 / 0.33
  });

  it("CLV = ARPU × gross margin × expected lifetime", () => {
    // 200 × 0.45 × 120 = 10,800
    expect(customerLifetimeValue(200, 0)).toBe(10_800);
    // 200 × 0.45 × (1 / 0.169) = 532.54
    expect(customerLifetimeValue(200, 50)).toBe(532.54);
    expect(customerLifetimeValue(null, 10)).toBeNull();
  });

  it("takes its parameters from the config", () => {
    const config: InsightConfig = { ...INSIGHT_CONFIG, clv: { ...INSIGHT_CONFIG.clv, grossMarginRate: 0.5, maxLifetimeMonths: 60 } };
    expect(customerLifetimeValue(100, 0, config)).toBe(3_000); // 100 × 0.5 × 60
  });
});

describe("value tier", () => {
  it("is HIGH from ¥500, MEDIUM from ¥100, LOW below", () => {
    expect(valueTier(500, 12)).toBe("HIGH");
    expect(valueTier(499.99, 12)).toBe("MEDIUM");
    expect(valueTier(100, 12)).toBe("MEDIUM");
    expect(valueTier(99.99, 12)).toBe("LOW");
    expect(valueTier(null, 0)).toBe("LOW");
  });

  it("lets customers of five years or more qualify at 90 % of a threshold", () => {
    expect(valueTier(450, 59)).toBe("MEDIUM");
    expect(valueTier(450, 60)).toBe("HIGH"); // 500 × 0.9
    expect(valueTier(90, 60)).toBe("MEDIUM"); // 100 × 0.9
  });
});

describe("churn risk", () => {
  it("the acceptance case: bill ¥200 → ¥170, a complaint last month and a detractor NPS is HIGH with three reasons", () => {
    const risk = churnRisk(
      facts({ usage: bills(200, 200, 200, 170), recentComplaints: 1, latestNps: { score: 4, submittedAt: new Date("2026-11-01T00:00:00Z") } }),
      NOW,
    );
    expect(risk).toEqual({
      score: 65, // 25 + 20 + 20
      level: "HIGH",
      reasons: [
        { code: "BILL_DROP", points: 25, evidence: { from: 200, to: 170, pct: -15 } },
        { code: "RECENT_COMPLAINTS", points: 20, evidence: { count: 1, days: 90 } },
        { code: "DETRACTOR", points: 20, evidence: { nps: 4 } },
      ],
    });
  });

  it("a bill drop is measured against the mean of the three months before the latest", () => {
    // Reference (180 + 190 + 176) / 3 = 182; 151.3 is −16.87 % → −16.9.
    const risk = churnRisk(facts({ usage: bills(300, 180, 190, 176, 151.3) }), NOW);
    expect(risk.reasons).toEqual([{ code: "BILL_DROP", points: 25, evidence: { from: 182, to: 151.3, pct: -16.9 } }]);
    expect(risk.level).toBe("LOW");
    // Exactly −10 % counts, −9.9 % does not.
    expect(churnRisk(facts({ usage: bills(100, 100, 100, 90) }), NOW).reasons.map((r) => r.code)).toEqual(["BILL_DROP"]);
    expect(churnRisk(facts({ usage: bills(100, 100, 100, 90.1) }), NOW).reasons).toEqual([]);
    // Without three reference months there is no reference.
    expect(churnRisk(facts({ usage: bills(200, 200, 100) }), NOW).reasons).toEqual([]);
  });

  it("a service drop names the service that fell most, above its noise floor", () => {
    const usage = months([
      { voiceMinutes: 400, dataMb: 10_000, smsCount: 5 },
      { voiceMinutes: 400, dataMb: 10_000, smsCount: 5 },
      { voiceMinutes: 400, dataMb: 10_000, smsCount: 5 },
      { voiceMinutes: 300, dataMb: 6_000, smsCount: 0 }, // voice −25 %, data −40 %, SMS −100 % but under its floor of 30
    ]);
    expect(churnRisk(facts({ usage }), NOW).reasons).toEqual([
      { code: "SERVICE_DROP", points: 15, evidence: { service: "DATA", from: 10_000, to: 6_000, pct: -40 } },
    ]);
  });

  it("a service's fee down 20 % or more is a service drop when the months carry a per-service split (the key-account fee rule)", () => {
    const split = (charges: Record<string, number>) => ({ charges, billAmount: Object.values(charges).reduce((a, b) => a + b, 0) });
    const usage = months([
      split({ VOICE: 60, BROADBAND: 100, TV: 5 }),
      split({ VOICE: 60, BROADBAND: 100, TV: 5 }),
      split({ VOICE: 60, BROADBAND: 100 }), // TV missing from the split: billed 0 that month
      split({ VOICE: 60, BROADBAND: 75 }), // broadband -25 %; TV (mean 3.33 CNY) is under the 10 CNY floor
    ]);
    expect(churnRisk(facts({ usage }), NOW).reasons.find((r) => r.code === "SERVICE_DROP")).toEqual({
      code: "SERVICE_DROP",
      points: 15,
      evidence: { service: "BROADBAND", from: 100, to: 75, pct: -25, measure: "FEE" },
    });
    // -19.9 % is not a drop; a month without a split leaves the fee rule out (usage alone decides).
    const mild = months([split({ BROADBAND: 100 }), split({ BROADBAND: 100 }), split({ BROADBAND: 100 }), split({ BROADBAND: 80.1 })]);
    expect(churnRisk(facts({ usage: mild }), NOW).reasons.map((r) => r.code)).not.toContain("SERVICE_DROP");
    const unsplit = months([split({ BROADBAND: 100 }), { billAmount: 100 }, split({ BROADBAND: 100 }), split({ BROADBAND: 50 })]);
    expect(churnRisk(facts({ usage: unsplit }), NOW).reasons.map((r) => r.code)).not.toContain("SERVICE_DROP");
  });

  it("flags the latest zero-call month of the last three, for customers who call", () => {
    const usage = months([{}, { voiceMinutes: 0 }, {}, {}]);
    expect(churnRisk(facts({ usage }), NOW).reasons).toEqual([{ code: "ZERO_CALL_MONTH", points: 15, evidence: { month: "2026-09" } }]);
    const neverCalls = months([{ voiceMinutes: 0 }, { voiceMinutes: 0 }, { voiceMinutes: 0 }]);
    expect(churnRisk(facts({ usage: neverCalls }), NOW).reasons).toEqual([]);
  });

  it("counts complaints with extra points per complaint, up to a cap", () => {
    const points = (n: number) => churnRisk(facts({ recentComplaints: n }), NOW).reasons[0]?.points;
    expect([points(1), points(2), points(3), points(9)]).toEqual([20, 25, 30, 30]);
    expect(churnRisk(facts({ recentComplaints: 3 }), NOW).reasons[0]!.evidence).toEqual({ count: 3, days: 90 });
  });

  it("uses the latest NPS and CSAT only if given within a year", () => {
    const recent = new Date("2026-06-01T00:00:00Z");
    const old = new Date("2025-10-01T00:00:00Z");
    const codes = (f: Partial<InsightFacts>) => churnRisk(facts(f), NOW).reasons.map((r) => [r.code, r.evidence]);
    expect(codes({ latestNps: { score: 6, submittedAt: recent }, latestCsat: { score: 2, submittedAt: recent } })).toEqual([
      ["DETRACTOR", { nps: 6 }],
      ["LOW_CSAT", { csat: 2 }],
    ]);
    expect(codes({ latestNps: { score: 7, submittedAt: recent }, latestCsat: { score: 3, submittedAt: recent } })).toEqual([]);
    expect(codes({ latestNps: { score: 0, submittedAt: old } })).toEqual([]);
  });

  it("flags a contract ending within 30 days, with the days left", () => {
    const reasons = (end: string) => churnRisk(facts({ nextContractEnd: end }), NOW).reasons;
    expect(reasons("2026-12-10")).toEqual([{ code: "CONTRACT_ENDING", points: 15, evidence: { contractEnd: "2026-12-10", days: 25 } }]);
    expect(reasons("2026-11-15")[0]!.evidence.days).toBe(0);
    expect(reasons("2026-12-16")).toEqual([]); // 31 days
  });

  it("flags arrears of the latest month", () => {
    const usage = months([{}, {}, { arrears: 88 }, { arrears: 188.5 }]);
    expect(churnRisk(facts({ usage }), NOW).reasons).toEqual([{ code: "ARREARS", points: 20, evidence: { amount: 188.5 } }]);
  });

  it("caps the score at 100 and orders reasons by points", () => {
    const usage = months([{}, {}, {}, { billAmount: 0, voiceMinutes: 0, dataMb: 0, arrears: 300 }]);
    const risk = churnRisk(
      facts({
        usage,
        recentComplaints: 4,
        latestNps: { score: 1, submittedAt: NOW },
        latestCsat: { score: 1, submittedAt: NOW },
        nextContractEnd: "2026-11-20",
      }),
      NOW,
    );
    expect(risk.score).toBe(100);
    expect(risk.reasons.map((r) => r.code)).toEqual([
      "RECENT_COMPLAINTS", // 30
      "BILL_DROP", // 25
      "DETRACTOR", // 20
      "ARREARS", // 20
      "SERVICE_DROP", // 15
      "ZERO_CALL_MONTH",
      "LOW_CSAT",
      "CONTRACT_ENDING",
    ]);
  });

  it("levels: HIGH from 60, MEDIUM from 30", () => {
    const level = (f: Partial<InsightFacts>) => churnRisk(facts(f), NOW).level;
    expect(level({ recentComplaints: 1 })).toBe("LOW"); // 20
    expect(level({ recentComplaints: 3 })).toBe("MEDIUM"); // 30
    expect(level({ recentComplaints: 3, nextContractEnd: "2026-11-30", latestCsat: { score: 1, submittedAt: NOW } })).toBe("HIGH"); // 30 + 15 + 15
  });
});

describe("lifecycle stage", () => {
  const stage = (f: Partial<InsightFacts>, churnLevel: "LOW" | "HIGH" = "LOW", tenure = 40) =>
    lifecycleStage(facts(f), { tenureMonths: tenure, churnLevel }, NOW);

  it("a prospect has no subscription and no bill", () => {
    expect(stage({ status: "PROSPECT", usage: [], lastUsageMonth: null, customerSince: null })).toBe("PROSPECT");
    expect(stage({ usage: [], lastUsageMonth: null, customerSince: null })).toBe("PROSPECT");
  });

  it("is CHURNED when closed, or after three months without calls or bill", () => {
    expect(stage({ status: "CLOSED" })).toBe("CHURNED");
    const gone = months([{}, {}, { billAmount: 0, voiceMinutes: 0 }, { billAmount: 0, voiceMinutes: 0 }, { billAmount: 0, voiceMinutes: 0 }]);
    expect(stage({ usage: gone })).toBe("CHURNED");
    // Two dead months are not enough; a month with a bill but no calls is not dead.
    expect(stage({ usage: months([{}, {}, { billAmount: 0, voiceMinutes: 0 }, { billAmount: 0, voiceMinutes: 0 }]) })).toBe("STABLE");
    const billedNoCalls = months([{}, { voiceMinutes: 0 }, { voiceMinutes: 0 }, { voiceMinutes: 0 }]);
    expect(stage({ usage: billedNoCalls })).toBe("STABLE");
    // No record for the last three months counts as no calls and no bill.
    expect(stage({ usage: months([{}, {}, {}], "2026-08") })).toBe("CHURNED");
  });

  it("is AT_RISK at churn level HIGH, before NEW or GROWING", () => {
    expect(stage({}, "HIGH", 1)).toBe("AT_RISK");
  });

  it("is REACTIVATED within six months of coming back from a churned stretch", () => {
    const dead = { billAmount: 0, voiceMinutes: 0 };
    const back = months([{}, dead, dead, dead, {}, {}, {}]); // back since 2026-09 (3 months)
    expect(stage({ usage: back })).toBe("REACTIVATED");
    const longAgo = months([{}, dead, dead, dead, {}, {}, {}, {}, {}, {}, {}]); // back for 7 months
    expect(stage({ usage: longAgo })).toBe("STABLE");
  });

  it("is NEW under three months of tenure", () => {
    expect(stage({ usage: bills(50, 60) }, "LOW", 2)).toBe("NEW");
  });

  it("is GROWING when the last three bills average 10 % more than the three before", () => {
    expect(stage({ usage: bills(100, 100, 100, 110, 110, 110) })).toBe("GROWING");
    expect(stage({ usage: bills(100, 100, 100, 109, 110, 110) })).toBe("STABLE");
  });
});

describe("satisfaction", () => {
  it("NPS = % promoters (9–10) − % detractors (0–6)", () => {
    // 3 promoters, 2 passives, 3 detractors of 8: (3 − 3) / 8 = 0; then 4 promoters, 1 detractor of 6: 50.
    expect(netPromoterScore([10, 9, 9, 8, 7, 6, 0, 3])).toBe(0);
    expect(netPromoterScore([10, 10, 9, 9, 8, 2])).toBe(50);
    expect(netPromoterScore([1, 2, 9])).toBe(-33.3);
    expect(netPromoterScore([])).toBeNull();
  });

  it("CSAT = % of answers at 4 or 5", () => {
    expect(customerSatisfaction([5, 4, 3, 2, 4, 5, 1])).toBe(57.1); // 4 of 7
  });

  it("Eξ = Σ i·Pᵢ on the 1–5 scale", () => {
    // P = (0.1, 0.2, 0.4, 0.2, 0.1): 0.1 + 0.4 + 1.2 + 0.8 + 0.5 = 3.0
    expect(satisfactionExpectation([1, 2, 2, 3, 3, 3, 3, 4, 4, 5])).toBe(3);
    // DOMAIN.md's county survey level: P = (0.25, 0.25, 0.25, 0.25, 0): 2.5
    expect(satisfactionExpectation([1, 2, 3, 4])).toBe(2.5);
  });
});

describe("computeInsight", () => {
  it("puts every formula together for one customer", () => {
    const insight = computeInsight(
      facts({ customerSince: "2019-01-20", usage: bills(480, 480, 480, 480), latestNps: { score: 10, submittedAt: NOW }, latestCsat: { score: 5, submittedAt: NOW } }),
      NOW,
    );
    expect(insight).toEqual({
      arpu: 480,
      tenureMonths: 93,
      clv: 25_920, // 480 × 0.45 × 120
      valueTier: "HIGH", // loyal (≥ 60 months): 480 ≥ 450
      lifecycleStage: "STABLE",
      churnScore: 0,
      churnLevel: "LOW",
      reasons: [],
      nps: 10,
      csat: 5,
    });
  });
});
