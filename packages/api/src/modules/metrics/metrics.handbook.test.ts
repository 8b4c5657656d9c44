/**
 * The analytics the operators' handbooks name (issue 13): metrics by aspect and by city, churn and
 * retention over the window, first-response time, the root-cause ranking and survey coverage per
 * channel. Expected values are computed here from the rules as docs/metrics.md states them.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/app.js";
import { daysAgo, insertBilledCustomer, monthAgo } from "../insight/insight.builders.js";

let app: TestApp;
// The window touches three calendar months: two months ago up to the current one.
const from = `${monthAgo(2)}T00:00:00.000Z`;
const to = daysAgo(-1).toISOString();
const HOUR = 3_600_000;

/** Six months of bills, oldest (5 months ago) first; a month without a bill has no calls either. */
type Bills = [number, number, number, number, number, number];
const customersByCity: Record<string, Bills[]> = {
  Shenzhen: [
    [100, 100, 100, 100, 100, 100],
    [100, 100, 100, 0, 0, 0],
    [100, 0, 0, 0, 0, 0],
    [0, 0, 0, 0, 0, 100],
    [100, 100, 100, 0, 0, 100],
  ],
  Hangzhou: [
    [100, 100, 100, 100, 100, 100],
    [100, 100, 100, 100, 0, 0],
    [0, 0, 0, 0, 100, 100],
  ],
  UNKNOWN: [[50, 50, 50, 0, 0, 0]],
};

/**
 * The rule, written from the documentation: active at the start of a period = calls or a bill in
 * one of the 3 months before its first month; churned = of those, no calls and no bill in each of
 * the 3 months up to its last month. Month indexes 0..5 are 5 months ago..this month.
 */
function churnByRule(bills: Bills[], first: number, last: number) {
  const live = (b: Bills, i: number) => i >= 0 && b[i]! > 0;
  const active = bills.filter((b) => [first - 3, first - 2, first - 1].some((i) => live(b, i)));
  const churned = active.filter((b) => ![last - 2, last - 1, last].some((i) => live(b, i)));
  const rate = active.length ? Math.round((1000 * churned.length) / active.length) / 10 : null;
  return { activeAtStart: active.length, churned: churned.length, churnRate: rate, retentionRate: rate === null ? null : Math.round(1000 - 10 * rate) / 10 };
}

/** The case-category → aspect mapping docs/metrics.md states. */
const ASPECT_OF: Record<string, string> = {
  NETWORK_QUALITY: "NETWORK",
  SERVICE_ATTITUDE: "SERVICE",
  PROCESS: "SERVICE",
  BILLING: "PRICE",
  PRODUCT_PRICE: "PRODUCT",
  OTHER: "OVERALL",
};

const ids: Record<string, string[]> = {};
/** Complaint cases in Shenzhen: category and hours to first response (null: not answered yet). */
const complaintCases: { category: string; responseHours: number | null }[] = [
  { category: "NETWORK_QUALITY", responseHours: 1 },
  { category: "NETWORK_QUALITY", responseHours: 3 },
  { category: "BILLING", responseHours: 8 },
  { category: "NETWORK_QUALITY", responseHours: null },
  { category: "SERVICE_ATTITUDE", responseHours: 20 },
  { category: "BILLING", responseHours: null },
];
/** Service contacts: channel, whether a satisfaction answer is linked (to the contact, or to its case). */
const contacts: { channel: "HOTLINE" | "APP" | "HALL"; surveyed: "contact" | "case" | null }[] = [
  { channel: "HOTLINE", surveyed: "contact" },
  { channel: "HOTLINE", surveyed: "case" },
  { channel: "HOTLINE", surveyed: null },
  { channel: "HOTLINE", surveyed: null },
  { channel: "HALL", surveyed: "contact" },
  { channel: "APP", surveyed: null },
  { channel: "APP", surveyed: null },
];

