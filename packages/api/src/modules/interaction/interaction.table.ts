import { sql } from "drizzle-orm";
import { index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { customers } from "../customer/customer.table.js";

export const interactionChannel = pgEnum("interaction_channel", [
  "HALL",
  "APP",
  "HOTLINE",
  "WEB",
  "WECHAT",
  "SMS",
  "EMAIL",
  "VISIT",
  "ONSITE",
]);
export const interactionType = pgEnum("interaction_type", [
  "CONSULTATION",
  "COMPLAINT",
  "FAULT_REPORT",
  "TRANSACTION",
  "CARE",
  "MARKETING",
  "SURVEY",
  "COMPLIMENT",
]);

/** Append-mostly history; (customer_id, occurred_at) is the access path and the natural partition key. */
export const interactions = pgTable(
  "interactions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    occurredAt: timestamp("occurred_at", { withTimezone: true, precision: 3 }).notNull(),
    channel: interactionChannel("channel").notNull(),
    type: interactionType("type").notNull(),
    summary: text("summary"),
    agent: text("agent"),
    outcome: text("outcome"),
    caseId: uuid("case_id"),
    externalId: text("external_id"),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index("interactions_customer_time_idx").on(t.customerId, t.occurredAt.desc(), t.id.desc()),
    uniqueIndex("interactions_external_id_idx").on(t.externalId),
    // The insight refresh counts each touched customer's recent complaints after every complaint
    // it is fed (insight.queries.ts): complaints only, so the count reads a few index entries
    // instead of every interaction of the customer, and other events pay nothing to maintain it.
    index("interactions_complaints_idx").on(t.customerId, t.occurredAt).where(sql`${t.type} = 'COMPLAINT'`),
  ],
);

export type InteractionRow = typeof interactions.$inferSelect;
