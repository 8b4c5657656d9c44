import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, cases, feedback, interactions } from "../../db/schema.js";
import { refreshInsightFor } from "../insight/insight.refresh.js";
import { customerInsight } from "../insight/insight.table.js";
import { startTestApp, type TestApp } from "../../test/app.js";
import { insertCustomers } from "../../test/builders.js";
import { createUser } from "../user/user.service.js";
import { HANDLING_HOURS, RESPONSE_HOURS } from "./case.rules.js";

let app: TestApp;
let customerId: string;
beforeAll(async () => {
  app = await startTestApp();
  [customerId] = await insertCustomers(app.database.db, 1);
  await createUser(app.database.db, { username: "li.wei", role: "AGENT", password: "long-enough-password" });
  await createUser(app.database.db, { username: "auditor.one", role: "AUDITOR", password: "long-enough-password" });
});
afterAll(() => app.close());

const CASE_FIELDS = "id version status owner assignee priority dueAt responseDueAt firstResponseAt eta progressContacts lastContactAt escalationLevel escalatedAt breachedClocks escalationDue overdue resolvedAt closedAt rootCause resolution satisfaction allowedActions history { from to action by note }";
const OPEN = `mutation($input: OpenCaseInput!) { openCase(input: $input) { ${CASE_FIELDS} } }`;
const TRANSITION = `mutation($id: ID!, $action: CaseAction!, $note: String, $expectedVersion: Int!, $resolution: String, $rootCause: String, $satisfaction: Int, $owner: String, $eta: DateTime) {
  transitionCase(id: $id, action: $action, note: $note, expectedVersion: $expectedVersion, resolution: $resolution, rootCause: $rootCause, satisfaction: $satisfaction, owner: $owner, eta: $eta) { ${CASE_FIELDS} }
}`;
const CASES = `query($filter: CaseFilter, $first: Int, $after: String) {
  cases(filter: $filter, first: $first, after: $after) { totalCount edges { cursor node { id status overdue subject dueAt customer { id } } } pageInfo { hasNextPage endCursor } }
}`;

async function open(input: Record<string, unknown> = {}) {
  const res = await app.gql(OPEN, { input: { customerId, kind: "COMPLAINT", category: "BILLING", subject: "Charged twice for roaming", ...input } });
  expect(res.errors).toBeUndefined();
  return res.data!.openCase;
}

async function step(kase: { id: string; version: number }, action: string, extra: Record<string, unknown> = {}) {
  const res = await app.gql(TRANSITION, { id: kase.id, action, expectedVersion: kase.version, ...extra });
  expect(res.errors).toBeUndefined();
  return res.data!.transitionCase;
}

