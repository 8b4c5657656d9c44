import { date, index, integer, numeric, pgEnum, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { customers } from "../customer/customer.table.js";

export const serviceType = pgEnum("service_type", ["VOICE", "DATA", "BROADBAND", "TV", "IOT", "VALUE_ADDED"]);
export const subscriptionStatus = pgEnum("subscription_status", ["ACTIVE", "SUSPENDED", "ENDED"]);

export const plans = pgTable("plans", {
  id: uuid("id").primaryKey().defaultRandom(),
  code: text("code").notNull().unique(),
  name: text("name").notNull(),
  monthlyFee: numeric("monthly_fee", { precision: 10, scale: 2, mode: "number" }).notNull(),
  dataQuotaMb: integer("data_quota_mb").notNull().default(0),
  voiceQuotaMinutes: integer("voice_quota_minutes").notNull().default(0),
  services: serviceType("services").array().notNull(),
});

export const subscriptions = pgTable(
  "subscriptions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    planId: uuid("plan_id")
      .notNull()
      .references(() => plans.id),
    msisdn: text("msisdn"),
    startedOn: date("started_on", { mode: "string" }).notNull(),
    contractEnd: date("contract_end", { mode: "string" }),
    status: subscriptionStatus("status").notNull().default("ACTIVE"),
    /** The subscription's id in the billing system: the natural key of feeds and imports. */
    externalId: text("external_id").unique(),
  },
  (t) => [index("subscriptions_customer_idx").on(t.customerId, t.startedOn)],
);

export type PlanRow = typeof plans.$inferSelect;
export type SubscriptionRow = typeof subscriptions.$inferSelect;
