import { index, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { customers } from "../customer/customer.table.js";

export const purpose = pgEnum("purpose", [
  "SERVICE",
  "MARKETING",
  "PERSONALIZATION",
  "ANALYTICS",
  "THIRD_PARTY_SHARING",
  "CROSS_BORDER",
  "SENSITIVE_PROCESSING",
]);
export const consentStatus = pgEnum("consent_status", ["GRANTED", "DENIED", "WITHDRAWN"]);
export const legalBasis = pgEnum("legal_basis", [
  "CONSENT",
  "CONTRACT",
  "LEGAL_OBLIGATION",
  "VITAL_INTEREST",
  "PUBLIC_TASK",
  "LEGITIMATE_INTEREST",
]);
export const consentSource = pgEnum("consent_source", ["APP", "WEB", "HALL", "HOTLINE", "SMS", "PAPER", "IMPORT"]);
export const contactChannel = pgEnum("contact_channel", ["SMS", "EMAIL", "PHONE", "APP_PUSH", "WECHAT", "POST"]);

/**
 * The consent ledger. Append-only: the current state per (purpose, channel, partner) is the
 * latest event by captured_at, derived at read time so that expiry is honoured without jobs.
 */
export const consentEvents = pgTable(
  "consent_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    purpose: purpose("purpose").notNull(),
    channel: contactChannel("channel"),
    partnerId: uuid("partner_id"),
    status: consentStatus("status").notNull(),
    legalBasis: legalBasis("legal_basis").notNull().default("CONSENT"),
    source: consentSource("source").notNull(),
    policyVersion: text("policy_version").notNull(),
    capturedAt: timestamp("captured_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true, precision: 3 }),
    evidence: jsonb("evidence").$type<Record<string, unknown>>().notNull(),
    receiptHash: text("receipt_hash").notNull(),
    recordedBy: text("recorded_by").notNull(),
    /** The decision's id in the source system (app, CRM): re-delivering it appends nothing. */
    externalId: text("external_id").unique(),
  },
  (t) => [index("consent_events_customer_idx").on(t.customerId, t.purpose, t.capturedAt)],
);

export type ConsentEventRow = typeof consentEvents.$inferSelect;
