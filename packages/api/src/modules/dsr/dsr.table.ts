import { index, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { customers, jurisdiction } from "../customer/customer.table.js";

export const dsrType = pgEnum("dsr_type", ["ACCESS", "RECTIFICATION", "ERASURE", "RESTRICTION", "WITHDRAW_ALL_CONSENT"]);
/** The privacy law a request is made under: the customer's jurisdiction (customer.table). */
export const dsrJurisdiction = jurisdiction;
export const dsrStatus = pgEnum("dsr_status", ["RECEIVED", "IN_PROGRESS", "FULFILLED", "REJECTED"]);

/**
 * Data-subject requests (SPEC §4.7): what the customer asked for, by when it is due under the
 * jurisdiction, who closed it and the evidence of what was done. Evidence holds counts, months,
 * dates and hashes, never a personal value; the ACCESS export itself sits in `export_document`
 * until it expires (retention run) or the customer is erased.
 */
export const dataSubjectRequests = pgTable(
  "data_subject_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    // No cascade: customers are anonymised, never deleted, and the request is the proof.
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id),
    type: dsrType("type").notNull(),
    jurisdiction: dsrJurisdiction("jurisdiction").notNull(),
    status: dsrStatus("status").notNull().default("RECEIVED"),
    receivedAt: timestamp("received_at", { withTimezone: true, precision: 3 }).notNull(),
    dueAt: timestamp("due_at", { withTimezone: true, precision: 3 }).notNull(),
    requestedBy: text("requested_by").notNull(),
    notes: text("notes"),
    fulfilledAt: timestamp("fulfilled_at", { withTimezone: true, precision: 3 }),
    /** Who fulfilled or rejected the request. */
    fulfilledBy: text("fulfilled_by"),
    /** Notes of the fulfilment, or the reason of a rejection. */
    outcomeNotes: text("outcome_notes"),
    evidence: jsonb("evidence").$type<Record<string, unknown>>().notNull().default({}),
    /** The ACCESS export exactly as hashed into the evidence (canonical JSON). */
    exportDocument: text("export_document"),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index("dsr_due_at_id_idx").on(t.dueAt, t.id),
    index("dsr_received_at_id_idx").on(t.receivedAt, t.id),
    index("dsr_status_due_idx").on(t.status, t.dueAt),
    index("dsr_customer_idx").on(t.customerId, t.receivedAt),
  ],
);

export type DataSubjectRequestRow = typeof dataSubjectRequests.$inferSelect;
export type NewDataSubjectRequestRow = typeof dataSubjectRequests.$inferInsert;
