import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "../../audit/audit.table.js";
import { canonicalJson, sha256Hex } from "../../lib/hash.js";
import { startTestApp, type TestApp } from "../../test/app.js";
import { insertCustomers } from "../../test/builders.js";
import { formatReport } from "../../cli/retention.js";
import { cases } from "../case/case.table.js";
import { customers } from "../customer/customer.table.js";
import { dataSubjectRequests } from "../dsr/dsr.table.js";
import { feedback } from "../feedback/feedback.table.js";
import { interactions } from "../interaction/interaction.table.js";
import { partnerApps } from "../partner/partner.table.js";
import { usageMonths } from "../usage/usage.table.js";
import { outboxEvents, webhookDeliveries, webhooks } from "../webhook/webhook.table.js";
import { applyRetention, previewRetention } from "./retention.service.js";

let app: TestApp;
const db = () => app.database.db;
const YEAR = 365.25 * 86_400_000;
const ago = (years: number) => new Date(Date.now() - years * YEAR);
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
function monthStart(monthsAgo: number): string {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - monthsAgo, 1)).toISOString().slice(0, 10);
}

let active: string;
let closedLongAgo: string;
let erased: string;
const ids = { oldInteractions: [] as string[], newInteractions: [] as string[], oldFeedback: "", newFeedback: "", oldClosedCase: "", oldOpenCase: "", expiredExport: "", freshExport: "" };
/** Outbound events and their deliveries, by what the run must do with them (WEBHOOK_DELIVERY: one month). */
const hooks = { goneEvents: [] as string[], keptEvents: [] as string[], goneDeliveries: [] as string[], keptDeliveries: [] as string[] };

