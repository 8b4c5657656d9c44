import { index, jsonb, pgEnum, pgTable, smallint, text, timestamp, uuid, integer } from "drizzle-orm/pg-core";
import { customers } from "../customer/customer.table.js";
import { partnerApps } from "../partner/partner.table.js";

export const caseKind = pgEnum("case_kind", ["COMPLAINT", "FAULT", "REQUEST", "CONSULTATION"]);
export const caseCategory = pgEnum("case_category", [
  "NETWORK_QUALITY",
  "BILLING",
  "SERVICE_ATTITUDE",
  "PROCESS",
  "PRODUCT_PRICE",
  "OTHER",
]);
export const casePriority = pgEnum("case_priority", ["LOW", "MEDIUM", "HIGH", "URGENT"]);
/** Who opened the case: STAFF (console, CLI, seed) or APP (a channel app, docs/partners.md). */
export const caseSource = pgEnum("case_source", ["STAFF", "APP"]);
export const caseStatus = pgEnum("case_status", ["OPEN", "ASSIGNED", "IN_PROGRESS", "RESOLVED", "CLOSED", "REOPENED"]);

export interface CaseTransition {
  from: string | null;
  to: string;
  action: string;
  by: string;
  at: string;
  note?: string | null;
}

export const cases = pgTable(
  "cases",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    version: integer("version").notNull().default(1),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    kind: caseKind("kind").notNull(),
    category: caseCategory("category").notNull(),
    priority: casePriority("priority").notNull().default("MEDIUM"),
    status: caseStatus("status").notNull().default("OPEN"),
    subject: text("subject").notNull(),
    /** The first person contacted (首问责任人): stays accountable whoever works the case. */
    owner: text("owner").notNull(),
    /** STAFF, or APP when a channel app (partner app with OPEN_CASE) opened it for its user. */
    source: caseSource("source").notNull().default("STAFF"),
    /** The partner app that opened it (source APP); null for staff cases. Kept when the app is deleted: the case stays. */
    partnerId: uuid("partner_id").references(() => partnerApps.id, { onDelete: "set null" }),
    /** Who the work is assigned to; null while the owner works it. */
    assignee: text("assignee"),
    openedAt: timestamp("opened_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    /** The response clock: the first response to the customer is due by then. */
    responseDueAt: timestamp("response_due_at", { withTimezone: true, precision: 3 }).notNull(),
    firstResponseAt: timestamp("first_response_at", { withTimezone: true, precision: 3 }),
    /** The resolution time promised to the customer (ETA). */
    eta: timestamp("eta", { withTimezone: true, precision: 3 }),
    /** Contacts with the customer about the case after the first response (progress updates). */
    progressContacts: integer("progress_contacts").notNull().default(0),
    lastContactAt: timestamp("last_contact_at", { withTimezone: true, precision: 3 }),
    escalationLevel: smallint("escalation_level").notNull().default(0),
    escalatedAt: timestamp("escalated_at", { withTimezone: true, precision: 3 }),
    /** The handling clock (or the ETA / response deadline where the standard sets no handling limit). */
    dueAt: timestamp("due_at", { withTimezone: true, precision: 3 }).notNull(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true, precision: 3 }),
    closedAt: timestamp("closed_at", { withTimezone: true, precision: 3 }),
    rootCause: text("root_cause"),
    resolution: text("resolution"),
    satisfaction: smallint("satisfaction"),
    history: jsonb("history").$type<CaseTransition[]>().notNull().default([]),
  },
  (t) => [
    index("cases_customer_idx").on(t.customerId, t.openedAt),
    index("cases_status_due_idx").on(t.status, t.dueAt),
    // The work queue's keyset order (soonest due first).
    index("cases_due_at_id_idx").on(t.dueAt, t.id),
  ],
);

export type CaseRow = typeof cases.$inferSelect;
