import { count, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { firstRow, rowsOf } from "../db/rows.js";
import * as schema from "../db/schema.js";
import { canonicalJson, sha256Hex } from "../lib/hash.js";
import { isValidNationalId } from "../lib/national-id.js";
import { createTestDatabase, type TestDatabase } from "../test/database.js";
import { dueAt, responseDueAt, SATISFIED_FROM } from "../modules/case/case.rules.js";
import { TABLES } from "./writer.js";
import { BLOCK_SIZE, customerIdAt, generateBatches, type GenerateOptions } from "./generator.js";
import { surnameOf } from "./households.js";
import { PLAN_CATALOGUE } from "./plans.js";
import { tierOf } from "./profile.js";
import { hashString } from "./random.js";
import { emptyRows, SEED_TABLES, type SeedRows } from "./rows.js";
import { isDatabaseEmpty, SeedError, seedDatabase } from "./seed.js";

const NOW = new Date("2025-06-15T00:00:00Z");
const planIds = new Map(PLAN_CATALOGUE.map((p, i) => [p.code, `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`]));

function generate(customers: number, overrides: Partial<GenerateOptions> = {}): SeedRows {
  const rows = emptyRows();
  for (const batch of generateBatches({ seed: "test", now: NOW, customers, planIds, ...overrides })) {
    for (const table of SEED_TABLES) (rows[table] as unknown[]).push(...batch[table]);
  }
  return rows;
}

const fingerprint = (rows: SeedRows) => sha256Hex(JSON.stringify(rows));

describe("synthetic data generator", () => {
  const rows = generate(1000);

  it("generates identical rows for the same seed and reference day", () => {
    expect(fingerprint(generate(300))).toBe(fingerprint(generate(300)));
  });

  it("generates different data for another seed or another reference day", () => {
    const base = fingerprint(generate(50));
    expect(fingerprint(generate(50, { seed: "other" }))).not.toBe(base);
    expect(fingerprint(generate(50, { now: new Date("2025-06-16") }))).not.toBe(base);
  });

  it("gives a customer the same rows however many customers are generated", () => {
    const few = generate(10);
    const customerFive = (r: SeedRows) => ({
      customer: r.customers[5],
      interactions: r.interactions.filter((i) => i.customerId === r.customers[5].id),
    });
    expect(customerFive(few)).toEqual(customerFive(rows));
  });

  it("recomputes every customer id from the seed and index alone", () => {
    const seedHash = hashString("test");
    rows.customers.forEach((c, index) => expect(c.id).toBe(customerIdAt(seedHash, index)));
  });

  it("issues national ids with valid check digits that encode the birth date", () => {
    const withIds = rows.customers.filter((c) => c.nationalId);
    expect(withIds.length).toBeGreaterThan(700);
    for (const c of withIds) {
      expect(isValidNationalId(c.nationalId!), c.nationalId!).toBe(true);
      expect(c.nationalId!.slice(6, 14)).toBe(c.birthDate!.replaceAll("-", ""));
    }
  });

  it("gives every customer a unique +86 mobile number", () => {
    const phones = rows.customers.map((c) => c.phone!);
    for (const phone of phones) expect(phone).toMatch(/^\+861[3-9]\d{9}$/);
    expect(new Set(phones).size).toBe(phones.length);
    const lines = rows.subscriptions.filter((s) => s.msisdn && s.status !== "ENDED").map((s) => s.msisdn!);
    for (const line of lines) expect(line).toMatch(/^\+861[3-9]\d{9}$/);
    expect(new Set(lines).size).toBe(lines.length);
  });

  it("mixes value tiers near 15 % high, 30 % medium and 55 % low by ARPU of the last 3 months", () => {
    const bills = new Map<string, { month: string; bill: number }[]>();
    for (const u of rows.usageMonths) {
      const list = bills.get(u.customerId) ?? [];
      list.push({ month: u.month, bill: u.billAmount! });
      bills.set(u.customerId, list);
    }
    const tiers = { HIGH: 0, MEDIUM: 0, LOW: 0 };
    for (const c of rows.customers) {
      const last3 = (bills.get(c.id!) ?? []).sort((a, b) => a.month.localeCompare(b.month)).slice(-3);
      const arpu = last3.length ? last3.reduce((sum, m) => sum + m.bill, 0) / 3 : 0;
      tiers[tierOf(arpu)]++;
    }
    expect(tiers.HIGH / 10).toBeCloseTo(15, -0.7); // within ±2.5 points
    expect(tiers.MEDIUM / 10).toBeCloseTo(30, -0.7);
    expect(tiers.LOW / 10).toBeCloseTo(55, -0.7);
  });

  it("mixes customer kinds: mostly individuals, some families, few organisations", () => {
    const share = (kind: string) => rows.customers.filter((c) => c.kind === kind).length / rows.customers.length;
    expect(share("INDIVIDUAL")).toBeGreaterThan(0.7);
    expect(share("FAMILY")).toBeGreaterThan(0.1);
    expect(share("ENTERPRISE") + share("GOVERNMENT")).toBeGreaterThan(0.03);
    expect(share("ENTERPRISE") + share("GOVERNMENT")).toBeLessThan(0.12);
  });

  it("records 3 to 24 months of usage ending at the reference month, with some zero-call and unpaid months", () => {
    const months = new Map<string, string[]>();
    for (const u of rows.usageMonths) months.set(u.customerId, [...(months.get(u.customerId) ?? []), u.month]);
    for (const list of months.values()) {
      expect(list.length).toBeGreaterThanOrEqual(3);
      expect(list.length).toBeLessThanOrEqual(24);
      expect(list.sort().at(-1)).toBe("2025-06-01");
    }
    expect(rows.usageMonths.some((u) => u.voiceMinutes === 0)).toBe(true);
    expect(rows.usageMonths.some((u) => u.paid === false && u.arrears! > 0)).toBe(true);
  });

  it("keeps a contract-based SERVICE record for every subscriber and grants marketing about half the time", () => {
    const subscribers = rows.customers.filter((c) => c.status !== "PROSPECT");
    const service = rows.consentEvents.filter((e) => e.purpose === "SERVICE");
    expect(service).toHaveLength(subscribers.length);
    expect(service.every((e) => e.status === "GRANTED" && e.legalBasis === "CONTRACT")).toBe(true);
    const asked = rows.consentEvents.filter((e) => e.purpose === "MARKETING" && e.status !== "WITHDRAWN");
    const granted = asked.filter((e) => e.status === "GRANTED").length / asked.length;
    expect(granted).toBeGreaterThan(0.45);
    expect(granted).toBeLessThan(0.65);
    expect(rows.consentEvents.some((e) => e.status === "WITHDRAWN")).toBe(true);
    expect(rows.consentEvents.some((e) => e.expiresAt && e.expiresAt < NOW)).toBe(true);
  });

  it("hashes every consent receipt as the consent service does: sha256 of its canonical JSON", () => {
    for (const e of rows.consentEvents.slice(0, 2000)) {
      expect(e.receiptHash).toBe(sha256Hex(canonicalJson(e.evidence)));
      expect(e.evidence).toMatchObject({ controller: "Tessera Telecom", purpose: e.purpose, principal: { customerId: e.customerId } });
    }
  });

  it("sets case due times from the SLA and resolves most in time", () => {
    expect(rows.cases.length).toBeGreaterThan(500);
    for (const c of rows.cases) {
      expect(c.dueAt!.getTime()).toBe(dueAt(c.kind, c.openedAt!, c.eta).getTime());
      expect(c.responseDueAt!.getTime()).toBe(responseDueAt(c.kind, c.openedAt!).getTime());
    }
    const resolved = rows.cases.filter((c) => c.resolvedAt);
    const inTime = resolved.filter((c) => c.resolvedAt! <= c.dueAt!).length / resolved.length;
    expect(inTime).toBeGreaterThan(0.8);
    // Some open and overdue: asserted on a larger sample in the open-queue test below.
  });

  it("writes a case and its contacts in the customer's own language (texts.ts): Chinese for zh-CN customers, English for en-US; root causes in the operator's Chinese for both", () => {
    const language = new Map(rows.customers.map((c) => [c.id, c.language]));
    const hanzi = /[\u4e00-\u9fff]/;
    const zhCases = rows.cases.filter((c) => language.get(c.customerId) === "zh-CN");
    const enCases = rows.cases.filter((c) => language.get(c.customerId) === "en-US");
    expect(zhCases.length).toBeGreaterThan(100);
    expect(enCases.length).toBeGreaterThan(0);
    for (const c of zhCases) {
      expect(c.subject).toMatch(hanzi);
      if (c.resolution) expect(c.resolution).toMatch(hanzi);
    }
    for (const c of enCases) expect(c.subject).not.toMatch(hanzi);
    for (const c of rows.cases.filter((k) => k.rootCause)) expect(c.rootCause).toMatch(hanzi);
    for (const i of rows.interactions) expect(hanzi.test(i.summary ?? ""), `${language.get(i.customerId!)}: ${i.summary}`).toBe(language.get(i.customerId!) === "zh-CN");
  });

  it("keeps the open queue believable: open cases are recent and most are within their SLA", () => {
    // Open cases are a few per thousand customers: a larger sample for a stable share.
    const many = generate(2500);
    const open = many.cases.filter((c) => ["OPEN", "ASSIGNED", "IN_PROGRESS", "REOPENED"].includes(c.status!));
    expect(open.length).toBeGreaterThan(3);
    const overdue = open.filter((c) => c.dueAt! < NOW);
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.length / open.length).toBeLessThan(0.5);
    // Nothing left open for weeks: the oldest open case is from the last fortnight.
    for (const c of open) expect(NOW.getTime() - c.openedAt!.getTime()).toBeLessThan(14 * 86_400_000);
    // A case closes only with a satisfied customer; the owner (first contact) stays, work may be assigned.
    for (const c of many.cases.filter((k) => k.status === "CLOSED")) expect(c.satisfaction!).toBeGreaterThanOrEqual(SATISFIED_FROM);
    expect(many.cases.some((c) => c.assignee && c.assignee !== c.owner)).toBe(true);
    expect(many.feedback.some((f) => f.caseId && f.score! < SATISFIED_FROM)).toBe(true);
    for (const c of rows.cases) {
      const history = c.history!;
      expect(history[0]).toMatchObject({ from: null, to: "OPEN" });
      expect(history.at(-1)!.to).toBe(c.status);
      for (let i = 1; i < history.length; i++) expect(history[i].at >= history[i - 1].at).toBe(true);
    }
  });

  it("spreads interactions over channels and types with unique external ids, all in the past", () => {
    const perCustomer = rows.interactions.length / rows.customers.length;
    expect(perCustomer).toBeGreaterThan(15);
    expect(perCustomer).toBeLessThan(25);
    expect(new Set(rows.interactions.map((i) => i.channel)).size).toBe(9);
    expect(new Set(rows.interactions.map((i) => i.type)).size).toBe(8);
    expect(new Set(rows.interactions.map((i) => i.externalId)).size).toBe(rows.interactions.length);
    expect(rows.interactions.every((i) => i.occurredAt < NOW)).toBe(true);
  });

  it("collects NPS from 0 to 10 and CSAT from 1 to 5", () => {
    const nps = rows.feedback.filter((f) => f.kind === "NPS").map((f) => f.score!);
    const csat = rows.feedback.filter((f) => f.kind === "CSAT").map((f) => f.score!);
    expect(nps.length).toBeGreaterThan(100);
    expect(nps.every((s) => s >= 0 && s <= 10)).toBe(true);
    expect(csat.every((s) => s >= 1 && s <= 5)).toBe(true);
    expect(nps.some((s) => s <= 6) && nps.some((s) => s >= 9)).toBe(true);
  });

  it("closes a recycled number's earlier holding before the current holder's begins", () => {
    const msisdns = rows.identifiers.filter((i) => i.type === "MSISDN");
    const byNumber = new Map<string, typeof msisdns>();
    for (const i of msisdns) byNumber.set(i.value, [...(byNumber.get(i.value) ?? []), i]);
    const recycled = [...byNumber.values()].filter((holders) => new Set(holders.map((h) => h.customerId)).size > 1);
    expect(recycled.length).toBeGreaterThan(5);
    for (const holders of recycled) {
      const [earlier, later] = holders.sort((a, b) => a.validFrom!.getTime() - b.validFrom!.getTime());
      expect(earlier.validTo).not.toBeNull();
      expect(earlier.validTo!.getTime()).toBeLessThan(later.validFrom!.getTime());
    }
  });
});