beforeAll(async () => {
  app = await startTestApp();
  [active, closedLongAgo, erased] = await insertCustomers(db(), 3, { region: "Retention" });
  await db().update(customers).set({ status: "CLOSED", updatedAt: ago(3) }).where(eq(customers.id, closedLongAgo));
  await db().update(customers).set({ erasedAt: ago(1), name: "[erased]", phone: null }).where(eq(customers.id, erased));

  const interaction = (occurredAt: Date, i: number) => ({ customerId: active, occurredAt, channel: "HALL" as const, type: "CARE" as const, summary: `visit ${i}`, outcome: i % 2 ? `done ${i}` : null });
  ids.oldInteractions = (await db().insert(interactions).values([0, 1, 2, 3, 4].map((i) => interaction(ago(4), i))).returning({ id: interactions.id })).map((r) => r.id);
  ids.newInteractions = (await db().insert(interactions).values([5, 6].map((i) => interaction(ago(1), i))).returning({ id: interactions.id })).map((r) => r.id);
  // Already scrubbed long ago: nothing left to do for it.
  await db().insert(interactions).values({ customerId: active, occurredAt: ago(5), channel: "HALL", type: "CARE", summary: null, outcome: null });

  [{ id: ids.oldFeedback }] = await db().insert(feedback).values({ customerId: active, kind: "NPS", score: 9, comment: "great", channel: "APP", submittedAt: ago(4) }).returning({ id: feedback.id });
  [{ id: ids.newFeedback }] = await db().insert(feedback).values({ customerId: active, kind: "NPS", score: 3, comment: "slow", channel: "APP", submittedAt: ago(1) }).returning({ id: feedback.id });

  const aCase = { customerId: active, kind: "COMPLAINT" as const, category: "BILLING" as const, owner: "agent", openedAt: ago(7), responseDueAt: ago(7), dueAt: ago(7) };
  [{ id: ids.oldClosedCase }] = await db().insert(cases).values({ ...aCase, status: "CLOSED", subject: "double charge", resolution: "refunded", closedAt: ago(6) }).returning({ id: cases.id });
  [{ id: ids.oldOpenCase }] = await db().insert(cases).values({ ...aCase, status: "IN_PROGRESS", subject: "still open", resolution: null }).returning({ id: cases.id });

  await db().insert(usageMonths).values([
    { customerId: active, month: monthStart(72), billAmount: 50 },
    { customerId: active, month: monthStart(61), billAmount: 50 },
    { customerId: active, month: monthStart(3), billAmount: 50 },
    // An erased customer's months kept under legal hold: one hold has ended, one has not.
    { customerId: erased, month: monthStart(12), billAmount: 80, paid: true },
    { customerId: erased, month: monthStart(14), billAmount: 80, paid: false, arrears: 80 },
  ]);

  const dsr = { customerId: active, type: "ACCESS" as const, jurisdiction: "GDPR" as const, status: "FULFILLED" as const, requestedBy: "test", dueAt: new Date() };
  [{ id: ids.expiredExport }] = await db().insert(dataSubjectRequests).values({ ...dsr, receivedAt: ago(0.2), fulfilledAt: ago(0.15), exportDocument: "{}", evidence: { sha256: "x" } }).returning({ id: dataSubjectRequests.id });
  [{ id: ids.freshExport }] = await db().insert(dataSubjectRequests).values({ ...dsr, receivedAt: ago(0.01), fulfilledAt: ago(0.005), exportDocument: "{}" }).returning({ id: dataSubjectRequests.id });

  const [partner] = await db().insert(partnerApps).values({ name: "Retention partner", allowedPurposes: ["SERVICE"], fieldAllowlist: [] }).returning({ id: partnerApps.id });
  const [hook] = await db()
    .insert(webhooks)
    .values({ partnerId: partner!.id, url: "https://partner.example/hook", events: ["CUSTOMER_UPDATED"], secret: "whsec_test" })
    .returning({ id: webhooks.id });
  const event = async (occurredAt: Date, gone: boolean) => {
    const [row] = await db().insert(outboxEvents).values({ type: "CUSTOMER_UPDATED", customerId: active, data: { fields: ["phone"] }, recipients: [partner!.id], occurredAt }).returning();
    (gone ? hooks.goneEvents : hooks.keptEvents).push(row!.id);
    return row!;
  };
  const delivery = async (of: { id: string; seq: number }, gone: boolean, row: Partial<typeof webhookDeliveries.$inferInsert>) => {
    const [created] = await db()
      .insert(webhookDeliveries)
      .values({ eventId: of.id, webhookId: hook!.id, partnerId: partner!.id, customerId: active, eventSeq: of.seq, createdAt: daysAgo(90), ...row })
      .returning({ id: webhookDeliveries.id });
    (gone ? hooks.goneDeliveries : hooks.keptDeliveries).push(created!.id);
  };
  // Delivered and dead-lettered long ago: both deliveries go, then their event.
  const settled = await event(daysAgo(90), true);
  await delivery(settled, true, { status: "DELIVERED", attempts: 1, lastAttemptAt: daysAgo(89), deliveredAt: daysAgo(89) });
  await delivery(settled, true, { status: "DEAD", attempts: 12, lastAttemptAt: daysAgo(88), lastStatusCode: 500 });
  // One delivery replayed and pending again: it and its event stay; the event's other, old delivery goes.
  const replaying = await event(daysAgo(90), false);
  await delivery(replaying, true, { status: "DELIVERED", attempts: 1, lastAttemptAt: daysAgo(89), deliveredAt: daysAgo(89) });
  await delivery(replaying, false, { status: "PENDING", attempts: 0, lastAttemptAt: daysAgo(80), lastStatusCode: 500 });
  // An old event replayed and delivered days ago: the delivery is young, and its event waits for it.
  const redelivered = await event(daysAgo(60), false);
  await delivery(redelivered, false, { status: "DELIVERED", attempts: 1, lastAttemptAt: daysAgo(5), deliveredAt: daysAgo(5) });
  // Young: stays.
  const recent = await event(daysAgo(5), false);
  await delivery(recent, false, { status: "DELIVERED", attempts: 1, createdAt: daysAgo(5), lastAttemptAt: daysAgo(5), deliveredAt: daysAgo(5) });
  // Announced to nobody (no subscriber then), long ago: goes.
  await event(daysAgo(90), true);
});
afterAll(() => app.close());

/** A fingerprint of every table the run may touch. */
async function snapshot() {
  const tables = [customers, interactions, feedback, cases, usageMonths, dataSubjectRequests, outboxEvents, webhookDeliveries, auditEvents];
  const parts = [];
  for (const table of tables) parts.push(await db().select().from(table).orderBy(sql`1`));
  return sha256Hex(canonicalJson(parts));
}

