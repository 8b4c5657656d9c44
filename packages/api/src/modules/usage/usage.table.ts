import { boolean, date, foreignKey, integer, numeric, pgEnum, pgTable, primaryKey } from "drizzle-orm/pg-core";
import { uuid } from "drizzle-orm/pg-core";
import { customers } from "../customer/customer.table.js";

/** One row per customer and billing month; keyed by (customer_id, month) so it partitions by time cleanly. */
export const usageMonths = pgTable(
  "usage_months",
  {
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    month: date("month", { mode: "string" }).notNull(),
    voiceMinutes: integer("voice_minutes").notNull().default(0),
    smsCount: integer("sms_count").notNull().default(0),
    dataMb: integer("data_mb").notNull().default(0),
    billAmount: numeric("bill_amount", { precision: 12, scale: 2, mode: "number" }).notNull().default(0),
    paid: boolean("paid").notNull().default(true),
    arrears: numeric("arrears", { precision: 12, scale: 2, mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.month] })],
);

/** The services a monthly bill is split into (the key-account rule "one service's fee down ≥ 20 %"). */
export const billedService = pgEnum("billed_service", ["VOICE", "DATA", "SMS", "BROADBAND", "TV", "IOT", "VALUE_ADDED", "ROAMING"]);

/**
 * Per-service charges of a billing month: a child of usage_months, one row per service, so SQL
 * rules and metrics can group and compare services without unpacking JSON.
 */
export const usageCharges = pgTable(
  "usage_charges",
  {
    customerId: uuid("customer_id").notNull(),
    month: date("month", { mode: "string" }).notNull(),
    service: billedService("service").notNull(),
    amount: numeric("amount", { precision: 12, scale: 2, mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.customerId, t.month, t.service] }),
    // Charges belong to their month: retention and erasure delete the month, the charges follow.
    foreignKey({ columns: [t.customerId, t.month], foreignColumns: [usageMonths.customerId, usageMonths.month] }).onDelete("cascade"),
  ],
);

export type UsageMonthRow = typeof usageMonths.$inferSelect;
export type UsageChargeRow = typeof usageCharges.$inferSelect;