async function insertCase(customerId: string, c: { kind?: string; category: string; openedAt: Date; responseHours: number | null }): Promise<string> {
  const id = randomUUID();
  const firstResponse = c.responseHours === null ? null : new Date(c.openedAt.getTime() + c.responseHours * HOUR).toISOString();
  await app.database.db.execute(sql`insert into cases (id, customer_id, kind, category, subject, owner, opened_at, response_due_at, due_at, first_response_at, status)
    values (${id}, ${customerId}, ${c.kind ?? "COMPLAINT"}, ${c.category}, 'Complaint', 'agent', ${c.openedAt.toISOString()}::timestamptz,
      ${new Date(c.openedAt.getTime() + 48 * HOUR).toISOString()}::timestamptz, ${new Date(c.openedAt.getTime() + 24 * HOUR).toISOString()}::timestamptz,
      ${firstResponse}::timestamptz, ${firstResponse ? "IN_PROGRESS" : "OPEN"})`);
  return id;
}

async function insertInteraction(customerId: string, i: { channel: string; type: string; at: Date; caseId?: string | null }): Promise<string> {
  const id = randomUUID();
  await app.database.db.execute(sql`insert into interactions (id, customer_id, occurred_at, channel, type, summary, case_id)
    values (${id}, ${customerId}, ${i.at.toISOString()}::timestamptz, ${i.channel}, ${i.type}, 'Contact', ${i.caseId ?? null})`);
  return id;
}

async function insertFeedback(customerId: string, f: { kind?: string; score: number; aspect?: string; channel?: string; interactionId?: string | null; caseId?: string | null; at: Date }) {
  await app.database.db.execute(sql`insert into feedback (customer_id, kind, score, aspect, channel, interaction_id, case_id, submitted_at)
    values (${customerId}, ${f.kind ?? "CSAT"}, ${f.score}, ${f.aspect ?? "OVERALL"}, ${f.channel ?? "SMS"}, ${f.interactionId ?? null}, ${f.caseId ?? null}, ${f.at.toISOString()}::timestamptz)`);
}

beforeAll(async () => {
  app = await startTestApp();
  const db = app.database.db;
  for (const [city, list] of Object.entries(customersByCity)) {
    ids[city] = [];
    for (const bills of list) {
      ids[city]!.push(await insertBilledCustomer(db, { city: city === "UNKNOWN" ? null : city, region: "Guangdong", bills, voice: bills.map((b) => (b ? 300 : 0)) }));
    }
  }
  const shenzhen = ids.Shenzhen!;
  const hangzhou = ids.Hangzhou!;

  // Complaint cases opened in the window, and one before it (left out of every measure of the window).
  for (const [i, c] of complaintCases.entries()) await insertCase(shenzhen[i % shenzhen.length]!, { ...c, openedAt: daysAgo(10 + i) });
  await insertCase(shenzhen[0]!, { category: "OTHER", openedAt: daysAgo(150), responseHours: 50 });
  // A complaint contact recorded under a PROCESS case counts once, under PROCESS; one without a case has no root cause.
  const processCase = await insertCase(hangzhou[0]!, { category: "PROCESS", openedAt: daysAgo(4), responseHours: null });
  await insertInteraction(hangzhou[0]!, { channel: "WECHAT", type: "COMPLAINT", at: daysAgo(4), caseId: processCase });
  await insertInteraction(hangzhou[1]!, { channel: "WECHAT", type: "COMPLAINT", at: daysAgo(3) });

  // Service contacts and their survey answers; a care call and a survey are not service contacts.
  for (const [i, c] of contacts.entries()) {
    const customer = hangzhou[i % 2]!;
    const caseId = c.surveyed === "case" ? await insertCase(customer, { kind: "REQUEST", category: "OTHER", openedAt: daysAgo(6), responseHours: 2 }) : null;
    const contact = await insertInteraction(customer, { channel: c.channel, type: "CONSULTATION", at: daysAgo(6), caseId });
    if (c.surveyed === "contact") await insertFeedback(customer, { score: 4, interactionId: contact, at: daysAgo(5) });
    if (c.surveyed === "case" && caseId) {
      const followUp = await insertInteraction(customer, { channel: "HOTLINE", type: "CARE", at: daysAgo(5), caseId });
      await insertFeedback(customer, { score: 5, aspect: "SERVICE", channel: "HOTLINE", interactionId: followUp, caseId, at: daysAgo(5) });
    }
  }
  const survey = await insertInteraction(hangzhou[0]!, { channel: "APP", type: "SURVEY", at: daysAgo(2) });
  await insertFeedback(hangzhou[0]!, { kind: "NPS", score: 9, channel: "APP", interactionId: survey, at: daysAgo(2) });
  // Price answers: both dissatisfied.
  await insertFeedback(shenzhen[1]!, { score: 1, aspect: "PRICE", at: daysAgo(8) });
  await insertFeedback(shenzhen[2]!, { score: 2, aspect: "PRICE", at: daysAgo(9) });

  // A processing-restricted customer: churned, complaining, answering — and left out of everything.
  const restricted = await insertBilledCustomer(db, { city: "Shenzhen", bills: [100, 100, 100, 0, 0, 0], voice: [300, 300, 300, 0, 0, 0], processingRestricted: true });
  await insertCase(restricted, { category: "PRODUCT_PRICE", openedAt: daysAgo(7), responseHours: 100 });
  await insertInteraction(restricted, { channel: "APP", type: "CONSULTATION", at: daysAgo(7) });
});
afterAll(() => app.close());

