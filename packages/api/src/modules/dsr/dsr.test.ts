import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "../../audit/audit.table.js";
import { customerKeys } from "../../audit/keys.table.js";
import { canonicalJson, sha256Hex } from "../../lib/hash.js";
import { startTestApp, type TestApp } from "../../test/app.js";
import { insertInteractionsFor, validNationalId } from "../../test/builders.js";
import { careTaskStates } from "../care/care.table.js";
import { cases } from "../case/case.table.js";
import { consentEvents } from "../consent/consent.table.js";
import { customers } from "../customer/customer.table.js";
import { feedback } from "../feedback/feedback.table.js";
import { identifiers } from "../identity/identity.table.js";
import { refreshInsightFor } from "../insight/insight.refresh.js";
import { customerInsight } from "../insight/insight.table.js";
import { interactions } from "../interaction/interaction.table.js";
import { createPartner, issueKey } from "../partner/partner.service.js";
import { plans, subscriptions } from "../subscription/subscription.table.js";
import { usageMonths } from "../usage/usage.table.js";
import { dataSubjectRequests } from "./dsr.table.js";

let app: TestApp;
let partnerId: string;
let partnerKey: string;
let planId: string;

const db = () => app.database.db;

beforeAll(async () => {
  app = await startTestApp();
  const partner = await createPartner(db(), {
    name: "acme-marketing",
    purposes: ["MARKETING", "THIRD_PARTY_SHARING"],
    fields: ["Customer.*", "Identifier.*", "Subscription.*", "Interaction.*", "Feedback.*", "Case.*"],
  });
  partnerId = partner.id;
  partnerKey = (await issueKey(db(), partner.id)).key;
  [{ id: planId }] = await db()
    .insert(plans)
    .values({ code: `P-${randomUUID().slice(0, 8)}`, name: "5G 199", monthlyFee: 199, services: ["VOICE", "DATA"] })
    .returning({ id: plans.id });
});
afterAll(() => app.close());

/** First day of the month `n` months before now, as YYYY-MM-DD. */
function monthStart(n: number): string {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - n, 1)).toISOString().slice(0, 10);
}

let sequence = 100;
/** A customer with a full record; answers the id and the personal values planted in it. */
async function customerWithRecord() {
  sequence++;
  const values = {
    name: `测试客户${sequence}`,
    phone: `+861380013${String(sequence).padStart(4, "0")}`,
    email: `subject${sequence}@example.com`,
    nationalId: validNationalId(sequence),
    address: `杭州市西湖区文三路 ${sequence} 号`,
    summary: `Caller ${sequence} asked about roaming to Tokyo`,
    outcome: `Sent roaming offer ${sequence}`,
    comment: `Signal is weak at home ${sequence}`,
    subject: `No signal in building ${sequence}`,
    resolution: `Repeater installed ${sequence}`,
  };
  const created = await app.gql(
    `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }`,
    { input: { kind: "INDIVIDUAL", name: values.name, phone: values.phone, email: values.email, nationalId: values.nationalId, address: values.address, birthDate: "1988-04-02", region: "Zhejiang", city: "Hangzhou" } },
  );
  expect(created.errors).toBeUndefined();
  const id = created.data!.createCustomer.id as string;
  await db().insert(subscriptions).values({ customerId: id, planId, msisdn: values.phone, startedOn: "2023-01-01" });
  await db().insert(usageMonths).values([
    { customerId: id, month: monthStart(2), voiceMinutes: 300, billAmount: 199, paid: true },
    { customerId: id, month: monthStart(12), voiceMinutes: 280, billAmount: 199, paid: true },
    { customerId: id, month: monthStart(18), voiceMinutes: 250, billAmount: 199, paid: false, arrears: 80 },
  ]);
  await db().insert(interactions).values({ customerId: id, occurredAt: new Date(), channel: "HOTLINE", type: "CONSULTATION", summary: values.summary, outcome: values.outcome });
  await db().insert(feedback).values({ customerId: id, kind: "NPS", score: 4, comment: values.comment, answers: { q1: values.comment }, channel: "APP" });
  await db().insert(cases).values({ customerId: id, kind: "COMPLAINT", category: "NETWORK_QUALITY", subject: values.subject, resolution: values.resolution, owner: "agent", responseDueAt: new Date(), dueAt: new Date() });
  await refreshInsightFor(db(), [id]);
  for (const input of [
    { purpose: "MARKETING", status: "GRANTED", source: "APP", policyVersion: "2026-03" },
    { purpose: "MARKETING", channel: "SMS", status: "GRANTED", source: "APP", policyVersion: "2026-03" },
    { purpose: "THIRD_PARTY_SHARING", partnerId, status: "GRANTED", source: "WEB", policyVersion: "2026-03" },
  ]) {
    const res = await app.gql(`mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`, { input: { customerId: id, ...input } });
    expect(res.errors).toBeUndefined();
  }
  return { id, values };
}

