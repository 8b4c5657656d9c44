import { addDays } from "../../lib/days.js";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customers, interactions, plans, subscriptions, usageMonths } from "../../db/schema.js";
import { customerInsight } from "../insight/insight.table.js";
import { startTestApp, type TestApp } from "../../test/app.js";
import { insertCustomers } from "../../test/builders.js";
import { birthdayKeys, selectCareTasks } from "./care.queries.js";
import { careToday, MARKETING_CONTACT_CAP, upcomingHolidays } from "./care.rules.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const today = () => careToday();
const tomorrow = () => addDays(today(), 1);

const CUSTOMER_TASKS = `query($id: ID!) { customer(id: $id) { careTasks { id kind marketing dueOn reason evidence suggestedAction actionCode } } }`;
const QUEUE = `query($filter: CareTaskFilter, $first: Int, $after: String) {
  careTasks(filter: $filter, first: $first, after: $after) { totalCount edges { node { customerId kind marketing dueOn reason customer { id } } } pageInfo { hasNextPage endCursor } }
}`;
const CONSENT = `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`;
const LOG = `mutation($input: LogInteractionInput!) { logInteraction(input: $input) { id } }`;
const INGEST = `mutation($events: [InteractionEventInput!]!) { ingestInteractions(events: $events) { inserted duplicate rejected errors { index field message } } }`;

async function tasksOf(id: string, as: "STEWARD" | "AGENT" | "ADMIN" = "STEWARD") {
  const res = await app.gql(CUSTOMER_TASKS, { id }, { as });
  expect(res.errors).toBeUndefined();
  return res.data!.customer.careTasks as any[];
}

async function consent(customerId: string, status: "GRANTED" | "WITHDRAWN", channel: string | null = "SMS") {
  const res = await app.gql(CONSENT, { input: { customerId, purpose: "MARKETING", channel, status, source: "APP", policyVersion: "2026-01" } });
  expect(res.errors).toBeUndefined();
}

/** A customer whose birthday is tomorrow (in the operator's time zone). */
async function birthdayCustomer(overrides: Partial<typeof customers.$inferInsert> = {}) {
  const [id] = await insertCustomers(app.database.db, 1, { birthDate: `1990-${tomorrow().slice(5)}`, ...overrides });
  return id!;
}

async function withPlan(customerId: string, p: { contractEnd?: string | null; quotaMb?: number; usedMb?: number }) {
  const [plan] = await app.database.db
    .insert(plans)
    .values({ code: `P-${customerId.slice(0, 8)}`, name: "5G 128", monthlyFee: 128, dataQuotaMb: p.quotaMb ?? 10_000, services: ["VOICE", "DATA"] })
    .returning();
  await app.database.db.insert(subscriptions).values({ customerId, planId: plan!.id, startedOn: "2024-01-01", contractEnd: p.contractEnd ?? null });
  if (p.usedMb != null) await app.database.db.insert(usageMonths).values({ customerId, month: `${today().slice(0, 7)}-01`, dataMb: p.usedMb, billAmount: 128 });
}

