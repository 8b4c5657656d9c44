import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "../../db/rows.js";
import { startTestApp, type TestApp } from "../../test/app.js";
import { insertGrants } from "../../test/builders.js";
import { daysAgo, insertBilledCustomer, insertComplaint, insertScore } from "../insight/insight.builders.js";
import { customerSatisfaction, netPromoterScore, satisfactionExpectation } from "../insight/insight.formulas.js";
import { refreshAllInsight } from "../insight/insight.refresh.js";

let app: TestApp;
const from = daysAgo(60).toISOString();
const to = daysAgo(-1).toISOString();
const guangdong: string[] = [];
const zhejiang: string[] = [];

async function insertCase(customerId: string, dueDaysAgo: number, resolvedDaysAgo: number | null) {
  await app.database.db.execute(sql`insert into cases (customer_id, kind, category, subject, owner, opened_at, response_due_at, due_at, resolved_at, status)
    values (${customerId}, 'FAULT', 'NETWORK_QUALITY', 'No signal', 'agent', ${daysAgo(dueDaysAgo + 1).toISOString()}::timestamptz,
      ${daysAgo(dueDaysAgo).toISOString()}::timestamptz, ${daysAgo(dueDaysAgo).toISOString()}::timestamptz, ${resolvedDaysAgo === null ? null : daysAgo(resolvedDaysAgo).toISOString()}::timestamptz,
      ${resolvedDaysAgo === null ? "OPEN" : "RESOLVED"})`);
}

beforeAll(async () => {
  app = await startTestApp();
  const db = app.database.db;
  for (let i = 0; i < 6; i++) guangdong.push(await insertBilledCustomer(db, { region: "Guangdong", bills: [600, 600, 600, i % 2 ? 600 : 400] }));
  for (let i = 0; i < 4; i++) zhejiang.push(await insertBilledCustomer(db, { region: "Zhejiang", bills: [50, 50, 50, 50] }));
  const restricted = await insertBilledCustomer(db, { region: "Guangdong", processingRestricted: true });

  // NPS in Guangdong: 3 promoters (10, 9, 10), 1 passive (8), 3 detractors (6, 3, 0) → 0; one answer before the window.
  const nps = [10, 9, 8, 6, 3, 10, 0];
  for (const [i, score] of nps.entries()) await insertScore(db, guangdong[i % 6]!, "NPS", score, daysAgo(5 + i), i % 2 ? "APP" : "SMS");
  await insertScore(db, guangdong[0]!, "NPS", 0, daysAgo(100));
  await insertScore(db, restricted, "NPS", 0, daysAgo(3));
  for (const [i, score] of [5, 4, 3, 1, 5].entries()) await insertScore(db, guangdong[i]!, "CSAT", score, daysAgo(7 + i), "HOTLINE");
  for (const [i, score] of [2, 2, 5].entries()) await insertScore(db, zhejiang[i]!, "CSAT", score, daysAgo(8 + i), "HOTLINE");
  await insertScore(db, zhejiang[3]!, "NPS", 9, daysAgo(2), "APP");

  await insertComplaint(db, guangdong[1]!, daysAgo(9), "HOTLINE");
  await insertComplaint(db, guangdong[2]!, daysAgo(19), "APP");
  await insertComplaint(db, zhejiang[0]!, daysAgo(4), "HOTLINE");
  await insertComplaint(db, zhejiang[0]!, daysAgo(90), "HOTLINE");

  // Guangdong: three cases due in the window, two resolved in time; one not due yet.
  await insertCase(guangdong[0]!, 10, 11);
  await insertCase(guangdong[1]!, 20, 20.5);
  await insertCase(guangdong[2]!, 30, 29);
  await insertCase(guangdong[3]!, -2, null);
  await insertGrants(db, guangdong.slice(0, 3), "MARKETING");
  await insertGrants(db, [...guangdong, ...zhejiang], "ANALYTICS");
  await refreshAllInsight(app.database);
});
afterAll(() => app.close());

const METRICS = /* GraphQL */ `
  query Metrics($from: DateTime!, $to: DateTime!, $groupBy: MetricsGroupBy!, $segmentIds: [ID!]) {
    metrics(from: $from, to: $to, groupBy: $groupBy, segmentIds: $segmentIds) {
      key label customers nps npsResponses csat csatResponses satisfactionExpectation
      complaints complaintRatePer1000 casesDue slaCompliance
      churnRiskDistribution { low medium high }
      consentCoverage { purpose pct }
    }
  }
`;

async function metrics(groupBy: string, as: "ANALYST" | "STEWARD" | "AGENT" = "ANALYST", extra: object = {}) {
  return app.gql(METRICS, { from, to, groupBy, ...extra }, { as });
}