const REQUEST = /* GraphQL */ `
  mutation Request($customerId: ID!, $type: DataSubjectRequestType!, $jurisdiction: Jurisdiction!, $notes: String, $receivedAt: DateTime) {
    requestDataSubjectAction(customerId: $customerId, type: $type, jurisdiction: $jurisdiction, notes: $notes, receivedAt: $receivedAt) {
      id customerId type jurisdiction status receivedAt dueAt requestedBy overdue
    }
  }
`;
const FULFIL = /* GraphQL */ `
  mutation Fulfil($id: ID!, $notes: String) {
    fulfilDataSubjectRequest(id: $id, notes: $notes) { id status fulfilledAt fulfilledBy outcomeNotes evidence }
  }
`;
const EXPORT = /* GraphQL */ `
  query Export($requestId: ID!) { dataSubjectExport(requestId: $requestId) { requestId customerId generatedAt sha256 sizeBytes document } }
`;
const PARTNER_VIEW = /* GraphQL */ `query PartnerView($id: ID!) { customer(id: $id) { id name phone } }`;

async function request(customerId: string, type: string, jurisdiction = "GDPR", extra: Record<string, unknown> = {}) {
  const res = await app.gql(REQUEST, { customerId, type, jurisdiction, ...extra });
  expect(res.errors).toBeUndefined();
  return res.data!.requestDataSubjectAction as { id: string; dueAt: string; receivedAt: string; status: string };
}

async function fulfil(id: string, notes?: string, as: "STEWARD" | "ADMIN" = "STEWARD") {
  const res = await app.gql(FULFIL, { id, notes }, { as });
  expect(res.errors).toBeUndefined();
  return res.data!.fulfilDataSubjectRequest as { status: string; fulfilledBy: string; evidence: Record<string, any> };
}

