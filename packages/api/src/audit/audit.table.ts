import { bigint, index, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { purpose } from "../modules/consent/consent.table.js";

export const auditAction = pgEnum("audit_action", ["READ", "CREATE", "UPDATE", "DELETE", "EXPORT", "ERASE", "LOGIN", "LOGIN_FAILED", "ADMIN"]);

export interface AuditChange {
  field: string;
  /** sha-256 of the old/new value for personal fields, the value itself otherwise. */
  before: unknown;
  after: unknown;
}

/**
 * The audit trail: append-only (a trigger rejects UPDATE, DELETE and TRUNCATE) and hash-chained
 * in `seq` order: hash = sha256(prev_hash || canonical row). One row per request and action,
 * naming every customer it touched, so a 100-customer page costs one row, not a hundred.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    seq: bigint("seq", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    occurredAt: timestamp("occurred_at", { withTimezone: true, precision: 3 }).notNull(),
    requestId: text("request_id").notNull(),
    principal: text("principal").notNull(),
    principalKind: text("principal_kind").notNull(),
    role: text("role"),
    partnerId: uuid("partner_id"),
    purpose: purpose("purpose").notNull(),
    operation: text("operation").notNull(),
    action: auditAction("action").notNull(),
    customerIds: uuid("customer_ids").array().notNull(),
    fields: text("fields").array().notNull(),
    changes: jsonb("changes").$type<AuditChange[]>(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
    index("audit_events_customer_ids_idx").using("gin", t.customerIds),
    index("audit_events_occurred_idx").on(t.occurredAt),
    index("audit_events_principal_idx").on(t.principal, t.occurredAt),
  ],
);

export type AuditEventRow = typeof auditEvents.$inferSelect;
