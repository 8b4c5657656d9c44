import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { problem, type ProblemCode } from "@tessera/schema/problems";
import { rowsOf } from "../../db/rows.js";
import { auditEvents, identifiers } from "../../db/schema.js";
import { startTestApp, type TestApp } from "../../test/app.js";
import { insertCustomers, validNationalId } from "../../test/builders.js";
import { createPartner, issueKey } from "../partner/partner.service.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const RESULT = `inserted updated unchanged rejected errors { index externalId field message }`;
const UPSERT_CUSTOMERS = `mutation($customers: [CustomerFeedInput!]!) { upsertCustomers(customers: $customers) { ${RESULT} } }`;
const RECORD_USAGE = `mutation($usage: [UsageFeedInput!]!) { recordUsage(usage: $usage) { ${RESULT} } }`;

const count = async (query: ReturnType<typeof sql>) => Number(rowsOf<{ n: number }>(await app.database.db.execute(query))[0]!.n);

describe("feed mutations", () => {
  it("upserts customers by externalId: inserted, then unchanged, then updated with a version bump", async () => {
    const customers = [
      { externalId: "crm-1", kind: "INDIVIDUAL", name: "王芳", phone: "13800001111", nationalId: validNationalId(7) },
      { externalId: "crm-2", kind: "ENTERPRISE", name: "Acme Ltd", email: "ops@acme.example" },
    ];
    expect((await app.gql(UPSERT_CUSTOMERS, { customers })).data!.upsertCustomers).toEqual({ inserted: 2, updated: 0, unchanged: 0, rejected: 0, errors: [] });
    expect((await app.gql(UPSERT_CUSTOMERS, { customers })).data!.upsertCustomers).toEqual({ inserted: 0, updated: 0, unchanged: 2, rejected: 0, errors: [] });
    // Only the fields sent change; absent ones (kind, nationalId) stay as stored.
    const changed = await app.gql(UPSERT_CUSTOMERS, { customers: [{ externalId: "crm-1", phone: "13800002222" }] });
    expect(changed.data!.upsertCustomers).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });
    const rows = rowsOf<{ version: number; phone: string; national_id: string; kind: string }>(
      await app.database.db.execute(sql`select version, phone, national_id, kind::text from customers where external_id = 'crm-1'`),
    );
    expect(rows).toEqual([{ version: 2, phone: "+8613800002222", national_id: validNationalId(7), kind: "INDIVIDUAL" }]);
    // The contact identifiers follow the profile: the old number's window is closed, the new one opened.
    const windows = await app.database.db.select().from(identifiers).where(eq(identifiers.type, "MSISDN"));
    const mine = windows.filter((w) => ["+8613800001111", "+8613800002222"].includes(w.value));
    expect(mine.map((w) => [w.value, w.validTo === null])).toEqual(expect.arrayContaining([["+8613800001111", false], ["+8613800002222", true]]));
  });

  it("stores the good items of a batch and names each bad one by index, external id and field", async () => {
    const res = await app.gql(UPSERT_CUSTOMERS, {
      customers: [
        { externalId: "bad-1", kind: "INDIVIDUAL", name: "Li Lei", phone: "12345" },
        { externalId: "bad-2", kind: "INDIVIDUAL", name: "Han Meimei", nationalId: "110101199001011230" },
        { externalId: "good-1", kind: "INDIVIDUAL", name: "Good One" },
        { externalId: "new-without-kind", name: "No Kind" },
        { externalId: "good-1", kind: "INDIVIDUAL", name: "Good One again" },
      ],
    });
    const out = res.data!.upsertCustomers;
    expect(out).toMatchObject({ inserted: 1, updated: 0, unchanged: 0, rejected: 4 });
    expect(out.errors.map((e: any) => [e.index, e.externalId, e.field])).toEqual([
      [0, "bad-1", "customers[0].phone"],
      [1, "bad-2", "customers[1].nationalId"],
      [3, "new-without-kind", "customers[3].kind"],
      [4, "good-1", "customers[4].externalId"],
    ]);
    expect(await count(sql`select count(*)::int as n from customers where external_id like 'bad-%' or external_id = 'new-without-kind'`)).toBe(0);
  });

  it("gives each rejected item its problem's code and parameters, and the message they fill in", async () => {
    const res = await app.gql(`mutation($customers: [CustomerFeedInput!]!) { upsertCustomers(customers: $customers) { errors { index field message code params } } }`, {
      customers: [
        { externalId: "coded-1", kind: "INDIVIDUAL", name: "Coded One" },
        { externalId: "coded-no-kind", name: "No Kind" },
        { externalId: "coded-1", kind: "INDIVIDUAL", name: "Coded One again" },
      ],
    });
    expect(res.errors).toBeUndefined();
    const errors = res.data!.upsertCustomers.errors as { index: number; field: string; message: string; code: string; params: Record<string, string | number> }[];
    expect(errors.map((e) => [e.index, e.field, e.code, e.params])).toEqual([
      [1, "customers[1].kind", "REQUIRED_FOR_NEW_CUSTOMER", {}],
      [2, "customers[2].externalId", "DUPLICATE_KEY_IN_BATCH", { item: 0 }],
    ]);
    // The English message is the code's template (@tessera/schema/problems) with the parameters filled in.
    for (const e of errors) expect(e.message).toBe(problem(e.code as ProblemCode, e.params).message);
  });

  it("audits each feed write as the principal's: a CREATE row per batch and an UPDATE row with hashed before/after per change", async () => {
    await app.gql(UPSERT_CUSTOMERS, { customers: [{ externalId: "audited", kind: "INDIVIDUAL", name: "Zhang San" }] });
    await app.gql(UPSERT_CUSTOMERS, { customers: [{ externalId: "audited", name: "Zhang Sanfeng", accountManager: "am-007" }] });
    const [row] = rowsOf<{ id: string }>(await app.database.db.execute(sql`select id from customers where external_id = 'audited'`));
    const events = await app.database.db.select().from(auditEvents).where(sql`${row!.id} = any(${auditEvents.customerIds})`).orderBy(auditEvents.seq);
    expect(events.map((e) => [e.action, e.principal, e.operation])).toEqual([
      ["CREATE", "user:steward", "upsertCustomers"],
      ["UPDATE", "user:steward", "upsertCustomers"],
    ]);
    const changes = Object.fromEntries(events[1]!.changes!.map((c) => [c.field, c]));
    expect(Object.keys(changes).sort()).toEqual(["accountManager", "name"]);
    expect(String(changes.name!.after)).toMatch(/^hmac:[0-9a-f]{64}$/);
    // Not personal data (catalog category NONE): stored in clear.
    expect(changes.accountManager).toEqual({ field: "accountManager", before: null, after: "am-007" });
  });

  it("resolves a customer by an identifier through its validity window at the record's own month", async () => {
    const [before, after] = await insertCustomers(app.database.db, 2, { phone: null });
    await app.database.db.insert(identifiers).values([
      { customerId: before!, type: "MSISDN", value: "+8613700007777", validFrom: new Date("2024-01-01T00:00:00Z"), validTo: new Date("2025-03-15T00:00:00Z") },
      { customerId: after!, type: "MSISDN", value: "+8613700007777", validFrom: new Date("2025-03-15T00:00:00Z") },
    ]);
    const number = { identifier: { type: "MSISDN", value: "137 0000 7777" } };
    const res = await app.gql(RECORD_USAGE, {
      usage: [
        { customer: number, month: "2025-01", billAmount: 80 },
        { customer: number, month: "2025-05", billAmount: 60 },
        { customer: number, month: "2023-05", billAmount: 10 },
      ],
    });
    expect(res.data!.recordUsage).toMatchObject({ inserted: 2, rejected: 1 });
    expect(res.data!.recordUsage.errors[0]).toMatchObject({ index: 2, field: "usage[2].customer", message: expect.stringContaining("no customer held MSISDN +8613700007777") });
    const owners = rowsOf<{ customer_id: string; month: string }>(
      await app.database.db.execute(sql`select customer_id, month::text from usage_months where customer_id in (${before!}, ${after!}) order by month`),
    );
    expect(owners).toEqual([
      { customer_id: before, month: "2025-01-01" },
      { customer_id: after, month: "2025-05-01" },
    ]);
  });

  it("records usage with per-service charges once; a changed charge updates the month and replaces its split", async () => {
    const [id] = await insertCustomers(app.database.db, 1, { name: "Charges", phone: null });
    const usage = [{ customer: { id }, month: "2025-06", voiceMinutes: 300, charges: [{ service: "VOICE", amount: 50 }, { service: "BROADBAND", amount: 100 }] }];
    expect((await app.gql(RECORD_USAGE, { usage })).data!.recordUsage).toMatchObject({ inserted: 1, unchanged: 0 });
    expect((await app.gql(RECORD_USAGE, { usage })).data!.recordUsage).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
    const month = `query($id: ID!) { customer(id: $id) { usage(months: 1) { month voiceMinutes billAmount charges { service amount } } } }`;
    expect((await app.gql(month, { id })).data!.customer.usage).toEqual([
      { month: "2025-06-01", voiceMinutes: 300, billAmount: 150, charges: [{ service: "VOICE", amount: 50 }, { service: "BROADBAND", amount: 100 }] },
    ]);
    const cut = [{ customer: { id }, month: "2025-06", charges: [{ service: "VOICE", amount: 50 }] }];
    expect((await app.gql(RECORD_USAGE, { usage: cut })).data!.recordUsage).toMatchObject({ updated: 1 });
    // billAmount was not sent: it follows the new split (the sum of the charges); voiceMinutes stays as stored.
    expect((await app.gql(month, { id })).data!.customer.usage).toEqual([{ month: "2025-06-01", voiceMinutes: 300, billAmount: 50, charges: [{ service: "VOICE", amount: 50 }] }]);
  });

  it("a recordUsage batch with one service's fee down 25 % puts SERVICE_DROP with its evidence on the churn risk in the same call", async () => {
    const [id] = await insertCustomers(app.database.db, 1, { name: "Key Account", phone: null });
    const month = (m: string, broadband: number) => ({ customer: { id }, month: m, voiceMinutes: 300, dataMb: 8000, smsCount: 40, charges: [{ service: "VOICE", amount: 60 }, { service: "BROADBAND", amount: broadband }] });
    const risk = `query($id: ID!) { customer(id: $id) { insight { churnRisk { reasons { code evidence } } } } }`;
    // The four months before this one (insight reads recent history only).
    const [m4, m3, m2, m1, m0] = [5, 4, 3, 2, 1].map((back) => {
      const d = new Date();
      d.setUTCDate(1);
      d.setUTCMonth(d.getUTCMonth() - back);
      return d.toISOString().slice(0, 7);
    }) as [string, string, string, string, string];
    await app.gql(RECORD_USAGE, { usage: [month(m4, 100), month(m3, 100), month(m2, 100), month(m1, 100)] });
    expect((await app.gql(risk, { id })).data!.customer.insight.churnRisk.reasons.map((r: any) => r.code)).not.toContain("SERVICE_DROP");
    // Volumes unchanged; only the broadband fee falls from 100 to 75 (-25 % against the 3 months before).
    const res = await app.gql(RECORD_USAGE, { usage: [month(m0, 75)] });
    expect(res.data!.recordUsage).toMatchObject({ inserted: 1, rejected: 0 });
    expect((await app.gql(risk, { id })).data!.customer.insight.churnRisk.reasons).toContainEqual({
      code: "SERVICE_DROP",
      evidence: { service: "BROADBAND", from: 100, to: 75, pct: -25, measure: "FEE" },
    });
  });

  it("lets a partner app call the feeds only when it holds the INTEGRATION capability", async () => {
    const billing = await createPartner(app.database.db, { name: "billing-feed", purposes: ["SERVICE"], fields: ["Customer.name"], capabilities: ["INTEGRATION"] });
    const reader = await createPartner(app.database.db, { name: "reader-only", purposes: ["SERVICE"], fields: ["Customer.name"] });
    const feeding = (await issueKey(app.database.db, billing.id)).key;
    const reading = (await issueKey(app.database.db, reader.id)).key;
    const customers = [{ externalId: "from-billing", kind: "INDIVIDUAL", name: "Billing Person" }];
    const ok = await app.gql(UPSERT_CUSTOMERS, { customers }, { as: { apiKey: feeding }, purpose: "SERVICE" });
    expect(ok.data!.upsertCustomers).toMatchObject({ inserted: 1 });
    const refused = await app.gql(UPSERT_CUSTOMERS, { customers }, { as: { apiKey: reading }, purpose: "SERVICE" });
    expect(refused.errors![0]!.extensions!.code).toBe("FORBIDDEN");
    const agent = await app.gql(UPSERT_CUSTOMERS, { customers }, { as: "AGENT" });
    expect(agent.errors![0]!.extensions!.code).toBe("FORBIDDEN");
  });

  it("appends consents and feedback once per externalId; a detractor answer reaches the churn risk in the same call", async () => {
    const [id] = await insertCustomers(app.database.db, 1, { name: "Ledger", phone: null });
    const consents = [{ externalId: "c-1", customer: { id }, purpose: "MARKETING", status: "GRANTED", source: "PAPER", policyVersion: "2026-01" }];
    const RECORD = `mutation($consents: [ConsentFeedInput!]!) { recordConsents(consents: $consents) { ${RESULT} } }`;
    expect((await app.gql(RECORD, { consents })).data!.recordConsents).toMatchObject({ inserted: 1, unchanged: 0 });
    expect((await app.gql(RECORD, { consents })).data!.recordConsents).toMatchObject({ inserted: 0, unchanged: 1 });
    const bad = await app.gql(RECORD, { consents: [{ ...consents[0], externalId: "c-2", purpose: "ANALYTICS", channel: "SMS" }] });
    expect(bad.data!.recordConsents.errors).toEqual([{ index: 0, externalId: "c-2", field: "consents[0].channel", message: "applies only to MARKETING" }]);
    const coded = await app.gql(`mutation($consents: [ConsentFeedInput!]!) { recordConsents(consents: $consents) { errors { code params } } }`, { consents: [{ ...consents[0], externalId: "c-3", purpose: "ANALYTICS", channel: "SMS" }] });
    expect(coded.data!.recordConsents.errors).toEqual([{ code: "ONLY_FOR", params: { value: "MARKETING" } }]);
    const INGEST = `mutation($feedback: [FeedbackFeedInput!]!) { ingestFeedback(feedback: $feedback) { ${RESULT} } }`;
    const feedback = [{ externalId: "nps-1", customer: { id }, kind: "NPS", score: 2, channel: "SMS" }];
    expect((await app.gql(INGEST, { feedback })).data!.ingestFeedback).toMatchObject({ inserted: 1 });
    expect((await app.gql(INGEST, { feedback })).data!.ingestFeedback).toMatchObject({ inserted: 0, unchanged: 1 });
    const risk = await app.gql(`query($id: ID!) { customer(id: $id) { insight { churnRisk { reasons { code evidence } } } } }`, { id });
    expect(risk.data!.customer.insight.churnRisk.reasons).toContainEqual({ code: "DETRACTOR", evidence: { nps: 2 } });
  });
});