describe("metrics", () => {
  it("NPS for a region equals the NPS computed by hand in SQL over the same rows", async () => {
    const res = await metrics("REGION");
    expect(res.errors).toBeUndefined();
    const row = res.data!.metrics.find((r: { key: string }) => r.key === "Guangdong");
    const [hand] = rowsOf<{ nps: string; n: number }>(
      await app.database.db.execute(sql`
        select round(100.0 * (count(*) filter (where f.score >= 9) - count(*) filter (where f.score <= 6)) / count(*), 1)::text as nps, count(*)::int as n
        from feedback f join customers c on c.id = f.customer_id
        where c.region = 'Guangdong' and not c.processing_restricted and f.kind = 'NPS'
          and f.submitted_at >= ${from}::timestamptz and f.submitted_at < ${to}::timestamptz`),
    );
    expect(row.nps).toBe(Number(hand!.nps));
    expect(row.npsResponses).toBe(hand!.n);
    // The SQL aggregate and the documented formula agree on the same answers.
    expect(row.nps).toBe(netPromoterScore([10, 9, 8, 6, 3, 10, 0]));
    expect(row.nps).toBe(0);
  });

  it("computes CSAT, Eξ, complaint rate, SLA compliance, churn distribution and consent coverage per region", async () => {
    const rows = (await metrics("REGION")).data!.metrics;
    expect(rows.map((r: { key: string }) => r.key)).toEqual(["Guangdong", "Zhejiang"]);
    const [g, z] = rows;
    expect(g).toMatchObject({
      label: "Guangdong",
      customers: 6, // the processing-restricted customer is left out
      csat: customerSatisfaction([5, 4, 3, 1, 5]), // 60
      csatResponses: 5,
      satisfactionExpectation: satisfactionExpectation([5, 4, 3, 1, 5]), // 3.6
      complaints: 2,
      complaintRatePer1000: 333.33,
      casesDue: 3,
      slaCompliance: 66.7,
    });
    expect(g.csat).toBe(60);
    expect(g.satisfactionExpectation).toBe(3.6);
    expect(g.consentCoverage).toContainEqual({ purpose: "MARKETING", pct: 50 });
    expect(g.consentCoverage).toContainEqual({ purpose: "ANALYTICS", pct: 100 });
    expect(g.consentCoverage).toContainEqual({ purpose: "SENSITIVE_PROCESSING", pct: 0 });
    const riskTotal = g.churnRiskDistribution.low + g.churnRiskDistribution.medium + g.churnRiskDistribution.high;
    expect(riskTotal).toBe(6);
    expect(z).toMatchObject({ customers: 4, nps: 100, csat: 33.3, satisfactionExpectation: 3, complaints: 1, complaintRatePer1000: 250, casesDue: 0, slaCompliance: null });
  });

  it("groups by month, channel, tier and segment", async () => {
    const months = (await metrics("MONTH")).data!.metrics;
    expect(months.every((r: { key: string }) => /^\d{4}-\d{2}$/.test(r.key))).toBe(true);
    expect(months.reduce((n: number, r: { npsResponses: number }) => n + r.npsResponses, 0)).toBe(8);
    expect(months.reduce((n: number, r: { complaints: number }) => n + r.complaints, 0)).toBe(3);
    const current = months.find((r: { key: string }) => r.key === new Date().toISOString().slice(0, 7));
    expect(current.customers).toBe(10); // billed this month

    const channels = (await metrics("CHANNEL")).data!.metrics;
    const hotline = channels.find((r: { key: string }) => r.key === "HOTLINE");
    expect(hotline).toMatchObject({ complaints: 2, csatResponses: 8 });
    expect(channels.find((r: { key: string }) => r.key === "APP")).toMatchObject({ complaints: 1, npsResponses: 4 });

    const tiers = (await metrics("TIER")).data!.metrics;
    expect(Object.fromEntries(tiers.map((r: { key: string; customers: number }) => [r.key, r.customers]))).toEqual({ HIGH: 6, LOW: 4 });

    const segment = await app.gql(`mutation { createSegment(name: "Zhejiang", definition: { field: REGION, op: EQ, value: "Zhejiang" }) { id } }`, {}, { as: "STEWARD" });
    const bySegment = (await metrics("SEGMENT", "ANALYST", { segmentIds: [segment.data!.createSegment.id] })).data!.metrics;
    expect(bySegment).toHaveLength(1);
    expect(bySegment[0]).toMatchObject({ key: segment.data!.createSegment.id, label: "Zhejiang", customers: 4, nps: 100, complaints: 1 });
  });

  it("refuses a bad window, stray segment ids and callers outside analytics", async () => {
    const backwards = await app.gql(METRICS, { from: to, to: from, groupBy: "REGION" }, { as: "ANALYST" });
    expect(backwards.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "to" });
    const stray = await metrics("REGION", "ANALYST", { segmentIds: ["00000000-0000-4000-8000-000000000000"] });
    expect(stray.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "segmentIds" });
    const agent = await metrics("REGION", "AGENT");
    expect(agent.errors![0]!.extensions!.code).toBe("FORBIDDEN");
    expect((await metrics("REGION", "STEWARD")).errors).toBeUndefined();
  });

  it("is one SQL statement", async () => {
    app.database.statements.length = 0;
    await metrics("REGION", "STEWARD");
    const touching = app.database.statements.filter((s) => /feedback|cases|customer_insight|consent_events|usage_months/.test(s));
    expect(touching).toHaveLength(1);
    expect(touching[0]).toMatch(/^\s*with base as/);
  });
});
