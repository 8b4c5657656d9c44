import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "../../db/rows.js";
import { createPartner, issueKey } from "../partner/partner.service.js";
import { startTestApp, type TestApp } from "../../test/app.js";
import { insertCustomers, insertGrants } from "../../test/builders.js";
import { daysAgo, insertBilledCustomer, insertComplaint, insertScore, monthAgo } from "./insight.builders.js";
import { refreshAllInsight, refreshInsightFor } from "./insight.refresh.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const INSIGHT = /* GraphQL */ `
  query Insight($id: ID!) {
    customer(id: $id) {
      id
      insight {
        arpu tenureMonths clv valueTier lifecycleStage nps csat computedAt
        churnRisk { score level reasons { code points evidence } }
      }
    }
  }
`;

/** The first day of last month, mid-day: "a complaint last month". */
function lastMonth(): Date {
  return new Date(`${monthAgo(1)}T10:00:00Z`);
}

describe("churn risk through the API", () => {
  it("a bill falling from ¥200 to ¥170 with a complaint last month and a detractor NPS is HIGH, with the three reasons and their evidence", async () => {
    const id = await insertBilledCustomer(app.database.db, { bills: [200, 200, 200, 170], startedOn: "2021-05-10" });
    const complaint = await app.gql(
      `mutation($input: LogInteractionInput!) { logInteraction(input: $input) { id } }`,
      { input: { customerId: id, channel: "HOTLINE", type: "COMPLAINT", summary: "Bill went up, service went down", occurredAt: lastMonth().toISOString() } },
    );
    expect(complaint.errors).toBeUndefined();
    const nps = await app.gql(`mutation($input: SubmitFeedbackInput!) { submitFeedback(input: $input) { id } }`, {
      input: { customerId: id, kind: "NPS", score: 3, channel: "SMS" },
    });
    expect(nps.errors).toBeUndefined();

    const res = await app.gql(`query($id: ID!) { customer(id: $id) { insight { churnRisk { score level reasons { code evidence } } } } }`, { id });
    expect(res.errors).toBeUndefined();
    expect(res.data!.customer.insight.churnRisk).toEqual({
      score: 65,
      level: "HIGH",
      reasons: [
        { code: "BILL_DROP", evidence: { from: 200, to: 170, pct: -15 } },
        { code: "RECENT_COMPLAINTS", evidence: { count: 1, days: 90 } },
        { code: "DETRACTOR", evidence: { nps: 3 } },
      ],
    });
  });

  it("answers every insight value, refreshed when feedback arrives", async () => {
    const id = await insertBilledCustomer(app.database.db, { bills: [480, 520, 510, 530], startedOn: "2019-03-01" });
    await refreshInsightFor(app.database.db, [id]);
    const before = (await app.gql(INSIGHT, { id })).data!.customer.insight;
    // (520 + 510 + 530) / 3 = 520; score 0 → 120 months × 45 % margin.
    expect(before).toMatchObject({ arpu: 520, valueTier: "HIGH", lifecycleStage: "STABLE", clv: 28_080, nps: null, csat: null });
    expect(before.tenureMonths).toBeGreaterThanOrEqual(92);
    expect(before.churnRisk).toEqual({ score: 0, level: "LOW", reasons: [] });

    await app.gql(`mutation($input: SubmitFeedbackInput!) { submitFeedback(input: $input) { id } }`, {
      input: { customerId: id, kind: "CSAT", score: 1, channel: "APP" },
    });
    const after = (await app.gql(INSIGHT, { id })).data!.customer.insight;
    expect(after.csat).toBe(1);
    expect(after.churnRisk.reasons).toEqual([{ code: "LOW_CSAT", points: 15, evidence: { csat: 1 } }]);
    expect(new Date(after.computedAt).getTime()).toBeGreaterThanOrEqual(new Date(before.computedAt).getTime());
  });

  it("refreshes the insight of every customer of an ingested complaint batch", async () => {
    const [a, b] = [await insertBilledCustomer(app.database.db), await insertBilledCustomer(app.database.db)];
    await refreshInsightFor(app.database.db, [a, b]);
    const res = await app.gql(
      `mutation($events: [InteractionEventInput!]!) { ingestInteractions(events: $events) { inserted } }`,
      {
        events: [a, a, b].map((customerId, i) => ({
          customerId,
          externalId: `insight-complaint-${customerId}-${i}`,
          channel: "APP",
          type: "COMPLAINT",
          occurredAt: daysAgo(3 + i).toISOString(),
        })),
      },
    );
    expect(res.data!.ingestInteractions.inserted).toBe(3);
    const reasons = async (id: string) => (await app.gql(INSIGHT, { id })).data!.customer.insight.churnRisk.reasons;
    expect(await reasons(a)).toEqual([{ code: "RECENT_COMPLAINTS", points: 25, evidence: { count: 2, days: 90 } }]);
    expect(await reasons(b)).toEqual([{ code: "RECENT_COMPLAINTS", points: 20, evidence: { count: 1, days: 90 } }]);
  });

  it("counts a complaint case opened without a complaint contact, and only complaints of the last 90 days", async () => {
    const id = await insertBilledCustomer(app.database.db);
    await insertComplaint(app.database.db, id, daysAgo(100));
    await app.database.db.execute(sql`insert into cases (customer_id, kind, category, subject, owner, opened_at, response_due_at, due_at)
      values (${id}, 'COMPLAINT', 'BILLING', 'Overcharged', 'agent', ${daysAgo(5).toISOString()}::timestamptz, ${daysAgo(4).toISOString()}::timestamptz, ${daysAgo(4).toISOString()}::timestamptz)`);
    await refreshInsightFor(app.database.db, [id]);
    const risk = (await app.gql(INSIGHT, { id })).data!.customer.insight.churnRisk;
    expect(risk.reasons).toEqual([{ code: "RECENT_COMPLAINTS", points: 20, evidence: { count: 1, days: 90 } }]);
  });

  it("is null for a customer whose insight was never computed", async () => {
    const [id] = await insertCustomers(app.database.db, 1);
    expect((await app.gql(INSIGHT, { id })).data!.customer.insight).toBeNull();
  });
});

describe("lifecycle and value on stored insight", () => {
  it("tells prospects, new, growing, churned and reactivated customers apart", async () => {
    const db = app.database.db;
    const ids = {
      PROSPECT: await insertBilledCustomer(db, { status: "PROSPECT" }),
      NEW: await insertBilledCustomer(db, { bills: [60, 60], startedOn: monthAgo(1) }),
      GROWING: await insertBilledCustomer(db, { bills: [100, 100, 100, 120, 125, 130] }),
      CHURNED: await insertBilledCustomer(db, { bills: [90, 90, 0, 0, 0], voice: [200, 200, 0, 0, 0] }),
      CLOSED: await insertBilledCustomer(db, { status: "CLOSED", bills: [50, 50, 50] }),
      REACTIVATED: await insertBilledCustomer(db, { bills: [80, 0, 0, 0, 80, 80, 80], voice: [100, 0, 0, 0, 100, 100, 100] }),
    };
    await refreshInsightFor(db, Object.values(ids));
    const stage = async (id: string) => (await app.gql(INSIGHT, { id })).data!.customer.insight.lifecycleStage;
    expect(await stage(ids.PROSPECT)).toBe("PROSPECT");
    expect(await stage(ids.NEW)).toBe("NEW");
    expect(await stage(ids.GROWING)).toBe("GROWING");
    expect(await stage(ids.CHURNED)).toBe("CHURNED");
    expect(await stage(ids.CLOSED)).toBe("CHURNED");
    expect(await stage(ids.REACTIVATED)).toBe("REACTIVATED");
  });

  it("the bulk refresh walks id ranges and stores what the per-customer refresh stores", async () => {
    const db = app.database.db;
    const ids: string[] = [];
    for (let i = 0; i < 23; i++) ids.push(await insertBilledCustomer(db, { bills: [100 + i * 30, 90 + i * 30, 80 + i * 25, 40 + i * 20], arrears: i % 3 ? 0 : 12.5 }));
    await insertComplaint(db, ids[4]!, daysAgo(10));
    await insertScore(db, ids[5]!, "NPS", 2, daysAgo(20));
    await refreshInsightFor(db, ids);
    const snapshot = async () =>
      rowsOf<Record<string, unknown>>(
        await db.execute(sql`select customer_id, arpu, tenure_months, clv, value_tier, lifecycle_stage, churn_score, churn_level, reasons, nps, csat
          from customer_insight where customer_id in ${ids} order by customer_id`),
      );
    const single = await snapshot();
    await db.execute(sql`delete from customer_insight where customer_id in ${ids}`);
    const progress: number[] = [];
    const result = await refreshAllInsight(app.database, { batchSize: 7, onProgress: (p) => progress.push(p.customersDone) });
    const all = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from customers`))[0]!.n;
    expect(result.customers).toBe(all);
    expect(progress.at(-1)).toBe(all);
    expect(await snapshot()).toEqual(single);
    const missing = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from customers c where not exists (select 1 from customer_insight i where i.customer_id = c.id)`));
    expect(missing[0]!.n).toBe(0);
  });
});

describe("insight and the privacy policy", () => {
  let id: string;
  beforeAll(async () => {
    id = await insertBilledCustomer(app.database.db, { bills: [300, 300, 300, 200] });
    await refreshInsightFor(app.database.db, [id]);
  });

  it("analysts read insight in full; auditors get nulls reported as redactions", async () => {
    const analyst = await app.gql(INSIGHT, { id }, { as: "ANALYST" });
    expect(analyst.data!.customer.insight).toMatchObject({ arpu: 266.67, valueTier: "MEDIUM", churnRisk: { level: "LOW" } });
    const auditor = await app.gql(INSIGHT, { id }, { as: "AUDITOR" });
    expect(auditor.data!.customer.insight).toMatchObject({ arpu: null, valueTier: null, churnRisk: null, nps: null });
    expect(auditor.extensions!.redactions).toEqual(expect.arrayContaining([{ field: "Insight.churnRisk", reason: "MASKED_BY_ROLE", count: 1 }]));
  });

  it("a partner sees insight only with consent for the purpose and Insight fields in its allowlist", async () => {
    const db = app.database.db;
    const wide = await createPartner(db, { name: "insight-wide", purposes: ["ANALYTICS"], fields: ["Insight.*"] });
    const narrow = await createPartner(db, { name: "insight-narrow", purposes: ["ANALYTICS"], fields: ["Customer.region"] });
    const wideKey = (await issueKey(db, wide.id)).key;
    const narrowKey = (await issueKey(db, narrow.id)).key;
    expect((await app.gql(INSIGHT, { id }, { as: { apiKey: wideKey }, purpose: "ANALYTICS" })).data!.customer).toBeNull();
    await insertGrants(db, [id], "ANALYTICS");
    const seen = await app.gql(INSIGHT, { id }, { as: { apiKey: wideKey }, purpose: "ANALYTICS" });
    expect(seen.data!.customer.insight).toMatchObject({ valueTier: "MEDIUM", churnRisk: { score: 25 } });
    const withheld = await app.gql(INSIGHT, { id }, { as: { apiKey: narrowKey }, purpose: "ANALYTICS" });
    expect(withheld.data!.customer.insight).toMatchObject({ valueTier: null, churnRisk: null });
    const filter = await app.gql(`{ customers(filter: { churnLevel: [HIGH] }) { totalCount } }`, {}, { as: { apiKey: narrowKey }, purpose: "ANALYTICS" });
    expect(filter.errors![0]!.extensions).toMatchObject({ code: "FORBIDDEN", field: "filter.churnLevel" });
  });
});

describe("customer list filters on insight", () => {
  it("filters by value tier, lifecycle stage and churn level", async () => {
    const db = app.database.db;
    const high = await insertBilledCustomer(db, { region: "Xizang", bills: [900, 900, 900] });
    // BILL_DROP 25 + ARREARS 20 + SERVICE_DROP (voice) 15 = 60: HIGH.
    const risky = await insertBilledCustomer(db, { region: "Xizang", bills: [200, 200, 200, 100], voice: [300, 300, 300, 100], arrears: 100 });
    const low = await insertBilledCustomer(db, { region: "Xizang", bills: [20, 20, 20] });
    await refreshInsightFor(db, [high, risky, low]);
    const ids = async (filter: object) =>
      (await app.gql(`query($f: CustomerFilter) { customers(filter: $f, first: 50) { edges { node { id } } } }`, { f: { region: ["Xizang"], ...filter } })).data!.customers.edges.map(
        (e: { node: { id: string } }) => e.node.id,
      );
    expect(await ids({ valueTier: ["HIGH"] })).toEqual([high]);
    expect(await ids({ churnLevel: ["HIGH"] })).toEqual([risky]);
    expect(await ids({ lifecycleStage: ["STABLE"], valueTier: ["LOW", "HIGH"] })).toEqual([high, low]);
  });

  it("loads the insight of a whole page in one statement", async () => {
    const db = app.database.db;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await insertBilledCustomer(db, { region: "Qinghai" }));
    await refreshInsightFor(db, ids);
    app.database.statements.length = 0;
    const res = await app.gql(`{ customers(first: 10, filter: { region: ["Qinghai"] }) { edges { node { insight { arpu churnRisk { level } } } } } }`);
    expect(res.data!.customers.edges).toHaveLength(5);
    expect(app.database.statements.filter((s) => s.includes('from "customer_insight"'))).toHaveLength(1);
  });
});
