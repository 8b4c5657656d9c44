import { bigint, index, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { purpose } from "../modules/consent/consent.table.js";

export const auditAction = pgEnum("audit_action", ["READ", "CREATE", "UPDATE", "DELETE", "EXPORT", "ERASE", "LOGIN", "LOGIN_FAILED", "ADMIN"]);

export interface AuditChange {
  field: string;
  /**
   * For personal fields `hmac:<hex>`: HMAC-SHA-256 of the value under its customer's data key
   * (audit/keys.ts), the value itself otherwise.
   */
  before: unknown;
  after: unknown;
}

/**
 * The audit trail: append-only (a trigger rejects UPDATE, DELETE and TRUNCATE). One row per
 * request and action, naming every customer it touched, so a 100-customer page costs one row,
 * not a hundred. Requests insert rows here (and their seq into audit_pending) without any lock;
 * the sealer chains them afterwards into audit_seals (audit/seal.ts).
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
  },
  (t) => [
    index("audit_events_customer_ids_idx").using("gin", t.customerIds),
    index("audit_events_occurred_idx").on(t.occurredAt),
    index("audit_events_principal_idx").on(t.principal, t.occurredAt),
  ],
);

/** An event with its place in the chain (audit.queries joins the seal). */
export type AuditEventRow = typeof auditEvents.$inferSelect & { prevHash: string; hash: string };
export type AuditEventContent = typeof auditEvents.$inferSelect;

/**
 * Events written but not yet chained. The request path inserts the event and its seq here in one
 * statement; the sealer deletes a seq once its seal exists (a trigger refuses any other delete
 * and every update, so an unsealed event cannot be dropped from the queue).
 */
export const auditPending = pgTable("audit_pending", {
  seq: bigint("seq", { mode: "number" })
    .primaryKey()
    .references(() => auditEvents.seq),
});

/**
 * The hash chain, in `pos` order: hash = HMAC-SHA-256(chain key, prev_hash || pos || canonical
 * event). Append-only like audit_events; the chain key is not in the database (audit/keys.ts).
 */
export const auditSeals = pgTable(
  "audit_seals",
  {
    pos: bigint("pos", { mode: "number" }).primaryKey(),
    seq: bigint("seq", { mode: "number" })
      .notNull()
      .unique("audit_seals_seq_key")
      .references(() => auditEvents.seq),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
    sealedAt: timestamp("sealed_at", { withTimezone: true, precision: 3 }).notNull(),
  },
);