describe("retention run", () => {
  it("a dry run reports per policy what is due and changes nothing", async () => {
    const before = await snapshot();
    const steps = await previewRetention(db());
    const byKey = Object.fromEntries(steps.map((s) => [s.key, s]));
    expect(byKey.INTERACTION_TEXT).toMatchObject({
      action: "SCRUB_TEXT",
      periodMonths: 36,
      rows: 5,
      fields: [
        { field: "Interaction.summary", values: 5 },
        // The agent's name is personal data under the same retention (catalog: INTERACTION_TEXT).
        { field: "Interaction.agent", values: 0 },
        { field: "Interaction.outcome", values: 2 },
      ],
    });
    expect(byKey.FEEDBACK).toMatchObject({ rows: 1, fields: [{ field: "Feedback.comment", values: 1 }, { field: "Feedback.answers", values: 0 }] });
    expect(byKey.CASE).toMatchObject({
      rows: 1,
      fields: [{ field: "Case.subject", values: 1 }, { field: "Case.rootCause", values: 0 }, { field: "Case.resolution", values: 1 }],
    });
    expect(byKey.USAGE).toMatchObject({ action: "DELETE_ROWS", periodMonths: 60, rows: 2 });
    expect(byKey.PROFILE).toMatchObject({ action: "ERASE_CUSTOMERS", rows: 1 });
    expect(byKey.WEBHOOK_DELIVERY).toMatchObject({
      action: "DELETE_ROWS",
      periodMonths: 1,
      rows: 5,
      fields: [
        { field: "WebhookDelivery.*", values: 3 },
        { field: "OutboxEvent.*", values: 2 },
      ],
    });
    expect(byKey.LEGAL_HOLD_ENDED!.rows).toBe(1);
    expect(byKey.DSR_EXPORTS!.rows).toBe(1);
    expect(byKey.CONSENT).toMatchObject({ action: "NONE", rows: 0, note: expect.stringContaining("expired consents stop counting at read time") });
    expect(byKey.AUDIT).toMatchObject({ action: "NONE", note: expect.stringContaining("append-only") });
    expect(await snapshot()).toBe(before);
    expect(formatReport(steps, false, 0)).toContain("dry run");
  });

  it("auditors and admins read the policies and the preview; other roles may not", async () => {
    const res = await app.gql(`{ retentionPolicies { key periodMonths action note } retentionPreview { key rows } }`, {}, { as: "AUDITOR" });
    expect(res.errors).toBeUndefined();
    expect(res.data!.retentionPolicies.find((p: any) => p.key === "INTERACTION_TEXT")).toMatchObject({ periodMonths: 36, action: "SCRUB_TEXT" });
    expect(res.data!.retentionPolicies).toHaveLength(9);
    expect(res.data!.retentionPolicies.find((p: any) => p.key === "WEBHOOK_DELIVERY")).toMatchObject({ periodMonths: 1, action: "DELETE_ROWS" });
    expect(res.data!.retentionPreview.find((s: any) => s.key === "INTERACTION_TEXT").rows).toBe(5);
    expect((await app.gql(`{ retentionPolicies { key } }`, {}, { as: "STEWARD" })).errors![0]!.extensions!.code).toBe("FORBIDDEN");
  });

  it("apply scrubs and deletes exactly the rows past their period, in audited batches, and a second run finds nothing", async () => {
    const auditBefore = (await db().select({ n: sql<number>`count(*)::int` }).from(auditEvents))[0]!.n;
    const progress: string[] = [];
    const steps = await applyRetention(db(), { batchSize: 2, onProgress: (step, done, total) => progress.push(`${step} ${done}/${total}`) });
    const done = Object.fromEntries(steps.map((s) => [s.key, s.rows]));
    expect(done).toMatchObject({ INTERACTION_TEXT: 5, FEEDBACK: 1, CASE: 1, USAGE: 2, PROFILE: 1, LEGAL_HOLD_ENDED: 1, DSR_EXPORTS: 1, WEBHOOK_DELIVERY: 5, CONSENT: 0, AUDIT: 0 });
    expect(progress).toContain("INTERACTION_TEXT 5/5");
    expect(progress).toContain("WEBHOOK_DELIVERY 5/5");

    const old = await db().select().from(interactions).where(inArray(interactions.id, ids.oldInteractions));
    expect(old.every((i) => i.summary === null && i.outcome === null && i.type === "CARE")).toBe(true);
    const recent = await db().select().from(interactions).where(inArray(interactions.id, ids.newInteractions));
    expect(recent.map((i) => i.summary).sort()).toEqual(["visit 5", "visit 6"]);
    expect((await db().select().from(feedback).where(eq(feedback.id, ids.oldFeedback)))[0]).toMatchObject({ comment: null, score: 9 });
    expect((await db().select().from(feedback).where(eq(feedback.id, ids.newFeedback)))[0]!.comment).toBe("slow");
    expect((await db().select().from(cases).where(eq(cases.id, ids.oldClosedCase)))[0]).toMatchObject({ subject: "[expired]", resolution: null, category: "BILLING" });
    expect((await db().select().from(cases).where(eq(cases.id, ids.oldOpenCase)))[0]!.subject).toBe("still open");
    const usage = await db().select({ customerId: usageMonths.customerId, month: usageMonths.month }).from(usageMonths).orderBy(usageMonths.month);
    expect(usage).toEqual([
      { customerId: erased, month: monthStart(14) },
      { customerId: active, month: monthStart(3) },
    ]);
    const [closed] = await db().select().from(customers).where(eq(customers.id, closedLongAgo));
    expect(closed!.erasedAt).not.toBeNull();
    expect(closed!.phone).toBeNull();
    expect((await db().select().from(customers).where(eq(customers.id, active)))[0]!.erasedAt).toBeNull();
    const exports = await db().select({ id: dataSubjectRequests.id, doc: dataSubjectRequests.exportDocument, evidence: dataSubjectRequests.evidence }).from(dataSubjectRequests);
    expect(exports.find((e) => e.id === ids.expiredExport)).toMatchObject({ doc: null, evidence: { sha256: "x" } });
    expect(exports.find((e) => e.id === ids.freshExport)!.doc).toBe("{}");
    const deliveriesLeft = (await db().select({ id: webhookDeliveries.id }).from(webhookDeliveries)).map((d) => d.id);
    expect(deliveriesLeft.sort()).toEqual([...hooks.keptDeliveries].sort());
    // The erasure above announced itself (CUSTOMER_ERASED): a new event, young, so it stays too.
    const eventsLeft = (await db().select({ id: outboxEvents.id }).from(outboxEvents)).map((e) => e.id);
    expect(eventsLeft).toEqual(expect.arrayContaining(hooks.keptEvents));
    expect(eventsLeft.filter((id) => hooks.goneEvents.includes(id))).toEqual([]);

    // Audited as the system principal: 3 interaction batches of at most 2, one per other batch, one erasure.
    const rows = await db().select().from(auditEvents).where(eq(auditEvents.principal, "system")).orderBy(auditEvents.seq);
    expect(rows.filter((r) => r.operation === "retention.run:INTERACTION_TEXT")).toHaveLength(3);
    expect(rows.find((r) => r.operation === "retention.run:INTERACTION_TEXT")).toMatchObject({ action: "UPDATE", customerIds: [active], fields: ["Interaction.summary", "Interaction.agent", "Interaction.outcome"] });
    expect(rows.find((r) => r.operation === "retention.run:USAGE")).toMatchObject({ action: "DELETE" });
    expect(rows.find((r) => r.operation === "retention.run:PROFILE")).toMatchObject({ action: "ERASE", customerIds: [closedLongAgo] });
    // Deliveries first (batches of 2 and 1), then the events (one batch of 2).
    expect(rows.filter((r) => r.operation === "retention.run:WEBHOOK_DELIVERY").map((r) => [r.action, r.customerIds, r.fields])).toEqual([
      ["DELETE", [active], ["WebhookDelivery.*"]],
      ["DELETE", [active], ["WebhookDelivery.*"]],
      ["DELETE", [active], ["OutboxEvent.*"]],
    ]);
    expect((await db().select({ n: sql<number>`count(*)::int` }).from(auditEvents))[0]!.n).toBeGreaterThan(auditBefore);

    const second = await applyRetention(db(), { batchSize: 2 });
    expect(second.every((s) => s.rows === 0)).toBe(true);
    expect(formatReport(second, true, 0.1)).toContain("Retention applied");
  });

  it("never touches the audit trail", async () => {
    const before = await db().select().from(auditEvents);
    await applyRetention(db(), { now: new Date(Date.now() + 20 * YEAR) });
    const after = await db().select().from(auditEvents);
    expect(after.slice(0, before.length)).toEqual(before);
  });
});
