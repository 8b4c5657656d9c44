import { randomUUID } from "node:crypto";
import type { Db } from "../db/client.js";
import { consentEvents, customers, identifiers, interactions } from "../db/schema.js";
import { nationalIdCheckDigit } from "../lib/national-id.js";

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
