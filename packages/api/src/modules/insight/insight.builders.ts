/** Test state for insight, segments and metrics: customers with a subscription and a billing history. */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { customers, feedback, interactions, plans, subscriptions, usageMonths } from "../../db/schema.js";

/** YYYY-MM-01 of the month `monthsAgo` months before now (UTC). */
export function monthAgo(monthsAgo: number, now = new Date()): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsAgo, 1)).toISOString().slice(0, 10);
}

export function daysAgo(days: number, now = new Date()): Date {
  return new Date(now.getTime() - days * 86_400_000);
}

async function testPlan(db: Db): Promise<string> {
  const code = "TEST-INSIGHT-88";
  const [existing] = await db.select({ id: plans.id }).from(plans).where(eq(plans.code, code));
  if (existing) return existing.id;
  const [plan] = await db
    .insert(plans)
    .values({ code, name: "Test 88", monthlyFee: 88, dataQuotaMb: 40_960, voiceQuotaMinutes: 500, services: ["VOICE", "DATA"] })
    .onConflictDoNothing()
    .returning({ id: plans.id });
  return plan?.id ?? testPlan(db);
}

export interface BilledCustomer {
  region?: string;
  city?: string | null;
  kind?: "INDIVIDUAL" | "FAMILY" | "ENTERPRISE" | "GOVERNMENT";
  status?: "PROSPECT" | "ACTIVE" | "SUSPENDED" | "CLOSED";
  name?: string;
  /** Monthly bills, oldest first, the last one in the current month. */
  bills?: number[];
  /** Voice minutes per month (same length as bills), default 300 each. */
  voice?: number[];
  /** Arrears at the end of the latest month. */
  arrears?: number;
  startedOn?: string;
  contractEnd?: string | null;
  specialCare?: ("ELDERLY" | "DISABLED" | "LIVES_ALONE")[];
  birthDate?: string;
  processingRestricted?: boolean;
}

/** A customer with one subscription and `bills.length` months of usage ending this month. */
export async function insertBilledCustomer(db: Db, c: BilledCustomer = {}): Promise<string> {
  const id = randomUUID();
  await db.insert(customers).values({
    id,
    kind: c.kind ?? "INDIVIDUAL",
    status: c.status ?? "ACTIVE",
    name: c.name ?? `Billed ${id.slice(0, 6)}`,
    region: c.region ?? "Zhejiang",
    city: c.city ?? null,
    specialCare: c.specialCare ?? [],
    birthDate: c.birthDate ?? null,
    processingRestricted: c.processingRestricted ?? false,
  });
  const bills = c.bills ?? [100, 100, 100, 100];
  if (c.status === "PROSPECT") return id;
  await db.insert(subscriptions).values({
    customerId: id,
    planId: await testPlan(db),
    startedOn: c.startedOn ?? "2022-01-15",
    contractEnd: c.contractEnd ?? null,
    status: c.status === "CLOSED" ? "ENDED" : "ACTIVE",
  });
  if (bills.length) {
    await db.insert(usageMonths).values(
      bills.map((billAmount, i) => ({
        customerId: id,
        month: monthAgo(bills.length - 1 - i),
        voiceMinutes: c.voice?.[i] ?? 300,
        smsCount: 10,
        dataMb: 4_000,
        billAmount,
        paid: true,
        arrears: i === bills.length - 1 ? (c.arrears ?? 0) : 0,
      })),
    );
  }
  return id;
}

export async function insertComplaint(db: Db, customerId: string, occurredAt: Date, channel: "HOTLINE" | "APP" | "HALL" = "HOTLINE") {
  await db.insert(interactions).values({ customerId, occurredAt, channel, type: "COMPLAINT", summary: "Complaint" });
}

export async function insertScore(db: Db, customerId: string, kind: "NPS" | "CSAT", score: number, submittedAt: Date, channel: "SMS" | "APP" | "HOTLINE" = "SMS") {
  await db.insert(feedback).values({ customerId, kind, score, channel, submittedAt });
}
