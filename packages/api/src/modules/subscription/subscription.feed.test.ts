import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "../../db/rows.js";
import { auditEvents, identifiers } from "../../db/schema.js";
import { startTestApp, type TestApp } from "../../test/app.js";
import { insertCustomers } from "../../test/builders.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const RESULT = `inserted updated unchanged rejected errors { index externalId field message }`;
const UPSERT_PLANS = `mutation($plans: [PlanFeedInput!]!) { upsertPlans(plans: $plans) { ${RESULT} } }`;
const UPSERT_SUBSCRIPTIONS = `mutation($subscriptions: [SubscriptionFeedInput!]!) { upsertSubscriptions(subscriptions: $subscriptions) { ${RESULT} } }`;
const query = async <T>(text: ReturnType<typeof sql>) => rowsOf<T>(await app.database.db.execute(text));
const isoDay = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe("plan and subscription feeds", () => {
  it("upserts plans by code: inserted, unchanged when re-sent, updated when the fee changes; a new plan needs name, fee and services", async () => {
    const plans = [
      { code: "FEED-88", name: "畅享 88", monthlyFee: 88, dataQuotaMb: 40960, voiceQuotaMinutes: 500, services: ["VOICE", "DATA"] },
      { code: "FEED-BB", name: "Broadband 200M", monthlyFee: 120, services: ["BROADBAND", "TV"] },
    ];
    expect((await app.gql(UPSERT_PLANS, { plans })).data!.upsertPlans).toEqual({ inserted: 2, updated: 0, unchanged: 0, rejected: 0, errors: [] });
    expect((await app.gql(UPSERT_PLANS, { plans })).data!.upsertPlans).toEqual({ inserted: 0, updated: 0, unchanged: 2, rejected: 0, errors: [] });
    const res = await app.gql(UPSERT_PLANS, {
      plans: [
        { code: "FEED-88", monthlyFee: 98 },
        { code: "FEED-NEW", name: "No services", monthlyFee: 10 },
        { code: "FEED-NEG", name: "Negative", monthlyFee: -1, services: ["VOICE"] },
      ],
    });
    expect(res.data!.upsertPlans).toMatchObject({ inserted: 0, updated: 1, unchanged: 0, rejected: 2 });
    expect(res.data!.upsertPlans.errors.map((e: any) => [e.index, e.externalId, e.field])).toEqual([
      [1, "FEED-NEW", "plans[1].services"],
      [2, "FEED-NEG", "plans[2].monthlyFee"],
    ]);
    // Absent fields are kept; the audit's before/after of a plan (no customer data) is in clear.
    expect(await query(sql`select name, monthly_fee::float as fee, data_quota_mb from plans where code = 'FEED-88'`)).toEqual([{ name: "畅享 88", fee: 98, data_quota_mb: 40960 }]);
    const [update] = await app.database.db.select().from(auditEvents).where(sql`${auditEvents.operation} = 'upsertPlans' and ${auditEvents.action} = 'UPDATE'`);
    expect(update!.changes).toEqual([{ field: "monthlyFee", before: 88, after: 98 }]);
  });

  it("upserts subscriptions by externalId with the plan by code and the customer resolved at the start date; a live contract ending soon is a churn reason at once", async () => {
    await app.gql(UPSERT_PLANS, { plans: [{ code: "FEED-S", name: "S", monthlyFee: 58, services: ["VOICE"] }] });
    const [before, after] = await insertCustomers(app.database.db, 2, { phone: null });
    await app.database.db.insert(identifiers).values([
      { customerId: before!, type: "MSISDN", value: "+8613700008888", validFrom: new Date("2023-01-01T00:00:00Z"), validTo: new Date("2025-01-01T00:00:00Z") },
      { customerId: after!, type: "MSISDN", value: "+8613700008888", validFrom: new Date("2025-01-01T00:00:00Z") },
    ]);
    const number = { identifier: { type: "MSISDN", value: "13700008888" } };
    const subscriptions = [
      { externalId: "SUB-old", customer: number, planCode: "FEED-S", msisdn: "13700008888", startedOn: "2023-06-01", contractEnd: "2024-06-01", status: "ENDED" },
      { externalId: "SUB-new", customer: number, planCode: "FEED-S", msisdn: "13700008888", startedOn: "2025-02-01", contractEnd: isoDay(20) },
      { externalId: "SUB-bad-plan", customer: { id: after }, planCode: "NOPE", startedOn: "2025-02-01" },
      { externalId: "SUB-no-start", customer: { id: after }, planCode: "FEED-S" },
      { externalId: "SUB-bad-date", customer: { id: after }, planCode: "FEED-S", startedOn: "2025-02-30" },
      { externalId: "SUB-new", customer: { id: after }, planCode: "FEED-S", startedOn: "2025-02-01" },
    ];
    const res = await app.gql(UPSERT_SUBSCRIPTIONS, { subscriptions });
    expect(res.data!.upsertSubscriptions).toMatchObject({ inserted: 2, updated: 0, unchanged: 0, rejected: 4 });
    expect(res.data!.upsertSubscriptions.errors.map((e: any) => [e.index, e.externalId, e.field])).toEqual([
      [2, "SUB-bad-plan", "subscriptions[2].planCode"],
      [3, "SUB-no-start", "subscriptions[3].startedOn"],
      [4, "SUB-bad-date", "subscriptions[4].startedOn"],
      [5, "SUB-new", "subscriptions[5].externalId"],
    ]);
    expect(await query(sql`select external_id, customer_id, msisdn, status::text from subscriptions where external_id like 'SUB-%' order by external_id`)).toEqual([
      { external_id: "SUB-new", customer_id: after, msisdn: "+8613700008888", status: "ACTIVE" },
      { external_id: "SUB-old", customer_id: before, msisdn: "+8613700008888", status: "ENDED" },
    ]);
    const risk = `query($id: ID!) { customer(id: $id) { insight { churnRisk { reasons { code evidence } } } } }`;
    expect((await app.gql(risk, { id: after })).data!.customer.insight.churnRisk.reasons).toContainEqual({ code: "CONTRACT_ENDING", evidence: { contractEnd: isoDay(20), days: 20 } });

    // Re-sent: unchanged. The contract renewed: updated, and the reason goes in the same call.
    expect((await app.gql(UPSERT_SUBSCRIPTIONS, { subscriptions: subscriptions.slice(0, 2) })).data!.upsertSubscriptions).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
    const renewed = await app.gql(UPSERT_SUBSCRIPTIONS, { subscriptions: [{ externalId: "SUB-new", customer: { id: after }, contractEnd: isoDay(400) }] });
    expect(renewed.data!.upsertSubscriptions).toMatchObject({ updated: 1, rejected: 0 });
    expect((await app.gql(risk, { id: after })).data!.customer.insight.churnRisk.reasons.map((r: any) => r.code)).not.toContain("CONTRACT_ENDING");
    const [update] = await app.database.db.select().from(auditEvents).where(sql`${auditEvents.operation} = 'upsertSubscriptions' and ${auditEvents.action} = 'UPDATE'`);
    expect(update!.customerIds).toEqual([after]);
    expect(update!.changes!.map((c) => c.field)).toEqual(["contractEnd"]);
    expect(String(update!.changes![0]!.after)).toMatch(/^hmac:[0-9a-f]{64}$/);
  });
});
