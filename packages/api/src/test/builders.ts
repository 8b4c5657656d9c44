import { randomUUID } from "node:crypto";
import type { Db } from "../db/client.js";
import { consentEvents, customers, identifiers, interactions } from "../db/schema.js";
import { nationalIdCheckDigit } from "../lib/national-id.js";
import { refreshInsightFor } from "../modules/insight/insight.refresh.js";

/** A valid 18-digit national id for tests (Beijing Dongcheng, born 1990-01-01). */
export function validNationalId(sequence = 123): string {
  const first17 = `11010119900101${String(sequence).padStart(3, "0")}`;
  return first17 + nationalIdCheckDigit(first17);
}

let counter = 0;
export function uniquePhone(): string {
  counter++;
  return `+86139${String(Date.now() % 100_000).padStart(5, "0")}${String(counter % 1000).padStart(3, "0")}`;
}

/** Inserts customers directly (fast state for read tests); answers their ids in insertion order. */
export async function insertCustomers(db: Db, count: number, overrides: Partial<typeof customers.$inferInsert> = {}): Promise<string[]> {
  const base = Date.UTC(2024, 0, 1);
  const rows = Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    kind: "INDIVIDUAL" as const,
    name: `Customer ${String(i).padStart(4, "0")}`,
    phone: `+8613${String(900000000 + i).slice(0, 9)}`,
    region: i % 2 ? "Guangdong" : "Zhejiang",
    createdAt: new Date(base + i * 60_000),
    ...overrides,
  }));
  for (let i = 0; i < rows.length; i += 500) await db.insert(customers).values(rows.slice(i, i + 500));
  return rows.map((r) => r.id);
}

export async function insertInteractionsFor(db: Db, customerIds: string[], perCustomer: number) {
  const rows = customerIds.flatMap((customerId, c) =>
    Array.from({ length: perCustomer }, (_, i) => ({
      customerId,
      occurredAt: new Date(Date.UTC(2025, 0, 1) + (c * perCustomer + i) * 3_600_000),
      channel: "HOTLINE" as const,
      type: "CONSULTATION" as const,
      summary: `call ${i}`,
    })),
  );
  for (let i = 0; i < rows.length; i += 500) await db.insert(interactions).values(rows.slice(i, i + 500));
}

export async function insertGrants(db: Db, customerIds: string[], purpose: (typeof consentEvents.$inferInsert)["purpose"] = "MARKETING") {
  await db.insert(consentEvents).values(
    customerIds.map((customerId) => ({
      customerId,
      purpose,
      status: "GRANTED" as const,
      source: "APP" as const,
      policyVersion: "2026-01",
      evidence: { test: true },
      receiptHash: "test",
      recordedBy: "test",
    })),
  );
}

export async function insertIdentifier(db: Db, row: typeof identifiers.$inferInsert) {
  await db.insert(identifiers).values(row);
}

/**
 * One customer with every catalog field filled and one row of each nested type, for policy
 * tests. Answers the raw values so a test can tell full, masked and withheld apart.
 */
export async function insertFullCustomer(db: Db, options: { grantPurposes?: string[]; partnerId?: string; phone?: string } = {}) {
  const id = randomUUID();
  const raw = {
    id,
    kind: "INDIVIDUAL" as const,
    name: "欧阳晓明",
    // A number is held by one customer at a time (identifiers_no_overlap): pass another for a second customer.
    phone: options.phone ?? "+8613812345678",
    email: "xiaoming.ouyang@example.com",
    nationalId: validNationalId(321),
    birthDate: "1987-06-12",
    gender: "MALE" as const,
    address: "广东省深圳市南山区科技园路 1 号",
    city: "Shenzhen",
    region: "Guangdong",
    occupation: "Engineer",
    language: "zh-CN",
    specialCare: ["LIVES_ALONE" as const],
    externalId: `CRM-${id.slice(0, 8)}`,
  };
  await db.insert(customers).values(raw);
  const { plans, subscriptions, usageMonths, usageCharges, cases, feedback } = await import("../db/schema.js");
  const [plan] = await db
    .insert(plans)
    .values({ code: `P-${id.slice(0, 8)}`, name: "Test 199", monthlyFee: 199, dataQuotaMb: 40_000, voiceQuotaMinutes: 1000, services: ["VOICE", "DATA"] })
    .returning();
  await db.insert(identifiers).values({ customerId: id, type: "MSISDN", value: raw.phone, validFrom: new Date("2020-01-01") });
  await db.insert(subscriptions).values({ customerId: id, planId: plan!.id, msisdn: raw.phone, startedOn: "2021-01-01", contractEnd: "2027-01-01" });
  await db.insert(usageMonths).values({ customerId: id, month: "2026-10-01", voiceMinutes: 300, smsCount: 12, dataMb: 20_480, billAmount: 188.5, paid: false, arrears: 188.5 });
  await db.insert(usageCharges).values([
    { customerId: id, month: "2026-10-01", service: "VOICE", amount: 88.5 },
    { customerId: id, month: "2026-10-01", service: "DATA", amount: 100 },
  ]);
  await db.insert(interactions).values({ customerId: id, occurredAt: new Date("2026-10-02T08:00:00Z"), channel: "HOTLINE", type: "COMPLAINT", summary: "Caller 13812345678 says data is slow", outcome: "Ticket opened" });
  await db.insert(cases).values({ customerId: id, kind: "COMPLAINT", category: "NETWORK_QUALITY", subject: "Slow data at home", owner: "agent", responseDueAt: new Date("2026-10-03T08:00:00Z"), dueAt: new Date("2026-10-03T08:00:00Z"), resolution: "Cell re-tuned", satisfaction: 4,
    history: [{ from: null, to: "OPEN", action: "OPEN", by: "agent", at: "2026-10-02T08:00:00.000Z", note: "Called back on 13812345678" }] });
  await db.insert(feedback).values({ customerId: id, kind: "NPS", score: 3, comment: "信号太差了", answers: { q1: "no" }, channel: "SMS" });
  const { keyAccounts, accountWarnings } = await import("../db/schema.js");
  await db.insert(keyAccounts).values({ customerId: id, tier: "GOLD", networkStructure: "Two sites on MPLS", equipment: "Core router", sites: ["广东省深圳市南山区科技园路 1 号"], technicalContactName: "李工", technicalContactPhone: "+8613912345678", productsHeld: ["DATA"] });
  await db.insert(accountWarnings).values({ customerId: id, month: "2026-10-01", service: "DATA", reference: 130, amount: 100, dropPercent: 23.1, accountManager: "am", status: "CLOSED", cause: "PRICE", retentionAction: "DISCOUNT_OFFER", note: "Called back on 13812345678" });
  const { households, householdMembers } = await import("../db/schema.js");
  const [household] = await db.insert(households).values({ name: "欧阳家", planId: plan!.id }).returning();
  await db.insert(householdMembers).values({ householdId: household!.id, customerId: id, role: "HEAD", familyNumber: true, joinedOn: "2021-01-01" });
  for (const purpose of options.grantPurposes ?? []) {
    await db.insert(consentEvents).values({
      customerId: id,
      purpose: purpose as (typeof consentEvents.$inferInsert)["purpose"],
      partnerId: purpose === "THIRD_PARTY_SHARING" ? options.partnerId : null,
      status: "GRANTED",
      source: "APP",
      policyVersion: "2026-01",
      evidence: { test: true },
      receiptHash: "test",
      recordedBy: "test",
    });
  }
  await refreshInsightFor(db, [id]);
  return raw;
}