describe("data-subject requests", () => {
  it("records a request with the due date of its jurisdiction", async () => {
    const { id } = await customerWithRecord();
    const gdpr = await request(id, "RECTIFICATION", "GDPR", { receivedAt: "2026-03-06T02:00:00.000Z", notes: "Address is outdated" });
    expect(gdpr).toMatchObject({ status: "RECEIVED", requestedBy: "user:steward", dueAt: "2026-04-05T02:00:00.000Z", overdue: true });
    const pipl = await request(id, "RESTRICTION", "PIPL", { receivedAt: "2026-03-06T02:00:00.000Z" });
    expect(pipl.dueAt).toBe("2026-03-27T02:00:00.000Z");
  });

  it("refuses an unknown customer, a future receipt, a duplicate open request and callers without the right role", async () => {
    const { id } = await customerWithRecord();
    const unknown = await app.gql(REQUEST, { customerId: randomUUID(), type: "ACCESS", jurisdiction: "GDPR" });
    expect(unknown.errors![0]!.extensions!.code).toBe("NOT_FOUND");
    const future = await app.gql(REQUEST, { customerId: id, type: "ACCESS", jurisdiction: "GDPR", receivedAt: "2999-01-01T00:00:00Z" });
    expect(future.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "receivedAt" });
    const first = await request(id, "ACCESS");
    const again = await app.gql(REQUEST, { customerId: id, type: "ACCESS", jurisdiction: "PIPL" });
    expect(again.errors![0]!.extensions).toMatchObject({ code: "CONFLICT", existingRequestId: first.id });
    for (const as of ["AGENT", "ANALYST", "AUDITOR"] as const) {
      const res = await app.gql(REQUEST, { customerId: id, type: "ERASURE", jurisdiction: "GDPR" }, { as });
      expect(res.errors![0]!.extensions!.code).toBe("FORBIDDEN");
    }
    expect((await app.gql(FULFIL, { id: first.id }, { as: "AUDITOR" })).errors![0]!.extensions!.code).toBe("FORBIDDEN");
    expect((await app.gql(`{ dataSubjectRequests { totalCount } }`, {}, { as: { apiKey: partnerKey }, purpose: "MARKETING" })).errors![0]!.extensions!.code).toBe("FORBIDDEN");
  });

  it("ACCESS exports everything held, unmasked, with consents, their ledger and an access made just before", async () => {
    const { id, values } = await customerWithRecord();
    const looked = await app.gql(`query AgentLooksUp($id: ID!) { customer(id: $id) { name phone } }`, { id }, { as: "AGENT" });
    expect(looked.data!.customer.name).toBe(values.name);
    const req = await request(id, "ACCESS", "PIPL");
    const done = await fulfil(req.id, "Sent by registered mail");
    expect(done).toMatchObject({ status: "FULFILLED", fulfilledBy: "user:steward" });
    expect(done.evidence).toMatchObject({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/), sizeBytes: expect.any(Number), rows: { Customer: 1, Interaction: 1, ConsentEvent: 3 } });

    const res = await app.gql(EXPORT, { requestId: req.id });
    expect(res.errors).toBeUndefined();
    const exported = res.data!.dataSubjectExport;
    expect(exported.sha256).toBe(done.evidence.sha256);
    expect(sha256Hex(canonicalJson(exported.document))).toBe(exported.sha256);
    expect(Buffer.byteLength(canonicalJson(exported.document))).toBe(exported.sizeBytes);

    const { data, accessLog, dataCategories } = exported.document;
    expect(data.Customer).toMatchObject({ id, name: values.name, phone: values.phone, email: values.email, nationalId: values.nationalId, address: values.address, birthDate: "1988-04-02" });
    expect(data.Identifier.map((i: any) => i.value)).toEqual(expect.arrayContaining([values.phone, values.email]));
    expect(data.Subscription[0]).toMatchObject({ msisdn: values.phone, plan: { name: "5G 199" } });
    expect(data.UsageMonth).toHaveLength(3);
    expect(data.Interaction[0]).toMatchObject({ summary: values.summary, outcome: values.outcome });
    expect(data.Feedback[0]).toMatchObject({ comment: values.comment, score: 4 });
    expect(data.Case[0]).toMatchObject({ subject: values.subject, resolution: values.resolution });
    expect(data.ConsentState.filter((c: any) => c.granted)).toHaveLength(3);
    expect(data.ConsentEvent).toHaveLength(3);
    expect(data.ConsentEvent[0].evidence).toMatchObject({ controller: "Tessera Telecom", receiptVersion: "ISO/IEC 27560:2023" });
    expect(data.Insight).toEqual([expect.objectContaining({ tenureMonths: expect.any(Number), churnRisk: expect.objectContaining({ level: expect.any(String) }) })]);
    expect(dataCategories.Customer.nationalId).toMatchObject({ category: "SENSITIVE", retention: "PROFILE" });
    expect(exported.document.retentionPolicies.map((p: any) => p.key)).toContain("INTERACTION_TEXT");
    expect(accessLog).toContainEqual(
      expect.objectContaining({ principal: "user:agent", role: "AGENT", action: "READ", purpose: "SERVICE", operation: "AgentLooksUp", fields: ["Customer.name", "Customer.phone"] }),
    );

    const [exportAudit] = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "EXPORT"), sql`${auditEvents.customerIds} @> array[${id}]::uuid[]`));
    expect(exportAudit).toMatchObject({ principal: "user:steward", fields: expect.arrayContaining(["Customer.nationalId", "Interaction.summary"]) });
    expect((await app.gql(EXPORT, { requestId: req.id }, { as: "AUDITOR" })).errors![0]!.extensions!.code).toBe("FORBIDDEN");
  });

  it("an export lists earlier requests of the customer without the earlier exports themselves", async () => {
    const { id } = await customerWithRecord();
    const first = await request(id, "ACCESS");
    const firstDone = await fulfil(first.id);
    const second = await request(id, "ACCESS");
    const secondDone = await fulfil(second.id);
    const { document } = (await app.gql(EXPORT, { requestId: second.id })).data!.dataSubjectExport;
    expect(document.data.DataSubjectRequest.map((r: any) => [r.id, r.status])).toEqual([
      [first.id, "FULFILLED"],
      [second.id, "RECEIVED"],
    ]);
    // Held inside the second, the first export would double its size: one export per request, no nesting.
    expect(JSON.stringify(document.data)).not.toContain("tessera.data-subject-export/1");
    expect(secondDone.evidence.sizeBytes).toBeLessThan(firstDone.evidence.sizeBytes * 1.5);
  });

  it("ERASURE leaves no personal value for any role or partner, keeps the ledger, and holds billing months under legal hold", async () => {
    const { id, values } = await customerWithRecord();
    const partner = { as: { apiKey: partnerKey }, purpose: "MARKETING" };
    expect((await app.gql(PARTNER_VIEW, { id }, partner)).data!.customer).toMatchObject({ id, name: values.name });
    const access = await request(id, "ACCESS");
    await fulfil(access.id);
    const ledgerBefore = await db().select().from(consentEvents).where(eq(consentEvents.customerId, id));
    // Work state of care tasks: keyed by kind and due day, so a row tells the birthday (04-02) or a special-care flag.
    await db().insert(careTaskStates).values([
      { customerId: id, kind: "BIRTHDAY", dueOn: `${new Date().getUTCFullYear()}-04-02`, assignee: "agent" },
      { customerId: id, kind: "SPECIAL_CARE", dueOn: null, snoozedUntil: monthStart(-1) },
    ]);

    const req = await request(id, "ERASURE");
    const done = await fulfil(req.id, "Identity checked in the hall");
    expect(done.status).toBe("FULFILLED");
    const ev = done.evidence;
    expect(ev.types.Identifier.rowsDeleted).toBe(2);
    expect(ev.types.Interaction).toMatchObject({ fieldsCleared: ["summary", "agent", "outcome", "externalId"], rows: 1 });
    expect(ev.types.ConsentEvent.rowsKept).toBe(3);
    expect(ev.types.Insight.rowsDeleted).toBe(1);
    expect(ev.types.CareTask).toEqual({ rule: "DELETE_ROWS", rowsDeleted: 2 });
    expect(ev.types.UsageMonth).toMatchObject({ rowsDeleted: 1, rowsHeld: 2 });
    expect(ev.legalHold.heldMonths.map((m: any) => [m.month, m.reason])).toEqual([
      [monthStart(18), "UNPAID_BILL"],
      [monthStart(2), "BILLING_DISPUTE_WINDOW"],
    ]);
    expect(ev.legalHold.until).toBe(ev.legalHold.heldMonths[0].until);
    expect(JSON.stringify(done)).not.toContain(values.phone.slice(3));

    const FULL = /* GraphQL */ `
      query Everything($id: ID!) { customer(id: $id) {
        id erasedAt name phone email nationalId birthDate gender address city region occupation language specialCare
        identifiers { type value } subscriptions { msisdn } usage(months: 24) { month billAmount }
        interactions(first: 50) { edges { node { summary outcome } } }
        cases { subject resolution } feedback { comment answers score }
        consents { purpose granted } consentHistory { status }
      } }
    `;
    const planted = Object.values(values);
    for (const as of ["STEWARD", "AGENT", "ANALYST", "ADMIN", "AUDITOR"] as const) {
      const res = await app.gql(FULL, { id }, { as });
      expect(res.errors, as).toBeUndefined();
      const customer = res.data!.customer;
      expect(customer.erasedAt, as).not.toBeNull();
      expect(customer.identifiers, as).toEqual([]);
      const text = JSON.stringify(res.data);
      for (const value of planted) expect(text, `${as} sees ${value}`).not.toContain(value);
      for (const field of ["name", "phone", "email", "nationalId", "birthDate", "address", "city", "region"]) expect(customer[field], `${as} ${field}`).toBeNull();
    }
    const steward = (await app.gql(FULL, { id })).data!.customer;
    expect(steward.consentHistory).toHaveLength(3);
    expect(steward.usage.map((u: any) => u.month).sort()).toEqual([monthStart(18), monthStart(2)]);
    for (const purpose of ["MARKETING", "THIRD_PARTY_SHARING"]) {
      expect((await app.gql(PARTNER_VIEW, { id }, { ...partner, purpose })).data!.customer).toBeNull();
    }
    const byPhone = await app.gql(`query($v: String!) { customerByIdentifier(type: MSISDN, value: $v) { id } }`, { v: values.phone });
    expect(byPhone.data!.customerByIdentifier).toBeNull();

    // In the database itself, not only through the policy.
    const [row] = await db().select().from(customers).where(eq(customers.id, id));
    expect(row).toMatchObject({ name: "[erased]", phone: null, email: null, nationalId: null, address: null, birthDate: null, specialCare: [], language: "zh-CN" });
    expect(await db().select().from(identifiers).where(eq(identifiers.customerId, id))).toEqual([]);
    expect(await db().select().from(customerInsight).where(eq(customerInsight.customerId, id))).toEqual([]);
    expect(await db().select().from(careTaskStates).where(eq(careTaskStates.customerId, id))).toEqual([]);
    const [interaction] = await db().select().from(interactions).where(eq(interactions.customerId, id));
    expect(interaction).toMatchObject({ summary: null, outcome: null, channel: "HOTLINE", type: "CONSULTATION" });
    expect((await db().select().from(feedback).where(eq(feedback.customerId, id)))[0]).toMatchObject({ comment: null, answers: null, score: 4 });
    expect((await db().select().from(cases).where(eq(cases.customerId, id)))[0]).toMatchObject({ subject: "[erased]", resolution: null, category: "NETWORK_QUALITY" });
    expect((await db().select().from(subscriptions).where(eq(subscriptions.customerId, id)))[0]!.msisdn).toBeNull();
    expect(await db().select().from(consentEvents).where(eq(consentEvents.customerId, id))).toEqual(ledgerBefore);

    // The audit row proves the erasure with keyed hashes, never the values; the customer's key is then destroyed.
    const [erase] = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "ERASE"), sql`${auditEvents.customerIds} @> array[${id}]::uuid[]`));
    expect(erase!.changes).toContainEqual({ field: "nationalId", before: expect.stringMatching(/^hmac:[0-9a-f]{64}$/), after: null });
    expect(await db().select().from(customerKeys).where(eq(customerKeys.customerId, id))).toEqual([]);
    for (const value of planted) expect(JSON.stringify(erase)).not.toContain(value);
    expect((await app.gql(EXPORT, { requestId: access.id })).errors![0]!.extensions!.code).toBe("NOT_FOUND");

    const again = await app.gql(REQUEST, { customerId: id, type: "ERASURE", jurisdiction: "GDPR" });
    expect(again.errors![0]!.extensions!.code).toBe("CONFLICT");
  });

  it("an erasure that finds the customer already erased fails with CONFLICT and writes nothing", async () => {
    const { id } = await customerWithRecord();
    const req = await request(id, "ERASURE");
    await db().update(customers).set({ erasedAt: new Date("2026-01-01T00:00:00Z") }).where(eq(customers.id, id));
    const auditBefore = (await db().select({ n: sql<number>`count(*)::int` }).from(auditEvents))[0]!.n;
    const res = await app.gql(FULFIL, { id: req.id });
    expect(res.errors![0]!.extensions!.code).toBe("CONFLICT");
    expect((await db().select().from(dataSubjectRequests).where(eq(dataSubjectRequests.id, req.id)))[0]!.status).toBe("RECEIVED");
    expect(await db().select().from(identifiers).where(eq(identifiers.customerId, id))).toHaveLength(2);
    expect((await db().select().from(interactions).where(eq(interactions.customerId, id)))[0]!.summary).not.toBeNull();
    expect((await db().select({ n: sql<number>`count(*)::int` }).from(auditEvents))[0]!.n).toBe(auditBefore);
  });

  it("WITHDRAW_ALL_CONSENT makes a partner under MARKETING lose the customer at once, through receipted ledger events", async () => {
    const { id } = await customerWithRecord();
    const partner = { as: { apiKey: partnerKey }, purpose: "MARKETING" };
    expect((await app.gql(PARTNER_VIEW, { id }, partner)).data!.customer).not.toBeNull();
    const req = await request(id, "WITHDRAW_ALL_CONSENT", "PIPL");
    const done = await fulfil(req.id);
    expect(done.evidence.withdrawn).toBe(3);
    expect((await app.gql(PARTNER_VIEW, { id }, partner)).data!.customer).toBeNull();
    expect((await app.gql(PARTNER_VIEW, { id }, { ...partner, purpose: "THIRD_PARTY_SHARING" })).data!.customer).toBeNull();
    const state = await app.gql(`query($id: ID!) { customer(id: $id) { consents { granted } consentHistory { status source evidence } } }`, { id });
    expect(state.data!.customer.consents.every((c: any) => !c.granted)).toBe(true);
    const withdrawals = state.data!.customer.consentHistory.filter((e: any) => e.status === "WITHDRAWN");
    expect(withdrawals).toHaveLength(3);
    expect(withdrawals[0]).toMatchObject({ source: "IMPORT", evidence: { decision: "WITHDRAWN", notice: { policyVersion: "2026-03" } } });
    expect(withdrawals[0].evidence.notice.text).toContain(req.id);
  });

  it("RESTRICTION hides the customer from partners and keeps only SERVICE processing", async () => {
    const { id, values } = await customerWithRecord();
    const partner = { as: { apiKey: partnerKey }, purpose: "MARKETING" };
    expect((await app.gql(PARTNER_VIEW, { id }, partner)).data!.customer).not.toBeNull();
    const req = await request(id, "RESTRICTION");
    expect((await fulfil(req.id)).evidence).toMatchObject({ processingRestricted: true, alreadyRestricted: false });
    expect((await app.gql(PARTNER_VIEW, { id }, partner)).data!.customer).toBeNull();
    expect((await app.gql(PARTNER_VIEW, { id })).data!.customer.name).toBe(values.name);
    const marketing = await app.gql(PARTNER_VIEW, { id }, { purpose: "MARKETING" });
    expect(marketing.data!.customer.name).toBeNull();
    expect(marketing.extensions!.redactions).toContainEqual(expect.objectContaining({ field: "Customer.name", reason: "RESTRICTED" }));
  });

  it("RECTIFICATION needs notes and points at the profile updates made for it", async () => {
    const { id } = await customerWithRecord();
    const req = await request(id, "RECTIFICATION", "GDPR", { notes: "Wrong address" });
    const missing = await app.gql(FULFIL, { id: req.id });
    expect(missing.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "notes" });
    const updated = await app.gql(`mutation($id: ID!) { updateCustomer(id: $id, input: { address: "杭州市滨江区 1 号" }, expectedVersion: 1) { version } }`, { id });
    expect(updated.errors).toBeUndefined();
    const done = await fulfil(req.id, "Address corrected");
    expect(done.evidence.profileUpdatesSinceReceipt).toEqual([expect.objectContaining({ by: "user:steward", fields: ["Customer.address"] })]);
  });

  it("fulfilling twice, or after a rejection, is CONFLICT and changes nothing", async () => {
    const { id } = await customerWithRecord();
    const done = await request(id, "RESTRICTION");
    await fulfil(done.id);
    const twice = await app.gql(FULFIL, { id: done.id });
    expect(twice.errors![0]!.extensions).toMatchObject({ code: "CONFLICT", status: "FULFILLED" });

    const rejected = await request(id, "ACCESS");
    const noReason = await app.gql(`mutation($id: ID!) { rejectDataSubjectRequest(id: $id, reason: " ") { status } }`, { id: rejected.id });
    expect(noReason.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "reason" });
    const rej = await app.gql(`mutation($id: ID!) { rejectDataSubjectRequest(id: $id, reason: "Identity could not be verified") { status outcomeNotes fulfilledBy } }`, { id: rejected.id });
    expect(rej.data!.rejectDataSubjectRequest).toEqual({ status: "REJECTED", outcomeNotes: "Identity could not be verified", fulfilledBy: "user:steward" });
    const after = await app.gql(FULFIL, { id: rejected.id });
    expect(after.errors![0]!.extensions).toMatchObject({ code: "CONFLICT", status: "REJECTED" });
    const [row] = await db().select().from(dataSubjectRequests).where(eq(dataSubjectRequests.id, rejected.id));
    expect(row).toMatchObject({ status: "REJECTED", exportDocument: null, evidence: {} });
    expect((await app.gql(FULFIL, { id: "not-an-id" })).errors![0]!.extensions!.code).toBe("NOT_FOUND");
  });
});

