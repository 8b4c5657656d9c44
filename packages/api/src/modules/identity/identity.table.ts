import { index, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { customers } from "../customer/customer.table.js";

export const identifierType = pgEnum("identifier_type", [
  "MSISDN",
  "EMAIL",
  "NATIONAL_ID_HASH",
  "ACCOUNT_NO",
  "DEVICE_ID",
  "WECHAT_OPENID",
  "EXTERNAL",
]);

/** Identifiers carry a validity window: MSISDNs are recycled, so one belongs to a customer only for a time. */
export const identifiers = pgTable(
  "identifiers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    type: identifierType("type").notNull(),
    value: text("value").notNull(),
    validFrom: timestamp("valid_from", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    validTo: timestamp("valid_to", { withTimezone: true, precision: 3 }),
    source: text("source").notNull().default("SYSTEM"),
  },
  (t) => [
    index("identifiers_lookup_idx").on(t.type, t.value, t.validFrom),
    index("identifiers_customer_idx").on(t.customerId),
  ],
);

export type IdentifierRow = typeof identifiers.$inferSelect;