describe("cases", () => {
  it("opens a case owned by whoever took the contact, due by the SLA of its kind, and logs the intake in the customer's history", async () => {
    const before = Date.now();
    const kase = await open();
    expect(kase).toMatchObject({ status: "OPEN", owner: "steward", version: 1, overdue: false, allowedActions: ["ASSIGN", "START", "RESPOND", "ESCALATE"] });
    const due = Date.parse(kase.dueAt) - before;
    expect(due).toBeGreaterThanOrEqual(HANDLING_HOURS.COMPLAINT! * 3_600_000 - 5_000);
    expect(due).toBeLessThanOrEqual(HANDLING_HOURS.COMPLAINT! * 3_600_000 + 5_000);
    expect(kase.history).toEqual([{ from: null, to: "OPEN", action: "OPEN", by: "steward", note: null }]);
    const [intake] = await app.database.db.select().from(interactions).where(eq(interactions.caseId, kase.id));
    expect(intake).toMatchObject({ customerId, type: "COMPLAINT", channel: "HOTLINE", agent: "steward", outcome: "CASE_OPENED" });
  });

  it("refreshes the customer's stored insight with the case, since complaints feed churn risk", async () => {
    const [fresh] = await insertCustomers(app.database.db, 1, { name: "Fresh" });
    await open({ customerId: fresh });
    const [insight] = await app.database.db.select().from(customerInsight).where(eq(customerInsight.customerId, fresh!));
    expect(insight).toBeDefined();
  });

  it("puts faults first: a fault is due in 2 hours and HIGH priority by default", async () => {
    const kase = await open({ kind: "FAULT", category: "NETWORK_QUALITY", subject: "No signal at home", channel: "APP" });
    expect(kase.priority).toBe("HIGH");
    expect(Date.parse(kase.dueAt) - Date.now()).toBeLessThanOrEqual(2 * 3_600_000);
  });

  it("links an interaction already logged instead of logging another", async () => {
    const [call] = await app.database.db
      .insert(interactions)
      .values({ customerId, occurredAt: new Date(), channel: "WECHAT", type: "FAULT_REPORT", summary: "no 5G" })
      .returning();
    const kase = await open({ kind: "FAULT", category: "NETWORK_QUALITY", interactionId: call!.id });
    const linked = await app.database.db.select().from(interactions).where(eq(interactions.caseId, kase.id));
    expect(linked.map((i) => i.id)).toEqual([call!.id]);
    const again = await app.gql(OPEN, { input: { customerId, kind: "FAULT", category: "OTHER", subject: "dup", interactionId: call!.id } });
    expect(again.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.interactionId" });
  });

  it("shows an overdue complaint as overdue in the work queue", async () => {
    const [late] = await insertCustomers(app.database.db, 1, { name: "Late" });
    const kase = await open({ customerId: late });
    await app.database.db.update(cases).set({ dueAt: sql`now() - interval '1 hour'` }).where(eq(cases.id, kase.id));
    const overdue = await app.gql(CASES, { filter: { overdue: true } });
    expect(overdue.data!.cases.edges.map((e: any) => e.node.id)).toContain(kase.id);
    expect(overdue.data!.cases.edges.every((e: any) => e.node.overdue)).toBe(true);
    expect(overdue.data!.cases.totalCount).toBe(overdue.data!.cases.edges.length);
    const onTime = await app.gql(CASES, { filter: { overdue: false, customerId: late } });
    expect(onTime.data!.cases.totalCount).toBe(0);
    const mine = await app.gql(CASES, { filter: { customerId: late, status: "OPEN", owner: "steward", kind: "COMPLAINT", category: "BILLING" } });
    expect(mine.data!.cases.edges).toEqual([expect.objectContaining({ node: expect.objectContaining({ id: kase.id, overdue: true, customer: { id: late } }) })]);
  });

  it("refuses an illegal transition naming the allowed actions, and writes nothing", async () => {
    const kase = await open();
    const res = await app.gql(TRANSITION, { id: kase.id, action: "CLOSE", expectedVersion: 1, rootCause: "x", resolution: "y" });
    expect(res.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", allowed: ["ASSIGN", "START", "RESPOND", "ESCALATE"], status: "OPEN" });
    expect(res.errors![0]!.message).toBe("CLOSE is not allowed while the case is OPEN; allowed: ASSIGN, START, RESPOND, ESCALATE");
    const [row] = await app.database.db.select().from(cases).where(eq(cases.id, kase.id));
    expect(row).toMatchObject({ version: 1, status: "OPEN", rootCause: null });
  });

  it("refuses a stale version with CONFLICT and writes nothing", async () => {
    const kase = await open();
    const started = await step(kase, "START");
    const auditRows = async () => (await app.database.db.select({ n: sql<number>`count(*)::int` }).from(auditEvents))[0]!.n;
    const auditBefore = await auditRows();
    const stale = await app.gql(TRANSITION, { id: kase.id, action: "RESOLVE", expectedVersion: 1, resolution: "refunded" });
    expect(stale.errors![0]!.extensions).toMatchObject({ code: "CONFLICT", currentVersion: 2, expectedVersion: 1 });
    const [row] = await app.database.db.select().from(cases).where(eq(cases.id, kase.id));
    expect(row).toMatchObject({ version: started.version, status: "IN_PROGRESS", resolution: null });
    expect(row!.history).toHaveLength(2);
    expect(await auditRows()).toBe(auditBefore);
  });

  it("refuses to close without a root cause, naming the field", async () => {
    const kase = await step(await step(await open(), "START"), "RESOLVE", { resolution: "Refunded the double charge" });
    const res = await app.gql(TRANSITION, { id: kase.id, action: "CLOSE", expectedVersion: kase.version, satisfaction: 4 });
    expect(res.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "rootCause" });
    expect(res.errors![0]!.message).toContain("rootCause: is required to CLOSE");
    const resolveWithout = await app.gql(TRANSITION, { id: (await open()).id, action: "START", expectedVersion: 1 });
    const started = resolveWithout.data!.transitionCase;
    const noResolution = await app.gql(TRANSITION, { id: started.id, action: "RESOLVE", expectedVersion: started.version });
    expect(noResolution.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "resolution" });
  });

  it("runs the closed loop: assign, start, resolve, reopen when not satisfied, resolve again and close, with every step in the history", async () => {
    let kase = await open();
    kase = await step(kase, "ASSIGN", { owner: "li.wei", note: "billing desk" });
    expect(kase).toMatchObject({ status: "ASSIGNED", owner: "steward", assignee: "li.wei" });
    kase = await step(kase, "START");
    kase = await step(kase, "RESOLVE", { resolution: "Refunded ¥30" });
    expect(kase.resolvedAt).not.toBeNull();
    kase = await step(kase, "REOPEN", { note: "Refund not received", satisfaction: 2 });
    expect(kase).toMatchObject({ status: "REOPENED", resolvedAt: null, satisfaction: 2, allowedActions: ["ASSIGN", "START", "PROGRESS", "ESCALATE"] });
    kase = await step(kase, "START");
    kase = await step(kase, "RESOLVE", { resolution: "Refund re-issued to the bank card" });
    kase = await step(kase, "CLOSE", { rootCause: "Roaming partner billed twice", satisfaction: 5 });
    expect(kase).toMatchObject({ status: "CLOSED", version: 8, rootCause: "Roaming partner billed twice", resolution: "Refund re-issued to the bank card", satisfaction: 5, allowedActions: ["REOPEN"] });
    expect(kase.history.map((h: any) => [h.from, h.action, h.to])).toEqual([
      [null, "OPEN", "OPEN"],
      ["OPEN", "ASSIGN", "ASSIGNED"],
      ["ASSIGNED", "START", "IN_PROGRESS"],
      ["IN_PROGRESS", "RESOLVE", "RESOLVED"],
      ["RESOLVED", "REOPEN", "REOPENED"],
      ["REOPENED", "START", "IN_PROGRESS"],
      ["IN_PROGRESS", "RESOLVE", "RESOLVED"],
      ["RESOLVED", "CLOSE", "CLOSED"],
    ]);
    expect(kase.history[1]).toMatchObject({ by: "steward", note: "billing desk" });
    expect(kase.history[4].note).toBe("Refund not received");
    // Each follow-up call is a CARE contact and a CSAT answer linked to the case.
    const scores = await app.database.db.select({ score: feedback.score, kind: feedback.kind }).from(feedback).where(eq(feedback.caseId, kase.id));
    expect(scores.map((s) => s.score).sort()).toEqual([2, 5]);
    const calls = await app.database.db.select().from(interactions).where(eq(interactions.caseId, kase.id));
    expect(calls.map((c) => c.type).sort()).toEqual(["CARE", "CARE", "COMPLAINT"]);
  });

  it("requires a note to reopen and an active steward or agent to assign", async () => {
    let kase = await step(await step(await open(), "START"), "RESOLVE", { resolution: "done" });
    const noNote = await app.gql(TRANSITION, { id: kase.id, action: "REOPEN", expectedVersion: kase.version });
    expect(noNote.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "note" });
    kase = await step(kase, "REOPEN", { note: "still broken" });
    for (const owner of [undefined, "nobody", "auditor.one"]) {
      const res = await app.gql(TRANSITION, { id: kase.id, action: "ASSIGN", expectedVersion: kase.version, owner });
      expect(res.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "owner" });
    }
  });

  it("audits every write in its transaction", async () => {
    const kase = await open();
    await step(kase, "START");
    const rows = await app.database.db
      .select({ action: auditEvents.action, operation: auditEvents.operation, fields: auditEvents.fields })
      .from(auditEvents)
      .where(sql`${customerId} = any(${auditEvents.customerIds}) and ${auditEvents.action} <> 'READ'`);
    const ops = rows.map((r) => `${r.operation}:${r.action}`);
    expect(ops).toEqual(expect.arrayContaining(["openCase:CREATE", "transitionCase:UPDATE"]));
    expect(rows.find((r) => r.operation === "transitionCase")!.fields).toEqual(expect.arrayContaining(["Case.status", "Case.history"]));
  });

  it("pages the work queue with keyset cursors and masks free text for analysts", async () => {
    const all = await app.gql(CASES, { first: 100 });
    const ids = all.data!.cases.edges.map((e: any) => e.node.id);
    const page1 = await app.gql(CASES, { first: 3 });
    const page2 = await app.gql(CASES, { first: 3, after: page1.data!.cases.pageInfo.endCursor });
    expect([...page1.data!.cases.edges, ...page2.data!.cases.edges].map((e: any) => e.node.id)).toEqual(ids.slice(0, 6));
    const dues = all.data!.cases.edges.map((e: any) => e.node.dueAt);
    expect(dues).toEqual([...dues].sort());
    const analyst = await app.gql(CASES, { first: 5 }, { as: "ANALYST" });
    expect(analyst.data!.cases.edges[0].node.subject).toBeNull();
    expect(analyst.extensions!.redactions).toEqual(expect.arrayContaining([expect.objectContaining({ field: "Case.subject", reason: "MASKED_BY_ROLE" })]));
    const bad = await app.gql(CASES, { after: "nonsense" });
    expect(bad.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
  });

  it("loads the customers of a whole queue page in one statement", async () => {
    app.database.statements.length = 0;
    const res = await app.gql(`{ cases(first: 20) { edges { node { id customer { id name } } } } }`);
    expect(res.data!.cases.edges.length).toBeGreaterThan(5);
    expect(res.data!.cases.edges.every((e: any) => e.node.customer.name)).toBe(true);
    const customerReads = app.database.statements.filter((s) => /^select .* from "customers" where \(?"customers"."id" in/.test(s));
    expect(customerReads).toHaveLength(1);
  });

  it("lets only the service desk open and move cases", async () => {
    const analyst = await app.gql(OPEN, { input: { customerId, kind: "COMPLAINT", category: "BILLING", subject: "x" } }, { as: "ANALYST" });
    expect(analyst.errors![0]!.extensions!.code).toBe("FORBIDDEN");
    const auditor = await app.gql(CASES, {}, { as: "AUDITOR" });
    expect(auditor.errors![0]!.extensions!.code).toBe("FORBIDDEN");
  });
});