describe("the request list", () => {
  let customerId: string;
  const LIST = /* GraphQL */ `
    query List($first: Int, $after: String, $filter: DataSubjectRequestFilter, $orderBy: DataSubjectRequestOrder) {
      dataSubjectRequests(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount edges { node { id type status dueAt overdue } } pageInfo { hasNextPage endCursor }
      }
    }
  `;
  beforeAll(async () => {
    ({ id: customerId } = await customerWithRecord());
    const day = 86_400_000;
    for (const [type, daysAgo] of [["ACCESS", 40], ["RESTRICTION", 20], ["RECTIFICATION", 5], ["WITHDRAW_ALL_CONSENT", 1], ["ERASURE", 0]] as const) {
      await request(customerId, type, "GDPR", { receivedAt: new Date(Date.now() - daysAgo * day).toISOString() });
    }
  });

  it("lists by due date across keyset pages, for auditors too", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const res: any = await app.gql(LIST, { first: 2, after, filter: { customerId } }, { as: "AUDITOR" });
      expect(res.errors).toBeUndefined();
      expect(res.data.dataSubjectRequests.totalCount).toBe(5);
      seen.push(...res.data.dataSubjectRequests.edges.map((e: any) => e.node.type));
      if (!res.data.dataSubjectRequests.pageInfo.hasNextPage) break;
      after = res.data.dataSubjectRequests.pageInfo.endCursor;
    }
    expect(seen).toEqual(["ACCESS", "RESTRICTION", "RECTIFICATION", "WITHDRAW_ALL_CONSENT", "ERASURE"]);
    const newest = await app.gql(LIST, { first: 1, filter: { customerId }, orderBy: { field: "RECEIVED_AT", direction: "DESC" } });
    expect(newest.data!.dataSubjectRequests.edges[0].node.type).toBe("ERASURE");
  });

  it("filters overdue, status and type", async () => {
    const overdue = await app.gql(LIST, { filter: { customerId, overdue: true } }, { as: "AUDITOR" });
    expect(overdue.data!.dataSubjectRequests.edges.map((e: any) => [e.node.type, e.node.overdue])).toEqual([["ACCESS", true]]);
    const notOverdue = await app.gql(LIST, { filter: { customerId, overdue: false } });
    expect(notOverdue.data!.dataSubjectRequests.totalCount).toBe(4);
    const byType = await app.gql(LIST, { filter: { customerId, type: ["ERASURE", "ACCESS"], status: ["RECEIVED"] } });
    expect(byType.data!.dataSubjectRequests.totalCount).toBe(2);
    const forged = await app.gql(LIST, { after: "bogus" });
    expect(forged.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
    const single = await app.gql(`query($id: ID!) { dataSubjectRequest(id: $id) { id } missing: dataSubjectRequest(id: "nope") { id } }`, {
      id: overdue.data!.dataSubjectRequests.edges[0].node.id,
    }, { as: "ADMIN" });
    expect(single.data).toEqual({ dataSubjectRequest: { id: overdue.data!.dataSubjectRequests.edges[0].node.id }, missing: null });
  });
});

describe("a customer with 10,000 interactions", () => {
  it("is exported and erased in one request each, within seconds", async () => {
    const { id } = await customerWithRecord();
    await insertInteractionsFor(db(), [id], 10_000);
    const access = await request(id, "ACCESS");
    let started = performance.now();
    const exported = await fulfil(access.id);
    const exportMs = performance.now() - started;
    expect(exported.evidence.rows.Interaction).toBe(10_001);
    const erasure = await request(id, "ERASURE");
    started = performance.now();
    const erased = await fulfil(erasure.id);
    const eraseMs = performance.now() - started;
    expect(erased.evidence.types.Interaction.rows).toBe(10_001);
    const [left] = await db().select({ n: sql<number>`count(*)::int` }).from(interactions).where(and(eq(interactions.customerId, id), sql`summary is not null`));
    expect(left!.n).toBe(0);
    expect(exportMs + eraseMs).toBeLessThan(20_000);
    process.stdout.write(`    [measure ${process.env.TESSERA_TEST_DB}] export ${exportMs.toFixed(0)} ms (${exported.evidence.sizeBytes} bytes), erasure ${eraseMs.toFixed(0)} ms\n`);
  });
});