describe("seeding a database", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.close();
  });

  const tableCount = async (table: PgTable) => {
    const [row] = await database.db.select({ n: count() }).from(table as typeof schema.customers);
    return row.n;
  };

  it("writes every generated row of 300 customers and reports the counts", async () => {
    expect(await isDatabaseEmpty(database)).toBe(true);
    const expected = generate(300);
    const result = await seedDatabase(database, { customers: 300, seed: "test", now: NOW });
    expect(await isDatabaseEmpty(database)).toBe(false);
    for (const table of SEED_TABLES) {
      expect(result.counts[table], table).toBe(expected[table].length);
      expect(await tableCount(TABLES[table]), table).toBe(expected[table].length);
    }
    expect(await tableCount(schema.plans)).toBe(PLAN_CATALOGUE.length);
  });

  it("forms households around family-account holders: one FAMILY head each, a spouse of the opposite sex and another surname, children and parents of the head's surname a generation apart, all in the head's city", async () => {
    const members = rowsOf<{ household_id: string; name: string; role: string; kind: string; gender: string | null; city: string | null; birth_date: string | null; hname: string | null }>(
      await database.db.execute(sql`select m.household_id, c.name, m.role::text as role, c.kind::text as kind, c.gender::text as gender, c.city, c.birth_date::text as birth_date, h.name as hname
        from household_members m join customers c on c.id = m.customer_id join households h on h.id = m.household_id order by m.household_id`),
    );
    const byHousehold = new Map<string, typeof members>();
    for (const m of members) byHousehold.set(m.household_id, [...(byHousehold.get(m.household_id) ?? []), m]);
    // 300 customers, ~15 % family-account holders: some tens of households.
    expect(byHousehold.size).toBeGreaterThan(10);
    for (const family of byHousehold.values()) {
      const heads = family.filter((m) => m.role === "HEAD");
      expect(heads).toHaveLength(1);
      const head = heads[0]!;
      expect(family.length).toBeGreaterThanOrEqual(2);
      expect(head.kind).toBe("FAMILY");
      expect(head.hname).toBe(`${surnameOf(head.name)}家`);
      const age = (m: { birth_date: string | null }) => Date.parse(`${m.birth_date}T00:00:00Z`);
      for (const m of family.filter((x) => x !== head)) {
        expect(m.kind).toBe("INDIVIDUAL");
        expect(m.city).toBe(head.city);
        if (m.role === "SPOUSE") {
          expect(m.gender).not.toBe(head.gender);
          expect(surnameOf(m.name)).not.toBe(surnameOf(head.name));
        } else {
          expect(surnameOf(m.name)).toBe(surnameOf(head.name));
          if (m.role === "CHILD") expect(age(m) - age(head)).toBeGreaterThanOrEqual(18 * 365 * 86_400_000);
          if (m.role === "PARENT") expect(age(head) - age(m)).toBeGreaterThanOrEqual(18 * 365 * 86_400_000);
        }
      }
    }
  });

  it("stores values exactly: text with Hanzi, enum arrays, jsonb receipts and timestamps", async () => {
    const expected = generate(300);
    const withCare = expected.customers.find((c) => c.specialCare!.length > 0 && c.nationalId)!;
    const stored = firstRow<{ name: string; special_care: string[] | string; address: string; created_at: Date | string }>(
      await database.db.execute(sql`select name, special_care, address, created_at from customers where id = ${withCare.id}`),
    )!;
    expect(stored.name).toBe(withCare.name);
    // PGlite answers enum arrays as their text form; postgres.js parses them.
    const care = Array.isArray(stored.special_care) ? stored.special_care : stored.special_care.slice(1, -1).split(",");
    expect(care).toEqual(withCare.specialCare);
    expect(stored.address).toBe(withCare.address);
    expect(new Date(stored.created_at).getTime()).toBe(withCare.createdAt!.getTime());
    const receipt = expected.consentEvents[0];
    const storedReceipt = firstRow<{ evidence: unknown; receipt_hash: string }>(
      await database.db.execute(sql`select evidence, receipt_hash from consent_events where id = ${receipt.id}`),
    )!;
    expect(sha256Hex(canonicalJson(storedReceipt.evidence))).toBe(storedReceipt.receipt_hash);
    const withHistory = expected.cases.find((c) => c.history!.length > 3)!;
    const [storedCase] = await database.db.select().from(schema.cases).where(sql`${schema.cases.id} = ${withHistory.id}`);
    expect(storedCase.history).toEqual(withHistory.history);
  });

  it("refuses to seed the same seed twice, leaving the first seed's data intact", async () => {
    // The second run's first batch collides with the first run's ids; its later batch (index
    // 1000+) may already be written when that happens, and must be removed again.
    const failure = seedDatabase(database, { customers: BLOCK_SIZE + 200, seed: "test", now: NOW });
    await expect(failure).rejects.toThrow(SeedError);
    await expect(failure).rejects.toThrow(/seed "test" is already in the database/);
    expect(await tableCount(schema.customers)).toBe(300);
  });

  it("adds a second seed's customers next to the first's", async () => {
    const result = await seedDatabase(database, { customers: 50, seed: "second", now: NOW });
    expect(result.counts.customers).toBe(50);
    expect(await tableCount(schema.customers)).toBe(350);
    expect(await tableCount(schema.plans)).toBe(PLAN_CATALOGUE.length);
  });
});
