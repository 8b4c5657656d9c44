import { boolean, date, integer, numeric, pgTable, primaryKey } from "drizzle-orm/pg-core";
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

export type UsageMonthRow = typeof usageMonths.$inferSelect;