describe("case rules from the operators' handbooks", () => {
  const resolved = async () => step(await step(await open(), "START"), "RESOLVE", { resolution: "Refunded the double charge" });
  const rowOf = async (id: string) => (await app.database.db.select().from(cases).where(eq(cases.id, id)))[0]!;

  it('"a case closes only with a satisfied customer": CLOSE needs the follow-up result, and 3 (neutral, not satisfied) or less is refused', async () => {
    const kase = await resolved();
    for (const [satisfaction, message] of [
      [undefined, "satisfaction: is required to CLOSE"],
      [3, "3 is not satisfied"],
      [2, "2 is not satisfied"],
    ] as const) {
      const res = await app.gql(TRANSITION, { id: kase.id, action: "CLOSE", expectedVersion: kase.version, rootCause: "Billing error", satisfaction });
      expect(res.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "satisfaction" });
      expect(res.errors![0]!.message).toContain(message);
    }
    expect(await rowOf(kase.id)).toMatchObject({ status: "RESOLVED", version: kase.version, satisfaction: null, closedAt: null });
    const closed = await step(kase, "CLOSE", { rootCause: "Billing error", satisfaction: 4 });
    expect(closed).toMatchObject({ status: "CLOSED", satisfaction: 4 });
    const [call] = await app.database.db.select().from(interactions).where(and(eq(interactions.caseId, kase.id), eq(interactions.type, "CARE")));
    expect(call!.outcome).toBe("SATISFIED");
  });

  it('"a dissatisfied answer (1–2 of 5) reopens or escalates": ESCALATE after the follow-up reopens the case one level up, at a higher priority', async () => {
    const kase = await resolved();
    expect(kase.priority).toBe("MEDIUM");
    const escalated = await step(kase, "ESCALATE", { note: "Customer still charged twice", satisfaction: 1 });
    expect(escalated).toMatchObject({ status: "REOPENED", escalationLevel: 1, priority: "HIGH", satisfaction: 1, resolvedAt: null });
    expect(escalated.escalatedAt).not.toBeNull();
    const noNote = await app.gql(TRANSITION, { id: escalated.id, action: "ESCALATE", expectedVersion: escalated.version });
    expect(noNote.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "note" });
    const neutral = await step(await resolved(), "REOPEN", { note: "Customer unsure the refund arrived", satisfaction: 3 });
    const [call] = await app.database.db.select().from(interactions).where(and(eq(interactions.caseId, neutral.id), eq(interactions.type, "CARE")));
    expect(call!.outcome).toBe("NEUTRAL");
  });

  it('"service response ≤ 48 h is a response time": a request gets its first response within 48 h and is then due by the ETA given to the customer', async () => {
    const opened = await open({ kind: "REQUEST", category: "PROCESS", subject: "Move broadband to the new flat" });
    const openedAt = Date.now();
    expect(Date.parse(opened.responseDueAt) - openedAt).toBeGreaterThan(RESPONSE_HOURS.REQUEST * 3_600_000 - 10_000);
    expect(HANDLING_HOURS.REQUEST).toBeNull();
    expect(opened).toMatchObject({ firstResponseAt: null, eta: null, dueAt: opened.responseDueAt });
    const eta = new Date(openedAt + 5 * 86_400_000).toISOString();
    const noEta = await app.gql(TRANSITION, { id: opened.id, action: "RESPOND", expectedVersion: opened.version });
    expect(noEta.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "eta" });
    const responded = await step(opened, "RESPOND", { eta, note: "Technician booked for Monday" });
    expect(responded).toMatchObject({ status: "OPEN", eta, dueAt: eta, overdue: false, breachedClocks: [] });
    expect(responded.firstResponseAt).not.toBeNull();
    expect(responded.allowedActions).toEqual(["ASSIGN", "START", "PROGRESS", "ESCALATE"]);
    const again = await app.gql(TRANSITION, { id: opened.id, action: "RESPOND", expectedVersion: responded.version, eta });
    expect(again.errors![0]!.message).toContain("already had a first response");
    const later = new Date(openedAt + 7 * 86_400_000).toISOString();
    const progress = await step(responded, "PROGRESS", { note: "Parts delayed; new date given", eta: later });
    expect(progress).toMatchObject({ progressContacts: 1, eta: later, dueAt: later });
  });

  it('"fault handling ≤ 2 h and complaint handling ≤ 24 h are handling limits": the ETA given does not move their due time', async () => {
    const fault = await open({ kind: "FAULT", category: "NETWORK_QUALITY", subject: "No signal at home" });
    const eta = new Date(Date.now() + 86_400_000).toISOString();
    const responded = await step(fault, "RESPOND", { eta });
    expect(responded).toMatchObject({ eta, dueAt: fault.dueAt });
    expect(Date.parse(fault.dueAt) - Date.parse(fault.responseDueAt)).toBe(0);
  });

  it("escalates when a clock runs out: a case with no response by its response deadline shows the breach until it is escalated", async () => {
    const kase = await open({ kind: "CONSULTATION", category: "OTHER", subject: "Roaming prices" });
    await app.database.db.update(cases).set({ responseDueAt: sql`now() - interval '1 hour'` }).where(eq(cases.id, kase.id));
    const late = (await app.gql(`query($id: ID!) { case(id: $id) { ${CASE_FIELDS} } }`, { id: kase.id })).data!.case;
    expect(late).toMatchObject({ breachedClocks: ["RESPONSE"], escalationDue: true });
    const due = await app.gql(CASES, { filter: { escalationDue: true }, first: 100 });
    expect(due.data!.cases.edges.map((e: any) => e.node.id)).toContain(kase.id);
    const escalated = await step(late, "ESCALATE", { note: "No answer within 48 h" });
    expect(escalated).toMatchObject({ escalationLevel: 1, escalationDue: false, breachedClocks: ["RESPONSE"] });
    const after = await app.gql(CASES, { filter: { escalationDue: true }, first: 100 });
    expect(after.data!.cases.edges.map((e: any) => e.node.id)).not.toContain(kase.id);
  });

  it('"the first person contacted stays accountable even when the work is assigned to someone else" (首问负责制)', async () => {
    const kase = await open();
    const assigned = await step(kase, "ASSIGN", { owner: "li.wei" });
    expect(assigned).toMatchObject({ owner: "steward", assignee: "li.wei", status: "ASSIGNED" });
    expect(await rowOf(kase.id)).toMatchObject({ owner: "steward", assignee: "li.wei" });
    const mine = await app.gql(CASES, { filter: { assignee: "li.wei", owner: "steward" }, first: 100 });
    expect(mine.data!.cases.edges.map((e: any) => e.node.id)).toContain(kase.id);
  });

  it('"high-value customers\' complaints are handled first" (优先处理投诉): the stored value tier raises the default priority, not only key accounts', async () => {
    const [vip, regular] = await insertCustomers(app.database.db, 2, { kind: "INDIVIDUAL" });
    await refreshInsightFor(app.database.db, [vip!, regular!]);
    // Opening a case recomputes the insight: set the tier the test is about before each one.
    const tier = (id: string, valueTier: "HIGH" | "LOW") => app.database.db.update(customerInsight).set({ valueTier }).where(eq(customerInsight.customerId, id));
    await tier(vip!, "HIGH");
    expect((await open({ customerId: vip })).priority).toBe("HIGH");
    await tier(regular!, "LOW");
    expect((await open({ customerId: regular })).priority).toBe("MEDIUM");
    await tier(vip!, "HIGH");
    expect((await open({ customerId: vip, kind: "FAULT", category: "NETWORK_QUALITY" })).priority).toBe("URGENT");
  });
});