describe("care tasks", () => {
  it("a birthday tomorrow produces a BIRTHDAY task with its reason and suggested action", async () => {
    const id = await birthdayCustomer();
    await consent(id, "GRANTED");
    const tasks = await tasksOf(id);
    expect(tasks).toEqual([
      expect.objectContaining({
        kind: "BIRTHDAY",
        marketing: true,
        dueOn: tomorrow(),
        reason: `Birthday on ${tomorrow()} (turns ${Number(tomorrow().slice(0, 4)) - 1990})`,
        suggestedAction: expect.stringContaining("birthday"),
      }),
    ]);
  });

  it("never lists a marketing task (an offer) without a current marketing consent, and lists it once consent is granted", async () => {
    const id = await birthdayCustomer();
    expect(await tasksOf(id)).toEqual([]);
    const queue = async () => (await app.gql(QUEUE, { filter: { customerId: id } })).data!.careTasks;
    expect((await queue()).totalCount).toBe(0);
    await consent(id, "GRANTED");
    expect((await tasksOf(id)).map((t) => t.kind)).toEqual(["BIRTHDAY"]);
    expect((await queue()).totalCount).toBe(1);
    await consent(id, "WITHDRAWN", null);
    expect(await tasksOf(id)).toEqual([]);
  });

  it('"low-allowance and contract-expiry reminders are care; offers are marketing and count against the cap": reminders need no marketing consent and leave the cap alone', async () => {
    const id = await birthdayCustomer();
    await withPlan(id, { contractEnd: addDays(today(), 10), quotaMb: 10_000, usedMb: 9_500 });
    // No marketing consent and already at the marketing contact cap: the birthday offer is withheld, the reminders are not.
    const recent = Date.now() - 5 * 86_400_000;
    await app.database.db.insert(interactions).values([0, 1].map((i) => ({ customerId: id, occurredAt: new Date(recent + i * 3_600_000), channel: "SMS" as const, type: "MARKETING" as const })));
    const tasks = await tasksOf(id);
    expect(tasks.map((t) => [t.kind, t.marketing, t.actionCode]).sort()).toEqual([
      ["CONTRACT_ENDING", false, "REMIND_CONTRACT_EXPIRY"],
      ["DATA_QUOTA", false, "REMIND_LOW_ALLOWANCE"],
    ]);
    const quota = tasks.find((t) => t.kind === "DATA_QUOTA");
    expect(quota.evidence).toMatchObject({ usedMb: 9_500, quotaMb: 10_000, percent: 95 });
    expect(quota.reason).toBe(`Used 95 % of the data allowance in ${today().slice(0, 7)} (9500 of 10000 MB)`);
    // A marketing contact does not complete a reminder; a care contact does, and is not capped.
    const capped = await app.gql(LOG, { input: { customerId: id, channel: "SMS", type: "MARKETING", summary: "data add-on offer" } });
    expect(capped.errors![0]!.extensions!.code).toBe("RATE_LIMITED");
    const reminder = await app.gql(LOG, { input: { customerId: id, channel: "SMS", type: "CARE", summary: "allowance and contract reminder" } });
    expect(reminder.errors).toBeUndefined();
    expect(await tasksOf(id)).toEqual([]);
  });

  it('"birthday and holiday greetings" are care: a holiday in the week ahead asks for a greeting to high-value customers and key accounts, without marketing consent', async () => {
    const [vip, regular, company] = await insertCustomers(app.database.db, 3, { name: "Holiday" });
    await app.database.db.update(customers).set({ kind: "ENTERPRISE" }).where(eq(customers.id, company!));
    await app.database.db.insert(customerInsight).values(
      [vip!, regular!].map((customerId, i) => ({ customerId, tenureMonths: 30, valueTier: i === 0 ? ("HIGH" as const) : ("LOW" as const), lifecycleStage: "STABLE" as const, churnScore: 5, churnLevel: "LOW" as const, reasons: [], computedAt: new Date() })),
    );
    const holidays = [{ code: "SPRING_FESTIVAL", date: addDays(today(), 3) }];
    const rows = await selectCareTasks(app.database.db, { today: today(), kinds: ["HOLIDAY_GREETING"], customerIds: [vip!, regular!, company!], holidays });
    expect(rows.map((r) => r.customerId).sort()).toEqual([vip!, company!].sort());
    expect(rows[0]).toMatchObject({ kind: "HOLIDAY_GREETING", marketing: false, dueOn: holidays[0]!.date, evidence: { holiday: "SPRING_FESTIVAL", date: holidays[0]!.date } });
    await app.gql(LOG, { input: { customerId: vip, channel: "WECHAT", type: "CARE", summary: "Spring Festival greeting" } });
    const after = await selectCareTasks(app.database.db, { today: today(), kinds: ["HOLIDAY_GREETING"], customerIds: [vip!], holidays });
    expect(after).toEqual([]);
    expect(upcomingHolidays("2027-02-01").map((h) => h.code)).toEqual(["SPRING_FESTIVAL"]);
    expect(upcomingHolidays("2026-12-02")).toEqual([]);
  });

  it("refuses the third marketing contact in 30 days naming the cap and the next allowed date, and drops marketing tasks meanwhile", async () => {
    const [id] = await insertCustomers(app.database.db, 1, { name: "Capped" });
    const first = new Date(Date.now() - 20 * 86_400_000);
    for (const occurredAt of [first, new Date(Date.now() - 3_600_000)]) {
      const ok = await app.gql(LOG, { input: { customerId: id, channel: "SMS", type: "MARKETING", summary: "5G upgrade offer", occurredAt: occurredAt.toISOString() } });
      expect(ok.errors).toBeUndefined();
    }
    const third = await app.gql(LOG, { input: { customerId: id, channel: "SMS", type: "MARKETING", summary: "another offer" } });
    const next = new Date(first.getTime() + MARKETING_CONTACT_CAP.windowDays * 86_400_000).toISOString();
    expect(third.errors![0]!.extensions).toMatchObject({ code: "RATE_LIMITED", cap: 2, windowDays: 30, nextAllowedAt: next });
    expect(third.errors![0]!.message).toContain("at most 2 per 30 days");
    expect(third.errors![0]!.message).toContain(`next allowed from ${next}`);
    // Other contacts are not capped.
    const care = await app.gql(LOG, { input: { customerId: id, channel: "HOTLINE", type: "CARE", summary: "courtesy call" } });
    expect(care.errors).toBeUndefined();

    // Ingestion refuses the event over the cap, alone, with its index.
    const ingest = await app.gql(INGEST, {
      events: [
        { customerId: id, externalId: "cap-1", channel: "SMS", type: "MARKETING" },
        { customerId: id, externalId: "cap-2", channel: "APP", type: "CONSULTATION" },
      ],
    });
    expect(ingest.data!.ingestInteractions).toMatchObject({ inserted: 1, rejected: 1, errors: [{ index: 0, field: "events[0].type", message: expect.stringContaining("cap") }] });
  });

  it("counts earlier events of the same batch against the cap, and a re-delivered event as a duplicate", async () => {
    const [id] = await insertCustomers(app.database.db, 1, { name: "Batch" });
    const events = ["b-1", "b-2", "b-3"].map((externalId, i) => ({
      customerId: id,
      externalId,
      channel: "SMS",
      type: "MARKETING",
      occurredAt: new Date(Date.now() - (3 - i) * 86_400_000).toISOString(),
    }));
    const res = await app.gql(INGEST, { events });
    expect(res.data!.ingestInteractions).toMatchObject({ inserted: 2, rejected: 1, errors: [{ index: 2 }] });
    const again = await app.gql(INGEST, { events: events.slice(0, 2) });
    expect(again.data!.ingestInteractions).toMatchObject({ inserted: 0, duplicate: 2, rejected: 0 });
  });

  it("hides marketing tasks of a customer at the contact cap", async () => {
    const id = await birthdayCustomer();
    await consent(id, "GRANTED");
    expect(await tasksOf(id)).toHaveLength(1);
    const longAgo = Date.now() - 25 * 86_400_000;
    await app.database.db.insert(interactions).values(
      [0, 1].map((i) => ({ customerId: id, occurredAt: new Date(longAgo + i * 3_600_000), channel: "SMS" as const, type: "MARKETING" as const })),
    );
    expect(await tasksOf(id)).toEqual([]);
  });

  it("lists special-care visits to stewards only (the flags are sensitive), until a care visit is logged", async () => {
    const [id] = await insertCustomers(app.database.db, 1, { name: "Elderly", specialCare: ["ELDERLY", "LIVES_ALONE"] });
    const tasks = await tasksOf(id);
    expect(tasks).toEqual([
      expect.objectContaining({ kind: "SPECIAL_CARE", marketing: false, dueOn: today(), reason: "Special care (ELDERLY, LIVES_ALONE): no care visit in 90 days" }),
    ]);
    const agent = await app.gql(CUSTOMER_TASKS, { id }, { as: "AGENT" });
    expect(agent.data!.customer.careTasks).toEqual([]);
    expect(agent.extensions!.redactions).toEqual(expect.arrayContaining([expect.objectContaining({ field: "CareTask.kind", reason: "MASKED_BY_ROLE" })]));
    await app.gql(LOG, { input: { customerId: id, channel: "VISIT", type: "CARE", summary: "home visit" } });
    expect(await tasksOf(id)).toEqual([]);
  });

  it("asks for a care call to a customer at high churn risk, with the reasons, until a care contact is logged", async () => {
    const [id] = await insertCustomers(app.database.db, 1, { name: "At risk" });
    await app.database.db.insert(customerInsight).values({
      customerId: id!,
      tenureMonths: 30,
      valueTier: "MEDIUM",
      lifecycleStage: "AT_RISK",
      churnScore: 72,
      churnLevel: "HIGH",
      reasons: [
        { code: "BILL_DROP", points: 25, evidence: { from: 200, to: 170, pct: -15 } },
        { code: "RECENT_COMPLAINTS", points: 20, evidence: { complaints: 1 } },
      ] as any,
      computedAt: new Date(),
    });
    expect(await tasksOf(id!)).toEqual([
      expect.objectContaining({ kind: "HIGH_CHURN_RISK", marketing: false, dueOn: today(), reason: "Churn risk 72/100 (BILL_DROP, RECENT_COMPLAINTS)" }),
    ]);
    await app.gql(LOG, { input: { customerId: id, channel: "HOTLINE", type: "CARE", summary: "retention call" } });
    expect(await tasksOf(id!)).toEqual([]);
  });

  it("pages the work queue soonest due first and filters by kind, region and due date", async () => {
    const ids = await insertCustomers(app.database.db, 5, { name: "Queue", region: "Hainan", specialCare: ["DISABLED"] });
    const near = await birthdayCustomer({ region: "Hainan" });
    await consent(near, "GRANTED");
    const hainan = { region: ["Hainan"] };
    const all = await app.gql(QUEUE, { filter: hainan, first: 100 });
    expect(all.data!.careTasks.totalCount).toBe(6);
    const order = all.data!.careTasks.edges.map((e: any) => [e.node.dueOn, e.node.kind]);
    expect(order[0]).toEqual([today(), "SPECIAL_CARE"]);
    expect(order.at(-1)).toEqual([tomorrow(), "BIRTHDAY"]);
    const page1 = await app.gql(QUEUE, { filter: hainan, first: 4 });
    const page2 = await app.gql(QUEUE, { filter: hainan, first: 4, after: page1.data!.careTasks.pageInfo.endCursor });
    expect(page1.data!.careTasks.pageInfo.hasNextPage).toBe(true);
    expect([...page1.data!.careTasks.edges, ...page2.data!.careTasks.edges].map((e: any) => e.node.customerId)).toEqual(
      all.data!.careTasks.edges.map((e: any) => e.node.customerId),
    );
    expect(page1.data!.careTasks.edges[0].node.customer.id).toBe(page1.data!.careTasks.edges[0].node.customerId);
    // One kind pages the same way (its constant due date and kind are left out of the order).
    const visits = { ...hainan, kind: ["SPECIAL_CARE"] };
    const visits1 = await app.gql(QUEUE, { filter: visits, first: 3 });
    const visits2 = await app.gql(QUEUE, { filter: visits, first: 3, after: visits1.data!.careTasks.pageInfo.endCursor });
    expect([...visits1.data!.careTasks.edges, ...visits2.data!.careTasks.edges].map((e: any) => e.node.customerId)).toEqual([...ids].sort());
    expect(visits2.data!.careTasks.pageInfo.hasNextPage).toBe(false);
    const birthdays = await app.gql(QUEUE, { filter: { ...hainan, kind: ["BIRTHDAY"] } });
    expect(birthdays.data!.careTasks.edges.map((e: any) => e.node.customerId)).toEqual([near]);
    const dueToday = await app.gql(QUEUE, { filter: { ...hainan, dueWithinDays: 0 } });
    expect(dueToday.data!.careTasks.edges.map((e: any) => e.node.customerId).sort()).toEqual([...ids].sort());
    const bad = await app.gql(QUEUE, { filter: { dueWithinDays: -1 } });
    expect(bad.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "filter.dueWithinDays" });
  });

  it("computes Customer.careTasks for a whole page of customers in one statement", async () => {
    await insertCustomers(app.database.db, 30, { name: "Page", specialCare: ["ELDERLY"] });
    app.database.statements.length = 0;
    const res = await app.gql(`{ customers(first: 30, filter: { search: "Page" }) { edges { node { id careTasks { kind } } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.customers.edges.every((e: any) => e.node.careTasks.length === 1)).toBe(true);
    expect(app.database.statements.filter((s) => s.includes("SPECIAL_CARE"))).toHaveLength(1);
  });

  it("is the service desk's queue: analysts and auditors may not read it", async () => {
    for (const as of ["ANALYST", "AUDITOR"] as const) {
      const res = await app.gql(QUEUE, {}, { as });
      expect(res.errors![0]!.extensions!.code).toBe("FORBIDDEN");
    }
  });
});

describe("birthday window", () => {
  it("spans the year end and celebrates 29 February on the 28th in common years", () => {
    expect(birthdayKeys("2026-12-28", 7)).toEqual([1228, 1229, 1230, 1231, 101, 102, 103, 104]);
    expect(birthdayKeys("2027-02-25", 3)).toEqual([225, 226, 227, 228, 229]);
    expect(birthdayKeys("2028-02-27", 2)).toEqual([227, 228, 229]);
  });
});