const METRICS = /* GraphQL */ `
  query Metrics($from: DateTime!, $to: DateTime!, $groupBy: MetricsGroupBy!) {
    metrics(from: $from, to: $to, groupBy: $groupBy) {
      key label customers complaints csat csatResponses
      activeAtStart churned churnRate retentionRate
      firstResponses firstResponseMeanHours firstResponseMedianHours
      rootCauses { cause complaints }
      contacts contactsSurveyed surveyCoverage
    }
  }
`;
type Row = Record<string, unknown> & { key: string };
async function metrics(groupBy: string, as: "ANALYST" | "STEWARD" | "AGENT" = "ANALYST"): Promise<Row[]> {
  const res = await app.gql(METRICS, { from, to, groupBy }, { as });
  expect(res.errors).toBeUndefined();
  return res.data!.metrics;
}
const byKey = (rows: Row[]) => Object.fromEntries(rows.map((r) => [r.key, r]));
const round2 = (n: number) => Math.round(n * 100) / 100;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

describe("metrics: the analytics the handbooks name", () => {
  it("churn rate = churned in the window ÷ customers active at its start (no calls and no bill for 3 consecutive months); retention = 100 − churn", async () => {
    const rows = byKey(await metrics("CITY"));
    expect(Object.keys(rows).sort()).toEqual(["Hangzhou", "Shenzhen", "UNKNOWN"]);
    for (const [city, bills] of Object.entries(customersByCity)) {
      // The window's first month is index 3 (two months ago), its last index 5 (this month).
      expect(rows[city], city).toMatchObject({ customers: bills.length, ...churnByRule(bills, 3, 5) });
    }
    // The figures this data was built for (the restricted customer, churned too, is left out).
    expect(rows.Shenzhen).toMatchObject({ activeAtStart: 4, churned: 2, churnRate: 50, retentionRate: 50 });
    expect(rows.Hangzhou).toMatchObject({ activeAtStart: 2, churned: 0, churnRate: 0, retentionRate: 100 });
  });

  it("churn by MONTH is each calendar month's own churn (active in the 3 months before it, gone for the 3 months up to it)", async () => {
    const rows = byKey(await metrics("MONTH"));
    const all = Object.values(customersByCity).flat();
    for (const [index, ago] of [[3, 2], [4, 1], [5, 0]] as const) {
      expect(rows[monthAgo(ago).slice(0, 7)], `month ${ago} ago`).toMatchObject(churnByRule(all, index, index));
    }
  });

  it("first-response time is the mean and median hours from a case's opening to its first response, over the cases opened in the window", async () => {
    const shenzhen = byKey(await metrics("CITY")).Shenzhen!;
    const hours = complaintCases.flatMap((c) => (c.responseHours === null ? [] : [c.responseHours]));
    expect(shenzhen).toMatchObject({
      firstResponses: hours.length,
      firstResponseMeanHours: round2(hours.reduce((a, b) => a + b, 0) / hours.length),
      firstResponseMedianHours: median(hours),
    });
    expect(shenzhen).toMatchObject({ firstResponses: 4, firstResponseMeanHours: 8, firstResponseMedianHours: 5.5 });
  });

  it("ranks root causes by number of complaints, most first, to fix them at the source (a complaint without a case has none)", async () => {
    const rows = await metrics("REGION");
    expect(rows.map((r) => r.key)).toEqual(["Guangdong"]);
    const counts = new Map<string, number>();
    for (const c of [...complaintCases.map((c) => c.category), "PROCESS"]) counts.set(c, (counts.get(c) ?? 0) + 1);
    const order = Object.keys(ASPECT_OF); // CaseCategory order breaks ties
    const expected = [...counts]
      .map(([cause, complaints]) => ({ cause, complaints }))
      .sort((a, b) => b.complaints - a.complaints || order.indexOf(a.cause) - order.indexOf(b.cause));
    expect(rows[0]!.rootCauses).toEqual(expected);
    expect(rows[0]!.rootCauses).toEqual([
      { cause: "NETWORK_QUALITY", complaints: 3 },
      { cause: "BILLING", complaints: 2 },
      { cause: "SERVICE_ATTITUDE", complaints: 1 },
      { cause: "PROCESS", complaints: 1 },
    ]);
    // Every complaint is counted, the one without a case too.
    expect(rows[0]!.complaints).toBe(complaintCases.length + 2);
  });

  it("survey coverage per channel = service contacts with a satisfaction answer (on the contact or its case) ÷ service contacts", async () => {
    const rows = byKey(await metrics("CHANNEL"));
    const channels = new Set([...contacts.map((c) => c.channel), "WECHAT" as const]);
    for (const channel of channels) {
      const mine = contacts.filter((c) => c.channel === channel);
      const total = mine.length + (channel === "WECHAT" ? 2 : 0); // the two complaint contacts
      const surveyed = mine.filter((c) => c.surveyed).length;
      expect(rows[channel], channel).toMatchObject({ contacts: total, contactsSurveyed: surveyed, surveyCoverage: Math.round((1000 * surveyed) / total) / 10 });
    }
    expect(rows.HOTLINE).toMatchObject({ contacts: 4, contactsSurveyed: 2, surveyCoverage: 50 });
  });

  it("groups by aspect (network, service, product, price): cases by their category's aspect, feedback by its own", async () => {
    const rows = byKey(await metrics("ASPECT"));
    const complaints = new Map<string, number>();
    for (const c of [...complaintCases.map((c) => c.category), "PROCESS"]) complaints.set(ASPECT_OF[c]!, (complaints.get(ASPECT_OF[c]!) ?? 0) + 1);
    complaints.set("OVERALL", (complaints.get("OVERALL") ?? 0) + 1); // the complaint contact without a case
    for (const [aspect, n] of complaints) expect(rows[aspect]?.complaints, aspect).toBe(n);
    expect(rows.PRICE).toMatchObject({ complaints: 2, csat: 0, csatResponses: 2 });
    expect(rows.NETWORK).toMatchObject({ complaints: 3, firstResponses: 2, firstResponseMeanHours: 2 });
    expect(rows.PRODUCT).toBeUndefined(); // only the restricted customer's case was about the product
  });

  it("grouping by city is a read of the customer's city: refused under a purpose the city may not serve, where the region (every purpose) is allowed", async () => {
    // The catalog lets a city serve profiling purposes, not SENSITIVE_PROCESSING; a region serves every purpose.
    const city = await app.gql(METRICS, { from, to, groupBy: "CITY" }, { as: "ANALYST", purpose: "SENSITIVE_PROCESSING" });
    expect(city.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", fields: ["Customer.city"] });
    const region = await app.gql(METRICS, { from, to, groupBy: "REGION" }, { as: "ANALYST", purpose: "SENSITIVE_PROCESSING" });
    expect(region.errors).toBeUndefined();
    const agent = await app.gql(METRICS, { from, to, groupBy: "CITY" }, { as: "AGENT" });
    expect(agent.errors![0]!.extensions!.code).toBe("FORBIDDEN");
  });
});
